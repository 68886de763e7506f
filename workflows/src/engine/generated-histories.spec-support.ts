/**
 * Generated histories of Haarlem's programme (v5) for the business-time property tests, on the
 * pure engine (business-time.property.spec.ts) and on the time-skipping server
 * (test/workflows/business-time.property.test.ts): a walk through the programme on time, with a
 * route chosen at each step, payloads from the milestones' schemas, and a diploma or an extension
 * somewhere in the inburgering term. Test support only; the workflow bundle never imports it.
 */
import fc from 'fast-check';
import { addDays, startOfDayInAmsterdam } from '@wegwijs/calendar';
import { compileCommittedDefinition } from '@wegwijs/definitions';
import type { FactValue } from '@wegwijs/definitions/runtime';
import { MILESTONE_CAPABILITIES } from '@wegwijs/domain';
import { PureTrajectory, type Deriving } from './spec-support';
import { derivedStateView } from './views';

export const v5 = compileCommittedDefinition('haarlem-statushouders/v5.yaml');

export interface Report {
  readonly milestone: string;
  readonly occurredOn: string;
  readonly payload?: Record<string, FactValue>;
}

export interface Case {
  readonly facts: { housingDate: string; permitGrantedDate: string; age: number };
  readonly reports: readonly Report[];
  /** The day the comparison is made. */
  readonly until: string;
}

export const instant = (date: string, hours = 10) => new Date(startOfDayInAmsterdam(date) + hours * 3_600_000).toISOString();

/**
 * A history made by walking the programme on time: at each step one of the milestones it expects
 * (chosen by `choices`), a few days after the step opened, with a payload from its schema.
 */
export function walk(facts: Case['facts'], choices: readonly number[], gaps: readonly number[], clockMilestone: number): Case {
  const trajectory = new PureTrajectory(v5, instant(facts.housingDate, 8), facts);
  const reports: Report[] = [];
  let today = facts.housingDate;
  for (let step = 0; step < choices.length; step++) {
    const state = derivedStateView(v5, trajectory.record, trajectory.advance(instant(today)));
    const expected = state.expectedMilestones.filter((entry) => entry.nodeId !== null && !(entry.milestone === 'intake.noaNoShow' && reports.filter((report) => report.milestone === entry.milestone).length >= 2));
    if (expected.length === 0) break;
    const chosen = expected[choices[step] % expected.length];
    const wait = state.waitingOn.find((entry) => entry.nodeId === chosen.nodeId);
    const opened = wait && wait.since > today ? wait.since : today;
    const occurredOn = addDays(opened > today ? opened : today, gaps[step % gaps.length]);
    const payload = payloadFor(chosen.milestone, choices[step]);
    if (trajectory.report(chosen.milestone, occurredOn, instant(occurredOn), payload) === undefined) reports.push({ milestone: chosen.milestone, occurredOn, ...(payload ? { payload } : {}) });
    today = occurredOn;
  }
  // A diploma, an exemption or an extension, somewhere in the inburgering term.
  const clockReport = [undefined, { milestone: 'inburgering.diplomaObtained' }, { milestone: 'inburgering.extensionGranted', payload: { extension: 'P6M' } }][clockMilestone % 3];
  if (clockReport) {
    const occurredOn = addDays(facts.permitGrantedDate, 500 + (clockMilestone % 400));
    if (trajectory.report(clockReport.milestone, occurredOn, instant(occurredOn), clockReport.payload) === undefined) reports.push({ ...clockReport, occurredOn });
  }
  const until = addDays([...reports.map((report) => report.occurredOn), facts.housingDate].sort().at(-1)!, 40);
  return { facts, reports, until };
}

function payloadFor(milestone: string, choice: number): Record<string, FactValue> | undefined {
  const schema = MILESTONE_CAPABILITIES[milestone]?.payload;
  if (!schema) return undefined;
  const payload: Record<string, FactValue> = {};
  for (const [name, field] of Object.entries(schema)) {
    if (!field.required) continue;
    if (field.type === 'boolean') payload[name] = choice % 2 === 0;
    else if (field.values) payload[name] = field.values[choice % field.values.length];
    else if (field.type === 'duration') payload[name] = 'P3M';
  }
  return payload;
}

export const caseArbitrary = fc
  .record({
    housingDay: fc.integer({ min: 0, max: 900 }),
    permitBefore: fc.integer({ min: 0, max: 500 }),
    age: fc.integer({ min: 18, max: 60 }),
    choices: fc.array(fc.nat(20), { minLength: 4, maxLength: 22 }),
    // At least a day apart: of two milestones on one day, the one recorded first counts first (ties by recording order).
    gaps: fc.array(fc.integer({ min: 1, max: 35 }), { minLength: 1, maxLength: 6 }),
    clockMilestone: fc.nat(1200),
  })
  .map(({ housingDay, permitBefore, age, choices, gaps, clockMilestone }) => {
    const housingDate = addDays('2018-06-01', housingDay);
    return walk({ housingDate, permitGrantedDate: addDays(housingDate, -permitBefore), age }, choices, gaps, clockMilestone);
  });

/** Delivers the reports at their arrival moments, in that order; what is refused is sent again after each accepted one. */
export function deliver(testCase: Case, arrivals: readonly number[], startDelay: number, wrongHousing: number, deriving?: Deriving): PureTrajectory {
  const moments = testCase.reports
    .map((report, index) => ({ report, at: addDays(report.occurredOn, arrivals[index % arrivals.length]) }))
    .map((entry) => ({ ...entry, at: entry.at > testCase.until ? testCase.until : entry.at }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const firstArrival = moments[0]?.at ?? testCase.until;
  const startOn = addDays(testCase.facts.housingDate, Math.min(startDelay, Math.max(0, Math.round((Date.parse(firstArrival) - Date.parse(testCase.facts.housingDate)) / 86_400_000))));
  // Sometimes the housing date is entered a few days wrong, and corrected when the second report arrives.
  const enteredFacts = wrongHousing > 0 ? { ...testCase.facts, housingDate: addDays(testCase.facts.housingDate, -wrongHousing) } : testCase.facts;
  const trajectory = new PureTrajectory(v5, instant(startOn, 9), enteredFacts, [], undefined, deriving);
  const pending: Report[] = [];
  const sendPending = (at: string) => {
    for (let progress = true; progress; ) {
      progress = false;
      for (const report of [...pending]) {
        if (trajectory.report(report.milestone, report.occurredOn, at, report.payload) === undefined) {
          pending.splice(pending.indexOf(report), 1);
          progress = true;
        }
      }
    }
  };
  moments.forEach(({ report, at }, index) => {
    const when = instant(at, 11);
    if (index === 1 && wrongHousing > 0) trajectory.correct({ housingDate: testCase.facts.housingDate }, when);
    pending.push(report);
    sendPending(when);
  });
  if (moments.length < 2 && wrongHousing > 0) trajectory.correct({ housingDate: testCase.facts.housingDate }, instant(testCase.until, 9));
  sendPending(instant(testCase.until, 11));
  trajectory.advance(instant(testCase.until, 11));
  return trajectory;
}

/**
 * How a generated case is delivered, besides the case itself: each report's delay in days, the
 * start's delay, and a housing date entered wrong by a few days (0 mostly) and corrected later.
 */
export const deliveryArbitraries = [
  fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 30 }),
  fc.integer({ min: 0, max: 700 }),
  fc.integer({ min: 0, max: 10 }).map((days) => (days > 6 ? days - 6 : 0)),
] as const;

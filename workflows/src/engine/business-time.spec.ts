/**
 * The everyday cases of a municipality, on Haarlem's programme (v5), derived without Temporal:
 * whatever arrives late — a whole case, a diploma, an extension, a corrected housing date — gives
 * the trajectory timely input would have given; what was done and no longer holds is superseded.
 */
import { compileCommittedDefinition } from '@wegwijs/definitions';
import type { FactValue } from '@wegwijs/definitions/runtime';
import { scheduleOf, wasLate } from './schedule';
import { PureTrajectory } from './spec-support';
import { derivedStateView } from './views';

const v5 = compileCommittedDefinition('haarlem-statushouders/v5.yaml');

const FACTS = { housingDate: '2019-08-31', permitGrantedDate: '2019-07-15', age: 35 };
type Row = { milestone: string; occurredOn: string; payload?: Record<string, FactValue> };

/** Haarlem's work route, as it happened in 2019–2020. */
const WORK_ROUTE: Row[] = [
  { milestone: 'coa.warmHandoverDone', occurredOn: '2019-09-03' },
  { milestone: 'basis.livingAllowanceArranged', occurredOn: '2019-09-05' },
  { milestone: 'basis.furnishingAllowanceArranged', occurredOn: '2019-09-06' },
  { milestone: 'basis.languageSchoolConsentRecorded', occurredOn: '2019-09-09', payload: { consent: true } },
  { milestone: 'basis.budgetManagementConsentRecorded', occurredOn: '2019-09-12', payload: { consent: true } },
  { milestone: 'introduction.programmeCompleted', occurredOn: '2019-10-10' },
  { milestone: 'intake.noaAssessmentDone', occurredOn: '2019-10-01' },
  { milestone: 'intake.followUpTalkHeld', occurredOn: '2019-10-15' },
  { milestone: 'intake.planAgreed', occurredOn: '2019-10-20', payload: { route: 'werk' } },
  { milestone: 'work.aanDeSlagTrajectoryStarted', occurredOn: '2019-11-01' },
  { milestone: 'participatieverklaring.completed', occurredOn: '2019-11-20' },
  { milestone: 'mindfit.completed', occurredOn: '2019-12-20' },
  { milestone: 'finance.followUpDecided', occurredOn: '2020-03-20', payload: { followUp: 'none' } },
];

const at = (date: string, time = '10:00') => `${date}T${time}:00.000Z`;

/** Each milestone reported on the day it happened: the tidy path. */
function onTime(rows: readonly Row[], until: string): PureTrajectory {
  const trajectory = new PureTrajectory(v5, at(FACTS.housingDate, '08:00'), FACTS);
  for (const row of [...rows].sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : 1))) {
    expect(trajectory.report(row.milestone, row.occurredOn, at(row.occurredOn), row.payload)).toBeUndefined();
  }
  trajectory.advance(at(until));
  return trajectory;
}

/** What the trajectory is in business terms: where it stands, its facts, clocks and the moments that hold. */
function businessOutcome(trajectory: PureTrajectory, when: string) {
  const derivation = trajectory.derive(when);
  const view = derivedStateView(v5, trajectory.record, derivation);
  return {
    waitingOn: view.waitingOn.map((wait) => [wait.nodeId, wait.since]).sort(),
    facts: view.facts,
    clocks: view.clocks.map((clock) => ({ status: clock.status, deadline: clock.deadline, warnings: clock.warningsFired.map((warning) => [warning.before, warning.on]) })),
    moments: scheduleOf(v5, derivation, trajectory.record)
      .filter((entry) => entry.status !== 'superseded' && entry.status !== 'cancelled')
      .map((entry) => [entry.id.replace(/^projected:/, ''), entry.date])
      .sort(),
    milestones: view.milestonesDone.map((done) => [done.milestone, done.effectiveOn]).sort(),
  };
}

describe('a case entered two years late, with its history', () => {
  const late = new PureTrajectory(v5, at('2021-09-10'), FACTS, WORK_ROUTE);

  it('ends up exactly where the same milestones reported on time would have taken it', () => {
    expect(businessOutcome(late, at('2021-09-10'))).toEqual(businessOutcome(onTime(WORK_ROUTE, '2021-09-10'), at('2021-09-10')));
  });

  it('dates every computed date from the business dates: six months of ontzorgen from the consent, the month-22 meeting, the 24-month handover', () => {
    expect(late.performedOf('startFinancieelOntzorgen').map((done) => done.on)).toEqual(['2019-09-12']);
    expect(late.performedOf('stopFinancieelOntzorgen').map((done) => done.on)).toEqual(['2020-03-12']);
    // Month 22 after 31 August is 30 June (June has 30 days); month 24 is 31 August.
    expect(late.performedOf('scheduleWarmHandoverMeeting').map((done) => done.on)).toEqual(['2021-06-30']);
    expect(late.performedOf('requestWarmHandoverToWijkteam').map((done) => done.on)).toEqual(['2021-08-31']);
    const state = derivedStateView(v5, late.record, late.derive(at('2021-09-10')));
    expect(state.facts.wijkteamAcceptBy).toBe('2021-09-14');
    expect(state.waitingOn.find((wait) => wait.nodeId === 'warmHandoverToWijkteam')?.since).toBe('2021-08-31');
  });

  it('sends no reminder whose moment had passed when its step was already done, and the overdue ones once', () => {
    // The phone handover was on day 3, before its weekly reminder: none goes out.
    expect(late.performedOf('notifyKlantmanager').filter((done) => done.key.startsWith('task:sendHandoverReminder'))).toEqual([]);
    // The inburgering warning a year before the deadline (15 July 2021) goes out once, not marked late: nobody could have known.
    expect(late.performedOf('warnInburgeringDeadline').map((done) => done.on)).toEqual(['2021-07-15']);
    const clock = derivedStateView(v5, late.record, late.derive(at('2021-09-10'))).clocks[0];
    expect(clock.warningsFired).toEqual([{ before: 'P12M', on: '2021-07-15', late: false }]);
  });

  it('shows the schedule ahead and behind, the month-22 meeting and the guidance end among it', () => {
    const schedule = scheduleOf(v5, late.derive(at('2021-09-10')), late.record);
    expect(schedule.filter((entry) => ['handoverMeeting', 'guidanceEnd', 'ontzorgenEnd', 'acceptBy'].includes(entry.kind)).map((entry) => [entry.kind, entry.date, entry.status])).toEqual([
      ['ontzorgenEnd', '2020-03-12', 'fired'],
      ['handoverMeeting', '2021-06-30', 'fired'],
      ['guidanceEnd', '2021-08-31', 'fired'],
      ['acceptBy', '2021-09-15', 'due'],
    ]);
    expect(schedule.filter((entry) => entry.kind === 'warning').map((entry) => [entry.date, entry.status])).toEqual([
      ['2021-07-15', 'fired'],
      ['2022-01-15', 'due'],
      ['2022-04-15', 'due'],
      ['2022-06-15', 'due'],
    ]);
  });
});

describe('the schedule ahead of a route choice', () => {
  it('lists a moment that both alternative routes hold once: 24 months after housing closes the work route and the klantmanager route alike', () => {
    const trajectory = onTime(WORK_ROUTE.slice(0, 1), '2019-09-04');
    const programmeEnds = scheduleOf(v5, trajectory.derive(at('2019-09-04')), trajectory.record).filter((entry) => entry.label === '24 maanden na huisvesting');
    expect(programmeEnds.map((entry) => [entry.date, entry.status, entry.armed])).toEqual([['2021-08-31', 'due', false]]);
    expect(['aanDeSlagUntilProgrammeEnd', 'programmeEndsForKlantmanagerRoute']).toContain(programmeEnds[0].nodeId);
  });

  it('lists it once too when the case is entered weeks late, and on the date the corrected housing date gives', () => {
    const late = new PureTrajectory(v5, at('2019-10-15'), FACTS, WORK_ROUTE.slice(0, 1));
    late.correct({ housingDate: '2019-08-30' }, at('2019-10-16'));
    const programmeEnds = scheduleOf(v5, late.derive(at('2019-10-16')), late.record).filter((entry) => entry.label === '24 maanden na huisvesting');
    expect(programmeEnds.map((entry) => [entry.date, entry.status])).toEqual([['2021-08-30', 'due']]);
  });
});

describe('a diploma recorded after a warning was sent', () => {
  it('supersedes the warning it makes moot, and no other warning or expiry follows', () => {
    const trajectory = onTime(WORK_ROUTE, '2021-07-20');
    expect(trajectory.performedOf('warnInburgeringDeadline').map((done) => done.on)).toEqual(['2021-07-15']);
    // The exam was passed on 1 July, before the warning of 15 July; the klantmanager hears of it in August.
    expect(trajectory.report('inburgering.diplomaObtained', '2021-07-01', at('2021-08-10'))).toBeUndefined();
    trajectory.advance(at('2022-09-01'));
    const warning = trajectory.record.performances.find((performance) => performance.effect === 'clock:inburgeringstermijn#warning#P12M');
    expect(warning?.superseded).toEqual({ at: at('2021-08-10'), by: 'milestone:inburgering.diplomaObtained@2021-07-01#14' });
    expect(trajectory.performedOf('warnInburgeringDeadline')).toHaveLength(1);
    const state = derivedStateView(v5, trajectory.record, trajectory.derive(at('2022-09-01')));
    expect(state.clocks[0]).toMatchObject({ status: 'stopped', warningsFired: [] });
    expect(state.schedule.filter((entry) => entry.kind === 'warning').map((entry) => [entry.date, entry.status])).toEqual([
      ['2021-07-15', 'superseded'],
      ['2022-01-15', 'cancelled'],
      ['2022-04-15', 'cancelled'],
      ['2022-06-15', 'cancelled'],
    ]);
  });
});

describe("DUO's exemption recorded after the deadline passed, dated before it", () => {
  it('stops the clock on its date: the expiry sent stays listed once, as superseded, and nothing is due after it', () => {
    const trajectory = onTime(WORK_ROUTE, '2022-07-20');
    expect(trajectory.report('inburgering.exemptionGranted', '2022-05-02', at('2022-07-20'), { legalBasis: 'Wi2021 art. 6' })).toBeUndefined();
    const derivation = trajectory.derive(at('2022-07-20'));
    expect(derivedStateView(v5, trajectory.record, derivation).clocks[0]).toMatchObject({ status: 'stopped' });
    const deadlineEntries = scheduleOf(v5, derivation, trajectory.record).filter((entry) => entry.clockId === 'inburgeringstermijn' && entry.kind === 'deadline');
    expect(deadlineEntries.map((entry) => [entry.date, entry.status])).toEqual([['2022-07-16', 'superseded']]);
    trajectory.advance(at('2023-02-01'));
    expect(trajectory.performedOf('warnInburgeringDeadline').filter((done) => done.key.endsWith('#deadline')).map((done) => done.on)).toEqual(['2022-07-16']);
  });
});

describe('an extension recorded after the original deadline', () => {
  it('is accepted when dated before it: the expiry and its escalation are superseded, and the warnings now due go out once', () => {
    const trajectory = onTime(WORK_ROUTE, '2022-07-20');
    const escalations = () => trajectory.performedOf('warnInburgeringDeadline').filter((done) => done.key.endsWith('#deadline'));
    expect(escalations().map((done) => done.on)).toEqual(['2022-07-16']);
    // DUO granted six more months on 1 June; the letter reaches the klantmanager on 20 July.
    expect(trajectory.report('inburgering.extensionGranted', '2022-06-01', at('2022-07-20'), { extension: 'P6M', legalBasis: 'Wi2021 art. 7 lid 2' })).toBeUndefined();
    const state = derivedStateView(v5, trajectory.record, trajectory.derive(at('2022-07-20')));
    expect(state.clocks[0]).toMatchObject({ status: 'running', deadline: '2023-01-15' });
    expect(trajectory.record.performances.find((performance) => performance.effect === 'clock:inburgeringstermijn#deadline')?.superseded?.by).toMatch(/extensionGranted/);
    // The P6M warning of the new deadline (15 July) has passed: it goes out now, once; the P1M one of 15 June stays as sent.
    expect(trajectory.performedOf('warnInburgeringDeadline').map((done) => [done.key.split('#').slice(-1)[0], done.on])).toEqual([
      ['P12M', '2021-07-15'],
      ['P6M', '2022-01-15'],
      ['P3M', '2022-04-15'],
      ['P1M', '2022-06-15'],
      ['deadline', '2022-07-16'],
    ]);
    trajectory.advance(at('2023-02-01'));
    expect(escalations().map((done) => [done.on, done.generation])).toEqual([
      ['2022-07-16', 1],
      ['2023-01-16', 2],
    ]);
  });

  it('is refused when dated after the deadline: the clock had expired by then', () => {
    const trajectory = onTime(WORK_ROUTE, '2022-07-20');
    const refusal = trajectory.report('inburgering.extensionGranted', '2022-07-17', at('2022-07-20'), { extension: 'P6M' });
    expect(refusal).toMatchObject({ type: 'MilestoneNotExpected', message: expect.stringContaining('the clock expired on 2022-07-16') });
  });
});

describe('a housing date corrected after the handover was planned', () => {
  it('moves the month-22 meeting and the 24-month handover: what was planned on the old date is superseded and planned again', () => {
    const trajectory = onTime(WORK_ROUTE, '2021-07-10');
    expect(trajectory.performedOf('scheduleWarmHandoverMeeting').map((done) => done.on)).toEqual(['2021-06-30']);
    // Housed on 2 September, not 31 August: the meeting moves to 2 July (already past: planned at once), the handover to 2 September.
    trajectory.correct({ housingDate: '2019-09-02' }, at('2021-07-10'));
    expect(trajectory.record.performances.filter((performance) => performance.effect === 'task:scheduleHandoverMeeting#1').map((performance) => [performance.on, performance.superseded !== undefined])).toEqual([
      ['2021-06-30', true],
      ['2021-07-02', false],
    ]);
    // The schedule keeps the meeting that was planned on the old date, as superseded by the correction.
    const meetings = scheduleOf(v5, trajectory.derive(at('2021-07-10')), trajectory.record).filter((entry) => entry.kind === 'handoverMeeting');
    expect(meetings.map((entry) => [entry.date, entry.status, entry.supersededBy ?? null])).toEqual([
      ['2021-06-30', 'superseded', 'correction'],
      ['2021-07-02', 'fired', null],
    ]);
    trajectory.advance(at('2021-09-20'));
    expect(trajectory.performedOf('scheduleWarmHandoverMeeting').map((done) => done.on)).toEqual(['2021-06-30', '2021-07-02']);
    expect(trajectory.performedOf('requestWarmHandoverToWijkteam').map((done) => done.on)).toEqual(['2021-09-02']);
  });

  it('is refused when it would leave recorded milestones before the trajectory began', () => {
    const trajectory = onTime(WORK_ROUTE, '2019-12-01');
    trajectory.correct({ housingDate: '2019-09-14' }, at('2019-12-02'));
    // PureTrajectory records corrections unchecked; the workflow's validator refuses this one (see the time-skipping tests).
    expect(derivedStateView(v5, trajectory.record, trajectory.derive(at('2019-12-02'))).displacedMilestones.map((displaced) => displaced.milestone)).toContain('coa.warmHandoverDone');
  });
});

describe('a case housed late in its inburgering term', () => {
  it('gets the warnings whose day had passed at once, not marked late, and the rest on their days', () => {
    // Permit in March 2019, housed in August 2021: the deadline is 1 March 2022.
    const trajectory = new PureTrajectory(v5, at('2021-08-20'), { housingDate: '2021-08-16', permitGrantedDate: '2019-03-01', age: 28 });
    expect(trajectory.performedOf('warnInburgeringDeadline').map((done) => done.on)).toEqual(['2021-03-01']);
    trajectory.advance(at('2021-12-05'));
    const state = derivedStateView(v5, trajectory.record, trajectory.derive(at('2021-12-05')));
    expect(state.clocks[0].warningsFired).toEqual([
      { before: 'P12M', on: '2021-03-01', late: false },
      { before: 'P6M', on: '2021-09-01', late: false },
      { before: 'P3M', on: '2021-12-01', late: false },
    ]);
  });
});

describe('a side effect performed after its day, though its day was known in time', () => {
  it('is marked late — in the clock view, the schedule and its performance — and one that nobody could have known in time is not', () => {
    // Started in time, on the housing date; the worker was down from before the warning of 15 July 2021 until the 20th.
    const trajectory = new PureTrajectory(v5, at(FACTS.housingDate, '08:00'), FACTS);
    trajectory.advance(at('2021-07-10'));
    trajectory.settle(at('2021-07-20'));
    const state = derivedStateView(v5, trajectory.record, trajectory.derive(at('2021-07-20')));
    expect(state.clocks[0].warningsFired).toEqual([{ before: 'P12M', on: '2021-07-15', late: true }]);
    expect(state.schedule.filter((entry) => entry.kind === 'warning' && entry.date === '2021-07-15').map((entry) => entry.status)).toEqual(['late']);
    const warning = trajectory.record.performances.find((performance) => performance.effect === 'clock:inburgeringstermijn#warning#P12M')!;
    expect(wasLate(warning, Date.parse(at(FACTS.housingDate, '08:00')))).toBe(true);
    // Had the case been entered only on the 20th, the same performance would have been on time.
    expect(wasLate(warning, Date.parse(at('2021-07-20', '08:00')))).toBe(false);
  });
});

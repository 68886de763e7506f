/**
 * A synthetic cohort of statushouders — no real people — whose histories follow Haarlem's 2019
 * programme in roughly the proportions of its progress report (§5–§9): 94% Haarlem, 6% Zandvoort;
 * route werk 60%, onderwijs 23%, klantmanager 17%; 7% of 'Aan de slag' handed back; training,
 * internship and paid work in about the ratios 76 : 134 : 54. Deterministic for a given seed.
 * The events are written as the engine and activities write them, straight to the store (the
 * benchmark and report tests); the same cohort through the API is the demo's job.
 *
 *   const cohort = syntheticCohort({ size: 300, housedFrom: '2018-01-01', months: 15, until: '2019-03-31', seed: 42 });
 *   for (const history of cohort) await eventStore.append(history.trajectoryId, history.events);
 */
import { addMonthsClamped, daysBetween } from '../calendar-dates';
import { INBURGERING_CLOCK_ID } from '../read-model-events';
import { TrajectoryHistory } from './trajectory-history';

export interface SyntheticCohortOptions {
  readonly size: number;
  /** First possible housing date. */
  readonly housedFrom: string;
  /** Housing dates spread over this many months. */
  readonly months: number;
  /** Nothing after this date is in the history (the moment the history is looked at). */
  readonly until: string;
  readonly seed: number;
  /** Case reference prefix, so that several cohorts can share a store. */
  readonly prefix?: string;
  /** CBS codes standing in for Haarlem and Zandvoort (tests use codes of their own). */
  readonly municipalityCodes?: readonly [haarlem: string, zandvoort: string];
}

export const SYNTHETIC_MUNICIPALITIES = [
  { code: 'GM0392', name: 'Haarlem', share: 0.94 },
  { code: 'GM0473', name: 'Zandvoort', share: 0.06 },
] as const;

export function syntheticCohort(options: SyntheticCohortOptions): TrajectoryHistory[] {
  const random = mulberry32(options.seed);
  const spanDays = daysBetween(options.housedFrom, addMonthsClamped(options.housedFrom, options.months));
  return Array.from({ length: options.size }, (_, index) => syntheticTrajectory(index, options, spanDays, random));
}

type Step = { readonly on: string; readonly write: (history: TrajectoryHistory) => void };

function syntheticTrajectory(index: number, options: SyntheticCohortOptions, spanDays: number, random: () => number): TrajectoryHistory {
  const chance = (probability: number) => random() < probability;
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const [haarlem, zandvoort] = options.municipalityCodes ?? [SYNTHETIC_MUNICIPALITIES[0].code, SYNTHETIC_MUNICIPALITIES[1].code];
  const municipality = random() < SYNTHETIC_MUNICIPALITIES[0].share ? haarlem : zandvoort;
  const trajectoryId = `${municipality}.${options.prefix ?? 'SYN'}-${options.seed}-${String(index + 1).padStart(5, '0')}`;
  const history = new TrajectoryHistory(trajectoryId, { klantmanagerId: `km-${String(between(1, 8)).padStart(2, '0')}` });
  const housed = plusDays(options.housedFrom, between(0, spanDays - 1));
  const steps: Step[] = [];
  const at = (on: string, write: Step['write']) => steps.push({ on, write });
  const milestone = (name: string, on: string, payload?: Record<string, string | number | boolean | null>) =>
    at(on, (h) => h.milestone(name, on, payload));

  const permitGranted = plusDays(housed, -between(14, 120));
  const inburgeringDeadline = addMonthsClamped(permitGranted, 36);
  at(housed, (h) => h.clockStarted(housed, INBURGERING_CLOCK_ID, 'Inburgeringstermijn (3 jaar)', inburgeringDeadline, ['P12M', 'P6M', 'P3M', 'P1M']));
  milestone('coa.warmHandoverDone', plusDays(housed, between(3, 21)));
  const consentOn = plusDays(housed, between(10, 28));
  const consent = chance(0.8);
  milestone('basis.budgetManagementConsentRecorded', consentOn, { consent });
  if (consent) {
    const startedOn = plusDays(consentOn, between(1, 10));
    at(startedOn, (h) => h.add('financieelOntzorgen.started', { startedOn, endsOn: addMonthsClamped(startedOn, 6), directlyPaidFixedCosts: ['huur', 'energie'], nodeId: 'startOntzorgen' }, startedOn));
  }
  if (chance(0.75)) milestone('introduction.programmeCompleted', plusDays(housed, between(40, 150)));

  if (chance(0.92)) {
    const noaOn = plusDays(housed, between(21, 75));
    milestone('intake.noaAssessmentDone', noaOn);
    const talkOn = plusDays(noaOn, between(7, 21));
    milestone('intake.followUpTalkHeld', talkOn);
    const planOn = plusDays(talkOn, between(3, 14));
    const draw = random();
    const route = draw < 0.6 ? 'werk' : draw < 0.83 ? 'onderwijs' : 'klantmanager';
    milestone('intake.planAgreed', planOn, { route });
    if (route === 'werk') workRoute(planOn, milestone, chance, between);
    if (route === 'onderwijs') educationRoute(planOn, milestone, chance, between);
  }

  const diplomaOn = plusDays(permitGranted, between(300, 1200));
  if (chance(0.4)) milestone('inburgering.diplomaObtained', diplomaOn);
  else if (chance(0.08)) milestone('inburgering.exemptionGranted', plusDays(housed, between(200, 700)));
  else {
    for (const [offset, months] of [['P12M', 24], ['P6M', 30]] as const) {
      const warnedOn = addMonthsClamped(permitGranted, months);
      at(warnedOn, (h) => h.add('clock.warning', { clockId: INBURGERING_CLOCK_ID, offset, deadline: inburgeringDeadline, late: false }, warnedOn));
    }
  }

  history.started(housed, { housingDate: housed });
  for (const step of steps.filter((step) => step.on <= options.until).sort((a, b) => a.on.localeCompare(b.on))) step.write(history);
  return history;
}

function workRoute(
  planOn: string,
  milestone: (name: string, on: string, payload?: Record<string, string | number | boolean | null>) => void,
  chance: (probability: number) => boolean,
  between: (low: number, high: number) => number,
): void {
  if (chance(0.07)) {
    const backOn = plusDays(planOn, between(14, 45));
    milestone('work.terugmelding', backOn);
    milestone('intake.planRevised', plusDays(backOn, between(7, 30)), { route: 'klantmanager' });
    return;
  }
  const inTrajectoryOn = plusDays(planOn, between(7, 30));
  milestone('work.aanDeSlagTrajectoryStarted', inTrajectoryOn);
  if (chance(0.27)) milestone('work.trainingStarted', plusDays(inTrajectoryOn, between(20, 90)));
  if (chance(0.47)) milestone('work.internshipStarted', plusDays(inTrajectoryOn, between(30, 150)));
  if (chance(0.19)) {
    const workOn = plusDays(inTrajectoryOn, between(60, 300));
    milestone('work.paidWorkStarted', workOn, { hours: chance(0.5) ? 'partTime' : 'fullTime' });
    if (chance(0.3)) milestone('work.paidWorkEnded', plusDays(workOn, between(30, 200)));
  }
}

function educationRoute(
  planOn: string,
  milestone: (name: string, on: string, payload?: Record<string, string | number | boolean | null>) => void,
  chance: (probability: number) => boolean,
  between: (low: number, high: number) => number,
): void {
  const adviceOn = plusDays(planOn, between(10, 40));
  const draw = between(0, 99);
  const advice = draw < 53 ? 'voorschakeltraject' : draw < 63 ? 'voorschakeltrajectZorg' : 'uaf';
  milestone('education.adviceGiven', adviceOn, { advice });
  if (!chance(0.8)) return;
  const startOn = plusDays(adviceOn, between(20, 90));
  milestone(advice === 'uaf' ? 'education.uafStudyStarted' : 'education.bridgingProgrammeStarted', startOn);
}

function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A small seeded PRNG: the same seed gives the same cohort on every machine. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

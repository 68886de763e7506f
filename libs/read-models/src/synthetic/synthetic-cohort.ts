/**
 * A synthetic cohort of statushouders — no real people — planned along Haarlem's programme
 * (`definitions/haarlem-statushouders`, newest version) in the proportions of its 2019 progress
 * report (§5–§9), relative to a reference date (peildatum, default today): arrivals spread over
 * the `months` before it, and only what happened on or before it in the plan. The same seed and
 * reference date give the same cohort on every machine.
 *
 * Each person's plan is what a client manager would report, in the order the definition asks
 * for it: the facts the trajectory starts with, then dated milestones with their payloads. Two
 * uses:
 *
 *   const people = planSyntheticCohort({ size: 300, seed: 42 });            // through the API: api-cohort-driver.ts
 *   const histories = syntheticCohort({ size: 300, seed: 42, referenceDate: '2019-03-31' });
 *   for (const history of histories) await eventStore.append(history.trajectoryId, history.events); // straight to the store
 *
 * Because the plan ends at the reference date and the workflow runs in real time, a cohort for
 * today's reference date is consistent with the present-day workflow: every date the workflow
 * computes from the facts that lies in the past fires at once, and the legal clock's terms have
 * not run out.
 */
import { addMonths, amsterdamDateOf, daysBetween } from '@wegwijs/calendar';
import { INBURGERING_CLOCK_ID, WORK_MILESTONES } from '../read-model-events';
import { TrajectoryHistory } from './trajectory-history';

export type MilestonePayload = Readonly<Record<string, string | number | boolean | null>>;

export interface PlannedMilestone {
  readonly milestone: string;
  /** The day it happened, YYYY-MM-DD. */
  readonly on: string;
  readonly payload?: MilestonePayload;
  /** A legal clock listens for it at any time (a diploma, an exemption); no step waits on it. */
  readonly anyTime?: boolean;
}

export interface SyntheticPerson {
  readonly trajectoryId: string;
  readonly municipality: string;
  readonly caseReference: string;
  /** Pseudonymous id of the person's client manager. */
  readonly klantmanagerId: string;
  /** The facts the trajectory starts with. */
  readonly facts: { readonly housingDate: string; readonly permitGrantedDate: string; readonly age: number };
  /** Consent for voluntary budget management, from which financieel ontzorgen starts. */
  readonly budgetManagementConsent: boolean;
  /** In date order (ties in the order the programme asks for them); none after the reference date. */
  readonly milestones: readonly PlannedMilestone[];
}

export interface SyntheticCohortOptions {
  readonly size: number;
  readonly seed: number;
  /** The day the cohort is looked at, YYYY-MM-DD; default today in Europe/Amsterdam. */
  readonly referenceDate?: string;
  /** Arrivals spread over this many months before the reference date (default 15, the 2019 report's period). */
  readonly months?: number;
  /** Case reference prefix, so that several cohorts can share a store (letters, digits, dashes). */
  readonly prefix?: string;
  /** CBS codes standing in for Haarlem and Zandvoort (tests use codes of their own). */
  readonly municipalityCodes?: readonly [haarlem: string, zandvoort: string];
}

export const SYNTHETIC_MUNICIPALITIES = [
  { code: 'GM0392', name: 'Haarlem', share: 287 / 304 },
  { code: 'GM0473', name: 'Zandvoort', share: 17 / 304 },
] as const;

/**
 * How often things happen. Sourced shares cite the 2019 report; the rest are modelling choices,
 * calibrated so that the report over a 15-month cohort comes out in the source's ratios
 * (synthetic-cohort.spec.ts checks them).
 */
export const SYNTHETIC_SHARES = {
  /** Modelling choice: most take the NOA assessment within the period. */
  noaAssessment: 0.95,
  /** §6 vs §5: 109 introduction participants against 164 NOA assessments (a little more: not all finish by the reference date). */
  introductionCompleted: 0.7,
  /** §5: 38 helped by Schulddienstverlening in 2018 against about 131 NOA assessments a year. */
  budgetManagementConsent: 0.25,
  /** Modelling choice. */
  languageSchoolConsent: 0.9,
  /** Routes in the plan van aanpak: §7 vs §8, 68 advice intakes against 304 'Aan de slag' registrations; the rest traject klantmanager. */
  routeWerk: 0.65,
  routeOnderwijs: 0.15,
  /** §8: 21 of 304 registrations handed back. */
  terugmelding: 21 / 304,
  /** §8 per person in 'Aan de slag': training 76, internship 134, paid work 54 of 283 — a little more, as not all of it falls before the reference date. */
  training: 0.36,
  internship: 0.62,
  paidWork: 0.21,
  /** §8: 28 of 54 full-time. */
  fullTime: 28 / 54,
  /** Modelling choice: some paid work ends again (the report's sustainable work is 18 of 54). */
  paidWorkEnds: 0.1,
  /** §7 advice: voorschakeltraject 44, zorg 8, UAF 31. */
  adviceBridging: 44 / 83,
  adviceBridgingCare: 8 / 83,
  /** Modelling choice: most start what they were advised. */
  educationStarted: 0.8,
  /** Modelling choice: the permit came long before housing (a long stay in the AZC, or moved in from elsewhere). */
  longWaitForHousing: 0.2,
  /** Modelling choice (the report has no inburgering figures): diploma and exemption. */
  diploma: 0.35,
  exemption: 0.06,
} as const;

/** The 3-year inburgering term and its warnings, as the Haarlem definition's legal clock has them. */
const INBURGERING_TERM_MONTHS = 36;
const INBURGERING_WARNINGS = [
  { offset: 'P12M', monthsBefore: 12 },
  { offset: 'P6M', monthsBefore: 6 },
  { offset: 'P3M', monthsBefore: 3 },
  { offset: 'P1M', monthsBefore: 1 },
] as const;

/** The period a cohort covers: the first possible housing date to the reference date. */
export function syntheticCohortPeriod(options: Pick<SyntheticCohortOptions, 'referenceDate' | 'months'>): { readonly from: string; readonly to: string } {
  const to = options.referenceDate ?? amsterdamDateOf(new Date());
  return { from: plusDays(addMonths(to, -(options.months ?? 15)), 1), to };
}

/** Every person's plan, for driving them through the API. */
export function planSyntheticCohort(options: SyntheticCohortOptions): SyntheticPerson[] {
  const period = syntheticCohortPeriod(options);
  const spanDays = daysBetween(period.from, period.to) + 1;
  const dice = diceOf(mulberry32(options.seed));
  return Array.from({ length: options.size }, (_, index) => planPerson(index, options, period.to, spanDays, dice));
}

/**
 * The cohort's histories as the engine and the activities write them, straight to the store (the
 * report tests and benchmarks): the planned milestones, financieel ontzorgen starting once the
 * basics are in order, and the inburgering clock with the warnings due by the reference date.
 */
export function syntheticCohort(options: SyntheticCohortOptions): TrajectoryHistory[] {
  const referenceDate = syntheticCohortPeriod(options).to;
  return planSyntheticCohort(options).map((person) => historyOf(person, referenceDate));
}

/** Draws from the seeded generator. */
interface Dice {
  /** True with this probability. */
  chance(probability: number): boolean;
  /** A whole number from low to high, both included. */
  between(low: number, high: number): number;
  /** A number from 0 (included) to 1. */
  fraction(): number;
}

function diceOf(random: () => number): Dice {
  return {
    chance: (probability) => random() < probability,
    between: (low, high) => low + Math.floor(random() * (high - low + 1)),
    fraction: random,
  };
}

function planPerson(index: number, options: SyntheticCohortOptions, referenceDate: string, spanDays: number, dice: Dice): SyntheticPerson {
  const { chance, between } = dice;
  const shares = SYNTHETIC_SHARES;
  const [haarlem, zandvoort] = options.municipalityCodes ?? [SYNTHETIC_MUNICIPALITIES[0].code, SYNTHETIC_MUNICIPALITIES[1].code];
  const municipality = chance(SYNTHETIC_MUNICIPALITIES[0].share) ? haarlem : zandvoort;
  const caseReference = `${options.prefix ?? 'SYN'}-${options.seed}-${String(index + 1).padStart(5, '0')}`;
  const klantmanagerId = `km-${String(between(1, 8)).padStart(2, '0')}`;
  const housed = plusDays(referenceDate, -between(0, spanDays - 1));
  const permitGranted = plusDays(housed, chance(shares.longWaitForHousing) ? -between(270, 600) : -between(14, 120));
  const milestones: PlannedMilestone[] = [];
  const plan = (milestone: string, on: string, payload?: MilestonePayload) => {
    milestones.push({ milestone, on, ...(payload ? { payload } : {}) });
    return on;
  };

  // §4 warm handover, then §5 basis op orde: five arrangements side by side
  const handover = plan('coa.warmHandoverDone', plusDays(housed, between(3, 21)));
  const budgetManagementConsent = chance(shares.budgetManagementConsent);
  const basisDone = latest([
    plan('basis.livingAllowanceArranged', plusDays(handover, between(1, 10))),
    plan('basis.furnishingAllowanceArranged', plusDays(handover, between(2, 14))),
    plan('basis.languageSchoolConsentRecorded', plusDays(handover, between(1, 14)), { consent: chance(shares.languageSchoolConsent) }),
    plan('basis.budgetManagementConsentRecorded', plusDays(handover, between(1, 14)), { consent: budgetManagementConsent }),
  ]);

  // §6 the introduction programme (5 weeks, once a class starts), participatieverklaring, Mindfit
  if (chance(shares.introductionCompleted)) {
    const completed = plan('introduction.programmeCompleted', plusDays(handover, between(35, 120)));
    const declared = plan('participatieverklaring.completed', plusDays(completed, between(7, 45)));
    plan('mindfit.completed', plusDays(declared, between(14, 60)));
  }

  // §5 brede intake and plan van aanpak, §7 and §8 the routes
  let age = between(18, 60);
  if (chance(shares.noaAssessment)) {
    const assessed = plan('intake.noaAssessmentDone', plusDays(basisDone, between(5, 40)));
    const talked = plan('intake.followUpTalkHeld', plusDays(assessed, between(7, 21)));
    const draw = dice.fraction();
    const route = draw < shares.routeWerk ? 'werk' : draw < shares.routeWerk + shares.routeOnderwijs ? 'onderwijs' : 'klantmanager';
    const agreed = plan('intake.planAgreed', plusDays(talked, between(3, 14)), { route });
    if (route === 'werk') planWorkRoute(agreed, plan, dice);
    if (route === 'onderwijs') {
      // The adviesteam onderwijs is for those under 30.
      age = between(18, 29);
      planEducationRoute(agreed, plan, dice);
    }
  }

  // §9 inburgering: a diploma or an exemption ends the 3-year term, whenever it comes
  if (chance(shares.diploma)) milestones.push({ milestone: 'inburgering.diplomaObtained', on: plusDays(permitGranted, between(270, 1000)), anyTime: true });
  else if (chance(shares.exemption)) milestones.push({ milestone: 'inburgering.exemptionGranted', on: plusDays(housed, between(60, 400)), anyTime: true });

  return {
    trajectoryId: `${municipality}.${caseReference}`,
    municipality,
    caseReference,
    klantmanagerId,
    facts: { housingDate: housed, permitGrantedDate: permitGranted, age },
    budgetManagementConsent,
    // A stable sort keeps same-day milestones in the order the programme asks for them.
    milestones: milestones.filter((planned) => planned.on <= referenceDate).sort((a, b) => a.on.localeCompare(b.on)),
  };
}

type Plan = (milestone: string, on: string, payload?: MilestonePayload) => string;

function planWorkRoute(agreed: string, plan: Plan, { chance, between }: Dice): void {
  const shares = SYNTHETIC_SHARES;
  if (chance(shares.terugmelding)) {
    // Mostly health: back to the client manager, who revises the plan (§8).
    const handedBack = plan('work.terugmelding', plusDays(agreed, between(14, 45)));
    plan('intake.planRevised', plusDays(handedBack, between(7, 30)), { route: 'klantmanager' });
    return;
  }
  const started = plan('work.aanDeSlagTrajectoryStarted', plusDays(agreed, between(7, 30)));
  if (chance(shares.training)) plan(WORK_MILESTONES.trainingStarted, plusDays(started, between(14, 90)));
  if (chance(shares.internship)) plan(WORK_MILESTONES.internshipStarted, plusDays(started, between(21, 120)));
  if (chance(shares.paidWork)) {
    const working = plan(WORK_MILESTONES.paidWorkStarted, plusDays(started, between(30, 120)), { hours: chance(shares.fullTime) ? 'fullTime' : 'partTime' });
    if (chance(shares.paidWorkEnds)) plan(WORK_MILESTONES.paidWorkEnded, plusDays(working, between(30, 150)));
  }
}

function planEducationRoute(agreed: string, plan: Plan, { chance, between, fraction }: Dice): void {
  const shares = SYNTHETIC_SHARES;
  const draw = fraction();
  const advice = draw < shares.adviceBridging ? 'voorschakeltraject' : draw < shares.adviceBridging + shares.adviceBridgingCare ? 'voorschakeltrajectZorg' : 'uaf';
  const advised = plan('education.adviceGiven', plusDays(agreed, between(10, 40)), { advice });
  if (chance(shares.educationStarted)) plan(advice === 'uaf' ? 'education.uafStudyStarted' : 'education.bridgingProgrammeStarted', plusDays(advised, between(20, 90)));
}

/** The events the engine and activities would have written for this plan by the reference date. */
function historyOf(person: SyntheticPerson, referenceDate: string): TrajectoryHistory {
  const { housingDate, permitGrantedDate } = person.facts;
  const deadline = addMonths(permitGrantedDate, INBURGERING_TERM_MONTHS);
  const history = new TrajectoryHistory(person.trajectoryId, { klantmanagerId: person.klantmanagerId }).started(housingDate, { housingDate });
  const steps: Array<{ readonly on: string; readonly write: () => void }> = [];
  history.clockStarted(housingDate, INBURGERING_CLOCK_ID, 'Inburgeringstermijn (3 jaar)', deadline, INBURGERING_WARNINGS.map((warning) => warning.offset), permitGrantedDate);
  for (const planned of person.milestones) steps.push({ on: planned.on, write: () => history.milestone(planned.milestone, planned.on, planned.payload) });

  const basis = person.milestones.filter((planned) => planned.milestone.startsWith('basis.'));
  // Financieel ontzorgen starts once all four arrangements are in order (the definition's join).
  if (person.budgetManagementConsent && basis.length === 4) {
    const basisDone = latest(basis.map((planned) => planned.on));
    const fixedCosts = ['huur', 'energie'];
    steps.push({ on: basisDone, write: () => history.add('financieelOntzorgen.started', { startedOn: basisDone, endsOn: addMonths(basisDone, 6), directlyPaidFixedCosts: fixedCosts, nodeId: 'startOntzorgen' }, basisDone) });
  }
  const stoppedOn = person.milestones.find((planned) => planned.anyTime)?.on;
  for (const warning of INBURGERING_WARNINGS) {
    const due = addMonths(deadline, -warning.monthsBefore);
    // The engine fires a warning due before the trajectory started as soon as it starts.
    const firedOn = due < housingDate ? housingDate : due;
    if (firedOn > referenceDate || (stoppedOn !== undefined && stoppedOn <= firedOn)) continue;
    steps.push({ on: firedOn, write: () => history.add('clock.warning', { clockId: INBURGERING_CLOCK_ID, offset: warning.offset, deadline, late: due < housingDate }, firedOn) });
  }
  for (const step of steps.sort((a, b) => a.on.localeCompare(b.on))) step.write();
  return history;
}

function latest(dates: readonly string[]): string {
  return [...dates].sort()[dates.length - 1];
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

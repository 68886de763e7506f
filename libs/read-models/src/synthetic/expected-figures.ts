/**
 * What the progress report must count for a synthetic cohort driven through the API, worked out
 * from the people's plans and what the API accepted — not from the event store, and not with the
 * report's code — so that comparing the two checks the whole path: API, workflow, activities,
 * event store and report.
 *
 *   const run = await driveCohortThroughApi(people, { baseUrl });
 *   const expected = expectedReportFigures(people, run.driven, { from, to });
 *   expected.aanDeSlagTraining; // { GM0392: 31, GM0473: 2 }
 *
 * Figures the workflow dates itself are counted on the day the cohort was driven (`drivenOn`,
 * default today): financieel ontzorgen starts, and inburgering warnings due before the trajectory
 * started fire as soon as it starts.
 */
import { addMonths, amsterdamDateOf } from '@wegwijs/calendar';
import { WORK_MILESTONES } from '../read-model-events';
import type { DrivenTrajectory } from './api-cohort-driver';
import type { PlannedMilestone, SyntheticPerson } from './synthetic-cohort';

/** Report row id → CBS code → count; a municipality with nothing to count is left out. */
export type ExpectedFigures = Record<string, Record<string, number>>;

export function expectedReportFigures(
  people: readonly SyntheticPerson[],
  driven: readonly DrivenTrajectory[],
  period: { readonly from: string; readonly to: string; readonly drivenOn?: string },
): ExpectedFigures {
  const { from, to } = period;
  const drivenOn = period.drivenOn ?? amsterdamDateOf(new Date());
  const inPeriod = (on: string) => on >= from && on <= to;
  const personOf = new Map(people.map((person) => [person.trajectoryId, person]));
  const figures: ExpectedFigures = {};
  const count = (figure: string, municipality: string, amount: number) => {
    if (amount === 0) return;
    const counts = (figures[figure] ??= {});
    counts[municipality] = (counts[municipality] ?? 0) + amount;
  };

  for (const trajectory of driven) {
    const person = personOf.get(trajectory.trajectoryId);
    if (!person) continue;
    const tally = (figure: string, amount: number) => count(figure, trajectory.municipality, amount);
    const accepted = (milestone: string) => trajectory.accepted.filter((done) => done.milestone === milestone && inPeriod(done.on));

    tally('noaAssessments', accepted('intake.noaAssessmentDone').length);
    // With consent, the workflow starts financieel ontzorgen once all four arrangements are in.
    const basisDone = trajectory.accepted.filter((done) => done.milestone.startsWith('basis.')).length === 4;
    const consented = accepted('basis.budgetManagementConsentRecorded').some((done) => done.payload?.consent === true);
    tally('financieelOntzorgenStarted', basisDone && consented && inPeriod(drivenOn) ? 1 : 0);
    tally('introductionParticipants', accepted('introduction.programmeCompleted').length);

    const advice = accepted('education.adviceGiven')[0]?.payload?.advice;
    tally('educationAdviceIntakes', accepted('education.adviceGiven').length);
    tally(advice === 'voorschakeltrajectZorg' ? 'bridgingCare' : 'bridging', accepted('education.bridgingProgrammeStarted').length);
    tally('uafStarted', accepted('education.uafStudyStarted').length);

    const plans = [...accepted('intake.planAgreed'), ...accepted('intake.planRevised')];
    tally('aanDeSlagRegistered', plans.filter((plan) => plan.payload?.route === 'werk').length);
    tally('aanDeSlagHandedBack', accepted('work.terugmelding').length);
    tally('aanDeSlagInTrajectory', accepted('work.aanDeSlagTrajectoryStarted').length);
    tally('aanDeSlagTraining', accepted(WORK_MILESTONES.trainingStarted).length);
    tally('aanDeSlagInternship', accepted(WORK_MILESTONES.internshipStarted).length);
    const paidWork = accepted(WORK_MILESTONES.paidWorkStarted);
    tally('aanDeSlagPaidWork', paidWork.length);
    tally('aanDeSlagPaidWorkPartTime', paidWork.filter((work) => work.payload?.hours === 'partTime').length);
    tally('aanDeSlagPaidWorkFullTime', paidWork.filter((work) => work.payload?.hours === 'fullTime').length);
    const ended = trajectory.accepted.filter((done) => done.milestone === WORK_MILESTONES.paidWorkEnded);
    tally('aanDeSlagSustainableWork', paidWork.filter((work) => sixMonthsInWork(work, ended, to)).length);

    tally(`inburgering.${inburgeringStatus(person, trajectory, to, drivenOn)}`, 1);
  }
  return figures;
}

/** Sustainable work (§8): at least six months in work on the reference date. */
function sixMonthsInWork(work: PlannedMilestone, ended: readonly PlannedMilestone[], referenceDate: string): boolean {
  return addMonths(work.on, 6) <= referenceDate && !ended.some((end) => end.on >= work.on && end.on <= referenceDate);
}

/** The person's inburgering on the reference date: a diploma or exemption the API took, else where the 3-year term stands. */
function inburgeringStatus(person: SyntheticPerson, trajectory: DrivenTrajectory, referenceDate: string, drivenOn: string): string {
  const tookBy = (milestone: string) => trajectory.accepted.some((done) => done.milestone === milestone && done.on <= referenceDate);
  if (tookBy('inburgering.diplomaObtained')) return 'diploma';
  if (tookBy('inburgering.exemptionGranted')) return 'exemption';
  const deadline = addMonths(person.facts.permitGrantedDate, 36);
  if (deadline < referenceDate) return 'deadlinePassed';
  // The first warning is due 12 months before the deadline; one due already fires on the day the trajectory runs.
  const due = addMonths(deadline, -12);
  const firedOn = due < drivenOn ? drivenOn : due;
  return firedOn <= referenceDate ? 'warned' : 'onTrack';
}

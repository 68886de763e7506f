/**
 * The municipality's progress report (voortgangsrapportage), computed from the event history for
 * any period and any municipalities, in the shape of the tables of Haarlem's 2019 report (§5–§9):
 * one row per figure, one column per municipality plus the total, and a table of the time from
 * housing to each milestone per arrival cohort.
 *
 * Like the source, figures count occurrences (activities), not people: a person who did an
 * internship and then found work counts in both rows. A figure counts the occurrences whose
 * date — a milestone's `occurredOn`, else the event's business time as an Amsterdam date — lies in
 * the period. Inburgering is a status on the reference date (the period's last day).
 *
 *   const builder = new ProgressReportBuilder({ from: '2018-01-01', to: '2019-03-31' });
 *   for (const event of events) builder.add(event);   // upcast, in stream order
 *   const report = builder.build();
 *
 * This module is pure: no I/O. `loadProgressReport` feeds it from the event store.
 */
import type { RecordedTrajectoryEvent } from '@wegwijs/domain';
import { addMonths, amsterdamDateOf, daysBetween, looksLikeCalendarDate, quarterOf } from '@wegwijs/calendar';
import { payloadString } from '../projection';
import { WORK_MILESTONES, INBURGERING_CLOCK_ID } from '../read-model-events';
import { municipalityOfTrajectoryId } from '../projections/trajectory-summary.projection';

export interface ProgressReportOptions {
  /** First day of the period, YYYY-MM-DD (Europe/Amsterdam). */
  readonly from: string;
  /** Last day of the period and the reference date (peildatum), YYYY-MM-DD. */
  readonly to: string;
  /** CBS codes (GM0392) to report on, one column each; every municipality in the history when omitted. */
  readonly municipalities?: readonly string[];
  /** Arrival cohorts by month or quarter of housing (default quarter). */
  readonly cohortBy?: 'month' | 'quarter';
}

export interface ReportRow {
  readonly id: string;
  /** The source's own wording. */
  readonly label: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly total: number;
}

export interface ReportSection {
  readonly id: string;
  readonly title: string;
  /** The chapter of the 2019 report this table mirrors. */
  readonly source: string;
  readonly rows: readonly ReportRow[];
}

export interface CohortMilestone {
  readonly reached: number;
  /** Median whole days from housing to the milestone's first occurrence, of those who reached it. */
  readonly medianDays: number | null;
}

export interface CohortRow {
  /** '2019-Q3' or '2019-08'. */
  readonly cohort: string;
  readonly housed: number;
  readonly milestones: Readonly<Record<string, CohortMilestone>>;
}

export interface ProgressReport {
  readonly period: { readonly from: string; readonly to: string };
  readonly referenceDate: string;
  readonly municipalities: readonly string[];
  readonly sections: readonly ReportSection[];
  readonly cohortBy: 'month' | 'quarter';
  /** Milestone name → Dutch label, in the cohort table's column order. */
  readonly cohortMilestones: Readonly<Record<string, string>>;
  readonly cohorts: readonly CohortRow[];
}

/** Thrown when the report's period is not two calendar dates in order. */
export class InvalidReportPeriodError extends Error {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`The report period must be two dates YYYY-MM-DD with from <= to, got ${from} .. ${to}`);
    this.name = 'InvalidReportPeriodError';
  }
}

/** The milestones of the cohort table, in the order of the programme. */
export const COHORT_MILESTONES: Readonly<Record<string, string>> = {
  'intake.noaAssessmentDone': 'NOA-assessment afgenomen',
  'intake.planAgreed': 'Plan van aanpak',
  'introduction.programmeCompleted': 'Introductieprogramma afgerond',
  'work.aanDeSlagTrajectoryStarted': "In traject bij 'Aan de slag'",
  [WORK_MILESTONES.paidWorkStarted]: 'Betaald werk',
  'education.bridgingProgrammeStarted': 'Voorschakeltraject gestart',
  'education.uafStudyStarted': 'Opleiding via UAF gestart',
  'inburgering.diplomaObtained': 'Inburgeringsdiploma behaald',
};

/** Every event type the report reads; `loadProgressReport` selects only these. */
export const PROGRESS_REPORT_EVENTS = [
  'trajectory.started',
  'programme.started',
  'facts.corrected',
  'milestone.recorded',
  'financieelOntzorgen.started',
  'inburgering.warningSent',
  'clock.started',
  'clock.extended',
  'clock.resumed',
  'clock.warning',
  'clock.expired',
  'clock.warningWithdrawn',
  'clock.expiryWithdrawn',
  'milestone.displaced',
] as const;

/** Sustainable work: at least this many months in work on the reference date (§8). */
const SUSTAINABLE_WORK_MONTHS = 6;

interface DatedMilestone {
  readonly milestoneId?: string;
  readonly milestone: string;
  readonly on: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** What the report needs to remember of one trajectory while reading its events. */
interface TrajectoryRecord {
  municipality: string | null;
  housingDate?: string;
  /**
   * The day the trajectory began (`trajectory.started`'s `startOn`): the housing date where the
   * definition records none itself (no `programme.started`), as every definition starts on it.
   */
  startOn?: string;
  readonly milestones: DatedMilestone[];
  readonly ontzorgenStartedOn: string[];
  inburgering?: { deadlines: Array<{ asOf: string; deadline: string }>; warnedOn: string[]; expiredOn?: string };
}

export class ProgressReportBuilder {
  private readonly trajectories = new Map<string, TrajectoryRecord>();
  private readonly cohortBy: 'month' | 'quarter';

  constructor(private readonly options: ProgressReportOptions) {
    if (!looksLikeCalendarDate(options.from) || !looksLikeCalendarDate(options.to) || options.from > options.to) {
      throw new InvalidReportPeriodError(options.from, options.to);
    }
    this.cohortBy = options.cohortBy ?? 'quarter';
  }

  /** Takes one event (at its current schema version). Events of one stream must come in order. */
  add(event: RecordedTrajectoryEvent): void {
    const record = this.recordOf(event.streamId);
    const payload = event.payload;
    const on = amsterdamDateOf(event.businessTime);
    switch (event.type) {
      case 'trajectory.started':
      case 'programme.started': {
        record.municipality = payloadString(payload, 'municipality') ?? record.municipality;
        const housingDate = payload.housingDate;
        if (looksLikeCalendarDate(housingDate) && !record.housingDate) record.housingDate = housingDate;
        if (event.type === 'trajectory.started' && looksLikeCalendarDate(payload.startOn)) record.startOn = payload.startOn;
        return;
      }
      case 'facts.corrected': {
        const change = (payload.changes as Record<string, { to?: unknown }> | undefined)?.housingDate;
        if (change && looksLikeCalendarDate(change.to)) record.housingDate = change.to;
        return;
      }
      case 'milestone.recorded': {
        const milestone = payloadString(payload, 'milestone');
        if (!milestone) return;
        const occurredOn = looksLikeCalendarDate(payload.occurredOn) ? payload.occurredOn : on;
        const milestonePayload = payload.payload && typeof payload.payload === 'object' ? (payload.payload as Record<string, unknown>) : {};
        const milestoneId = payloadString(payload, 'milestoneId');
        record.milestones.push({ ...(milestoneId ? { milestoneId } : {}), milestone, on: occurredOn, payload: milestonePayload });
        return;
      }
      case 'milestone.displaced': {
        // Later input showed it no longer counts (an earlier-dated milestone decided its step): nor does it here.
        const milestoneId = payloadString(payload, 'milestoneId');
        const index = record.milestones.findIndex((done) => done.milestoneId !== undefined && done.milestoneId === milestoneId);
        if (index >= 0) record.milestones.splice(index, 1);
        return;
      }
      case 'financieelOntzorgen.started':
        record.ontzorgenStartedOn.push(looksLikeCalendarDate(payload.startedOn) ? payload.startedOn : on);
        return;
      case 'inburgering.warningSent':
        if (payload.clockId === INBURGERING_CLOCK_ID) (record.inburgering ??= { deadlines: [], warnedOn: [] }).warnedOn.push(on);
        return;
      default:
        this.addClockEvent(record, event, on);
    }
  }

  build(): ProgressReport {
    const { from, to } = this.options;
    const selected = this.options.municipalities ? new Set(this.options.municipalities) : undefined;
    const columns = new Set<string>(this.options.municipalities ?? []);
    const tallies = new Map<string, Map<string, number>>();
    const count = (figure: string, municipality: string, amount = 1) => {
      const perMunicipality = tallies.get(figure) ?? new Map<string, number>();
      perMunicipality.set(municipality, (perMunicipality.get(municipality) ?? 0) + amount);
      tallies.set(figure, perMunicipality);
    };
    const inPeriod = (on: string) => on >= from && on <= to;
    const cohortRecords: TrajectoryRecord[] = [];

    for (const [trajectoryId, record] of this.trajectories) {
      const municipality = record.municipality ?? municipalityOfTrajectoryId(trajectoryId);
      if (!municipality || (selected && !selected.has(municipality))) continue;
      columns.add(municipality);
      const occurrences = (milestone: string) => record.milestones.filter((done) => done.milestone === milestone && inPeriod(done.on));
      const tally = (figure: string, amount: number) => {
        if (amount > 0) count(figure, municipality, amount);
      };

      // §5 brede intake and financieel ontzorgen
      tally('noaAssessments', occurrences('intake.noaAssessmentDone').length);
      tally('financieelOntzorgenStarted', record.ontzorgenStartedOn.filter(inPeriod).length);
      // §6
      tally('introductionParticipants', occurrences('introduction.programmeCompleted').length);
      // §7 onderwijs
      tally('educationAdviceIntakes', occurrences('education.adviceGiven').length);
      for (const started of occurrences('education.bridgingProgrammeStarted')) {
        tally(adviceBefore(record, started) === 'voorschakeltrajectZorg' ? 'bridgingCare' : 'bridging', 1);
      }
      tally('uafStarted', occurrences('education.uafStudyStarted').length);
      // §8 'Aan de slag'
      // The definition registers with 'Aan de slag' right after a plan (or revised plan) with route werk.
      const plans = [...occurrences('intake.planAgreed'), ...occurrences('intake.planRevised')];
      tally('aanDeSlagRegistered', plans.filter((plan) => plan.payload.route === 'werk').length);
      tally('aanDeSlagHandedBack', occurrences('work.terugmelding').length);
      tally('aanDeSlagInTrajectory', occurrences('work.aanDeSlagTrajectoryStarted').length);
      tally('aanDeSlagTraining', occurrences(WORK_MILESTONES.trainingStarted).length);
      tally('aanDeSlagInternship', occurrences(WORK_MILESTONES.internshipStarted).length);
      const paidWork = occurrences(WORK_MILESTONES.paidWorkStarted);
      tally('aanDeSlagPaidWork', paidWork.length);
      tally('aanDeSlagPaidWorkPartTime', paidWork.filter((work) => work.payload.hours === 'partTime').length);
      tally('aanDeSlagPaidWorkFullTime', paidWork.filter((work) => work.payload.hours === 'fullTime').length);
      tally('aanDeSlagSustainableWork', paidWork.filter((work) => isSustainable(record, work, to)).length);
      // §9 inburgering on the reference date
      const status = inburgeringStatusOn(record, to);
      if (status) tally(`inburgering.${status}`, 1);

      record.housingDate ??= record.startOn;
      if (record.housingDate && inPeriod(record.housingDate)) cohortRecords.push(record);
    }

    const municipalities = [...columns].sort();
    const row = (id: string, label: string): ReportRow => {
      const perMunicipality = tallies.get(id) ?? new Map<string, number>();
      const counts = Object.fromEntries(municipalities.map((municipality) => [municipality, perMunicipality.get(municipality) ?? 0]));
      return { id, label, counts, total: Object.values(counts).reduce((sum, value) => sum + value, 0) };
    };
    return {
      period: { from, to },
      referenceDate: to,
      municipalities,
      cohortBy: this.cohortBy,
      cohortMilestones: COHORT_MILESTONES,
      sections: [
        {
          id: 'bredeIntake',
          title: 'Brede intake en financieel ontzorgen',
          source: '§5',
          rows: [row('noaAssessments', 'NOA-assessment afgelegd'), row('financieelOntzorgenStarted', 'Gestart met financieel ontzorgen')],
        },
        {
          id: 'introductieprogramma',
          title: 'Introductieprogramma',
          source: '§6',
          rows: [row('introductionParticipants', 'Deelnemers introductieprogramma (afgerond)')],
        },
        {
          id: 'onderwijs',
          title: 'Resultaten op het gebied van onderwijs',
          source: '§7',
          rows: [
            row('educationAdviceIntakes', 'Intakes adviesgesprekken adviesteam onderwijs'),
            row('bridging', 'Deelnemers voorschakeltraject'),
            row('bridgingCare', 'Deelnemers voorschakeltraject Zorg'),
            row('uafStarted', 'Gestart met opleiding via UAF'),
          ],
        },
        {
          id: 'aanDeSlag',
          title: "Resultaten project 'Aan de slag'",
          source: '§8',
          rows: [
            row('aanDeSlagRegistered', 'Aanmeldingen'),
            row('aanDeSlagHandedBack', 'Terugmelding'),
            row('aanDeSlagInTrajectory', 'In traject'),
            row('aanDeSlagTraining', 'Scholing'),
            row('aanDeSlagInternship', 'Stage/ werkervaringsplek'),
            row('aanDeSlagPaidWork', 'Betaald werk'),
            row('aanDeSlagPaidWorkPartTime', 'waarvan parttime'),
            row('aanDeSlagPaidWorkFullTime', 'waarvan fulltime'),
            row('aanDeSlagSustainableWork', `waarvan duurzaam (≥ ${SUSTAINABLE_WORK_MONTHS} maanden op peildatum)`),
          ],
        },
        {
          id: 'inburgering',
          title: 'Inburgering op peildatum',
          source: '§9',
          rows: [
            row('inburgering.onTrack', 'Binnen termijn, niet gewaarschuwd'),
            row('inburgering.warned', 'Gewaarschuwd: termijn nadert'),
            row('inburgering.deadlinePassed', 'Termijn verstreken'),
            row('inburgering.diploma', 'Diploma behaald'),
            row('inburgering.exemption', 'Ontheffing'),
          ],
        },
      ],
      cohorts: this.cohortTable(cohortRecords, to),
    };
  }

  private cohortTable(records: readonly TrajectoryRecord[], referenceDate: string): CohortRow[] {
    const byCohort = new Map<string, TrajectoryRecord[]>();
    for (const record of records) {
      const cohort = this.cohortBy === 'quarter' ? quarterOf(record.housingDate!) : record.housingDate!.slice(0, 7);
      const members = byCohort.get(cohort) ?? [];
      members.push(record);
      byCohort.set(cohort, members);
    }
    return [...byCohort.keys()].sort().map((cohort) => {
      const members = byCohort.get(cohort)!;
      const milestones = Object.fromEntries(
        Object.keys(COHORT_MILESTONES).map((milestone) => {
          const days = members.flatMap((record) => {
            const first = record.milestones.filter((done) => done.milestone === milestone && done.on <= referenceDate).map((done) => done.on).sort()[0];
            return first ? [daysBetween(record.housingDate!, first)] : [];
          });
          return [milestone, { reached: days.length, medianDays: median(days) }];
        }),
      );
      return { cohort, housed: members.length, milestones };
    });
  }

  private addClockEvent(record: TrajectoryRecord, event: RecordedTrajectoryEvent, on: string): void {
    if (!event.type.startsWith('clock.') || event.payload.clockId !== INBURGERING_CLOCK_ID) return;
    const clock = (record.inburgering ??= { deadlines: [], warnedOn: [] });
    const deadline = payloadString(event.payload, 'deadline')?.slice(0, 10);
    if (event.type === 'clock.warning') clock.warnedOn.push(on);
    else if (event.type === 'clock.expired') clock.expiredOn ??= on;
    // Later input (a diploma, an extension dated before it) showed the warning or expiry never fell due.
    else if (event.type === 'clock.warningWithdrawn') {
      const index = clock.warnedOn.indexOf(payloadString(event.payload, 'on') ?? on);
      if (index >= 0) clock.warnedOn.splice(index, 1);
    } else if (event.type === 'clock.expiryWithdrawn') clock.expiredOn = undefined;
    // The term is known from the day the obligation starts, whenever the engine got to record it.
    else if (looksLikeCalendarDate(deadline)) clock.deadlines.push({ asOf: event.type === 'clock.started' && looksLikeCalendarDate(event.payload.startDate) ? event.payload.startDate : on, deadline });
  }

  private recordOf(trajectoryId: string): TrajectoryRecord {
    let record = this.trajectories.get(trajectoryId);
    if (!record) {
      record = { municipality: null, milestones: [], ontzorgenStartedOn: [] };
      this.trajectories.set(trajectoryId, record);
    }
    return record;
  }
}

/** Builds the report from events already in memory (tests, small exports). */
export function buildProgressReport(events: Iterable<RecordedTrajectoryEvent>, options: ProgressReportOptions): ProgressReport {
  const builder = new ProgressReportBuilder(options);
  for (const event of events) builder.add(event);
  return builder.build();
}

/** The advice of the adviesteam onderwijs last given before a bridging programme started. */
function adviceBefore(record: TrajectoryRecord, started: DatedMilestone): unknown {
  const index = record.milestones.indexOf(started);
  return record.milestones
    .slice(0, index)
    .filter((done) => done.milestone === 'education.adviceGiven')
    .at(-1)?.payload.advice;
}

/** In work for at least six months on the reference date, and not ended before it. */
function isSustainable(record: TrajectoryRecord, work: DatedMilestone, referenceDate: string): boolean {
  if (addMonths(work.on, SUSTAINABLE_WORK_MONTHS) > referenceDate) return false;
  return !record.milestones.some((done) => done.milestone === WORK_MILESTONES.paidWorkEnded && done.on >= work.on && done.on <= referenceDate);
}

type InburgeringStatus = 'onTrack' | 'warned' | 'deadlinePassed' | 'diploma' | 'exemption';

/** One status per person with an inburgering term running on the reference date, most final first. */
function inburgeringStatusOn(record: TrajectoryRecord, referenceDate: string): InburgeringStatus | undefined {
  const doneBy = (milestone: string) => record.milestones.some((done) => done.milestone === milestone && done.on <= referenceDate);
  if (doneBy('inburgering.diplomaObtained')) return 'diploma';
  if (doneBy('inburgering.exemptionGranted')) return 'exemption';
  const clock = record.inburgering;
  const known = clock?.deadlines.filter((change) => change.asOf <= referenceDate);
  if (!clock || !known || known.length === 0) return undefined;
  const deadline = known[known.length - 1].deadline;
  if ((clock.expiredOn && clock.expiredOn <= referenceDate) || deadline < referenceDate) return 'deadlinePassed';
  return clock.warnedOn.some((on) => on <= referenceDate) ? 'warned' : 'onTrack';
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}

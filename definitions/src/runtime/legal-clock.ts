/**
 * Legal clocks as a pure function of what happened: given a clock, its start date and the
 * milestones signalled so far (with the Amsterdam calendar date of each), compute its status,
 * deadline and warning dates. The workflow keeps the event list (it is in its history anyway) and
 * recomputes after every relevant signal, so replay gives the same answer.
 *
 *   const state = computeLegalClock(clock, '2020-02-29', [{ milestone: 'inburgering.extensionGranted', on: '2022-05-01', payload: { extension: 'P6M' } }]);
 *   state.deadline;  // '2023-08-28'
 *   state.warnings;  // [{ before: 'P12M', on: '2022-08-28' }, …]
 */
import { addToDate, compareDates, isValidDuration, subtractFromDate } from '@wegwijs/calendar';
import type { CompiledLegalClock, CompiledNorm, CompiledFact, Facts } from './compiled-definition';
import { InvalidDurationError } from '@wegwijs/calendar';
import { evaluateDate } from './feel';

export interface ClockMilestone {
  readonly milestone: string;
  /** Calendar date (Europe/Amsterdam) on which the milestone was signalled. */
  readonly on: string;
  readonly payload?: Readonly<Record<string, unknown>>;
}

export type LegalClockStatus = 'running' | 'suspended' | 'stopped';

export interface LegalClockState {
  readonly clockId: string;
  readonly status: LegalClockStatus;
  readonly startDate: string;
  /** start + term + extensions + days spent suspended; while suspended, the deadline as if it resumed today-of-suspension. */
  readonly deadline: string;
  readonly warnings: ReadonlyArray<{ readonly before: string; readonly on: string }>;
  /** Calendar days the clock stood still (closed suspensions only). */
  readonly suspendedDays: number;
  readonly stoppedOn: string | null;
  readonly stoppedBy: string | null;
}

const MS_PER_DAY = 86_400_000;
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);
}

/**
 * Replays the milestones in date order (ties: list order). Extensions move the deadline by the
 * payload's ISO duration; a suspension adds the days until the matching resume; a stop milestone
 * ends the clock for good (later milestones are ignored).
 */
export function computeLegalClock(clock: CompiledLegalClock, startDate: string, milestones: readonly ClockMilestone[]): LegalClockState {
  let deadline = addToDate(startDate, clock.term);
  let suspendedSince: string | null = null;
  let suspendedDays = 0;
  let stoppedOn: string | null = null;
  let stoppedBy: string | null = null;
  const ordered = milestones.map((event, index) => ({ event, index })).sort((a, b) => compareDates(a.event.on, b.event.on) || a.index - b.index);
  for (const { event } of ordered) {
    if (stoppedOn) break;
    if (clock.stopOn.includes(event.milestone)) {
      stoppedOn = event.on;
      stoppedBy = event.milestone;
    } else if (clock.suspendOn.includes(event.milestone) && suspendedSince === null) {
      suspendedSince = event.on;
    } else if (clock.resumeOn.includes(event.milestone) && suspendedSince !== null) {
      const days = daysBetween(suspendedSince, event.on);
      suspendedDays += days;
      deadline = addToDate(deadline, `P${days}D`);
      suspendedSince = null;
    } else {
      const extension = clock.extendOn.find((candidate) => candidate.milestone === event.milestone);
      if (extension) {
        const duration = String(event.payload?.[extension.durationField] ?? '');
        if (!isValidDuration(duration)) throw new InvalidDurationError(duration);
        deadline = addToDate(deadline, duration);
      }
    }
  }
  return {
    clockId: clock.id,
    status: stoppedOn ? 'stopped' : suspendedSince ? 'suspended' : 'running',
    startDate,
    deadline,
    warnings: clock.warnings.map((before) => ({ before, on: subtractFromDate(deadline, before) })),
    suspendedDays,
    stoppedOn,
    stoppedBy,
  };
}

/** The last day on which a milestone still meets its norm (`from` + `within`). */
export function normDeadline(norm: CompiledNorm, facts: Facts, declarations: readonly CompiledFact[]): string {
  return addToDate(evaluateDate(norm.from, facts, declarations), norm.within);
}

/** Whether a milestone signalled on `signalledOn` (Amsterdam calendar date) met its norm. */
export function isNormMet(norm: CompiledNorm, facts: Facts, declarations: readonly CompiledFact[], signalledOn: string): boolean {
  return compareDates(signalledOn, normDeadline(norm, facts, declarations)) <= 0;
}

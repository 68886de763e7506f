/**
 * Legal clocks in business time: a pure function from the clock, its start date and the dated
 * milestones that move it to its whole timeline — every change, the day each warning falls due
 * and the day it expires. Milestones count by the day they happened, however late they were
 * recorded: a diploma dated before a warning means that warning was never due; an extension dated
 * before the deadline moves it, even when recorded after the deadline passed.
 *
 * Each warning offset falls due once: on the first day that is `offset` before the deadline as it
 * stood on that day. A change dated after a warning fell due does not make it due again.
 *
 *   const timeline = clockTimeline(clock, '2020-02-29', milestones, { cutAfter: null });
 *   timeline.expiry;    // { on: '2023-03-01', deadline: '2023-02-28' }
 *   timeline.warnings;  // [{ offset: 'P12M', on: '2022-02-28', deadline: '2023-02-28' }, …]
 */
import { addDays, addToDate, daysBetween, isValidDuration, subtractFromDate } from '@wegwijs/calendar';
import type { CompiledLegalClock } from '@wegwijs/definitions/runtime';
import type { RecordedMilestone } from './record';

export type ClockChangeKind = 'started' | 'suspended' | 'resumed' | 'extended' | 'stopped' | 'expired';

export interface ClockChange {
  readonly on: string;
  readonly kind: ClockChangeKind;
  /** The deadline after the change. */
  readonly deadline: string;
  readonly milestoneId?: string;
  readonly milestone?: string;
  readonly legalBasis?: string;
  /** The deadline before an extension or a resume. */
  readonly from?: string;
}

export interface ClockWarning {
  readonly offset: string;
  readonly on: string;
  /** The deadline as it stood on that day (what the warning says). */
  readonly deadline: string;
  /** Epoch ms from which the municipality could have known it falls due then. */
  readonly knownSince: number;
}

export interface ClockTimeline {
  readonly clockId: string;
  readonly startDate: string;
  readonly changes: readonly ClockChange[];
  readonly warnings: readonly ClockWarning[];
  readonly expiry: { readonly on: string; readonly deadline: string; readonly knownSince: number } | null;
  readonly stoppedOn: string | null;
  /** The deadline after every milestone (while suspended: as if it ran again the day of the suspension). */
  readonly deadline: string;
  /** Milestones the clock did not take, with why: dated before it started, after it ended, or not fitting its state. */
  readonly refused: ReadonlyArray<{ readonly milestoneId: string; readonly reason: string }>;
}

export interface ClockTimelineOptions {
  /** The trajectory ended (cancelled, terminated) on this day: nothing falls due after it. */
  readonly cutAfter: string | null;
  /** When the start date became known as it is (epoch ms). */
  readonly startKnownSince: number;
}

/** The milestone names a clock listens to. */
export function clockMilestoneNames(clock: CompiledLegalClock): string[] {
  return [...clock.suspendOn, ...clock.resumeOn, ...clock.extendOn.map((extension) => extension.milestone), ...clock.stopOn];
}

export function clockTimeline(clock: CompiledLegalClock, startDate: string, milestones: readonly RecordedMilestone[], options: ClockTimelineOptions): ClockTimeline {
  const names = new Set(clockMilestoneNames(clock));
  const ordered = milestones
    .filter((milestone) => names.has(milestone.milestone))
    .sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : a.seq - b.seq));
  const changes: ClockChange[] = [];
  const warnings: ClockWarning[] = [];
  const refused: Array<{ milestoneId: string; reason: string }> = [];
  let deadline = addToDate(startDate, clock.term);
  let suspendedSince: string | null = null;
  let stoppedOn: string | null = null;
  let expiry: ClockTimeline['expiry'] = null;
  let knownSince = options.startKnownSince;
  changes.push({ on: startDate, kind: 'started', deadline });

  /**
   * What falls due from `from` up to and including `until` (null: from then on) while the clock
   * runs. A warning or the expiry falls at the start of its day, so it comes before a milestone of
   * that same day: an extension must be dated on or before the deadline.
   */
  const runUntil = (from: string, until: string | null) => {
    if (suspendedSince || stoppedOn || expiry) return;
    const cut = options.cutAfter;
    const inSegment = (day: string) => (until === null || day <= until) && (cut === null || day <= cut);
    for (const offset of clock.warnings) {
      if (warnings.some((warning) => warning.offset === offset)) continue;
      const candidate = subtractFromDate(deadline, offset);
      const due = candidate < from ? from : candidate;
      if (inSegment(due)) warnings.push({ offset, on: due, deadline, knownSince });
    }
    const expiresOn = addDays(deadline, 1);
    const due = expiresOn < from ? from : expiresOn;
    if (inSegment(due)) {
      expiry = { on: due, deadline, knownSince };
      changes.push({ on: due, kind: 'expired', deadline });
    }
  };

  let cursor = startDate;
  for (const milestone of ordered) {
    const refuse = (reason: string) => refused.push({ milestoneId: milestone.milestoneId, reason });
    if (milestone.occurredOn < startDate) {
      refuse(`dated before the clock started on ${startDate}`);
      continue;
    }
    runUntil(cursor, milestone.occurredOn);
    cursor = milestone.occurredOn;
    if (stoppedOn) {
      refuse(`the clock stopped on ${stoppedOn}`);
      continue;
    }
    if (expiry) {
      refuse(`the clock expired on ${(expiry as { on: string }).on}; the deadline was ${deadline}`);
      continue;
    }
    const legalBasis = typeof milestone.payload?.legalBasis === 'string' ? { legalBasis: milestone.payload.legalBasis } : {};
    const about = { milestoneId: milestone.milestoneId, milestone: milestone.milestone, ...legalBasis };
    const known = Date.parse(milestone.recordedAt);
    const extension = clock.extendOn.find((candidate) => candidate.milestone === milestone.milestone);
    if (clock.stopOn.includes(milestone.milestone)) {
      stoppedOn = milestone.occurredOn;
      changes.push({ on: milestone.occurredOn, kind: 'stopped', deadline, ...about });
    } else if (clock.suspendOn.includes(milestone.milestone)) {
      if (suspendedSince) refuse(`the clock is suspended since ${suspendedSince}`);
      else {
        suspendedSince = milestone.occurredOn;
        changes.push({ on: milestone.occurredOn, kind: 'suspended', deadline, ...about });
      }
    } else if (clock.resumeOn.includes(milestone.milestone)) {
      if (!suspendedSince) refuse('the clock is not suspended');
      else {
        const from = deadline;
        deadline = addDays(deadline, daysBetween(suspendedSince, milestone.occurredOn));
        suspendedSince = null;
        knownSince = Math.max(knownSince, known);
        changes.push({ on: milestone.occurredOn, kind: 'resumed', deadline, from, ...about });
      }
    } else if (extension) {
      const duration = milestone.payload?.[extension.durationField];
      if (!isValidDuration(duration)) refuse(`payload.${extension.durationField} is not an ISO 8601 duration`);
      else {
        const from = deadline;
        deadline = addToDate(deadline, duration);
        knownSince = Math.max(knownSince, known);
        changes.push({ on: milestone.occurredOn, kind: 'extended', deadline, from, ...about });
      }
    }
  }
  runUntil(cursor, null);
  return { clockId: clock.id, startDate, changes, warnings, expiry, stoppedOn, deadline, refused };
}

/** The clock's status on a business date (`today`, or the date a change is dated): its last change on or before that day decides. */
export function clockStatusOn(timeline: Pick<ClockTimeline, 'changes'>, today: string): 'running' | 'suspended' | 'stopped' | 'expired' {
  const past = timeline.changes.filter((change) => change.on <= today && change.kind !== 'started');
  const last = past.at(-1)?.kind;
  if (last === 'stopped') return 'stopped';
  if (last === 'expired') return 'expired';
  if (last === 'suspended') return 'suspended';
  return 'running';
}

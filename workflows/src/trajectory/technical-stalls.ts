/**
 * Technical stalls: activities of a trajectory that keep failing. A workflow never sees an
 * activity's failed attempts (Temporal retries them), so the worker's activity interceptor reports
 * them with the `technicalStall` signal once an activity has failed for longer than
 * TECHNICAL_STALL_AFTER; this keeps those reports, and forgets one as soon as the activity it is
 * about settles — it succeeded, failed for good, or was cancelled because the trajectory moved on.
 *
 *   const call = stalls.watch('fetchTvsProfile', 'fetchTvsProfile', activity(request), publish);
 *   stalls.report(signalled); // true when something changed
 *
 * Plain bookkeeping, deterministic: no clock, no I/O.
 */
import type { TechnicalStallReport, TechnicalStallView } from './trajectory.messages';

/** What a report may contain; anything else (a hand-made signal, say) is ignored. */
const IDENTIFIER = /^[A-Za-z0-9_.:-]{1,100}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

export class TechnicalStalls {
  /** Calls not yet settled, per activity and node: a report about anything else is stale. */
  private readonly inFlight = new Map<string, number>();
  private readonly stalls = new Map<string, TechnicalStallView>();

  /**
   * Follows an activity call and returns the same promise, so callers resume exactly as they would
   * without it. When the call settles its stall is cleared; `onCleared` hears when there was one.
   */
  watch<T>(activityType: string, nodeId: string | null, call: Promise<T>, onCleared: () => void): Promise<T> {
    const key = stallKey(activityType, nodeId);
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    const settled = () => {
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(key, left);
      else this.inFlight.delete(key);
      if (this.stalls.delete(key)) onCleared();
    };
    void call.then(settled, settled);
    return call;
  }

  /**
   * Takes a report from the worker; returns whether the stalls changed. Ignored when the call has
   * settled meanwhile, or when it says what is already known (the same error class again).
   */
  report(report: TechnicalStallReport): boolean {
    if (!isWellFormed(report)) return false;
    const key = stallKey(report.activityType, report.nodeId);
    if (!this.inFlight.has(key)) return false;
    const known = this.stalls.get(key);
    if (known?.errorClass === report.errorClass) return false;
    const failingSince = known && known.failingSince < report.failingSince ? known.failingSince : report.failingSince;
    this.stalls.set(key, { ...pick(report), failingSince, reason: stallReason({ ...report, failingSince }) });
    return true;
  }

  /** Whether this activity of this node is reported as failing for longer than TECHNICAL_STALL_AFTER. */
  isStalled(activityType: string, nodeId: string | null): boolean {
    return this.stalls.has(stallKey(activityType, nodeId));
  }

  /** Every stall, failing longest first. */
  views(): TechnicalStallView[] {
    return [...this.stalls.values()].sort((a, b) => a.failingSince.localeCompare(b.failingSince) || a.activityType.localeCompare(b.activityType));
  }

  /** The activity types that keep failing, for the WegwijsFailingActivities search attribute. */
  failingActivities(): string[] {
    return [...new Set([...this.stalls.values()].map((stall) => stall.activityType))].sort();
  }
}

function stallKey(activityType: string, nodeId: string | null): string {
  return `${activityType}#${nodeId ?? ''}`;
}

function isWellFormed(report: TechnicalStallReport): boolean {
  return (
    typeof report === 'object' &&
    report !== null &&
    typeof report.activityType === 'string' &&
    IDENTIFIER.test(report.activityType) &&
    (report.nodeId === null || (typeof report.nodeId === 'string' && IDENTIFIER.test(report.nodeId))) &&
    typeof report.errorClass === 'string' &&
    IDENTIFIER.test(report.errorClass) &&
    typeof report.failingSince === 'string' &&
    ISO_INSTANT.test(report.failingSince) &&
    Number.isInteger(report.attempt) &&
    report.attempt >= 1
  );
}

/** Only the known fields: a signal's extra properties do not end up in the state. */
function pick(report: TechnicalStallReport): TechnicalStallReport {
  const { activityType, nodeId, errorClass, failingSince, attempt } = report;
  return { activityType, nodeId, errorClass, failingSince, attempt };
}

/** "activity sendReminder at remindKlantmanager failing since 2026-11-28T10:00:00Z: SmtpConnectionError" */
function stallReason(report: TechnicalStallReport): string {
  const where = report.nodeId && report.nodeId !== report.activityType ? ` at ${report.nodeId}` : '';
  return `activity ${report.activityType}${where} failing since ${report.failingSince.slice(0, 19)}Z: ${report.errorClass}`;
}

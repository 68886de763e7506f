/**
 * Technical-stall detection in the worker. A workflow never sees an activity's failed attempts —
 * Temporal retries them — so this activity interceptor does: when an attempt fails and the
 * activity has been failing for longer than TECHNICAL_STALL_AFTER (from its first attempt to this
 * one, in the server's time), it tells the trajectory with the `technicalStall` signal: which
 * activity, which node, since when, and the class of the error. Never the error's message: it
 * can hold personal data, and search attributes are not encrypted.
 *
 *   Worker.create({ ..., interceptors: { activity: [technicalStallInterceptors(30 * 60_000)] } });
 *
 * An attempt that hangs never throws: when its start-to-close timeout passes, it counts as failed
 * with `StartToCloseTimeout`. A report goes out only when the trajectory does not know it yet (asked with the state query),
 * so an activity failing for days adds one signal to the history, not one per retry. The report
 * is sent before the failure is returned, so it always reaches the trajectory before the result
 * of a later attempt, which clears it.
 */
import type { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { getTrajectoryStateQuery, technicalStallSignal, trajectoryWorkflow, type TechnicalStallReport } from '@wegwijs/workflows';

/** How long the query and the signal may take together; the retry must not wait on a busy trajectory. */
const REPORT_TIMEOUT_MS = 10_000;
const ERROR_CLASS = /^[A-Za-z0-9_.:-]{1,100}$/;
const ERROR_CODE = /^[A-Z][A-Z0-9_]{1,40}$/;

/**
 * An attempt that ran into its start-to-close timeout: Temporal has given up on it and retries,
 * whether or not the activity's code ever noticed (a hung connection never throws).
 */
export class AttemptTimedOut extends Error {
  override readonly name = 'StartToCloseTimeout';
}

export function technicalStallInterceptors(stallAfterMs: number): ActivityInterceptorsFactory {
  return (context) => ({
    inbound: {
      async execute(input, next) {
        let reported = false;
        const report = async (error: unknown, attemptRanMs: number) => {
          const stall = reported ? undefined : technicalStallReport(context.info, input.args, error, stallAfterMs, attemptRanMs);
          reported = true;
          if (stall) await reportToTrajectory(context, stall);
        };
        const timeoutMs = context.info.startToCloseTimeoutMs;
        const watchdog = timeoutMs > 0 ? setTimeout(() => void report(new AttemptTimedOut(), timeoutMs), timeoutMs) : undefined;
        try {
          return await next(input);
        } catch (error) {
          const timedOut = error instanceof CancelledFailure && context.cancellationDetails?.timedOut === true;
          await (timedOut ? report(new AttemptTimedOut(), timeoutMs) : report(error, 0));
          throw error;
        } finally {
          clearTimeout(watchdog);
        }
      },
    },
  });
}

/**
 * The report for a failed attempt, or undefined when there is nothing to report: not a
 * trajectory's activity, not failing long enough yet, cancelled, or failing for good now (the
 * trajectory sees that failure itself). How long it has been failing is measured in the server's
 * time, from the first attempt's schedule to this one's, plus `attemptRanMs` when this attempt's
 * own duration is known (a timeout).
 */
export function technicalStallReport(
  info: Pick<
    Context['info'],
    'activityType' | 'attempt' | 'scheduledTimestampMs' | 'currentAttemptScheduledTimestampMs' | 'workflowType' | 'workflowExecution' | 'retryPolicy'
  >,
  args: readonly unknown[],
  error: unknown,
  stallAfterMs: number,
  attemptRanMs = 0,
): TechnicalStallReport | undefined {
  if (info.workflowType !== trajectoryWorkflow.name || !info.workflowExecution) return undefined;
  if (info.currentAttemptScheduledTimestampMs - info.scheduledTimestampMs + attemptRanMs < stallAfterMs) return undefined;
  if (error instanceof CancelledFailure || failsForGood(info, error)) return undefined;
  return {
    activityType: info.activityType,
    nodeId: nodeIdOf(args),
    errorClass: errorClassOf(error),
    failingSince: new Date(info.scheduledTimestampMs).toISOString(),
    attempt: info.attempt,
  };
}

/**
 * What kind of error it was, without what it says: an ApplicationFailure's type, else the error's
 * class (`name`), with a Node.js error code when the class says nothing more (`Error:ECONNREFUSED`).
 */
export function errorClassOf(error: unknown): string {
  let errorClass = 'Error';
  if (error instanceof ApplicationFailure) errorClass = error.type ?? 'ApplicationFailure';
  else if (error instanceof Error) {
    errorClass = error.name !== 'Error' ? error.name : error.constructor.name;
    const code = (error as NodeJS.ErrnoException).code;
    if (errorClass === 'Error' && typeof code === 'string' && ERROR_CODE.test(code)) errorClass = `Error:${code}`;
  }
  return ERROR_CLASS.test(errorClass) ? errorClass : 'Error';
}

function failsForGood(info: Pick<Context['info'], 'attempt' | 'retryPolicy'>, error: unknown): boolean {
  if (error instanceof ApplicationFailure && error.nonRetryable) return true;
  const policy = info.retryPolicy;
  if (policy?.maximumAttempts && info.attempt >= policy.maximumAttempts) return true;
  return error instanceof Error && (policy?.nonRetryableErrorTypes ?? []).includes(error instanceof ApplicationFailure ? (error.type ?? '') : error.name);
}

/** Service-task activities carry their node in the request (ServiceTaskRequest); the engine's own do not. */
function nodeIdOf(args: readonly unknown[]): string | null {
  const nodeId = (args[0] as { nodeId?: unknown } | undefined)?.nodeId;
  return typeof nodeId === 'string' ? nodeId : null;
}

async function reportToTrajectory(context: Context, report: TechnicalStallReport): Promise<void> {
  const execution = context.info.workflowExecution!;
  try {
    const handle = context.client.workflow.getHandle(execution.workflowId, execution.runId);
    await withTimeout(
      (async () => {
        if (await alreadyKnown(() => handle.query(getTrajectoryStateQuery), report)) return;
        await handle.signal(technicalStallSignal, report);
      })(),
    );
  } catch (error) {
    // The activity's own failure matters more: it goes back to Temporal either way, and the next
    // failed attempt reports again.
    context.log.warn('technical stall not reported', { activityType: report.activityType, error: error instanceof Error ? error.name : 'unknown' });
  }
}

async function alreadyKnown(state: () => Promise<{ readonly technicalStalls?: readonly TechnicalStallReport[] }>, report: TechnicalStallReport): Promise<boolean> {
  try {
    const { technicalStalls = [] } = await state();
    return technicalStalls.some((known) => known.activityType === report.activityType && known.nodeId === report.nodeId && known.errorClass === report.errorClass);
  } catch {
    // A trajectory that cannot answer now still gets the report; it ignores what it knows.
    return false;
  }
}

async function withTimeout(work: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), REPORT_TIMEOUT_MS);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Business failures: non-retryable `ApplicationFailure`s whose `type` a definition can route on.
 * Their messages hold no personal data — they name the trajectory and the node, nothing else.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';

export function businessFailure(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/**
 * Heartbeats when running inside a Temporal activity, so that long work is seen to be alive and
 * a cancelled activity stops; does nothing when called directly (unit tests).
 */
export function heartbeatIfInActivity(details?: unknown): void {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return;
  }
  context.heartbeat(details);
}

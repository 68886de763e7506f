/**
 * How often a step was tried, for its incident. Temporal tells a workflow the attempt count only
 * when the retries ran out; a business error that ends them early (non-retryable, e.g.
 * `NoNoaSlotAvailable` on the third attempt after two time-outs) arrives without it. This
 * activity interceptor adds the attempt to such a failure's details as `{ wegwijsAttempt }`,
 * which the workflow's effect runner reads.
 *
 *   Worker.create({ ..., interceptors: { activity: [attemptCountInterceptors] } });
 */
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

export const attemptCountInterceptors: ActivityInterceptorsFactory = (context) => ({
  inbound: {
    async execute(input, next) {
      try {
        return await next(input);
      } catch (error) {
        throw withAttemptCount(error, context.info.attempt);
      }
    },
  },
});

/** A non-retryable failure with `{ wegwijsAttempt: attempt }` added to its details; any other error as it is. */
export function withAttemptCount(error: unknown, attempt: number): unknown {
  if (!(error instanceof ApplicationFailure) || !error.nonRetryable) return error;
  const counted = ApplicationFailure.create({
    type: error.type ?? undefined,
    message: error.message,
    nonRetryable: true,
    details: [...(error.details ?? []), { wegwijsAttempt: attempt }],
    ...(error.cause ? { cause: error.cause } : {}),
  });
  counted.stack = error.stack;
  return counted;
}

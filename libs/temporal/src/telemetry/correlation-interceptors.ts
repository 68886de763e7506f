/**
 * The request's correlation id in Temporal: the client interceptor puts the id of the request
 * being handled (`currentCorrelationId()`) into the headers of every start, Update, Signal and
 * Query; the workflow's telemetry interceptors hand it on to the activities it causes; the
 * activity interceptor runs each activity under it and writes one log line per attempt, so an
 * activity's lines carry the id of the API request behind it.
 *
 *   new Client({ ..., interceptors: { workflow: [new CorrelationIdClientInterceptor()] } });
 *   Worker.create({ ..., interceptors: { activity: [activityLogInterceptors(logger)] } });
 */
import type { Context as ActivityContext } from '@temporalio/activity';
import type { Headers } from '@temporalio/common';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { currentCorrelationId, errorClass, isCorrelationId, runWithCorrelationId, type Logger } from '@wegwijs/telemetry';
import { correlationIdHeader, correlationIdInHeaders } from '@wegwijs/workflows';

function withCorrelationId(headers: Headers): Headers {
  const correlationId = currentCorrelationId();
  return correlationId ? { ...headers, ...correlationIdHeader(correlationId) } : headers;
}

export class CorrelationIdClientInterceptor implements WorkflowClientInterceptor {
  start: NonNullable<WorkflowClientInterceptor['start']> = (input, next) => next({ ...input, headers: withCorrelationId(input.headers) });
  startWithDetails: NonNullable<WorkflowClientInterceptor['startWithDetails']> = (input, next) => next({ ...input, headers: withCorrelationId(input.headers) });
  startUpdate: NonNullable<WorkflowClientInterceptor['startUpdate']> = (input, next) => next({ ...input, headers: withCorrelationId(input.headers) });
  startUpdateWithStart: NonNullable<WorkflowClientInterceptor['startUpdateWithStart']> = (input, next) =>
    next({ ...input, workflowStartHeaders: withCorrelationId(input.workflowStartHeaders), updateHeaders: withCorrelationId(input.updateHeaders) });
  signal: NonNullable<WorkflowClientInterceptor['signal']> = (input, next) => next({ ...input, headers: withCorrelationId(input.headers) });
  signalWithStart: NonNullable<WorkflowClientInterceptor['signalWithStart']> = (input, next) => next({ ...input, headers: withCorrelationId(input.headers) });
  query: NonNullable<WorkflowClientInterceptor['query']> = (input, next) => next({ ...input, headers: withCorrelationId(input.headers) });
}

/**
 * Runs each activity under the correlation id its headers carry and logs its outcome: the
 * activity type, the trajectory (its workflow id: a CBS code and case reference, never a name),
 * the attempt, how long it took and, when it failed, the error's class — never its message,
 * which may echo a person's data.
 */
export function activityLogInterceptors(logger: Logger): ActivityInterceptorsFactory {
  return (context: ActivityContext) => ({
    inbound: {
      async execute(input, next) {
        const carried = correlationIdInHeaders(input.headers);
        const run = async () => {
          const startedAt = performance.now();
          const fields = { activityType: context.info.activityType, trajectoryId: context.info.workflowExecution?.workflowId, attempt: context.info.attempt };
          try {
            const result = await next(input);
            logger.info({ ...fields, durationMs: Math.round(performance.now() - startedAt) }, 'activity completed');
            return result;
          } catch (error) {
            logger.warn({ ...fields, durationMs: Math.round(performance.now() - startedAt), error: errorClass(error) }, 'activity failed');
            throw error;
          }
        };
        return isCorrelationId(carried) ? runWithCorrelationId(carried, run) : run();
      },
    },
  });
}

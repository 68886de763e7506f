/**
 * Workflow interceptors for observability, loaded into the workflow bundle by path (the worker's
 * `interceptors.workflowModules`): OpenTelemetry spans for the workflow and the activities it
 * schedules (`@temporalio/interceptors-opentelemetry`, continuing the trace of the API request
 * that started or updated it), and the request's correlation id handed on to those activities.
 *
 * Deterministic like the rest of the bundle: they only read headers and activation jobs, which
 * are in the history, and add headers to commands. The correlation id is the last request's that
 * reached the workflow, kept through the chain of activities it set off; a timer that fires
 * forgets it, so work that time caused (a warning months later) carries none rather than a
 * stale one.
 */
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type { Headers, WorkflowInterceptors } from '@temporalio/workflow';
import { CORRELATION_ID_HEADER } from './correlation-header';

/** Remembers the correlation id of the latest call, until a timer fires, and adds it to the activities scheduled meanwhile. */
class CorrelationIdRelay {
  private current: Headers[string] | undefined;

  private remember(headers: Headers): void {
    if (headers[CORRELATION_ID_HEADER]) this.current = headers[CORRELATION_ID_HEADER];
  }

  private withCurrent(headers: Headers): Headers {
    return this.current && !headers[CORRELATION_ID_HEADER] ? { ...headers, [CORRELATION_ID_HEADER]: this.current } : headers;
  }

  readonly interceptors: WorkflowInterceptors = {
    inbound: [
      {
        execute: (input, next) => {
          this.remember(input.headers);
          return next(input);
        },
        handleUpdate: (input, next) => {
          this.remember(input.headers);
          return next(input);
        },
        handleSignal: (input, next) => {
          this.remember(input.headers);
          return next(input);
        },
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => next({ ...input, headers: this.withCurrent(input.headers) }),
        scheduleLocalActivity: (input, next) => next({ ...input, headers: this.withCurrent(input.headers) }),
      },
    ],
    internals: [
      {
        activate: (input, next) => {
          if ((input.activation.jobs ?? []).some((job) => job.fireTimer)) this.current = undefined;
          return next(input);
        },
      },
    ],
  };
}

/** The factory the SDK looks for in a `workflowModules` entry: one set of interceptors per workflow execution. */
export const interceptors = (): WorkflowInterceptors => {
  const correlation = new CorrelationIdRelay().interceptors;
  return {
    inbound: [new OpenTelemetryInboundInterceptor(), ...(correlation.inbound ?? [])],
    outbound: [new OpenTelemetryOutboundInterceptor(), ...(correlation.outbound ?? [])],
    internals: [new OpenTelemetryInternalsInterceptor(), ...(correlation.internals ?? [])],
  };
};

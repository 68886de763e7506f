/**
 * OpenTelemetry across Temporal (`@temporalio/interceptors-opentelemetry`): the client
 * interceptor continues the API request's trace into the start or Update it sends; the workflow
 * interceptors (in the bundle, see workflows/src/telemetry-interceptors.ts) continue it into the
 * workflow and the activities it schedules; the activity interceptors into each activity. The
 * workflow's spans leave the sandbox through the `exporter` sink, into the worker's span
 * processor — or a no-op one when the worker exports nothing (replay, tests about other things).
 */
import { join } from 'node:path';
import type { Resource } from '@opentelemetry/resources';
import { NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Resource as OtelResource } from '@opentelemetry/resources';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { OpenTelemetryWorkflowExporter } from '@temporalio/interceptors-opentelemetry/lib/workflow';

const WORKSPACE_ROOT = join(__dirname, '../../../..');

/** Loaded into the workflow bundle by path; a prebuilt bundle (`bundleWorkflowCode`) must be given them too. */
export const WORKFLOW_INTERCEPTOR_MODULES: readonly string[] = [join(WORKSPACE_ROOT, 'workflows/src/telemetry-interceptors.ts')];

export interface WorkflowSpanDestination {
  readonly spanProcessor: SpanProcessor;
  readonly resource: Resource;
}

/** The sink the workflow interceptors export their spans through. */
export function workflowSpanSinks(destination?: WorkflowSpanDestination): InjectedSinks<{ exporter: OpenTelemetryWorkflowExporter }> {
  return {
    exporter: makeWorkflowExporter(destination?.spanProcessor ?? new NoopSpanProcessor(), destination?.resource ?? OtelResource.empty()),
  };
}

/** Outermost activity interceptors: the activity's span, so everything inside (its log lines) belongs to it. */
export const tracingActivityInterceptors: ActivityInterceptorsFactory = (context) => ({
  inbound: new OpenTelemetryActivityInboundInterceptor(context),
  outbound: new OpenTelemetryActivityOutboundInterceptor(context),
});

export function tracingClientInterceptor(): OpenTelemetryWorkflowClientInterceptor {
  return new OpenTelemetryWorkflowClientInterceptor();
}

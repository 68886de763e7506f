/**
 * OpenTelemetry tracing for a process: a tracer provider registered globally (with W3C Trace
 * Context propagation and async-local context), whose spans go to an OTLP/HTTP collector when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set and nowhere otherwise. Spans are made either way, so trace
 * ids still tie log lines together across the API, the workflow and its activities.
 *
 *   const tracing = installTracing({ serviceName: 'wegwijs-api', otlpEndpoint: config.observability.otlpEndpoint });
 *   ...
 *   await tracing.shutdown(); // flushes what is buffered
 *
 * Tests pass their own `spanProcessor` (an in-memory exporter behind a SimpleSpanProcessor).
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TracingOptions {
  readonly serviceName: string;
  /** OTLP/HTTP base URL; spans go to `<endpoint>/v1/traces`. */
  readonly otlpEndpoint?: string;
  /** Instead of the OTLP exporter (tests). */
  readonly spanProcessor?: SpanProcessor;
}

export interface InstalledTracing {
  readonly resource: Resource;
  /** Where finished spans go; the worker hands it to the workflow span sink as well. */
  readonly spanProcessor: SpanProcessor;
  /** Whether spans leave the process. */
  readonly exporting: boolean;
  shutdown(): Promise<void>;
}

export function installTracing(options: TracingOptions): InstalledTracing {
  const resource = new Resource({ [ATTR_SERVICE_NAME]: options.serviceName, [ATTR_SERVICE_VERSION]: '0.1.0' });
  const spanProcessor =
    options.spanProcessor ??
    (options.otlpEndpoint ? new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` })) : new NoopSpanProcessor());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return {
    resource,
    spanProcessor,
    exporting: options.spanProcessor !== undefined || options.otlpEndpoint !== undefined,
    shutdown: async () => {
      await provider.shutdown();
      // Unregistered, so a later install (tests) starts from a clean slate.
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/**
 * The worker's `/metrics` (WORKER_METRICS_PORT on METRICS_HOST): the Temporal SDK's own metrics —
 * task slots, poll and schedule-to-start latencies, sticky cache, activity and workflow task
 * failures, which Temporal's Rust core serves in Prometheus format on a loopback port of its own —
 * forwarded, after the worker process's Node metrics. One port per worker for Prometheus to scrape.
 *
 *   const coreMetrics = await reserveLoopbackAddress();
 *   Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: coreMetrics } } } });
 *   const endpoint = await startWorkerMetricsEndpoint(config, coreMetrics, logger);
 */
import { createServer, type AddressInfo } from 'node:net';
import type { WegwijsConfiguration } from '@wegwijs/config';
import { errorClass, startMetricsEndpoint, type Logger, type MetricsEndpoint } from '@wegwijs/telemetry';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** A loopback address with a port free right now, for the SDK's exporter to bind. */
export async function reserveLoopbackAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `127.0.0.1:${port}`;
}

export async function startWorkerMetricsEndpoint(config: WegwijsConfiguration, coreMetricsAddress: string, logger: Logger): Promise<MetricsEndpoint> {
  const { workerMetricsPort, metricsHost, metricsToken } = config.observability;
  if (workerMetricsPort === undefined) throw new Error('WORKER_METRICS_PORT is not set');
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'wegwijs-worker' });
  collectDefaultMetrics({ register: registry, prefix: 'wegwijs_worker_' });
  return startMetricsEndpoint({
    host: metricsHost,
    port: workerMetricsPort,
    token: metricsToken,
    registry,
    alsoServe: async () => {
      const answer = await fetch(`http://${coreMetricsAddress}/metrics`);
      if (!answer.ok) throw new Error(`the Temporal SDK's metrics answered ${answer.status}`);
      return answer.text();
    },
    onError: (error) => logger.warn({ error: errorClass(error) }, 'metrics scrape failed'),
  });
}

/**
 * The Wegwijs API process. Logs JSON lines on stdout; exports spans when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 *
 *   DATABASE_URL=postgres://… TEMPORAL_ADDRESS=temporal:7233 node -r @swc-node/register apps/api/src/main.ts
 */
import { loadConfiguration } from '@wegwijs/config';
import { createLogger, installTracing } from '@wegwijs/telemetry';
import { createApiApplication } from './app.factory';
import { loadRepositoryDefinitions } from './definitions/repository-definitions';

async function main(): Promise<void> {
  const config = loadConfiguration(process.env);
  const service = config.observability.serviceName ?? 'wegwijs-api';
  const logger = createLogger(config.logLevel, service);
  // Before the Temporal client exists, so its interceptor finds the tracer provider.
  const tracing = installTracing({ serviceName: service, otlpEndpoint: config.observability.otlpEndpoint });
  const app = await createApiApplication({ config, definitions: await loadRepositoryDefinitions(), logger, tracing });
  await app.listen(config.api.port, config.api.host);
  logger.info({ url: `http://${config.api.host}:${config.api.port}`, tracesTo: config.observability.otlpEndpoint ?? 'nowhere' }, 'listening');
}

main().catch((error: unknown) => {
  // Start-up errors name configuration variables and parts, never request data: the message is safe here.
  process.stderr.write(`api failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

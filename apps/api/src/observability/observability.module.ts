import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { NamespaceClients } from '@wegwijs/temporal';
import type { WegwijsConfiguration } from '@wegwijs/config';
import { errorClass, startMetricsEndpoint, type InstalledTracing, type Logger, type MetricsEndpoint } from '@wegwijs/telemetry';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { withinCallTimeout } from '../infrastructure/temporal-call-timeout';
import { TEMPORAL_CLIENT, WEGWIJS_CONFIGURATION } from '../infrastructure/tokens';
import { createApiMetricsRegistry } from './api-metrics';

export const API_LOGGER = Symbol('API_LOGGER');
const API_TRACING = Symbol('API_TRACING');

/**
 * The API's `/metrics` on its own port (API_METRICS_PORT, on METRICS_HOST; bearer METRICS_TOKEN
 * when set), from start-up to shutdown. Off when no port is configured.
 */
@Injectable()
class ApiMetricsEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private endpoint: MetricsEndpoint | undefined;

  constructor(
    @Inject(WEGWIJS_CONFIGURATION) private readonly config: WegwijsConfiguration,
    @Inject(API_LOGGER) private readonly logger: Logger,
    @Inject(API_TRACING) private readonly tracing: InstalledTracing | null,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly namespaces: NamespaceClients,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { apiMetricsPort, metricsHost, metricsToken } = this.config.observability;
    if (apiMetricsPort === undefined) return;
    const registry = createApiMetricsRegistry({
      dataSource: this.dataSource,
      temporal: this.namespaces.all(),
      withinCallTimeout: (call) => withinCallTimeout(this.temporal, this.config.temporal.callTimeoutMs, call),
    });
    this.endpoint = await startMetricsEndpoint({
      host: metricsHost,
      port: apiMetricsPort,
      token: metricsToken,
      registry,
      onError: (error) => this.logger.warn({ error: errorClass(error) }, 'metrics scrape failed'),
    });
    this.logger.info({ metrics: `http://${this.endpoint.address}/metrics` }, 'serving metrics');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.endpoint?.close();
    // The last spans still buffered go out before the process ends.
    await this.tracing?.shutdown();
  }
}

/**
 * Logs and metrics for the API: Nest's own log lines through the process's pino logger (JSON,
 * with the correlation id), and the metrics endpoint. Request logging and tracing are Express
 * middleware (`requestTelemetry`), so that they see every request, also those refused before Nest.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static register(logger: Logger, tracing?: InstalledTracing): DynamicModule {
    return {
      module: ObservabilityModule,
      // autoLogging off: requestTelemetry writes the one line per request.
      imports: [LoggerModule.forRoot({ pinoHttp: { logger, autoLogging: false, quietReqLogger: true } })],
      providers: [{ provide: API_LOGGER, useValue: logger }, { provide: API_TRACING, useValue: tracing ?? null }, ApiMetricsEndpoint],
      exports: [API_LOGGER],
    };
  }
}

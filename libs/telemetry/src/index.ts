/**
 * What the API and the worker tell operators: JSON logs (pino) carrying the request's correlation
 * id, OpenTelemetry traces, and Prometheus metrics on a port of their own. Nothing here knows
 * Temporal or the database; the Temporal interceptors are in @wegwijs/temporal.
 *
 *   const logger = createLogger(config, 'worker');
 *   runWithCorrelationId(correlationIdFrom(request.headers), () => logger.info('handled')); // {"correlationId":"…","msg":"handled"}
 *   const tracing = installTracing(config, 'wegwijs-worker');
 *   const endpoint = await startMetricsEndpoint({ host, port, token, registry });
 */
export * from './correlation-id';
export * from './logger';
export * from './metrics-endpoint';
export * from './tracing';

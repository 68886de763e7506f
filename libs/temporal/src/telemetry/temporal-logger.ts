/**
 * The Temporal SDK's log lines (the worker's own, workflow and activity loggers) through pino,
 * so the worker writes one JSON format. The SDK's metadata (namespace, task queue, workflow id
 * and type, activity type) becomes fields of the line.
 *
 *   Runtime.install({ logger: new PinoTemporalLogger(logger) });
 */
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import type { Logger } from '@wegwijs/telemetry';

const PINO_METHOD = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

export class PinoTemporalLogger implements TemporalLogger {
  constructor(private readonly logger: Logger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const { error, ...fields } = (meta ?? {}) as LogMetadata & { error?: unknown };
    // An error's message may hold what failed to be processed: its class only.
    const errorField = error === undefined ? {} : { error: error instanceof Error ? error.name : typeof error };
    this.logger[PINO_METHOD[level]]({ ...fields, ...errorField }, message);
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/**
 * The processes' logger: pino, one JSON object per line on stdout, with the correlation id and
 * the active trace of whatever is being handled added to every line.
 *
 *   const logger = createLogger(config.logLevel, 'wegwijs-api');
 *   logger.info({ trajectoryId }, 'milestone recorded');
 *   // {"level":"info","time":"2026-12-07T17:00:00.000Z","service":"wegwijs-api","correlationId":"…","traceId":"…","trajectoryId":"GM0392.HLM-2019-0042","msg":"milestone recorded"}
 *
 * What may never reach a line: request bodies and query strings (a person's name, BSN or birth
 * date travel there), authorization headers and cookies, error messages from elsewhere (they can
 * echo input) — log an error's class, not its message. The redaction paths below are the last
 * line of defence; the request serializer in the API does not log those parts at all.
 */
import { trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger } from 'pino';
import { currentCorrelationId } from './correlation-id';

export type { Logger } from 'pino';

/** LOG_LEVEL (NestJS's names) in pino's terms. */
const PINO_LEVELS = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' } as const;
export type WegwijsLogLevel = keyof typeof PINO_LEVELS;

/** Where personal data or secrets could sit in what is logged, censored should anything put it there. */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.body',
  'req.query',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'body',
];

export function createLogger(level: WegwijsLogLevel, service: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level: PINO_LEVELS[level],
      base: { service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names, not numbers: what someone grepping for "error" expects.
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
      mixin: () => {
        const span = trace.getActiveSpan()?.spanContext();
        return { correlationId: currentCorrelationId(), ...(span ? { traceId: span.traceId, spanId: span.spanId } : {}) };
      },
    },
    destination,
  );
}

/** An error as a log line may show it: its class (and Temporal failure type), never its message. */
export function errorClass(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const type = (error as { type?: unknown }).type;
  return typeof type === 'string' && type ? `${error.name}(${type})` : error.name;
}

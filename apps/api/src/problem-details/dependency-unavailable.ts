import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

/** gRPC status codes (grpc-js's `status`, which is not our dependency). */
const GrpcStatus = { DEADLINE_EXCEEDED: 4, UNAVAILABLE: 14 } as const;

/** What an error says is missing: Temporal itself, a worker (a call that needs one ran out of time), or PostgreSQL. */
export type MissingDependency = 'temporal' | 'worker' | 'database';

/** How long a client should wait before trying again, in seconds (the `Retry-After` of a 503). */
export const RETRY_AFTER_SECONDS = 5;

/**
 * PostgreSQL's "connection exception" (08…) and "operator intervention" (57P01–57P03: shut down,
 * crashed, starting up) classes, and the socket errors of a server that is not there.
 */
const DATABASE_GONE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03']);
const DATABASE_GONE_MESSAGES = [/Connection terminated/i, /timeout exceeded when trying to connect/i, /Client has encountered a connection error/i];

/**
 * Whether an error means a part Wegwijs depends on is not reachable — not a bug, but a 503 the
 * client can retry — and which part. Walks the error's causes (Temporal's ServiceError wraps the
 * gRPC error; TypeORM's QueryFailedError wraps pg's as `driverError`).
 */
export function missingDependency(error: unknown): MissingDependency | undefined {
  const seen = new Set<unknown>();
  for (let current = error; current instanceof Error && !seen.has(current); current = causeOf(current)) {
    seen.add(current);
    if (current instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'worker';
    if (isGrpcServiceError(current)) {
      if (current.code === GrpcStatus.UNAVAILABLE) return 'temporal';
      if (current.code === GrpcStatus.DEADLINE_EXCEEDED) return 'worker';
    }
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (DATABASE_GONE_CODES.has(code) || code.startsWith('08'))) return 'database';
    if (DATABASE_GONE_MESSAGES.some((pattern) => pattern.test(current instanceof Error ? current.message : ''))) return 'database';
  }
  return undefined;
}

function causeOf(error: Error): unknown {
  return (error as { driverError?: unknown }).driverError ?? error.cause;
}

/** The `detail` of the 503: which part is missing, and that retrying is safe. */
export function missingDependencyDetail(missing: MissingDependency): string {
  const part = { temporal: 'The workflow engine (Temporal) is not reachable', worker: 'No trajectory worker answered in time', database: 'The database is not reachable' }[missing];
  return `${part}; try again in ${RETRY_AFTER_SECONDS} s (a request sent again with the same Idempotency-Key is recorded once)`;
}

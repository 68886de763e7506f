import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

/** gRPC status codes (grpc-js's `status`, which is not our dependency). */
const GrpcStatus = { UNKNOWN: 2, DEADLINE_EXCEEDED: 4, RESOURCE_EXHAUSTED: 8, FAILED_PRECONDITION: 9, ABORTED: 10, INTERNAL: 13, UNAVAILABLE: 14 } as const;
/** Temporal's answer to a Query when no worker has polled lately (seen once the dev server is back and the worker not yet). */
const NO_POLLER = /no poller seen/i;
/**
 * Temporal failing a call itself: unreachable, overloaded, or — seen right after a dev server
 * restart, on a Query — an internal or unknown error of its own. Not a request the client got
 * wrong, and not our bug: 503, logged with the gRPC code and details.
 */
const TEMPORAL_FAILED_CODES = new Set<number>([GrpcStatus.UNAVAILABLE, GrpcStatus.RESOURCE_EXHAUSTED, GrpcStatus.ABORTED, GrpcStatus.INTERNAL, GrpcStatus.UNKNOWN]);

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
      if (TEMPORAL_FAILED_CODES.has(current.code)) return 'temporal';
      if (current.code === GrpcStatus.DEADLINE_EXCEEDED) return 'worker';
      if (current.code === GrpcStatus.FAILED_PRECONDITION && NO_POLLER.test(current.details)) return 'worker';
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

/** For the log: the gRPC code and details under a Temporal error, which its message leaves out. */
export function grpcCause(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  for (let current = error; current instanceof Error && !seen.has(current); current = causeOf(current)) {
    seen.add(current);
    if (isGrpcServiceError(current)) return `gRPC ${current.code} ${current.details}`;
  }
  return undefined;
}

/** The `detail` of the 503: which part is missing, and that retrying is safe. */
export function missingDependencyDetail(missing: MissingDependency): string {
  const part = { temporal: 'The workflow engine (Temporal) is not reachable', worker: 'No trajectory worker answered in time', database: 'The database is not reachable' }[missing];
  return `${part}; try again in ${RETRY_AFTER_SECONDS} s (a request sent again with the same Idempotency-Key is recorded once)`;
}

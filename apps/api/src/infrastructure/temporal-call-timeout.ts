import type { Client } from '@temporalio/client';

/**
 * Runs Temporal calls that need a worker (Updates, Queries, an Update-with-Start) under a
 * deadline. With no worker polling, Temporal holds such a call open until one comes back; the
 * API answers 503 with Retry-After instead (`dependencyUnavailable`), and a client that sends the
 * same request again — a milestone with its Idempotency-Key — has it recorded once.
 */
export function withinCallTimeout<T>(temporal: Client, timeoutMs: number, call: () => Promise<T>): Promise<T> {
  return temporal.connection.withDeadline(Date.now() + timeoutMs, call);
}

/**
 * The correlation id: one per request, carried through everything the request causes (the API's
 * log lines, the Temporal calls, the activities those start) so that one `grep` finds them all.
 *
 * An id a client sends is taken only when it cannot hold personal data: a UUID (what load
 * balancers and Envoy send as `X-Request-Id`) or 32 hex digits (nginx's `$request_id`, a W3C
 * trace id). Anything else — a case number, a name, a BSN — is replaced by a fresh UUID, so no
 * client can write personal data into the logs through this header.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

const SAFE_REQUEST_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;
/** W3C Trace Context: version-traceid-parentid-flags; an all-zero trace id is invalid. */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/i;

const storage = new AsyncLocalStorage<string>();

/** The id to use for a request: its own `X-Request-Id` if safe, else its `traceparent`'s trace id, else a new UUID. */
export function correlationIdFrom(headers: Record<string, string | string[] | undefined>): string {
  const requestId = single(headers[REQUEST_ID_HEADER]);
  if (requestId && SAFE_REQUEST_ID.test(requestId)) return requestId.toLowerCase();
  const traceId = TRACEPARENT.exec(single(headers.traceparent) ?? '')?.[1];
  if (traceId && !/^0+$/.test(traceId)) return traceId.toLowerCase();
  return randomUUID();
}

/** Whether an id that arrived from elsewhere (a Temporal header) is one this module could have made. */
export function isCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && SAFE_REQUEST_ID.test(value);
}

/** Runs `work` (and everything it awaits) under `correlationId`. */
export function runWithCorrelationId<T>(correlationId: string, work: () => T): T {
  return storage.run(correlationId, work);
}

/** The correlation id of the request or activity being handled, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

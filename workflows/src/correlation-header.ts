/**
 * The Temporal header that carries a request's correlation id: the API's client interceptor
 * writes it, the workflow's telemetry interceptors hand it on to activities, the worker's
 * activity interceptor reads it into the activity's log lines.
 */
import { defaultPayloadConverter, type Headers, type Payload } from '@temporalio/common';

export const CORRELATION_ID_HEADER = 'wegwijs-correlation-id';

export function correlationIdHeader(correlationId: string): Record<string, Payload> {
  return { [CORRELATION_ID_HEADER]: defaultPayloadConverter.toPayload(correlationId) };
}

/** The value in the header, unchecked (the reader validates it), or undefined. */
export function correlationIdInHeaders(headers: Headers): unknown {
  const payload = headers[CORRELATION_ID_HEADER];
  return payload ? defaultPayloadConverter.fromPayload(payload) : undefined;
}

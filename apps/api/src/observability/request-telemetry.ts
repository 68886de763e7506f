/**
 * What every HTTP request gets before anything else runs: its correlation id (taken from a safe
 * `X-Request-Id` or `traceparent`, else new; echoed as `X-Request-Id`), a server span that
 * continues the caller's trace, and one JSON log line when it is answered — method, path without
 * its query string, status and duration. Headers, bodies and query strings are never logged: a
 * person's name, BSN or birth date travel there, and so do tokens.
 *
 *   app.use(...requestTelemetry(logger));   // first, before body parsing and authentication
 */
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { correlationIdFrom, currentCorrelationId, errorClass, REQUEST_ID_HEADER, runWithCorrelationId, type Logger } from '@wegwijs/telemetry';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { pinoHttp } from 'pino-http';

const tracer = trace.getTracer('wegwijs-api');

export function requestTelemetry(logger: Logger): RequestHandler[] {
  return [correlateAndTrace, requestLog(logger)];
}

function correlateAndTrace(request: Request, response: Response, next: NextFunction): void {
  const correlationId = correlationIdFrom(request.headers);
  response.setHeader(REQUEST_ID_HEADER, correlationId);
  const parent = propagation.extract(context.active(), request.headers);
  const span = tracer.startSpan(
    `${request.method}`,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.path': pathOf(request), 'wegwijs.correlation_id': correlationId } },
    parent,
  );
  response.once('finish', () => {
    // The route's pattern (e.g. /trajectories/:trajectoryId/milestones), known once routed: few distinct span names.
    const route = (request.route as { path?: string } | undefined)?.path;
    if (route) {
      span.updateName(`${request.method} ${route}`);
      span.setAttribute('http.route', route);
    }
    span.setAttribute('http.response.status_code', response.statusCode);
    if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  runWithCorrelationId(correlationId, () => context.with(trace.setSpan(parent, span), () => next()));
}

function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (request) => currentCorrelationId() ?? correlationIdFrom(request.headers),
    // The correlation id is on every line already (the logger's mixin); no second copy per request.
    quietReqLogger: true,
    wrapSerializers: false,
    serializers: {
      req: (request: Request) => ({ method: request.method, path: pathOf(request) }),
      res: (response: Response) => ({ statusCode: response.statusCode }),
      // Its class only: a message may repeat the body that caused it.
      err: (error: unknown) => ({ type: errorClass(error) }),
    },
    customLogLevel: (request, response, error) => {
      // Probes ask every few seconds, and answer 503 while a part starts: worth a line only when debugging.
      if (pathOf(request as Request).startsWith('/health')) return 'debug';
      // 503: a dependency is away and the client is told to retry — the health checks say which; not an error of ours.
      if (response.statusCode === 503) return 'warn';
      return error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info';
    },
    customSuccessMessage: (request, response) => `${request.method} ${pathOf(request as Request)} ${response.statusCode}`,
    customErrorMessage: (request, response) => `${request.method} ${pathOf(request as Request)} ${response.statusCode}`,
  });
}

/** The path without its query string, which may carry a person's data (`?bsn=…`). */
function pathOf(request: Request): string {
  return (request.originalUrl ?? request.url).split('?')[0];
}

/**
 * How the API reads request bodies, and what it answers to bodies it will not read — every one a
 * 4xx problem, never a 5xx, and none quoting the body (which may hold a name or a BSN):
 * - a media type the route does not take: 415 `unsupported-media-type`, with the types it does;
 * - a content encoding it does not decode: 415; a corrupt compressed body: 400 `undecodable-body`;
 * - larger than the route's limit (after decompression): 413; not JSON: 400 `malformed-json`;
 * - nested deeper than `MAX_BODY_DEPTH` levels: 422 `body-too-deep`. Wegwijs's own bodies nest a
 *   handful of levels; thousands would make validation recurse until the stack overflows.
 *
 *   app.use('/codec', acceptMediaTypes(['application/json']), ...jsonBody('4mb'), bodyProblems);
 */
import { json, Router, type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { sendProblem } from '../problem-details/problem-details.filter';
import { ProblemType } from '../problem-details/problem-types';

export const MAX_BODY_DEPTH = 32;
export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

/** Answers 415 to a request whose body is of none of these media types; a request without a body passes. */
export function acceptMediaTypes(types: readonly string[]): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    // null: the request has no body; false: its Content-Type (or its absence) is none of these.
    // An empty body (`Content-Length: 0`, as browsers send a POST without one) is no body either.
    if (isEmptyBody(request) || request.is([...types]) !== false) return next();
    sendProblem(request, response, ProblemType.unsupportedMediaType, `Send the body as ${types.join(' or ')}`, { supported: [...types] });
  };
}

function isEmptyBody(request: Request): boolean {
  return request.headers['transfer-encoding'] === undefined && request.headers['content-length'] === '0';
}

/** A JSON body parser with this size limit, for the JSON media types, that refuses bodies nested too deep. */
export function jsonBody(limit: string, types: readonly string[] = JSON_MEDIA_TYPES): RequestHandler[] {
  return [json({ limit, type: [...types] }), refuseDeepBodies];
}

function refuseDeepBodies(request: Request, response: Response, next: NextFunction): void {
  if (depthExceeds(request.body, MAX_BODY_DEPTH)) {
    return sendProblem(request, response, ProblemType.bodyTooDeep, `The request body nests deeper than ${MAX_BODY_DEPTH} levels`, { maxDepth: MAX_BODY_DEPTH });
  }
  next();
}

/** Whether arrays and objects nest deeper than `limit` (the body itself is level 1); without recursion, so any depth is safe to measure. */
export function depthExceeds(value: unknown, limit: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  while (pending.length > 0) {
    const { value: next, depth } = pending.pop()!;
    if (next === null || typeof next !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(next)) pending.push({ value: child, depth: depth + 1 });
  }
  return false;
}

/**
 * Express error middleware right after the body parsers: answers their errors itself. Nest would
 * turn a parse error into a 400 whose message quotes the body, and a decompression error into a 500.
 */
export function bodyProblems(error: unknown, request: Request, response: Response, next: (error?: unknown) => void): void {
  const { type, status, code } = (error ?? {}) as { type?: unknown; status?: unknown; code?: unknown };
  switch (type) {
    case 'entity.parse.failed':
      return sendProblem(request, response, ProblemType.malformedJson, 'The request body could not be parsed as JSON');
    case 'entity.too.large':
      return sendProblem(request, response, ProblemType.payloadTooLarge, 'The request body exceeds the size limit');
    case 'encoding.unsupported':
      return sendProblem(request, response, ProblemType.unsupportedMediaType, 'The request body is in a content encoding the API does not decode; send it as is, or as gzip, deflate or br', {
        supported: ['identity', 'gzip', 'deflate', 'br'],
      });
    case 'charset.unsupported':
      return sendProblem(request, response, ProblemType.unsupportedMediaType, 'The request body must be UTF-8', { supported: ['utf-8'] });
  }
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return sendProblem(request, response, ProblemType.undecodableBody, 'The request body could not be decompressed as its Content-Encoding says');
  }
  // Whatever else the body parser refuses (an aborted request, a wrong Content-Length) is the client's.
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return sendProblem(request, response, ProblemType.badRequest, 'The request body could not be read');
  }
  next(error);
}

/**
 * Body handling for every path but those under `ownPrefixes`, which mount their own (the codec's
 * larger limit, the definitions' YAML): a path is read by one set of parsers and gates, never two.
 */
export function exceptUnder(ownPrefixes: readonly string[], handlers: ReadonlyArray<RequestHandler | ErrorRequestHandler>): RequestHandler {
  const router = Router();
  router.use(...handlers);
  return (request, response, next) => (ownPrefixes.some((prefix) => request.path === prefix || request.path.startsWith(`${prefix}/`)) ? next() : router(request, response, next));
}

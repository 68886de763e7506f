import type { WegwijsConfiguration } from '@wegwijs/config';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { acceptMediaTypes, bodyProblems, jsonBody } from '../http/request-bodies';
import { codecCors } from './codec-cors';

export { CodecModule } from './codec.module';
export { codecAllowedOrigins } from './codec-cors';

/**
 * A history page's payloads, decoded or encoded at once, exceed the API's 64 kB body limit;
 * Temporal caps one payload at 2 MB.
 */
const CODEC_BODY_LIMIT = '4mb';

/** Express middleware for `/codec`: CORS for the Web UI, then JSON bodies only, with a codec-sized limit. */
export function codecMiddleware(config: WegwijsConfiguration): Array<RequestHandler | ErrorRequestHandler> {
  return [codecCors(config), acceptMediaTypes(['application/json']), ...jsonBody(CODEC_BODY_LIMIT, ['application/json']), bodyProblems];
}

import type { WegwijsConfiguration } from '@wegwijs/config';
import { json } from 'express';
import { codecCors } from './codec-cors';

export { CodecModule } from './codec.module';
export { codecAllowedOrigins } from './codec-cors';

/**
 * A history page's payloads, decoded or encoded at once, exceed the API's 64 kB body limit;
 * Temporal caps one payload at 2 MB.
 */
const CODEC_BODY_LIMIT = '4mb';

/** Express middleware for `/codec`: CORS for the Web UI, then a body parser with a codec-sized limit. */
export function codecMiddleware(config: WegwijsConfiguration) {
  return [codecCors(config), json({ limit: CODEC_BODY_LIMIT, type: ['application/json'] })];
}

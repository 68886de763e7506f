import type { WegwijsConfiguration } from '@wegwijs/config';
import type { NextFunction, Request, Response } from 'express';
import { sendProblem } from '../problem-details/problem-details.filter';
import { CodecProblemType } from './codec-problem-types';

/** What the Web UI sends: JSON, the namespace, and the user's access token when "Pass access token" is on. */
const ALLOWED_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'X-Namespace'];
/** Browsers may cache a preflight this long (seconds). */
const PREFLIGHT_MAX_AGE = 600;

/**
 * The browser origins allowed to call the codec: the Temporal Web UI's only. `TEMPORAL_UI_URL`
 * when set; otherwise the Web UI of the dev server `npm start` runs, under both names a
 * browser may use for it.
 */
export function codecAllowedOrigins(config: WegwijsConfiguration): string[] {
  if (config.temporal.uiUrl) return [new URL(config.temporal.uiUrl).origin];
  return [`http://127.0.0.1:${config.temporal.uiPort}`, `http://localhost:${config.temporal.uiPort}`];
}

/**
 * CORS for `/codec/*` only — the rest of the API is not for browsers on other origins. A request
 * without `Origin` (the Temporal CLI's `--codec-endpoint`, server-to-server) passes untouched; a
 * browser request or preflight from any origin but the Web UI's is answered 403, so a page
 * elsewhere cannot even learn whether a supervisor's credentials would have worked.
 */
export function codecCors(config: WegwijsConfiguration) {
  const allowed = new Set(codecAllowedOrigins(config));
  return (request: Request, response: Response, next: NextFunction): void => {
    const origin = request.header('origin');
    if (origin === undefined) return next();
    response.vary('Origin');
    if (!allowed.has(origin)) {
      return sendProblem(request, response, CodecProblemType.originNotAllowed, `Origin ${origin} is not the Temporal Web UI's`);
    }
    response.setHeader('Access-Control-Allow-Origin', origin);
    // The UI's "Include cross-origin credentials" setting sends cookies; the answer must allow it.
    response.setHeader('Access-Control-Allow-Credentials', 'true');
    if (request.method !== 'OPTIONS') return next();
    response.setHeader('Access-Control-Allow-Methods', 'POST');
    response.setHeader('Access-Control-Allow-Headers', ALLOWED_REQUEST_HEADERS.join(', '));
    response.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE));
    response.status(204).end();
  };
}

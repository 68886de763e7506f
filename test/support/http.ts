/** A small JSON-over-HTTP client for end-to-end tests: real requests, parsed answers, and access tokens. */
import { createPrivateKey, sign } from 'node:crypto';
import type { ActorRole } from '@wegwijs/domain';

export interface HttpAnswer<T = any> {
  readonly status: number;
  readonly contentType: string;
  readonly headers: Headers;
  readonly body: T;
}

export interface TestActor {
  readonly role: ActorRole;
  readonly id: string;
  /** GM0392 (Haarlem) unless said otherwise. */
  readonly municipalities?: readonly string[];
}

export interface TokenOptions {
  /** Seconds from now; negative for an expired token. */
  readonly expiresIn?: number;
  readonly issuer?: string;
  readonly audience?: string;
  /** Claims to set or override, e.g. `{ roles: ['klantmanager', 'admin'] }`. */
  readonly claims?: Record<string, unknown>;
}

/**
 * A signed access token as the tests' identity provider would issue it (see global-setup), made
 * here with Node's own crypto so the API's verification (jose) is checked against an independent
 * signer. Synchronous, so headers can be constants.
 */
export function accessToken(actor: TestActor, options: TokenOptions = {}): string {
  const key = process.env.WEGWIJS_TEST_TOKEN_KEY;
  if (!key) throw new Error('WEGWIJS_TEST_TOKEN_KEY is unset: run end-to-end tests through jest, whose global setup makes the test identity provider');
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: options.issuer ?? process.env.AUTH_ISSUER,
    aud: options.audience ?? 'wegwijs-api',
    sub: actor.id,
    roles: [actor.role],
    municipalities: actor.municipalities ?? ['GM0392'],
    iat: now,
    exp: now + (options.expiresIn ?? 3600),
    ...options.claims,
  };
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signingInput = `${encode({ alg: 'ES256', typ: 'JWT' })}.${encode(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput), { key: createPrivateKey({ key: JSON.parse(key), format: 'jwk' }), dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** `Authorization` header for a test actor. */
export function authHeaders(actor: TestActor, options?: TokenOptions): Record<string, string> {
  return { authorization: `Bearer ${accessToken(actor, options)}` };
}

export const KLANTMANAGER = authHeaders({ role: 'klantmanager', id: 'km-0007' });

export async function request<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string>; /** Abort (a TimeoutError) when no whole answer came in this time. */ timeoutMs?: number } = {},
): Promise<HttpAnswer<T>> {
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    signal: options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs),
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

/** Asks again until `done` holds or the attempts run out; returns the last answer either way. */
export async function pollUntil<T>(ask: () => Promise<T>, done: (answer: T) => boolean, attempts = 100, pauseMs = 100): Promise<T> {
  let answer = await ask();
  for (let attempt = 1; attempt < attempts && !done(answer); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    answer = await ask();
  }
  return answer;
}

/** A small JSON-over-HTTP client for end-to-end tests: real requests, parsed answers. */
export interface HttpAnswer<T = any> {
  readonly status: number;
  readonly contentType: string;
  readonly headers: Headers;
  readonly body: T;
}

export const KLANTMANAGER = { 'x-wegwijs-actor-role': 'klantmanager', 'x-wegwijs-actor-id': 'km-0007' } as const;

/** Headers that say who calls (stand-in until bearer tokens; then `{ authorization: 'Bearer …' }`). */
export function authHeaders(actor: { role: string; id: string; municipalities?: readonly string[] }): Record<string, string> {
  return { 'x-wegwijs-actor-role': actor.role, 'x-wegwijs-actor-id': actor.id };
}

export async function request<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer<T>> {
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
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

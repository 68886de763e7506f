/**
 * The API client, generated from docs/openapi.json (`npm run web:api-types` writes schema.d.ts;
 * openapi-fetch makes the calls typed by path, method, parameters and body). Every request carries
 * the in-memory access token.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { accessToken } from '../auth';
import type { paths } from './schema';

const bearerToken: Middleware = {
  onRequest({ request }) {
    const token = accessToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: location.origin });
api.use(bearerToken);

/** An application/problem+json answer (RFC 9457), as the API sends for every refusal. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: ReadonlyArray<{ readonly field: string; readonly message: string }>;
  readonly expected?: readonly string[];
  /** The problem's other members (RFC 9457 extensions: allowedRoles, possible, clockId, …), which messages name. */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/** Thrown by queries for an answer that is not 2xx; network failures stay TypeErrors (and are retried). */
export class ProblemAnswer extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ProblemAnswer';
  }
}

export function problemOf(error: unknown, status: number): Problem {
  const problem = error && typeof error === 'object' ? (error as Partial<Problem> & Record<string, unknown>) : undefined;
  const { type, title, detail, errors, expected, status: _status, instance: _instance, ...extensions } = problem ?? {};
  return { type: type ?? 'about:blank', title: title ?? `HTTP ${status}`, status, detail: detail ?? '', errors, expected, extensions: { ...extensions, ...(expected ? { expected } : {}) } };
}

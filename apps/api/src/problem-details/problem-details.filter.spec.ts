import { Logger, type ArgumentsHost } from '@nestjs/common';
import { ServiceError } from '@temporalio/client';
import { DefinitionProblemType } from '../definitions/definition-problem-types';
import { ProblemDetailsFilter } from './problem-details.filter';
import { ProblemException } from './problem.exception';
import { ProblemType } from './problem-types';

/** An Express request and response just capable enough for the filter, recording what it answers. */
function exchange() {
  const answer = { status: 0, headers: {} as Record<string, string>, body: '' };
  const response = {
    getHeader: (name: string) => answer.headers[name.toLowerCase()],
    setHeader: (name: string, value: string) => void (answer.headers[name.toLowerCase()] = value),
    status(code: number) {
      answer.status = code;
      return this;
    },
    type(contentType: string) {
      answer.headers['content-type'] = contentType;
      return this;
    },
    send(body: string) {
      answer.body = body;
      return this;
    },
  };
  const request = { method: 'GET', originalUrl: '/definitions/haarlem-statushouders/versions/9/svg', route: { path: '/definitions/:key/versions/:version/svg' } };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ArgumentsHost;
  return { host, answer };
}

describe('ProblemDetailsFilter', () => {
  let logged: { level: string; message: string }[];
  beforeEach(() => {
    logged = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void logged.push({ level: 'error', message: String(message) }));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void logged.push({ level: 'warn', message: String(message) }));
  });
  afterEach(() => jest.restoreAllMocks());

  it('answers a missing diagram 404, a client matter, without logging it', () => {
    const { host, answer } = exchange();
    new ProblemDetailsFilter().catch(new ProblemException(DefinitionProblemType.diagramNotRendered, 'No rendered diagram of haarlem-statushouders@9 is kept'), host);
    expect(answer.status).toBe(404);
    expect(logged).toEqual([]);
  });

  it('answers an unreachable Temporal 503 with Retry-After, logged as a warning, not as an error', () => {
    const { host, answer } = exchange();
    const unreachable = new ServiceError('Failed to query workflow', { cause: Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14, details: 'No connection established', metadata: {} }) });
    new ProblemDetailsFilter().catch(unreachable, host);
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('5');
    expect(JSON.parse(answer.body)).toMatchObject({ type: '/problems/service-unavailable', unavailable: 'temporal' });
    expect(logged.map((entry) => entry.level)).toEqual(['warn']);
  });

  it('logs an unexpected error by class and message, and answers 500 without either', () => {
    const { host, answer } = exchange();
    new ProblemDetailsFilter().catch(new RangeError('Maximum call stack size exceeded'), host);
    expect(answer.status).toBe(500);
    expect(answer.body).not.toContain('RangeError');
    expect(logged).toEqual([{ level: 'error', message: 'GET /definitions/:key/versions/:version/svg failed: RangeError: Maximum call stack size exceeded' }]);
  });

  it('names the Bearer scheme in WWW-Authenticate on every 401', () => {
    const { host, answer } = exchange();
    new ProblemDetailsFilter().catch(new ProblemException(ProblemType.unauthenticated, 'Send an access token'), host);
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer');
  });
});

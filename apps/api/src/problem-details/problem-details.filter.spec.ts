import { Logger, type ArgumentsHost } from '@nestjs/common';
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

  it('answers a documented 501 without logging it as an error', () => {
    const { host, answer } = exchange();
    const notRendered = Object.values(DefinitionProblemType).find((problem) => problem.status === 501);
    expect(notRendered).toBeDefined();
    new ProblemDetailsFilter().catch(new ProblemException(notRendered!, 'No rendered diagram of haarlem-statushouders@9 is kept'), host);
    expect(answer.status).toBe(501);
    expect(logged).toEqual([]);
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

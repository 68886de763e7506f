/**
 * Input no client should send, answered as a client error (4xx, application/problem+json) and
 * never as a 5xx: bodies nested past the documented depth, corrupt compressed bodies, bodies of a
 * media type the route does not take, requests without a valid token.
 */
import { gzipSync } from 'node:zlib';
import { authHeaders, KLANTMANAGER, request } from '../support/http';
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';

const BELEID = authHeaders({ role: 'beleid', id: 'bl-hostile-0001' });
const SUPERVISOR = authHeaders({ role: 'supervisor', id: 'sv-hostile-0001' });

let wegwijs: WegwijsUnderTest;

beforeAll(async () => {
  wegwijs = await connectToWegwijsUnderTest();
});

afterAll(async () => {
  await wegwijs?.close();
});

async function send(method: string, path: string, body: Buffer | string | undefined, headers: Record<string, string>) {
  const response = await fetch(`${wegwijs.baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', headers: response.headers, problem: text ? JSON.parse(text) : undefined };
}

const nestedJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('a body nested deeper than the documented limit (32 levels)', () => {
  it.each([
    ['POST', '/trajectories', KLANTMANAGER, `{"municipality":"GM0392","caseReference":"HLM-deep-0001","definitionKey":"walking-skeleton","facts":${nestedObject(3000)}}`],
    ['POST', '/trajectories/GM0392.HLM-deep-0001/milestones', { ...KLANTMANAGER, 'idempotency-key': 'deep-body-0001' }, nestedJson(3000)],
    ['POST', '/definitions/validate', BELEID, `{"source":${nestedJson(3000)}}`],
    ['POST', '/codec/decode', SUPERVISOR, `{"payloads":${nestedJson(3000)}}`],
  ])('answers 422 body-too-deep to %s %s, not a server error', async (method, path, headers, body) => {
    const answer = await send(method, path, body, { ...headers, 'content-type': 'application/json' });
    expect(answer.status).toBe(422);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.problem).toMatchObject({ type: '/problems/body-too-deep', status: 422, detail: 'The request body nests deeper than 32 levels' });
  });

  it('takes a body as deep as the limit', async () => {
    const answer = await send('POST', '/trajectories', `{"municipality":"GM0392","caseReference":"HLM-deep-0002","definitionKey":"walking-skeleton","facts":${nestedObject(30)}}`, {
      ...KLANTMANAGER,
      'content-type': 'application/json',
    });
    // Past the depth check, the facts are checked against the definition: an unknown fact.
    expect(answer.status).toBe(422);
    expect(answer.problem.type).toBe('/problems/validation-failed');
  });

  it('finds a YAML definition nested 3,000 levels deep invalid, without a server error', async () => {
    const answer = await send('POST', '/definitions/validate', `key: deep\nnodes: ${nestedJson(3000)}\n`, { ...BELEID, 'content-type': 'application/yaml' });
    expect(answer.status).toBe(200);
    expect(answer.problem.valid).toBe(false);
  });
});

describe('a compressed body', () => {
  const body = JSON.stringify({ municipality: 'GM0392', caseReference: 'HLM-gzip-0001', definitionKey: 'walking-skeleton', facts: { housingDate: '2019-08-31' } });

  it('answers 400 undecodable-body to a corrupt gzip body', async () => {
    const corrupt = gzipSync(body);
    corrupt.fill(0x41, 12, 30);
    const answer = await send('POST', '/trajectories', corrupt, { ...KLANTMANAGER, 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.problem).toMatchObject({ type: '/problems/undecodable-body', status: 400 });
  });

  it('answers 415 to an encoding the API does not decode', async () => {
    const answer = await send('POST', '/trajectories', body, { ...KLANTMANAGER, 'content-type': 'application/json', 'content-encoding': 'compress' });
    expect(answer.status).toBe(415);
    expect(answer.problem).toMatchObject({ type: '/problems/unsupported-media-type', status: 415 });
  });

  it('takes an intact gzip body', async () => {
    const answer = await send('POST', '/trajectories', gzipSync(body), { ...KLANTMANAGER, 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(answer.status).toBe(201);
  });
});

describe('a body of a media type the route does not take', () => {
  it.each([
    ['text/plain', '/trajectories', KLANTMANAGER],
    ['application/x-www-form-urlencoded', '/trajectories', KLANTMANAGER],
    ['application/yaml', '/trajectories', KLANTMANAGER],
    ['text/plain', '/definitions/validate', BELEID],
    ['text/plain', '/codec/decode', SUPERVISOR],
  ])('answers 415 unsupported-media-type to %s sent to %s, naming the types it takes', async (contentType, path, headers) => {
    const answer = await send('POST', path, '{"municipality":"GM0392"}', { ...headers, 'content-type': contentType });
    expect(answer.status).toBe(415);
    expect(answer.problem).toMatchObject({ type: '/problems/unsupported-media-type', status: 415 });
    expect(answer.problem.supported).toEqual(expect.arrayContaining(['application/json']));
  });

  it('answers 415 to a body without any content type', async () => {
    const answer = await send('POST', '/trajectories', new TextEncoder().encode('{}') as unknown as Buffer, KLANTMANAGER);
    expect(answer.status).toBe(415);
  });

  it('takes an empty POST without a content type, as a browser sends one (the codec session sign-in)', async () => {
    const answer = await send('POST', '/codec-session', '', { ...SUPERVISOR, 'content-length': '0' });
    expect(answer.status).toBe(200);
    expect(answer.problem).toMatchObject({ expiresAt: expect.any(String) });
  });

  it('takes a request without a body whatever its content type', async () => {
    const answer = await send('GET', '/tasks/mine', undefined, { ...KLANTMANAGER, 'content-type': 'text/plain' });
    expect(answer.status).toBe(200);
  });
});

describe('a request without a valid access token', () => {
  it.each([
    ['GET', '/trajectories', {}],
    ['POST', '/trajectories', { authorization: 'Bearer not-a-jwt' }],
    ['GET', '/supervision/stuck', { authorization: 'Basic a206cGFzcw==' }],
    ['POST', '/codec/decode', { cookie: 'wegwijs_session=not-a-jwt' }],
    ['GET', '/definitions', { authorization: 'Bearer ' }],
  ])('answers 401 to %s %s with WWW-Authenticate: Bearer', async (method, path, headers) => {
    const answer = await request(wegwijs.baseUrl, method, path, { headers, ...(method === 'POST' ? { body: {} } : {}) });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    expect(answer.body.type).toBe('/problems/unauthenticated');
  });
});

it('is still healthy after all of it', async () => {
  expect((await request(wegwijs.baseUrl, 'GET', '/health')).status).toBe(200);
});

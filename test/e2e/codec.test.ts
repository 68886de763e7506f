/**
 * The codec server over HTTP, as the Temporal Web UI calls it: `POST /codec/encode` and
 * `POST /codec/decode` with Temporal's remote-codec JSON, for supervisors only, and CORS for the
 * Web UI's origin only. Keys come from WEGWIJS_PAYLOAD_KEYS, which global-setup sets for the API.
 */
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { loadConfiguration } from '@wegwijs/config';
import { AesGcmPayloadCodec } from '@wegwijs/temporal';
import { authHeaders, KLANTMANAGER, request } from '../support/http';

const SUPERVISOR = authHeaders({ role: 'supervisor', id: 'sv-0001' });

const config = loadConfiguration(process.env);
const baseUrl = process.env.WEGWIJS_API_URL ?? '';
/** The Web UI's origin as the API derives it (TEMPORAL_UI_URL is unset in the tests: the dev server's UI port). */
const uiOrigin = `http://127.0.0.1:${config.temporal.uiPort}`;

interface JsonPayload {
  metadata: Record<string, string>;
  data: string;
}

function toJson(payload: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([name, value]) => [name, Buffer.from(value!).toString('base64')])),
    data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
  };
}

function fromJson(payload: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata).map(([name, value]) => [name, Buffer.from(value, 'base64')])),
    data: Buffer.from(payload.data, 'base64'),
  };
}

function metadataText(payload: JsonPayload): Record<string, string> {
  return Object.fromEntries(Object.entries(payload.metadata).map(([name, value]) => [name, Buffer.from(value, 'base64').toString('utf8')]));
}

const input = { municipality: 'GM0392', caseReference: 'HLM-2019-0042', facts: { housingDate: '2019-08-31' } };

function codec(path: 'encode' | 'decode', payloads: JsonPayload[], headers: Record<string, string> = SUPERVISOR) {
  return request(baseUrl, 'POST', `/codec/${path}`, { body: { payloads }, headers: { 'x-namespace': config.temporal.namespace, ...headers } });
}

describe('the codec endpoints, for a supervisor', () => {
  it('encrypts under the current key and decrypts back to the same payload', async () => {
    const plain = toJson(defaultPayloadConverter.toPayload(input));
    const encoded = await codec('encode', [plain]);
    expect(encoded.status).toBe(200);
    expect(metadataText(encoded.body.payloads[0])).toEqual({ encoding: 'binary/encrypted', 'encryption-key-id': 'test-current', 'encryption-namespace': config.temporal.namespace });
    expect(Buffer.from(encoded.body.payloads[0].data, 'base64').includes('HLM-2019-0042')).toBe(false);

    const decoded = await codec('decode', encoded.body.payloads);
    expect(decoded.status).toBe(200);
    expect(decoded.body.payloads).toEqual([plain]);
    expect(defaultPayloadConverter.fromPayload(fromJson(decoded.body.payloads[0]))).toEqual(input);
  });

  it('round-trips a payload without data, as an activity returning nothing leaves in the history', async () => {
    const nothing = toJson(defaultPayloadConverter.toPayload(undefined));
    const encoded = await codec('encode', [nothing]);
    const decoded = await codec('decode', encoded.body.payloads);
    expect(decoded.status).toBe(200);
    expect(decoded.body.payloads).toEqual([{ metadata: nothing.metadata, data: '' }]);
  });

  it('decrypts a payload written under a retired key still in the keyring', async () => {
    const retired = config.payloadEncryption.keys!.find((key) => key.id === 'test-retired')!;
    const [written] = await new AesGcmPayloadCodec([retired]).encode([defaultPayloadConverter.toPayload(input)]);
    const decoded = await codec('decode', [toJson(written)]);
    expect(decoded.status).toBe(200);
    expect(defaultPayloadConverter.fromPayload(fromJson(decoded.body.payloads[0]))).toEqual(input);
  });

  it('returns a payload under an unknown key id as it was, and still decrypts the rest of the batch', async () => {
    const [foreign] = await new AesGcmPayloadCodec([{ id: 'k-elsewhere', bytes: randomBytes(32) }]).encode([defaultPayloadConverter.toPayload(input)]);
    const ours = await codec('encode', [toJson(defaultPayloadConverter.toPayload('second'))]);
    const decoded = await codec('decode', [toJson(foreign), ours.body.payloads[0]]);
    expect(decoded.status).toBe(200);
    expect(decoded.body.payloads[0]).toEqual(toJson(foreign));
    expect(defaultPayloadConverter.fromPayload(fromJson(decoded.body.payloads[1]))).toBe('second');
  });

  it('refuses another namespace', async () => {
    const answer = await codec('decode', [], { ...SUPERVISOR, 'x-namespace': 'someone-else' });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ type: '/problems/codec-namespace-not-served' });
  });

  it('serves a request whose X-Namespace is empty or missing, as the Temporal CLI sends them', async () => {
    const encoded = await codec('encode', [toJson(defaultPayloadConverter.toPayload(input))]);
    expect((await codec('decode', encoded.body.payloads, { ...SUPERVISOR, 'x-namespace': '' })).status).toBe(200);
    const withoutNamespace = await request(baseUrl, 'POST', '/codec/decode', { body: { payloads: encoded.body.payloads }, headers: SUPERVISOR });
    expect(withoutNamespace.status).toBe(200);
    expect(defaultPayloadConverter.fromPayload(fromJson(withoutNamespace.body.payloads[0]))).toEqual(input);
  });

  it('names malformed payload fields without echoing them', async () => {
    const answer = await codec('decode', [{ metadata: { encoding: 'not base64!' }, data: '%%%' }]);
    expect(answer.status).toBe(422);
    expect(answer.body.errors.map((error: { field: string }) => error.field)).toEqual(['payloads[0].metadata.encoding', 'payloads[0].data']);
    expect(JSON.stringify(answer.body)).not.toContain('not base64!');
  });
});

describe('who may use the codec', () => {
  it('refuses a klantmanager with a 403 problem', async () => {
    for (const path of ['encode', 'decode'] as const) {
      const answer = await codec(path, [toJson(defaultPayloadConverter.toPayload(input))], KLANTMANAGER);
      expect(answer.status).toBe(403);
      expect(answer.contentType).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ type: '/problems/forbidden-role', status: 403, allowedRoles: ['supervisor', 'admin'] });
    }
  });

  it('allows an administrator', async () => {
    const answer = await codec('encode', [], authHeaders({ role: 'admin', id: 'adm-01' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ payloads: [] });
  });

  it('refuses a request without an access token, and asks for a bearer token', async () => {
    const answer = await codec('decode', [], {});
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expect(answer.body).toMatchObject({ type: '/problems/unauthenticated' });
  });

  it('takes the supervisor’s token from the session cookie the Web UI sends, on the codec only', async () => {
    const cookie = `wegwijs_session=${authHeaders({ role: 'supervisor', id: 'sv-0001' }).authorization.slice('Bearer '.length)}`;
    const answer = await codec('encode', [], { cookie });
    expect(answer.status).toBe(200);
    const elsewhere = await request(baseUrl, 'GET', '/tasks/mine', { headers: { cookie } });
    expect(elsewhere.status).toBe(401);
  });
});

describe('CORS on the codec endpoints', () => {
  function preflight(origin: string) {
    return fetch(`${baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-namespace',
      },
    });
  }

  it('answers the Web UI’s preflight with its origin and the headers it sends', async () => {
    const answer = await preflight(uiOrigin);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    expect(answer.headers.get('access-control-allow-methods')).toBe('POST');
    const allowedHeaders = answer.headers.get('access-control-allow-headers')!.toLowerCase().split(/,\s*/);
    expect(allowedHeaders).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-namespace']));
  });

  it('accepts the Web UI under localhost too, where the dev server serves it', async () => {
    const answer = await preflight(`http://localhost:${config.temporal.uiPort}`);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(`http://localhost:${config.temporal.uiPort}`);
  });

  it('lets the Web UI read the answer of a decode', async () => {
    const answer = await codec('decode', [], { ...SUPERVISOR, origin: uiOrigin });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(uiOrigin);
  });

  it('refuses a preflight and a request from any other origin', async () => {
    const refused = await preflight('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(await refused.json()).toMatchObject({ type: '/problems/codec-origin-not-allowed' });

    const request_ = await codec('decode', [], { ...SUPERVISOR, origin: 'https://evil.example' });
    expect(request_.status).toBe(403);
    expect(request_.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives the rest of the API no CORS headers, even for the Web UI', async () => {
    const answer = await request(baseUrl, 'GET', '/health', { headers: { origin: uiOrigin } });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});

import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfiguration } from '@wegwijs/config';
import { developmentIssuer, ensureDevelopmentSigningKey, issueDevelopmentToken, type DevelopmentSigningKey } from '@wegwijs/devstack';
import { AccessTokenRejectedError, AccessTokenVerifier, AuthenticationNotConfiguredError } from './access-token-verifier';

let dataDir: string;
let key: DevelopmentSigningKey;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'wegwijs-verifier-'));
  key = await ensureDevelopmentSigningKey(dataDir);
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const DEVELOPMENT_TOKEN_ISSUER = developmentIssuer({ host: '127.0.0.1', port: 3000 });
const KLANTMANAGER = { role: 'klantmanager', id: 'km-0007', municipalities: ['GM0392', 'GM0473'], issuer: DEVELOPMENT_TOKEN_ISSUER } as const;

describe('AccessTokenVerifier with a configured public key', () => {
  const verifier = () =>
    AccessTokenVerifier.fromConfiguration(loadConfiguration({ AUTH_PUBLIC_KEY: key.publicJwk, AUTH_ISSUER: DEVELOPMENT_TOKEN_ISSUER }).authentication);

  it('reads the caller from a token that `wegwijs tokens issue` made', async () => {
    const actor = await verifier().verify(await issueDevelopmentToken(key, KLANTMANAGER));
    expect(actor).toEqual({ role: 'klantmanager', id: 'km-0007', municipalities: ['GM0392', 'GM0473'] });
  });

  it('refuses an expired token', async () => {
    const token = await issueDevelopmentToken(key, { ...KLANTMANAGER, expiresIn: '-2m' });
    await expect(verifier().verify(token)).rejects.toThrow(new AccessTokenRejectedError('the token has expired'));
  });

  it('refuses a token signed by another development key', async () => {
    const otherDir = await mkdtemp(join(tmpdir(), 'wegwijs-verifier-other-'));
    try {
      const other = await ensureDevelopmentSigningKey(otherDir);
      await expect(verifier().verify(await issueDevelopmentToken(other, KLANTMANAGER))).rejects.toThrow(/signature does not verify/);
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it('accepts a role a published definition declares, and refuses one none declares, naming no claim value', async () => {
    const asked: string[] = [];
    const declaring = AccessTokenVerifier.fromConfiguration(loadConfiguration({ AUTH_PUBLIC_KEY: key.publicJwk, AUTH_ISSUER: DEVELOPMENT_TOKEN_ISSUER }).authentication, async (role) => {
      asked.push(role);
      return role === 'jobcoach';
    });
    const jobcoach = await issueDevelopmentToken(key, { ...KLANTMANAGER, role: 'jobcoach', id: 'jc-0001' });
    expect(await declaring.verify(jobcoach)).toEqual({ role: 'jobcoach', id: 'jc-0001', municipalities: ['GM0392', 'GM0473'] });
    await expect(declaring.verify(await issueDevelopmentToken(key, { ...KLANTMANAGER, role: 'taalcoach' }))).rejects.toThrow(
      /exactly one Wegwijs role in 'roles' \(one of klantmanager, .*, or a role a published definition declares\); it carries 0/,
    );
    // A built-in role is never looked up; without a declared-role lookup, a declared role is refused.
    await declaring.verify(await issueDevelopmentToken(key, KLANTMANAGER));
    expect(asked).toEqual(['jobcoach', 'taalcoach']);
    await expect(verifier().verify(jobcoach)).rejects.toThrow(AccessTokenRejectedError);
  });

  it('keeps the signing key it generated, so tokens stay valid across restarts', async () => {
    const again = await ensureDevelopmentSigningKey(dataDir);
    expect(again.created).toBe(false);
    expect(again.publicJwk).toBe(key.publicJwk);
    expect(JSON.parse(key.publicJwk)).not.toHaveProperty('d');
  });
});

describe('AccessTokenVerifier with an identity provider’s JWKS URL', () => {
  let provider: Server;
  let jwksUrl: string;

  beforeAll(async () => {
    provider = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [JSON.parse(key.publicJwk)] }));
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/jwks`;
  });

  afterAll(async () => {
    await new Promise((resolve) => provider.close(resolve));
  });

  it('verifies against the keys the provider publishes, matched by kid', async () => {
    const verifier = AccessTokenVerifier.fromConfiguration(
      loadConfiguration({ AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: DEVELOPMENT_TOKEN_ISSUER }).authentication,
    );
    expect((await verifier.verify(await issueDevelopmentToken(key, KLANTMANAGER))).id).toBe('km-0007');
  });
});

it('refuses to run without any verification key', () => {
  expect(() => AccessTokenVerifier.fromConfiguration(loadConfiguration({}).authentication)).toThrow(AuthenticationNotConfiguredError);
});

import { inspect } from 'node:util';
import { InvalidConfigurationError, loadConfiguration } from './configuration';

describe('loadConfiguration', () => {
  it('uses the embedded defaults when nothing is set', () => {
    const config = loadConfiguration({});
    expect(config.database.url).toBeUndefined();
    expect(config.temporal.address).toBeUndefined();
    expect(config.api.port).toBe(3000);
    expect(config.temporal.taskQueue).toBe('wegwijs-trajectories');
  });

  it('takes an external PostgreSQL and Temporal cluster from the environment', () => {
    const config = loadConfiguration({
      DATABASE_URL: 'postgres://wegwijs@db.internal:5432/wegwijs',
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      API_PORT: '8080',
    });
    expect(config.database.url).toBe('postgres://wegwijs@db.internal:5432/wegwijs');
    expect(config.temporal.address).toBe('temporal.internal:7233');
    expect(config.api.port).toBe(8080);
  });

  it('sends mail over SMTP only when a host is configured, with credentials only as a pair', () => {
    expect(loadConfiguration({}).notifications.smtp).toBeUndefined();
    expect(loadConfiguration({ SMTP_HOST: 'smtp.haarlem.nl', SMTP_PORT: '465', SMTP_SECURE: 'true' }).notifications.smtp).toMatchObject({
      host: 'smtp.haarlem.nl',
      port: 465,
      secure: true,
    });
    expect(() => loadConfiguration({ SMTP_HOST: 'smtp.haarlem.nl', SMTP_USER: 'wegwijs' })).toThrow(/SMTP_PASSWORD/);
  });

  it('verifies tokens against one source of keys, always with an issuer', () => {
    const jwk = JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' });
    expect(loadConfiguration({ AUTH_PUBLIC_KEY: jwk, AUTH_ISSUER: 'https://login.haarlem.nl' }).authentication).toMatchObject({
      publicKey: jwk,
      issuer: 'https://login.haarlem.nl',
      audience: 'wegwijs-api',
    });
    expect(() => loadConfiguration({ AUTH_PUBLIC_KEY: jwk })).toThrow(/AUTH_ISSUER/);
    expect(() => loadConfiguration({ AUTH_PUBLIC_KEY: jwk, AUTH_JWKS_URL: 'https://login.haarlem.nl/jwks', AUTH_ISSUER: 'x' })).toThrow(/not both/);
    expect(() => loadConfiguration({ AUTH_PUBLIC_KEY: JSON.stringify({ kty: 'EC', d: 'secret' }), AUTH_ISSUER: 'x' })).toThrow(/no private part/);
    expect(() => loadConfiguration({ AUTH_PUBLIC_KEY: 'hunter2', AUTH_ISSUER: 'x' })).toThrow(/JWK \(JSON\) or a PEM/);
  });

  it('allows browser origins only when listed, and refuses anything that is not an origin', () => {
    expect(loadConfiguration({}).http.corsOrigins).toEqual([]);
    expect(loadConfiguration({ API_CORS_ORIGINS: 'https://wegwijs.haarlem.nl, http://localhost:4200' }).http.corsOrigins).toEqual([
      'https://wegwijs.haarlem.nl',
      'http://localhost:4200',
    ]);
    expect(() => loadConfiguration({ API_CORS_ORIGINS: 'https://wegwijs.haarlem.nl/app' })).toThrow(/not an origin.*\/app/);
  });

  it('treats an empty variable as not set', () => {
    expect(loadConfiguration({ DATABASE_URL: '' }).database.url).toBeUndefined();
  });

  it('names every bad variable at once', () => {
    let caught: unknown;
    try {
      loadConfiguration({ API_PORT: 'eighty', DATABASE_URL: 'mysql://x', TEMPORAL_ADDRESS: 'no-port' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidConfigurationError);
    const variables = (caught as InvalidConfigurationError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['API_PORT', 'DATABASE_URL', 'TEMPORAL_ADDRESS']);
    expect((caught as Error).message).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
  });
  describe('TECHNICAL_STALL_AFTER', () => {
    it('marks failing activities stuck after 30 minutes unless told otherwise', () => {
      expect(loadConfiguration({}).supervision.technicalStallAfterMs).toBe(30 * 60_000);
    });

    it.each([
      ['PT45M', 45 * 60_000],
      ['P1DT2H', 26 * 3_600_000],
      ['PT90S', 90_000],
      ['PT0S', 0],
    ])('reads %s as an exact duration', (value, ms) => {
      expect(loadConfiguration({ TECHNICAL_STALL_AFTER: value }).supervision.technicalStallAfterMs).toBe(ms);
    });

    it.each(['30', 'P1M', 'PT', 'P', 'thirty minutes'])('refuses %s, which is no exact duration', (value) => {
      expect(() => loadConfiguration({ TECHNICAL_STALL_AFTER: value })).toThrow(/TECHNICAL_STALL_AFTER: must be an ISO 8601 duration/);
    });
  });

  describe('WEGWIJS_PAYLOAD_KEYS', () => {
    const current = Buffer.alloc(32, 7).toString('base64');
    const old = Buffer.alloc(32, 9).toString('base64');

    it('reads the keys in order, the first being the current one', () => {
      const keys = loadConfiguration({ WEGWIJS_PAYLOAD_KEYS: `k2026-11:${current}, k2025-01:${old}` }).payloadEncryption.keys;
      expect(keys?.map((key) => key.id)).toEqual(['k2026-11', 'k2025-01']);
      expect(Buffer.from(keys![1].bytes)).toEqual(Buffer.alloc(32, 9));
    });

    it('is unset when the variable is', () => {
      expect(loadConfiguration({}).payloadEncryption.keys).toBeUndefined();
    });

    it('keeps key bytes out of JSON and inspection', () => {
      const config = loadConfiguration({ WEGWIJS_PAYLOAD_KEYS: `k1:${current}` });
      expect(JSON.stringify(config)).not.toContain(current);
      expect(inspect(config, { depth: 10 })).not.toMatch(/bytes|7, 7, 7/);
    });

    it.each([
      ['a key of 16 bytes', `k1:${Buffer.alloc(16, 1).toString('base64')}`, 'key 1 (k1): must be base64 of exactly 32 random bytes'],
      ['a key that is not base64', `k1:${current.slice(0, -4)}!!!!`, 'key 1 (k1): must be base64 of exactly 32 random bytes'],
      ['a duplicate id', `k1:${current},k1:${old}`, 'key 2 (k1): the id is used twice'],
      ['a key without id', current, 'key 1: must be id:base64'],
    ])('refuses %s, naming the variable and not the key', (_case, value, message) => {
      let caught: unknown;
      try {
        loadConfiguration({ WEGWIJS_PAYLOAD_KEYS: value });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidConfigurationError);
      expect((caught as InvalidConfigurationError).problems.map((p) => p.variable)).toEqual(['WEGWIJS_PAYLOAD_KEYS']);
      expect((caught as Error).message).toContain(`WEGWIJS_PAYLOAD_KEYS: ${message}`);
      expect((caught as Error).message).not.toContain(current.slice(0, 12));
      expect((caught as Error).message).not.toContain(old.slice(0, 12));
    });
  });
  describe('WEGWIJS_PERSON_DATA_KEYS', () => {
    const current = Buffer.alloc(32, 3).toString('base64');
    const old = Buffer.alloc(32, 5).toString('base64');

    it('reads the master keys as WEGWIJS_PAYLOAD_KEYS is read, current first', () => {
      const keys = loadConfiguration({ WEGWIJS_PERSON_DATA_KEYS: `p2026:${current},p2025:${old}` }).personData.masterKeys;
      expect(keys?.map((key) => key.id)).toEqual(['p2026', 'p2025']);
      expect(Buffer.from(keys![0].bytes)).toEqual(Buffer.alloc(32, 3));
      expect(loadConfiguration({}).personData.masterKeys).toBeUndefined();
    });

    it('refuses a bad key naming this variable, never the key', () => {
      expect(() => loadConfiguration({ WEGWIJS_PERSON_DATA_KEYS: `p1:${Buffer.alloc(16).toString('base64')}` })).toThrow(
        'WEGWIJS_PERSON_DATA_KEYS: key 1 (p1): must be base64 of exactly 32 random bytes',
      );
    });
  });
});

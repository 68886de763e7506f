import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidConfigurationError, loadConfiguration } from '@wegwijs/config';
import { temporalTls } from './temporal-connection';

describe('TLS to the Temporal frontend (TEMPORAL_TLS_*, as the Temporal CLI reads them)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wegwijs-tls-'));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('is plain gRPC when none is set (the dev server)', () => {
    expect(temporalTls(loadConfiguration({}))).toBeUndefined();
  });

  it('presents the client certificate and trusts the given CA under the given server name: mTLS', () => {
    const config = loadConfiguration({
      TEMPORAL_TLS_CERT: file('client.crt', 'CERT'),
      TEMPORAL_TLS_KEY: file('client.key', 'KEY'),
      TEMPORAL_TLS_CA: file('ca.crt', 'CA'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal-frontend.haarlem.example',
    });
    const tls = temporalTls(config)!;
    expect(tls.serverNameOverride).toBe('temporal-frontend.haarlem.example');
    expect(tls.serverRootCACertificate?.toString()).toBe('CA');
    expect(tls.clientCertPair?.crt.toString()).toBe('CERT');
    expect(tls.clientCertPair?.key.toString()).toBe('KEY');
  });

  it('uses TLS with the system CAs when only a server name is given', () => {
    expect(temporalTls(loadConfiguration({ TEMPORAL_TLS_SERVER_NAME: 'temporal.example' }))).toEqual({ serverNameOverride: 'temporal.example' });
  });

  it('refuses a client certificate without its key', () => {
    expect(() => loadConfiguration({ TEMPORAL_TLS_CERT: '/etc/wegwijs/client.crt' })).toThrow(InvalidConfigurationError);
    expect(() => loadConfiguration({ TEMPORAL_TLS_CERT: '/etc/wegwijs/client.crt' })).toThrow('TEMPORAL_TLS_KEY');
  });
});

import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidConfigurationError, loadConfiguration } from '@wegwijs/config';
import { DevelopmentPayloadKeysExposedError, ensureDevelopmentPayloadKeys, ensureDevelopmentPersonDataKeys } from './development-payload-keys';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'wegwijs-keys-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('ensureDevelopmentPayloadKeys', () => {
  it('generates a valid key once, readable by the owner only, and reuses it afterwards', async () => {
    const first = await ensureDevelopmentPayloadKeys(dataDir, new Date('2026-11-28T17:00:00Z'));
    expect(first.created).toBe(true);
    expect((await stat(first.path)).mode & 0o777).toBe(0o600);
    expect(loadConfiguration({ WEGWIJS_PAYLOAD_KEYS: first.value }).payloadEncryption.keys?.map((key) => key.id)).toEqual(['dev-20261128']);

    const second = await ensureDevelopmentPayloadKeys(dataDir);
    expect(second).toEqual({ value: first.value, path: first.path, created: false });
    expect((await readFile(first.path, 'utf8')).trim()).toBe(first.value);
  });

  it('refuses a key file that others can read', async () => {
    const { path } = await ensureDevelopmentPayloadKeys(dataDir);
    await chmod(path, 0o644);
    await expect(ensureDevelopmentPayloadKeys(dataDir)).rejects.toBeInstanceOf(DevelopmentPayloadKeysExposedError);
  });

  it('refuses a damaged key file instead of replacing the key', async () => {
    await writeFile(join(dataDir, 'payload-keys'), 'dev:c2hvcnQ=\n', { mode: 0o600 });
    await expect(ensureDevelopmentPayloadKeys(dataDir)).rejects.toBeInstanceOf(InvalidConfigurationError);
  });
});

describe('ensureDevelopmentPersonDataKeys', () => {
  it('keeps its own master key beside the payload key, valid as WEGWIJS_PERSON_DATA_KEYS, and reuses it', async () => {
    const payload = await ensureDevelopmentPayloadKeys(dataDir);
    const person = await ensureDevelopmentPersonDataKeys(dataDir, new Date('2026-12-01T08:00:00Z'));
    expect(person.path).toBe(join(dataDir, 'person-data-keys'));
    expect(person.value).not.toBe(payload.value);
    expect((await stat(person.path)).mode & 0o777).toBe(0o600);
    expect(loadConfiguration({ WEGWIJS_PERSON_DATA_KEYS: person.value }).personData.masterKeys?.map((key) => key.id)).toEqual(['dev-20261201']);
    expect(await ensureDevelopmentPersonDataKeys(dataDir)).toEqual({ ...person, created: false });
  });
});

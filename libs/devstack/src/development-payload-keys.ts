/**
 * The payload key of `npm start` when WEGWIJS_PAYLOAD_KEYS is not set: generated once, kept in
 * `<WEGWIJS_DATA_DIR>/payload-keys` (mode 0600) beside the Temporal SQLite file whose payloads it
 * encrypts, so workflows stay readable across restarts. It is a development key: it encrypts
 * only the local dev server's data and lives on the same disk. Anything else sets
 * WEGWIJS_PAYLOAD_KEYS, and the API and worker refuse to start without it.
 *
 *   const keys = await ensureDevelopmentPayloadKeys('.data');
 *   childEnv.WEGWIJS_PAYLOAD_KEYS = keys.value;
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfiguration } from '@wegwijs/config';

export const DEVELOPMENT_PAYLOAD_KEYS_FILE = 'payload-keys';

export interface DevelopmentPayloadKeys {
  /** In WEGWIJS_PAYLOAD_KEYS form: `id:<base64>`. Key material: hand it to child processes, never to a log. */
  readonly value: string;
  readonly path: string;
  /** True when this call generated the key. */
  readonly created: boolean;
}

/** Thrown when the development key file can be read by other users of the machine. */
export class DevelopmentPayloadKeysExposedError extends Error {
  constructor(
    readonly path: string,
    readonly mode: number,
  ) {
    super(`${path} is readable by others (mode ${(mode & 0o777).toString(8)}): run chmod 600 on it, or delete it to generate a new key`);
    this.name = 'DevelopmentPayloadKeysExposedError';
  }
}

/** Reads the development key file, creating it with a random key on first use. */
export async function ensureDevelopmentPayloadKeys(dataDir: string, now: Date = new Date()): Promise<DevelopmentPayloadKeys> {
  return ensureDevelopmentKeyFile(join(dataDir, DEVELOPMENT_PAYLOAD_KEYS_FILE), 'WEGWIJS_PAYLOAD_KEYS', now);
}

export const DEVELOPMENT_PERSON_DATA_KEYS_FILE = 'person-data-keys';

/**
 * The master key of the person record for `npm start` when WEGWIJS_PERSON_DATA_KEYS is not set:
 * generated once into `<WEGWIJS_DATA_DIR>/person-data-keys` (mode 0600), beside the embedded
 * database whose people's data keys it wraps, and reused, as the payload key is.
 *
 *   childEnv.WEGWIJS_PERSON_DATA_KEYS = (await ensureDevelopmentPersonDataKeys('.data')).value;
 */
export async function ensureDevelopmentPersonDataKeys(dataDir: string, now: Date = new Date()): Promise<DevelopmentPayloadKeys> {
  return ensureDevelopmentKeyFile(join(dataDir, DEVELOPMENT_PERSON_DATA_KEYS_FILE), 'WEGWIJS_PERSON_DATA_KEYS', now);
}

async function ensureDevelopmentKeyFile(path: string, variable: 'WEGWIJS_PAYLOAD_KEYS' | 'WEGWIJS_PERSON_DATA_KEYS', now: Date): Promise<DevelopmentPayloadKeys> {
  const value = `dev-${now.toISOString().slice(0, 10).replaceAll('-', '')}:${randomBytes(32).toString('base64')}`;
  try {
    // 'wx': never overwrite a key that encrypts existing data.
    await writeFile(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
    return { value, path, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const { mode } = await stat(path);
  if ((mode & 0o077) !== 0) throw new DevelopmentPayloadKeysExposedError(path, mode);
  const existing = (await readFile(path, 'utf8')).trim();
  // Validates the file as if it were the variable: a broken file stops `npm start` with a message naming it.
  loadConfiguration({ [variable]: existing });
  return { value: existing, path, created: false };
}

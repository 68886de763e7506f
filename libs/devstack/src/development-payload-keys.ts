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
  const path = join(dataDir, DEVELOPMENT_PAYLOAD_KEYS_FILE);
  const value = `dev-${now.toISOString().slice(0, 10).replaceAll('-', '')}:${randomBytes(32).toString('base64')}`;
  try {
    // 'wx': never overwrite a key that encrypts existing histories.
    await writeFile(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
    return { value, path, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const { mode } = await stat(path);
  if ((mode & 0o077) !== 0) throw new DevelopmentPayloadKeysExposedError(path, mode);
  const existing = (await readFile(path, 'utf8')).trim();
  // Validates the file as if it were the variable: a broken file stops `npm start` with a message naming it.
  loadConfiguration({ WEGWIJS_PAYLOAD_KEYS: existing });
  return { value: existing, path, created: false };
}

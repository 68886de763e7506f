/**
 * The cryptography of the person record (crypto-shredding), with Node's AES-256-GCM:
 * - each person's data is sealed under that person's own random 32-byte data key, with the
 *   person id (and key version) bound in as associated data, so a ciphertext copied onto another
 *   person's row does not open;
 * - each data key is stored wrapped under a master key from WEGWIJS_PERSON_DATA_KEYS, again with
 *   the person id bound in; the first master key wraps new keys, every listed one still unwraps.
 * Destroying a person's data key makes their sealed data unreadable for good, wherever copies of
 * it (backups, replicas) went; the event history, which holds only the pseudonymous person id,
 * is left as it was.
 *
 *   const sealed = sealPersonData(dataKey, personId, { name: 'Amina', … });
 *   openPersonData(dataKey, personId, sealed); // { name: 'Amina', … }
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const DATA_KEY_BYTES = 32;

/** A master key as configuration holds it (`PayloadKey` of @wegwijs/config has this shape). */
export interface MasterKey {
  readonly id: string;
  readonly bytes: Uint8Array;
}

/** A person's data key, unwrapped; `bytes` is not enumerable, so it stays out of logs and JSON. */
export interface PersonDataKey {
  /** Which of the person's keys this is; the sealed record names the version it was sealed under. */
  readonly version: number;
  readonly bytes: Uint8Array;
}

/** A data key as stored: encrypted under the master key `masterKeyId`. */
export interface WrappedDataKey {
  readonly version: number;
  readonly masterKeyId: string;
  readonly iv: Uint8Array;
  /** Ciphertext followed by the 16-byte GCM tag. */
  readonly wrapped: Uint8Array;
}

/** Sealed personal data as stored: ciphertext followed by the GCM tag, its IV, and the data key version. */
export interface SealedPersonData {
  readonly keyVersion: number;
  readonly iv: Uint8Array;
  readonly ciphertext: Uint8Array;
}

/** Thrown when a wrapped data key names a master key id that is not configured (any more). */
export class UnknownMasterKeyError extends Error {
  constructor(readonly masterKeyId: string) {
    super(`A person's data key is wrapped under master key "${masterKeyId}", which is not among the configured WEGWIJS_PERSON_DATA_KEYS`);
    this.name = 'UnknownMasterKeyError';
  }
}

/**
 * Thrown when a ciphertext does not open: tampered with, moved to another person's row, or
 * sealed under another key. Names the person's pseudonymous id only.
 */
export class PersonDataUnreadableError extends Error {
  constructor(
    readonly personId: string,
    readonly what: 'data key' | 'record',
  ) {
    super(`The ${what} of person ${personId} does not decrypt: it was altered, moved from another person, or sealed under another key`);
    this.name = 'PersonDataUnreadableError';
  }
}

/** Thrown when the person data master keys are not configured: personal data is never stored unencrypted. */
export class PersonDataKeysNotConfiguredError extends Error {
  constructor() {
    super('WEGWIJS_PERSON_DATA_KEYS is not set: personal data is always stored encrypted (npm start makes a development key by itself)');
    this.name = 'PersonDataKeysNotConfiguredError';
  }
}

/** A data key whose bytes stay out of `JSON.stringify` and `console.log`. */
export function personDataKey(version: number, bytes: Uint8Array): PersonDataKey {
  const key = { version } as PersonDataKey;
  Object.defineProperty(key, 'bytes', { value: Uint8Array.from(bytes), enumerable: false });
  return Object.freeze(key);
}

/** Wraps and unwraps people's data keys under the configured master keys (current first). */
export class MasterKeyring {
  private readonly keys: readonly MasterKey[];

  constructor(keys: readonly MasterKey[] | undefined) {
    if (!keys || keys.length === 0) throw new PersonDataKeysNotConfiguredError();
    this.keys = keys;
  }

  /** A fresh random data key for a person, and its wrapped form under the current master key. */
  generate(personId: string, version = 1): { key: PersonDataKey; wrapped: WrappedDataKey } {
    const key = personDataKey(version, randomBytes(DATA_KEY_BYTES));
    return { key, wrapped: this.wrap(personId, key) };
  }

  wrap(personId: string, key: PersonDataKey): WrappedDataKey {
    const master = this.keys[0];
    const { iv, ciphertext } = seal(master.bytes, wrappingContext(personId, master.id, key.version), key.bytes);
    return { version: key.version, masterKeyId: master.id, iv, wrapped: ciphertext };
  }

  unwrap(personId: string, wrapped: WrappedDataKey): PersonDataKey {
    const master = this.keys.find((key) => key.id === wrapped.masterKeyId);
    if (!master) throw new UnknownMasterKeyError(wrapped.masterKeyId);
    const bytes = open(master.bytes, wrappingContext(personId, master.id, wrapped.version), wrapped.iv, wrapped.wrapped);
    if (!bytes) throw new PersonDataUnreadableError(personId, 'data key');
    return personDataKey(wrapped.version, bytes);
  }

  /** True when the data key is wrapped under an older master key and should be rewrapped. */
  isRetired(wrapped: WrappedDataKey): boolean {
    return wrapped.masterKeyId !== this.keys[0].id;
  }
}

/** Seals a person's data (any JSON value) under their data key, bound to their id. */
export function sealPersonData(key: PersonDataKey, personId: string, data: unknown): SealedPersonData {
  const { iv, ciphertext } = seal(key.bytes, recordContext(personId, key.version), Buffer.from(JSON.stringify(data), 'utf8'));
  return { keyVersion: key.version, iv, ciphertext };
}

/** Opens what `sealPersonData` sealed; throws `PersonDataUnreadableError` for anything else. */
export function openPersonData<T>(key: PersonDataKey, personId: string, sealed: SealedPersonData): T {
  const plaintext = key.version === sealed.keyVersion ? open(key.bytes, recordContext(personId, sealed.keyVersion), sealed.iv, sealed.ciphertext) : undefined;
  if (!plaintext) throw new PersonDataUnreadableError(personId, 'record');
  return JSON.parse(Buffer.from(plaintext).toString('utf8')) as T;
}

function wrappingContext(personId: string, masterKeyId: string, version: number): Buffer {
  return Buffer.from(`wegwijs/person-data-key/${personId}/${masterKeyId}/v${version}`, 'utf8');
}

function recordContext(personId: string, version: number): Buffer {
  return Buffer.from(`wegwijs/person-record/${personId}/v${version}`, 'utf8');
}

function seal(key: Uint8Array, associatedData: Buffer, plaintext: Uint8Array): { iv: Buffer; ciphertext: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(associatedData);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { iv, ciphertext };
}

/** The plaintext, or undefined when the tag does not verify. */
function open(key: Uint8Array, associatedData: Buffer, iv: Uint8Array, sealed: Uint8Array): Buffer | undefined {
  if (iv.length !== IV_BYTES || sealed.length < TAG_BYTES) return undefined;
  const data = Buffer.from(sealed);
  const decipher = createDecipheriv(ALGORITHM, key, iv);
  decipher.setAAD(associatedData);
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { PayloadKey } from '@wegwijs/config';
import {
  InvalidPayloadKeyringError,
  MalformedEncryptedPayloadError,
  PayloadAuthenticationError,
  PayloadOfAnotherNamespaceError,
  UnknownPayloadKeyError,
} from './payload-codec-errors';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const ENCRYPTION_KEY_ID_METADATA = 'encryption-key-id';
/** The Temporal namespace a payload was encrypted for (tenancy); bound into the ciphertext's associated data. */
export const ENCRYPTION_NAMESPACE_METADATA = 'encryption-namespace';

/** Which namespace a codec encrypts for, and whether it still reads payloads from before tenancy. */
export interface PayloadNamespaceBinding {
  /** The Temporal namespace: new payloads are bound to it, and only its payloads are read. */
  readonly namespace: string;
  /**
   * Read payloads bound to no namespace, written before tenancy — true for the default namespace
   * (TEMPORAL_NAMESPACE) only, where all of them live.
   */
  readonly readsUnbound: boolean;
}

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
/** 96 bits: the IV length GCM is designed for; random per payload, so a key may encrypt ~2^32 payloads safely. */
const IV_BYTES = 12;
const TAG_BYTES = 16;

const PayloadMessage = temporal.api.common.v1.Payload;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/**
 * Encrypts every Temporal payload with AES-256-GCM before it leaves the client or worker, so
 * Temporal's history holds ciphertext only. The whole plaintext payload — its metadata (which
 * says how the data is serialised) and its data — is serialised with Temporal's own protobuf
 * encoding and encrypted; the encrypted payload's metadata carries only `encoding:
 * binary/encrypted` and the key id.
 *
 * Rotation: the first key encrypts; every key decrypts. Put a new key first and keep the old
 * ones until no open workflow history holds payloads written under them.
 *
 * Payloads that are not encrypted pass `decode` unchanged, so histories written before
 * encryption was switched on stay readable.
 *
 * Tenancy: a codec for a namespace binds what it encrypts to that namespace (the name is in the
 * metadata and in the associated data), and reads only payloads bound to it: a payload copied
 * from Haarlem's namespace fails in Amsterdam's codec, even under the same keys and with its
 * metadata edited. Payloads bound to no namespace (written before tenancy, or by a codec without
 * a binding) are read where `readsUnbound` says so.
 *
 *   const codec = new AesGcmPayloadCodec(config.payloadEncryption.keys, { namespace: 'haarlem', readsUnbound: false });
 *   new Client({ connection, dataConverter: { payloadCodecs: [codec] } });
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly current: PayloadKey;
  private readonly keysById: ReadonlyMap<string, PayloadKey>;

  /**
   * @param keys current key first; throws `InvalidPayloadKeyringError`
   * @param binding the namespace; omitted: payloads bound to no namespace (tests, tools)
   */
  constructor(
    keys: readonly PayloadKey[],
    private readonly binding?: PayloadNamespaceBinding,
  ) {
    if (keys.length === 0) throw new InvalidPayloadKeyringError('no keys');
    const byId = new Map<string, PayloadKey>();
    for (const key of keys) {
      if (byId.has(key.id)) throw new InvalidPayloadKeyringError(`key id "${key.id}" is used twice`);
      if (key.bytes.length !== KEY_BYTES) throw new InvalidPayloadKeyringError(`key "${key.id}" is not ${KEY_BYTES} bytes`);
      byId.set(key.id, key);
    }
    this.current = keys[0];
    this.keysById = byId;
  }

  /** The id new payloads are encrypted under. */
  get currentKeyId(): string {
    return this.current.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  /** Throws `UnknownPayloadKeyError`, `PayloadAuthenticationError` or `MalformedEncryptedPayloadError`. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload): Payload {
    const key = this.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key.bytes, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(key.id, this.binding?.namespace));
    const plaintext = PayloadMessage.encode(payload).finish();
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return {
      metadata: {
        encoding: utf8.encode(ENCRYPTED_ENCODING),
        [ENCRYPTION_KEY_ID_METADATA]: utf8.encode(key.id),
        ...(this.binding ? { [ENCRYPTION_NAMESPACE_METADATA]: utf8.encode(this.binding.namespace) } : {}),
      },
      data: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]),
    };
  }

  private decrypt(payload: Payload): Payload {
    if (!isEncrypted(payload)) return payload;
    const keyIdBytes = payload.metadata?.[ENCRYPTION_KEY_ID_METADATA];
    if (!keyIdBytes) throw new MalformedEncryptedPayloadError(`it has no ${ENCRYPTION_KEY_ID_METADATA}`);
    const keyId = fromUtf8.decode(keyIdBytes);
    const namespaceBytes = payload.metadata?.[ENCRYPTION_NAMESPACE_METADATA];
    const payloadNamespace = namespaceBytes ? fromUtf8.decode(namespaceBytes) : undefined;
    if (this.binding && (payloadNamespace === undefined ? !this.binding.readsUnbound : payloadNamespace !== this.binding.namespace)) {
      throw new PayloadOfAnotherNamespaceError(payloadNamespace, this.binding.namespace);
    }
    const key = this.keysById.get(keyId);
    if (!key) throw new UnknownPayloadKeyError(keyId);
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES) throw new MalformedEncryptedPayloadError('its data is too short to hold an IV and an authentication tag');

    const decipher = createDecipheriv(ALGORITHM, key.bytes, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    // The codec's own namespace, not the metadata's: relabelling a payload cannot move it.
    decipher.setAAD(associatedData(keyId, payloadNamespace === undefined ? undefined : (this.binding?.namespace ?? payloadNamespace)));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plaintext: Buffer;
    try {
      plaintext = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      // Node's message ("Unsupported state or unable to authenticate data") says nothing more.
      throw new PayloadAuthenticationError(keyId);
    }
    const decoded = PayloadMessage.decode(plaintext);
    // protobufjs leaves absent bytes fields at its prototype default, a plain empty array; the
    // SDK and the codec server expect bytes.
    return { metadata: decoded.metadata, data: decoded.data instanceof Uint8Array ? decoded.data : Uint8Array.from(decoded.data ?? []) };
  }
}

/** Whether a payload is one this codec encrypted (by its metadata only). */
export function isEncrypted(payload: Payload): boolean {
  const encoding = payload.metadata?.encoding;
  return encoding !== undefined && encoding !== null && fromUtf8.decode(encoding) === ENCRYPTED_ENCODING;
}

/**
 * The key id (and the namespace, when bound) as associated data: moving ciphertext under another
 * key id's label, or into another namespace, fails authentication. NUL separates them: neither
 * a key id nor a namespace name can hold one.
 */
function associatedData(keyId: string, namespace: string | undefined): Buffer {
  return Buffer.from(namespace === undefined ? keyId : `${keyId}\u0000${namespace}`, 'utf8');
}

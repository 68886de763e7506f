/**
 * Why a payload could not be encrypted or decrypted. Messages name key ids only — never key
 * material, never payload contents.
 */

/** Thrown when a payload names an encryption key id that is not in the keyring (retired too early, or another installation's). */
export class UnknownPayloadKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`Payload encrypted under key id "${keyId}", which is not among the configured WEGWIJS_PAYLOAD_KEYS`);
    this.name = 'UnknownPayloadKeyError';
  }
}

/**
 * Thrown when an encrypted payload fails authentication: it was altered or truncated, or a
 * different key was configured under the same id.
 */
export class PayloadAuthenticationError extends Error {
  constructor(readonly keyId: string) {
    super(`Payload under key id "${keyId}" failed authentication: it was altered, or the key configured under that id is not the one it was encrypted with`);
    this.name = 'PayloadAuthenticationError';
  }
}

/**
 * Thrown when a payload was encrypted for another Temporal namespace than the codec's (or, being
 * from before tenancy, for no namespace, and the codec is not the default namespace's): one
 * municipality's codec never reads another's payloads, whatever X-Namespace claims.
 */
export class PayloadOfAnotherNamespaceError extends Error {
  constructor(
    readonly payloadNamespace: string | undefined,
    readonly codecNamespace: string,
  ) {
    super(`Payload encrypted for ${payloadNamespace === undefined ? 'no namespace (before tenancy)' : `namespace "${payloadNamespace}"`}, not for "${codecNamespace}"`);
    this.name = 'PayloadOfAnotherNamespaceError';
  }
}

/** Thrown when a payload is marked `binary/encrypted` but has no key id or too few bytes to be ciphertext. */
export class MalformedEncryptedPayloadError extends Error {
  constructor(readonly reason: string) {
    super(`Encrypted payload is malformed: ${reason}`);
    this.name = 'MalformedEncryptedPayloadError';
  }
}

/** Thrown when a keyring is built without keys, with a duplicate id, or with a key that is not 32 bytes. */
export class InvalidPayloadKeyringError extends Error {
  constructor(readonly reason: string) {
    super(`Invalid payload keyring: ${reason}`);
    this.name = 'InvalidPayloadKeyringError';
  }
}

/** Thrown when a process must talk to Temporal but WEGWIJS_PAYLOAD_KEYS is not set. */
export class PayloadKeysNotConfiguredError extends Error {
  constructor() {
    super(
      'WEGWIJS_PAYLOAD_KEYS is not set: Temporal payloads hold personal data and are always encrypted. ' +
        'Set it to id:<base64 of 32 random bytes> (npm start creates a development key by itself)',
    );
    this.name = 'PayloadKeysNotConfiguredError';
  }
}

import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { loadConfiguration, type PayloadKey } from '@wegwijs/config';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, ENCRYPTION_KEY_ID_METADATA, ENCRYPTION_NAMESPACE_METADATA } from './aes-gcm-payload-codec';
import {
  InvalidPayloadKeyringError,
  MalformedEncryptedPayloadError,
  PayloadAuthenticationError,
  PayloadKeysNotConfiguredError,
  PayloadOfAnotherNamespaceError,
  UnknownPayloadKeyError,
} from './payload-codec-errors';
import { createPayloadCodec } from './payload-data-converter';

const text = new TextDecoder();

function key(id: string, bytes: Buffer = randomBytes(32)): PayloadKey {
  return { id, bytes };
}

/** What the workflow's start input looks like once Temporal's default converter has serialised it. */
const startInput: Payload = defaultPayloadConverter.toPayload({
  municipality: 'GM0392',
  caseReference: 'HLM-2019-0042',
  facts: { housingDate: '2019-08-31' },
});

/** The error `work` fails with; a test that expects one fails when there is none. */
async function caught(work: () => Promise<unknown>): Promise<Error> {
  try {
    await work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

function metadataText(payload: Payload): Record<string, string> {
  return Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([name, value]) => [name, text.decode(value ?? new Uint8Array())]));
}

describe('AesGcmPayloadCodec', () => {
  it('decodes what it encoded to the same metadata and data', async () => {
    const codec = new AesGcmPayloadCodec([key('k2026-11')]);
    const [encoded] = await codec.encode([startInput]);
    const [decoded] = await codec.decode([encoded]);
    expect(metadataText(decoded)).toEqual({ encoding: 'json/plain' });
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(defaultPayloadConverter.fromPayload(startInput));
  });

  it('round-trips a payload without data (an activity that returns nothing) to empty bytes', async () => {
    const codec = new AesGcmPayloadCodec([key('k1')]);
    const nothing = defaultPayloadConverter.toPayload(undefined);
    const [decoded] = await codec.decode(await codec.encode([nothing]));
    expect(decoded.data).toBeInstanceOf(Uint8Array);
    expect(decoded.data).toHaveLength(0);
    expect(metadataText(decoded)).toEqual({ encoding: 'binary/null' });
    expect(defaultPayloadConverter.fromPayload(decoded)).toBeUndefined();
  });

  it('marks an encoded payload as encrypted under the current key and hides the plaintext', async () => {
    const codec = new AesGcmPayloadCodec([key('k2026-11'), key('k2025-01')]);
    const [encoded] = await codec.encode([startInput]);
    expect(metadataText(encoded)).toEqual({ encoding: ENCRYPTED_ENCODING, [ENCRYPTION_KEY_ID_METADATA]: 'k2026-11' });
    expect(Buffer.from(encoded.data!).includes('HLM-2019-0042')).toBe(false);
    expect(Buffer.from(encoded.data!).includes('json/plain')).toBe(false);
  });

  it('encrypts the same payload differently each time (a fresh IV per payload)', async () => {
    const codec = new AesGcmPayloadCodec([key('k1')]);
    const [first, second] = await codec.encode([startInput, startInput]);
    expect(Buffer.from(first.data!).equals(Buffer.from(second.data!))).toBe(false);
  });

  it('still decodes payloads written under an old key after a new current key is added', async () => {
    const old = key('k2025-01');
    const [writtenLastYear] = await new AesGcmPayloadCodec([old]).encode([startInput]);

    const rotated = new AesGcmPayloadCodec([key('k2026-11'), old]);
    const [decoded] = await rotated.decode([writtenLastYear]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(defaultPayloadConverter.fromPayload(startInput));
    const [writtenNow] = await rotated.encode([startInput]);
    expect(metadataText(writtenNow)[ENCRYPTION_KEY_ID_METADATA]).toBe('k2026-11');
  });

  it('refuses a payload whose key id is not configured, naming the key id', async () => {
    const [encoded] = await new AesGcmPayloadCodec([key('k2024-01')]).encode([startInput]);
    const decoding = new AesGcmPayloadCodec([key('k2026-11')]).decode([encoded]);
    await expect(decoding).rejects.toBeInstanceOf(UnknownPayloadKeyError);
    await expect(decoding).rejects.toMatchObject({ keyId: 'k2024-01' });
  });

  it('detects a flipped ciphertext bit', async () => {
    const codec = new AesGcmPayloadCodec([key('k1')]);
    const [encoded] = await codec.encode([startInput]);
    const data = Buffer.from(encoded.data!);
    data[20] ^= 0x01;
    await expect(codec.decode([{ ...encoded, data }])).rejects.toBeInstanceOf(PayloadAuthenticationError);
  });

  it('detects ciphertext relabelled with another configured key id', async () => {
    const shared = randomBytes(32);
    const codec = new AesGcmPayloadCodec([key('k1', shared), key('k2', shared)]);
    const [encoded] = await codec.encode([startInput]);
    const relabelled = { ...encoded, metadata: { ...encoded.metadata, [ENCRYPTION_KEY_ID_METADATA]: Buffer.from('k2') } };
    await expect(codec.decode([relabelled])).rejects.toBeInstanceOf(PayloadAuthenticationError);
  });

  it('refuses an encrypted payload without a key id or too short to be ciphertext', async () => {
    const codec = new AesGcmPayloadCodec([key('k1')]);
    const [encoded] = await codec.encode([startInput]);
    const withoutKeyId = { ...encoded, metadata: { encoding: encoded.metadata!.encoding } };
    await expect(codec.decode([withoutKeyId])).rejects.toBeInstanceOf(MalformedEncryptedPayloadError);
    await expect(codec.decode([{ ...encoded, data: Buffer.alloc(10) }])).rejects.toBeInstanceOf(MalformedEncryptedPayloadError);
  });

  it('passes payloads that were never encrypted through decode unchanged', async () => {
    const codec = new AesGcmPayloadCodec([key('k1')]);
    expect(await codec.decode([startInput])).toEqual([startInput]);
  });

  it('puts no key material in any error message', async () => {
    const secret = randomBytes(32);
    const codec = new AesGcmPayloadCodec([key('k1', secret)]);
    const [encoded] = await codec.encode([startInput]);
    const data = Buffer.from(encoded.data!);
    data[data.length - 1] ^= 0xff;
    const errors = [
      await caught(() => codec.decode([{ ...encoded, data }])),
      await caught(() => new AesGcmPayloadCodec([key('k2')]).decode([encoded])),
      await caught(async () => new AesGcmPayloadCodec([key('k1', secret), key('k1', secret)])),
    ];
    expect(errors.map((error) => error.constructor)).toEqual([PayloadAuthenticationError, UnknownPayloadKeyError, InvalidPayloadKeyringError]);
    for (const error of errors) {
      const everything = `${error.message} ${JSON.stringify(error)} ${error.stack}`;
      expect(everything).not.toContain(secret.toString('base64').slice(0, 12));
      expect(everything).not.toContain(secret.toString('hex').slice(0, 12));
    }
  });

  it('refuses a keyring with no keys, a duplicate id or a key that is not 32 bytes', () => {
    expect(() => new AesGcmPayloadCodec([])).toThrow(InvalidPayloadKeyringError);
    expect(() => new AesGcmPayloadCodec([key('k1'), key('k1')])).toThrow(InvalidPayloadKeyringError);
    expect(() => new AesGcmPayloadCodec([key('k1', randomBytes(16))])).toThrow(InvalidPayloadKeyringError);
  });
});

describe('AesGcmPayloadCodec bound to a namespace (tenancy)', () => {
  const keys = [key('k1')];
  const haarlem = new AesGcmPayloadCodec(keys, { namespace: 'haarlem', readsUnbound: true });
  const amsterdam = new AesGcmPayloadCodec(keys, { namespace: 'amsterdam', readsUnbound: false });

  it('names the namespace in the metadata and reads its own payloads back', async () => {
    const [encoded] = await haarlem.encode([startInput]);
    expect(metadataText(encoded)).toEqual({ encoding: ENCRYPTED_ENCODING, [ENCRYPTION_KEY_ID_METADATA]: 'k1', [ENCRYPTION_NAMESPACE_METADATA]: 'haarlem' });
    expect(defaultPayloadConverter.fromPayload((await haarlem.decode([encoded]))[0])).toEqual(defaultPayloadConverter.fromPayload(startInput));
  });

  it("refuses another namespace's payload under the same keys", async () => {
    const [encoded] = await haarlem.encode([startInput]);
    const error = await caught(() => amsterdam.decode([encoded]));
    expect(error).toBeInstanceOf(PayloadOfAnotherNamespaceError);
    expect(error.message).toBe('Payload encrypted for namespace "haarlem", not for "amsterdam"');
  });

  it('fails authentication when the namespace in the metadata is edited to its own', async () => {
    const [encoded] = await haarlem.encode([startInput]);
    const relabelled = { ...encoded, metadata: { ...encoded.metadata, [ENCRYPTION_NAMESPACE_METADATA]: new TextEncoder().encode('amsterdam') } };
    expect(await caught(() => amsterdam.decode([relabelled]))).toBeInstanceOf(PayloadAuthenticationError);
  });

  it('reads payloads from before tenancy only where told to (the default namespace)', async () => {
    const [unbound] = await new AesGcmPayloadCodec(keys).encode([startInput]);
    expect(metadataText(unbound)).not.toHaveProperty(ENCRYPTION_NAMESPACE_METADATA);
    expect(defaultPayloadConverter.fromPayload((await haarlem.decode([unbound]))[0])).toEqual(defaultPayloadConverter.fromPayload(startInput));
    const error = await caught(() => amsterdam.decode([unbound]));
    expect(error).toBeInstanceOf(PayloadOfAnotherNamespaceError);
    expect(error.message).toBe('Payload encrypted for no namespace (before tenancy), not for "amsterdam"');
  });

  it('fails authentication when the namespace is stripped from a bound payload to pass it off as one from before tenancy', async () => {
    const [encoded] = await amsterdam.encode([startInput]);
    const { [ENCRYPTION_NAMESPACE_METADATA]: _stripped, ...metadata } = encoded.metadata!;
    expect(await caught(() => haarlem.decode([{ ...encoded, metadata }]))).toBeInstanceOf(PayloadAuthenticationError);
  });
});

describe('createPayloadCodec', () => {
  it('builds the codec from WEGWIJS_PAYLOAD_KEYS, the first key being current', () => {
    const config = loadConfiguration({ WEGWIJS_PAYLOAD_KEYS: `k2026-11:${randomBytes(32).toString('base64')},k2025-01:${randomBytes(32).toString('base64')}` });
    expect(createPayloadCodec(config).currentKeyId).toBe('k2026-11');
  });

  it('binds to the namespace asked for; only the default namespace (TEMPORAL_NAMESPACE) reads payloads from before tenancy', async () => {
    const config = loadConfiguration({ WEGWIJS_PAYLOAD_KEYS: `k1:${randomBytes(32).toString('base64')}`, TEMPORAL_NAMESPACES: 'GM0363=amsterdam' });
    const [unbound] = await new AesGcmPayloadCodec(config.payloadEncryption.keys!).encode([startInput]);
    const [fromDefault] = await createPayloadCodec(config).encode([startInput]);
    expect(metadataText(fromDefault)[ENCRYPTION_NAMESPACE_METADATA]).toBe('default');
    expect(await createPayloadCodec(config).decode([unbound])).toHaveLength(1);
    expect(await caught(() => createPayloadCodec(config, 'amsterdam').decode([unbound]))).toBeInstanceOf(PayloadOfAnotherNamespaceError);
    expect(await caught(() => createPayloadCodec(config, 'amsterdam').decode([fromDefault]))).toBeInstanceOf(PayloadOfAnotherNamespaceError);
  });

  it('has no unencrypted fallback when WEGWIJS_PAYLOAD_KEYS is unset', () => {
    expect(() => createPayloadCodec(loadConfiguration({}))).toThrow(PayloadKeysNotConfiguredError);
  });
});

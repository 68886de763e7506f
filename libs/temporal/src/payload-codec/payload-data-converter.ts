import { join } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import type { WegwijsConfiguration } from '@wegwijs/config';
import { AesGcmPayloadCodec } from './aes-gcm-payload-codec';
import { PayloadKeysNotConfiguredError } from './payload-codec-errors';

/**
 * The codec for the configured keys, for one namespace (default: TEMPORAL_NAMESPACE, which alone
 * still reads payloads from before tenancy). There is no unencrypted fallback: a process without
 * WEGWIJS_PAYLOAD_KEYS refuses to talk to Temporal (`PayloadKeysNotConfiguredError`).
 */
export function createPayloadCodec(config: WegwijsConfiguration, namespace = config.temporal.namespace): AesGcmPayloadCodec {
  const keys = config.payloadEncryption.keys;
  if (!keys) throw new PayloadKeysNotConfiguredError();
  return new AesGcmPayloadCodec(keys, { namespace, readsUnbound: namespace === config.temporal.namespace });
}

/**
 * `failure-converter.ts`, by path: the worker bundles it into the workflow sandbox and every
 * client and worker `require`s it (under `@swc-node/register` or Jest, which load TypeScript).
 */
export const FAILURE_CONVERTER_PATH = join(__dirname, 'failure-converter.ts');

/**
 * The data converter of every Wegwijs client and worker: Temporal's default payload converter,
 * then encryption; failures' messages and stack traces are payloads too (`failure-converter.ts`),
 * so they are encrypted as well. Codecs run outside the workflow sandbox, so workflow code stays
 * free of crypto.
 */
export function encryptedDataConverter(config: WegwijsConfiguration, codec: AesGcmPayloadCodec = createPayloadCodec(config)): DataConverter {
  return { payloadCodecs: [codec], failureConverterPath: FAILURE_CONVERTER_PATH };
}

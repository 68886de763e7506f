import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { WegwijsConfiguration } from '@wegwijs/config';
import { encryptedDataConverter } from './payload-codec';
import { CorrelationIdClientInterceptor } from './telemetry/correlation-interceptors';
import { tracingClientInterceptor } from './telemetry/tracing-interceptors';

/** The Temporal frontend to use: the configured cluster, or the dev server that `npm start` runs. */
export function temporalAddress(config: WegwijsConfiguration): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.devServerPort}`;
}

/**
 * A client for starting, signalling and querying trajectories. Its payloads are encrypted with
 * the configured keys; throws `PayloadKeysNotConfiguredError` before connecting when there are none.
 * Every call carries the current trace and correlation id in its Temporal headers.
 */
export async function connectTemporalClient(config: WegwijsConfiguration): Promise<Client> {
  const dataConverter = encryptedDataConverter(config);
  const connection = await Connection.connect({ address: temporalAddress(config) });
  return new Client({ connection, namespace: config.temporal.namespace, dataConverter, interceptors: temporalClientInterceptors() });
}

/** The connection a worker polls on. */
export async function connectWorkerConnection(config: WegwijsConfiguration): Promise<NativeConnection> {
  return NativeConnection.connect({ address: temporalAddress(config) });
}

/** Trace context and correlation id into every workflow call's headers (see ./telemetry). */
export function temporalClientInterceptors() {
  return { workflow: [tracingClientInterceptor(), new CorrelationIdClientInterceptor()] };
}

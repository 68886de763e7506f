import { readFileSync } from 'node:fs';
import { Client, Connection, type TLSConfig, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { namespaceOfMunicipality, servedNamespaces, type WegwijsConfiguration } from '@wegwijs/config';
import { municipalityOfTrajectory } from '@wegwijs/domain';
import { createPayloadCodec, encryptedDataConverter } from './payload-codec';

/** The Temporal frontend to use: the configured cluster, or the dev server that `npm start` runs. */
export function temporalAddress(config: WegwijsConfiguration): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.devServerPort}`;
}

/**
 * TLS to the frontend as TEMPORAL_TLS_* say (the Temporal CLI's variables): the client certificate
 * and key for mTLS, the CA that signed the frontend's certificate, the name it carries; `undefined`
 * (plain gRPC) when none is set. Files are read at connect time, so a renewed certificate is used
 * from the next start.
 */
export function temporalTls(config: WegwijsConfiguration): TLSConfig | undefined {
  const tls = config.temporal.tls;
  if (!tls) return undefined;
  return {
    ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
    ...(tls.caPath ? { serverRootCACertificate: readFileSync(tls.caPath) } : {}),
    ...(tls.clientCertPath && tls.clientKeyPath ? { clientCertPair: { crt: readFileSync(tls.clientCertPath), key: readFileSync(tls.clientKeyPath) } } : {}),
  };
}

/** How to reach the frontend: its address and TLS. */
function connectionOptions(config: WegwijsConfiguration): { address: string; tls?: TLSConfig } {
  const tls = temporalTls(config);
  return { address: temporalAddress(config), ...(tls ? { tls } : {}) };
}

/**
 * A client for starting, signalling and querying trajectories in the default namespace
 * (TEMPORAL_NAMESPACE). Its payloads are encrypted with the configured keys; throws
 * `PayloadKeysNotConfiguredError` before connecting when there are none. Code that handles
 * trajectories of several municipalities uses `connectNamespaceClients` instead.
 */
export async function connectTemporalClient(config: WegwijsConfiguration): Promise<Client> {
  const dataConverter = encryptedDataConverter(config);
  const connection = await Connection.connect(connectionOptions(config));
  return new Client({ connection, namespace: config.temporal.namespace, dataConverter });
}

/** Thrown when a namespace is asked for that TEMPORAL_NAMESPACE and TEMPORAL_NAMESPACES do not name. */
export class NamespaceNotServedError extends Error {
  constructor(readonly namespace: string) {
    super(`Namespace ${namespace} is not served by this installation`);
    this.name = 'NamespaceNotServedError';
  }
}

/**
 * One client per served namespace over one connection: a trajectory's calls go to its
 * municipality's namespace (TEMPORAL_NAMESPACES), everything else to the default one.
 *
 *   const clients = await connectNamespaceClients(config);
 *   await clients.trajectoryHandle('GM0363.AMS-2024-0001').query(getTrajectoryStateQuery);
 */
export class NamespaceClients {
  private readonly clients: ReadonlyMap<string, Client>;

  /** Each client encrypts for its own namespace (`createPayloadCodec(config, namespace)`). */
  constructor(
    readonly connection: Connection,
    private readonly config: WegwijsConfiguration,
  ) {
    this.clients = new Map(
      servedNamespaces(config).map((namespace) => [namespace, new Client({ connection, namespace, dataConverter: encryptedDataConverter(config, createPayloadCodec(config, namespace)) })]),
    );
  }

  /** The default namespace's client (TEMPORAL_NAMESPACE): for calls that concern no one trajectory. */
  get default(): Client {
    return this.forNamespace(this.config.temporal.namespace);
  }

  /** Every served namespace's client, the default first. */
  all(): Client[] {
    return [...this.clients.values()];
  }

  forNamespace(namespace: string): Client {
    const client = this.clients.get(namespace);
    if (!client) throw new NamespaceNotServedError(namespace);
    return client;
  }

  forMunicipality(municipality: string): Client {
    return this.forNamespace(namespaceOfMunicipality(this.config, municipality));
  }

  /** The client of the namespace the trajectory lives in, from the CBS code its id starts with. */
  forTrajectory(trajectoryId: string): Client {
    const municipality = municipalityOfTrajectory(trajectoryId);
    return municipality ? this.forMunicipality(municipality) : this.default;
  }

  /** A handle on the trajectory's workflow, in its namespace. */
  trajectoryHandle(trajectoryId: string): WorkflowHandle {
    return this.forTrajectory(trajectoryId).workflow.getHandle(trajectoryId);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

/** Connects once and makes a client per served namespace; throws `PayloadKeysNotConfiguredError` before connecting when there are no keys. */
export async function connectNamespaceClients(config: WegwijsConfiguration): Promise<NamespaceClients> {
  createPayloadCodec(config);
  const connection = await Connection.connect(connectionOptions(config));
  return new NamespaceClients(connection, config);
}

/** The connection a worker polls on; one connection serves a worker per namespace. */
export async function connectWorkerConnection(config: WegwijsConfiguration): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(config));
}

/**
 * A real Temporal cluster for Wegwijs, as a small installation runs one: the server built from
 * its Go module (temporal-server-build.ts), PostgreSQL for persistence and SQL visibility, and
 * the four services — frontend, history, matching, worker — each its own process, configured by
 * tools/cluster/config. Then the namespace and Wegwijs' search attributes are registered with the
 * `temporal` CLI, as an operator would (docs/deploy/cluster.md).
 *
 *   await setUpClusterDatabases(build, database, { onProgress });
 *   const cluster = await startTemporalCluster({ build, database, configDir, ports, output });
 *   await registerNamespace({ cliPath, address: cluster.address, namespace: 'default', searchAttributes });
 *   await cluster.stop();
 */
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { describeProcessFailure, canConnect, type ProgressListener, runProcess as spawnProcess, type RunProcess } from './tool-sources';
import { SupervisedProcess } from './supervised-process';
import type { TemporalServerBuild } from './temporal-server-build';

/** Where the cluster keeps its state: one PostgreSQL server, two databases. */
export interface ClusterDatabase {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** Workflow histories, timers, task queues (the `temporal` schema). */
  readonly persistenceDatabase: string;
  /** What list filters and search attributes query (the `visibility` schema). */
  readonly visibilityDatabase: string;
  /** A database the user may always connect to, to create the two above. */
  readonly maintenanceDatabase: string;
}

/**
 * The cluster's databases on the server of a `postgres://user:password@host:port/db` URL (the
 * URL's own database is where they are created from).
 */
export function clusterDatabaseOnServer(serverUrl: string, names: { persistence: string; visibility: string }): ClusterDatabase {
  const url = new URL(serverUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    persistenceDatabase: names.persistence,
    visibilityDatabase: names.visibility,
    maintenanceDatabase: url.pathname.replace(/^\//, '') || 'postgres',
  };
}

export class TemporalClusterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemporalClusterError';
  }
}

/**
 * Creates both databases with temporal-sql-tool and brings their schemas to the build's version.
 * Idempotent: an existing database is not created again, an existing schema is only updated
 * (update-schema applies the versions it lacks, none when it is current).
 */
export async function setUpClusterDatabases(
  build: Pick<TemporalServerBuild, 'sqlToolPath' | 'postgresSchemaDir'>,
  database: ClusterDatabase,
  options: { onProgress?: ProgressListener; runProcess?: RunProcess; environment?: NodeJS.ProcessEnv } = {},
): Promise<void> {
  const run = options.runProcess ?? spawnProcess;
  const onProgress = options.onProgress ?? (() => undefined);
  // The password goes through the environment, not the command line, where `ps` would show it.
  const env = { ...(options.environment ?? process.env), SQL_PASSWORD: database.password };
  const sqlTool = async (name: string, args: string[]) => {
    const connection = ['--plugin', 'postgres12', '--endpoint', database.host, '--port', String(database.port), '--user', database.user, '--database', name];
    const result = await run(build.sqlToolPath, [...connection, ...args], { env, timeoutMs: 5 * 60_000 });
    if (result.exitCode !== 0) throw new TemporalClusterError(`temporal-sql-tool ${args[0]} on ${name} failed: ${describeProcessFailure(`temporal-sql-tool ${args.join(' ')}`, result)}`);
  };

  for (const [name, schema] of [
    [database.persistenceDatabase, 'temporal'],
    [database.visibilityDatabase, 'visibility'],
  ] as const) {
    if (await databaseExists(database, name)) {
      onProgress(`database ${name} exists`);
    } else {
      onProgress(`creating database ${name}`);
      await sqlTool(name, ['create-database', '--defaultdb', database.maintenanceDatabase]);
    }
    if (!(await hasSchemaVersionTable(database, name))) {
      onProgress(`setting up schema versioning in ${name}`);
      await sqlTool(name, ['setup-schema', '--version', '0.0']);
    }
    onProgress(`updating ${name} to the ${schema} schema of the build`);
    await sqlTool(name, ['update-schema', '--schema-dir', join(build.postgresSchemaDir, schema, 'versioned')]);
  }
}

/** Drops both databases (tests use a fresh pair per run). */
export async function dropClusterDatabases(database: ClusterDatabase): Promise<void> {
  await withClient(database, database.maintenanceDatabase, async (client) => {
    for (const name of [database.persistenceDatabase, database.visibilityDatabase]) {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    }
  });
}

async function databaseExists(database: ClusterDatabase, name: string): Promise<boolean> {
  return withClient(database, database.maintenanceDatabase, async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}

async function hasSchemaVersionTable(database: ClusterDatabase, name: string): Promise<boolean> {
  return withClient(database, name, async (client) => (await client.query(`SELECT to_regclass('public.schema_version') IS NOT NULL AS present`)).rows[0].present === true);
}

async function withClient<T>(database: ClusterDatabase, name: string, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new PgClient({ host: database.host, port: database.port, user: database.user, password: database.password, database: name });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The cluster's services, in the order they are started and the reverse order they are stopped. */
export const TEMPORAL_CLUSTER_SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type TemporalClusterService = (typeof TEMPORAL_CLUSTER_SERVICES)[number];

/** Every port the cluster listens on; tests pick free ones, a deployment fixes them. */
export interface TemporalClusterPorts {
  readonly frontend: number;
  readonly frontendHttp: number;
  readonly history: number;
  readonly matching: number;
  readonly worker: number;
  /**
   * One membership (ringpop) port per service. Below 32768: the PostgreSQL schema keeps it in a
   * `smallint` column (cluster_membership.rpc_port), so a higher one stops the service at start.
   */
  readonly membership: Readonly<Record<TemporalClusterService, number>>;
  /** One Prometheus metrics port per service. */
  readonly metrics: Readonly<Record<TemporalClusterService, number>>;
}

export interface TemporalClusterOptions {
  readonly build: Pick<TemporalServerBuild, 'serverPath'>;
  readonly database: ClusterDatabase;
  /** tools/cluster/config: cluster.yaml and dynamicconfig/. */
  readonly configDir: string;
  readonly ports: TemporalClusterPorts;
  readonly historyShards?: number;
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  readonly output: (line: string) => void;
  readonly onUnexpectedExit: (service: TemporalClusterService, code: number | null, signal: NodeJS.Signals | null) => void;
  readonly onProgress?: ProgressListener;
  /** How long the frontend may take to answer; default two minutes. */
  readonly startTimeoutMs?: number;
}

export interface RunningTemporalCluster {
  /** The frontend's gRPC address, what clients set as TEMPORAL_ADDRESS. */
  readonly address: string;
  readonly pids: Readonly<Record<TemporalClusterService, number | undefined>>;
  stop(): Promise<void>;
}

/** The environment variables tools/cluster/config/cluster.yaml reads. */
export function temporalClusterEnvironment(options: Pick<TemporalClusterOptions, 'database' | 'configDir' | 'ports' | 'historyShards' | 'logLevel'>, service: TemporalClusterService): Record<string, string> {
  const { database, ports } = options;
  return {
    TEMPORAL_CLUSTER_DB_HOST: database.host,
    TEMPORAL_CLUSTER_DB_PORT: String(database.port),
    TEMPORAL_CLUSTER_DB_USER: database.user,
    TEMPORAL_CLUSTER_DB_PASSWORD: database.password,
    TEMPORAL_CLUSTER_DB_NAME: database.persistenceDatabase,
    TEMPORAL_CLUSTER_VISIBILITY_DB_NAME: database.visibilityDatabase,
    TEMPORAL_CLUSTER_HISTORY_SHARDS: String(options.historyShards ?? 4),
    TEMPORAL_CLUSTER_LOG_LEVEL: options.logLevel ?? 'warn',
    TEMPORAL_CLUSTER_DYNAMIC_CONFIG: join(options.configDir, 'dynamicconfig', 'cluster.yaml'),
    TEMPORAL_CLUSTER_FRONTEND_PORT: String(ports.frontend),
    TEMPORAL_CLUSTER_FRONTEND_HTTP_PORT: String(ports.frontendHttp),
    TEMPORAL_CLUSTER_HISTORY_PORT: String(ports.history),
    TEMPORAL_CLUSTER_MATCHING_PORT: String(ports.matching),
    TEMPORAL_CLUSTER_WORKER_PORT: String(ports.worker),
    TEMPORAL_CLUSTER_FRONTEND_MEMBERSHIP_PORT: String(ports.membership.frontend),
    TEMPORAL_CLUSTER_HISTORY_MEMBERSHIP_PORT: String(ports.membership.history),
    TEMPORAL_CLUSTER_MATCHING_MEMBERSHIP_PORT: String(ports.membership.matching),
    TEMPORAL_CLUSTER_WORKER_MEMBERSHIP_PORT: String(ports.membership.worker),
    TEMPORAL_CLUSTER_METRICS_PORT: String(ports.metrics[service]),
  };
}

/** The command line of one service: `temporal-server --root / --config <dir> --env cluster start --service <name>`. */
export function temporalClusterServiceArgs(configDir: string, service: TemporalClusterService): string[] {
  return ['--root', '/', '--config', configDir, '--env', 'cluster', '--allow-no-auth', 'start', '--service', service];
}

/**
 * Starts the four services as separate processes and waits until the frontend listens. History
 * goes first, alone, until it listens: on a fresh database every service writes the cluster's
 * metadata record at start, and four at once collide on its key (tried: the losers exit). A
 * service that dies during the start fails it, with the cause in its output.
 */
export async function startTemporalCluster(options: TemporalClusterOptions): Promise<RunningTemporalCluster> {
  const onProgress = options.onProgress ?? (() => undefined);
  const processes = new Map<TemporalClusterService, SupervisedProcess>();
  let diedDuringStart: string | undefined;
  let started = false;
  const stop = async () => {
    for (const service of [...TEMPORAL_CLUSTER_SERVICES].reverse()) await processes.get(service)?.stop();
  };
  const startService = (service: TemporalClusterService) =>
    processes.set(
      service,
      new SupervisedProcess({
        name: `temporal-${service}`,
        command: options.build.serverPath,
        args: temporalClusterServiceArgs(options.configDir, service),
        env: { ...process.env, ...temporalClusterEnvironment(options, service) },
        output: options.output,
        onUnexpectedExit: (code, signal) => {
          if (!started) diedDuringStart ??= `temporal-${service} exited (${signal ?? `code ${code}`}) while the cluster was starting`;
          options.onUnexpectedExit(service, code, signal);
        },
      }),
    );
  const timeoutMs = options.startTimeoutMs ?? 120_000;
  const startedAt = Date.now();
  const waitUntilListening = async (service: TemporalClusterService, port: number) => {
    onProgress(`waiting for temporal-${service} on 127.0.0.1:${port}`);
    while (!(await canConnect('127.0.0.1', port, 1000))) {
      if (diedDuringStart || Date.now() - startedAt > timeoutMs) {
        await stop();
        throw new TemporalClusterError(diedDuringStart ?? `temporal-${service} did not listen on 127.0.0.1:${port} within ${Math.round(timeoutMs / 1000)} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  startService('history');
  await waitUntilListening('history', options.ports.history);
  for (const service of TEMPORAL_CLUSTER_SERVICES.filter((name) => name !== 'history')) startService(service);
  await waitUntilListening('frontend', options.ports.frontend);
  started = true;
  const pids = Object.fromEntries(TEMPORAL_CLUSTER_SERVICES.map((service) => [service, processes.get(service)?.pid])) as Record<TemporalClusterService, number | undefined>;
  return { address: `127.0.0.1:${options.ports.frontend}`, pids, stop };
}

export interface NamespaceRegistration {
  /** The `temporal` CLI (the cached build of ensureTemporalCli). */
  readonly cliPath: string;
  readonly address: string;
  readonly namespace: string;
  /** Name → CLI type (`Keyword`, `Int`, …): SEARCH_ATTRIBUTE_CLI_TYPES. */
  readonly searchAttributes: Readonly<Record<string, string>>;
  readonly retention?: string;
  readonly onProgress?: ProgressListener;
  readonly runProcess?: RunProcess;
  /** How long to keep trying while the cluster is still coming up; default two minutes. */
  readonly timeoutMs?: number;
}

/**
 * Registers the namespace (unless it exists) and the search attributes with the `temporal` CLI,
 * as docs/deploy tells an operator to. Both are safe to run again. The commands are retried
 * while the cluster is still forming (the frontend listens before history has its shards).
 */
export async function registerNamespace(registration: NamespaceRegistration): Promise<void> {
  const run = registration.runProcess ?? spawnProcess;
  const onProgress = registration.onProgress ?? (() => undefined);
  const deadline = Date.now() + (registration.timeoutMs ?? 120_000);
  const temporal = async (args: string[], acceptable: (output: string) => boolean = () => false) => {
    for (;;) {
      const result = await run(registration.cliPath, [...args, '--address', registration.address], { timeoutMs: 60_000 });
      if (result.exitCode === 0 || acceptable(result.stdout + result.stderr)) return result;
      if (Date.now() > deadline) throw new TemporalClusterError(`temporal ${args.slice(0, 3).join(' ')} failed: ${describeProcessFailure(`temporal ${args.join(' ')}`, result)}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };
  await temporal(['operator', 'cluster', 'health']);
  onProgress(`registering namespace ${registration.namespace}`);
  await temporal(['operator', 'namespace', 'create', '--namespace', registration.namespace, '--retention', registration.retention ?? '72h'], (output) =>
    /already (exists|registered)/i.test(output),
  );
  const pairs = Object.entries(registration.searchAttributes).flatMap(([name, type]) => ['--name', name, '--type', type]);
  onProgress(`registering ${Object.keys(registration.searchAttributes).length} search attributes in ${registration.namespace}`);
  await temporal(['operator', 'search-attribute', 'create', '--namespace', registration.namespace, ...pairs]);
  // Every service reads new namespaces and their search attributes from its namespace cache; wait
  // until the frontend lists them all, so the first workflow can set them.
  for (;;) {
    const listed = await temporal(['operator', 'search-attribute', 'list', '--namespace', registration.namespace, '--output', 'json']);
    const missing = Object.keys(registration.searchAttributes).filter((name) => !listed.stdout.includes(`"${name}"`));
    if (missing.length === 0) return;
    if (Date.now() > deadline) throw new TemporalClusterError(`search attributes not listed in ${registration.namespace} after registering them: ${missing.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

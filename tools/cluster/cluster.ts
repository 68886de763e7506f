/**
 * Wegwijs on a real Temporal cluster (docs/deploy/cluster.md): the server built from its Go
 * module, PostgreSQL persistence and SQL visibility, the four services as separate processes.
 *
 *   npm run test:cluster         a fresh cluster (its own databases, free ports), then the
 *                                end-to-end suite and test/cluster against it with two worker and
 *                                two API processes; everything stopped and dropped afterwards
 *   npm run cluster              a cluster on the config's ports (frontend 127.0.0.1:7333) and
 *                                the databases `temporal` and `temporal_visibility`, kept between
 *                                runs, until Ctrl-C; point Wegwijs at it with TEMPORAL_ADDRESS
 *
 * Reads DATABASE_URL: the PostgreSQL server to create the cluster's databases on (its user needs
 * CREATEDB; .ci/run makes one). Extra arguments after `test` go to Jest.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { SEARCH_ATTRIBUTE_CLI_TYPES } from '@wegwijs/domain';
import { TEST_NAMESPACES_BY_MUNICIPALITY } from '../../test/support/namespaces';
import {
  clusterDatabaseOnServer,
  defaultToolCacheDir,
  dropClusterDatabases,
  ensureTemporalCli,
  ensureTemporalServer,
  registerNamespace,
  setUpClusterDatabases,
  startTemporalCluster,
  TEMPORAL_CLUSTER_SERVICES,
  type TemporalClusterPorts,
  type TemporalClusterService,
} from '@wegwijs/devstack';

const WORKSPACE_ROOT = resolve(__dirname, '../..');
const CONFIG_DIR = join(__dirname, 'config');
const NAMESPACE = 'default';

const startedAt = Date.now();
const seconds = (from = startedAt) => ((Date.now() - from) / 1000).toFixed(1);
const log = (message: string) => process.stderr.write(`[cluster +${seconds()}s] ${message}\n`);

/** The ports of tools/cluster/config/cluster.yaml's defaults: what `npm run cluster` listens on. */
const CONFIGURED_PORTS: TemporalClusterPorts = {
  frontend: 7333,
  frontendHttp: 7343,
  history: 7334,
  matching: 7335,
  worker: 7339,
  membership: { frontend: 7383, history: 7384, matching: 7385, worker: 7389 },
  metrics: { frontend: 7390, history: 7391, matching: 7392, worker: 7393 },
};

/** Ports handed out in this run, so that no two services get the same one. */
const taken = new Set<number>();

function isFree(port: number): Promise<boolean> {
  return new Promise((answer) => {
    const server = createServer();
    server.once('error', () => answer(false));
    server.listen(port, '127.0.0.1', () => server.close(() => answer(true)));
  });
}

/**
 * A free port below the kernel's ephemeral range (which starts at 32768): the cluster stores
 * membership ports in a PostgreSQL smallint, and 20000–32000 is also where no client's outgoing
 * connection takes a port between this check and the server's bind.
 */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!taken.has(port) && (await isFree(port))) {
      taken.add(port);
      return port;
    }
  }
}

async function freePorts(): Promise<TemporalClusterPorts> {
  const perService = async () => Object.fromEntries(await Promise.all(TEMPORAL_CLUSTER_SERVICES.map(async (service) => [service, await freePort()]))) as Record<TemporalClusterService, number>;
  return {
    frontend: await freePort(),
    frontendHttp: await freePort(),
    history: await freePort(),
    matching: await freePort(),
    worker: await freePort(),
    membership: await perService(),
    metrics: await perService(),
  };
}

async function main(command: string | undefined, jestArgs: string[]): Promise<number> {
  if (command !== 'test' && command !== 'start') {
    process.stderr.write('usage: cluster.ts test [jest arguments] | cluster.ts start\n');
    return 2;
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    process.stderr.write('DATABASE_URL is not set: the cluster needs a PostgreSQL server (a user with CREATEDB) for its two databases\n');
    return 2;
  }
  const cacheDir = defaultToolCacheDir(process.env);
  const cli = await ensureTemporalCli({ cacheDir, environment: process.env, configuredPath: process.env.TEMPORAL_CLI_PATH || undefined, onProgress: log, allowSdkDownload: false });
  if (!cli.path) throw new Error('the Temporal CLI is needed as a binary to register the namespace');
  const build = await ensureTemporalServer({ cacheDir, environment: process.env, onProgress: log });
  const toolsReadyAt = Date.now();

  const testing = command === 'test';
  const runId = `${Date.now()}_${process.pid}`;
  const database = clusterDatabaseOnServer(serverUrl, testing ? { persistence: `wegwijs_temporal_${runId}`, visibility: `wegwijs_temporal_visibility_${runId}` } : { persistence: 'temporal', visibility: 'temporal_visibility' });
  const cleanups: Array<() => Promise<void>> = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => log(`clean-up: ${error instanceof Error ? error.message : String(error)}`));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the cluster`);
      void cleanUp().then(() => process.exit(130));
    });
  }

  try {
    const setUpFrom = Date.now();
    if (testing) cleanups.push(() => dropClusterDatabases(database));
    await setUpClusterDatabases(build, database, { onProgress: log });
    const databasesSeconds = seconds(setUpFrom);

    const startFrom = Date.now();
    const ports = testing ? await freePorts() : CONFIGURED_PORTS;
    let clusterDied: string | undefined;
    const cluster = await startTemporalCluster({
      build,
      database,
      configDir: CONFIG_DIR,
      ports,
      output: (line) => {
        if (!testing || process.env.WEGWIJS_TEST_VERBOSE) process.stderr.write(`${line}\n`);
      },
      onUnexpectedExit: (service, code, signal) => {
        clusterDied = `temporal-${service} exited (${signal ?? `code ${code}`})`;
        log(clusterDied);
      },
      onProgress: log,
    });
    cleanups.push(() => cluster.stop());
    // The suite's tenancy: Amsterdam's trajectories in a namespace of their own (test/support/namespaces.ts).
    for (const namespace of testing ? [NAMESPACE, ...new Set(Object.values(TEST_NAMESPACES_BY_MUNICIPALITY))] : [NAMESPACE]) {
      await registerNamespace({ cliPath: cli.path, address: cluster.address, namespace, searchAttributes: SEARCH_ATTRIBUTE_CLI_TYPES, onProgress: log });
    }
    log(
      `cluster ready at ${cluster.address} (namespace ${NAMESPACE}): tools ${((toolsReadyAt - startedAt) / 1000).toFixed(1)} s, databases ${databasesSeconds} s, ` +
        `services up and namespace registered ${seconds(startFrom)} s; processes ${TEMPORAL_CLUSTER_SERVICES.map((service) => `${service} ${cluster.pids[service]}`).join(', ')}`,
    );

    if (!testing) {
      log(`TEMPORAL_ADDRESS=${cluster.address} TEMPORAL_NAMESPACE=${NAMESPACE} points Wegwijs at it; Ctrl-C stops it`);
      await new Promise<never>(() => undefined);
    }

    const suiteFrom = Date.now();
    const exitCode = await runJest(
      ['--selectProjects', 'integration', '--runInBand', ...(jestArgs.length > 0 ? jestArgs : ['test/e2e', 'test/cluster'])],
      { ...process.env, WEGWIJS_TEST_TEMPORAL_ADDRESS: cluster.address, WEGWIJS_TEST_WORKERS: '2', WEGWIJS_TEST_APIS: '2' },
    );
    log(`tests finished with exit code ${exitCode} in ${seconds(suiteFrom)} s${clusterDied ? `; the cluster lost a service meanwhile: ${clusterDied}` : ''}`);
    return clusterDied ? 1 : exitCode;
  } finally {
    await cleanUp();
    log(`stopped; ${seconds()} s in all`);
  }
}

function runJest(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolveExit) => {
    const child = spawn(process.execPath, [join(WORKSPACE_ROOT, 'node_modules/jest/bin/jest.js'), ...args], { cwd: WORKSPACE_ROOT, env, stdio: 'inherit' });
    child.once('exit', (code, signal) => resolveExit(code ?? (signal ? 1 : 0)));
  });
}

main(process.argv[2], process.argv.slice(3)).then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    process.stderr.write(`[cluster] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);

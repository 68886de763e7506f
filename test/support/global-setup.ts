/**
 * Once per `jest` run, for the integration tests: a real Temporal dev server (in memory, on free
 * ports, with Wegwijs's search attributes, and its Web UI pointed at the API's codec, as
 * `npm start` runs it) and a fresh PostgreSQL database with the schema migrated. Test files read
 * where they are from the environment this sets.
 *
 * A real cluster instead (`npm run test:cluster`, tools/cluster/cluster.ts): with
 * WEGWIJS_TEST_TEMPORAL_ADDRESS no dev server is started; the tests use that Temporal, whose
 * namespaces `default` and `wegwijs-amsterdam` (test/support/namespaces.ts) must have Wegwijs's
 * search attributes. WEGWIJS_TEST_WORKERS and
 * WEGWIJS_TEST_APIS (default 1 each) say how many worker and API processes to run; with more
 * than one API, a round-robin proxy stands in front of them as the load balancer would, and
 * WEGWIJS_API_URL is the proxy's. WEGWIJS_TEST_WORKER_PIDS lists the workers' process ids.
 *
 * PostgreSQL: with DATABASE_URL (CI sets it to Debian's PostgreSQL server) a new database
 * `wegwijs_test_<time>` is created on that server and dropped afterwards; without it, an
 * in-memory embedded PostgreSQL (PGlite) stands in, and the run says so.
 */
/* eslint-disable @nx/enforce-module-boundaries -- Jest loads globalSetup without its moduleNameMapper,
   so the @wegwijs/* aliases do not resolve here; these relative imports are the one exception. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { loadConfiguration } from '../../libs/config/src/configuration';
import { servedNamespaces } from '../../libs/config/src/temporal-namespaces';
import { defaultToolCacheDir } from '../../libs/devstack/src/cache-dir';
import { developmentIssuer, ensureDevelopmentSigningKey } from '../../libs/devstack/src/development-signing-key';
import { ensureWebAppBuilt } from '../../libs/devstack/src/web-app-build';
import { startEmbeddedPostgres } from '../../libs/devstack/src/embedded-postgres';
import { ensureTemporalCli } from '../../libs/devstack/src/temporal-cli';
import { launchTemporalDevServer } from '../../libs/devstack/src/temporal-dev-server';
import { startWegwijsProcess, waitUntilHealthy } from '../../libs/devstack/src/wegwijs-processes';
import { canConnect } from '../../libs/devstack/src/tool-sources';
import { createWegwijsDataSource, migrateDatabase } from '../../libs/persistence/src/data-source';
import { SEARCH_ATTRIBUTE_CLI_TYPES } from '../../libs/domain/src/search-attributes';
import { freePort } from './free-port';
import { TEST_NAMESPACES_BY_MUNICIPALITY } from './namespaces';
import { startRoundRobinProxy } from './round-robin-proxy';
import { TEST_FRONT_END_ORIGIN } from './front-end-origin';
import { registerTeardown } from './teardown-registry';

export default async function globalSetup(): Promise<void> {
  const databaseUrl = await prepareDatabase();
  const dataSource = createWegwijsDataSource({ url: databaseUrl, poolSize: 1, applicationName: 'wegwijs-test-setup' });
  await dataSource.initialize();
  await migrateDatabase(dataSource);
  await dataSource.destroy();
  process.env.DATABASE_URL = databaseUrl;

  const apiPort = await freePort();
  await useTemporal(apiPort);
  // Payloads are always encrypted: a fresh key per run (two, to exercise a keyring with a
  // retired key), for the API and worker processes and for test files that connect themselves.
  process.env.WEGWIJS_PAYLOAD_KEYS ||= `test-current:${randomBytes(32).toString('base64')},test-retired:${randomBytes(32).toString('base64')}`;
  // The person record's master keys, likewise: fresh per run, a current and a retired one.
  process.env.WEGWIJS_PERSON_DATA_KEYS ||= `person-current:${randomBytes(32).toString('base64')},person-retired:${randomBytes(32).toString('base64')}`;
  // The worker's development stand-ins (sent mail, TVS profiles) and the token-signing key keep
  // their files here, not in the checkout's .data.
  const dataDir = await mkdtemp(join(tmpdir(), 'wegwijs-test-data-'));
  registerTeardown(() => rm(dataDir, { recursive: true, force: true }));
  process.env.WEGWIJS_DATA_DIR = dataDir;
  await useTestIdentityProvider(dataDir, apiPort);
  // The browser tests open the web app, which the API serves from its production build.
  await ensureWebAppBuilt({ onProgress: (line) => process.stderr.write(`[web app] ${line}\n`) });

  await startWegwijs(apiPort, {
    workers: processCount('WEGWIJS_TEST_WORKERS'),
    apis: processCount('WEGWIJS_TEST_APIS'),
  });
}

/**
 * The Temporal the tests run on: an existing one (WEGWIJS_TEST_TEMPORAL_ADDRESS, a real cluster)
 * or a fresh dev server. Sets TEMPORAL_ADDRESS, and TEMPORAL_UI_PORT for the dev server's Web UI.
 */
async function useTemporal(apiPort: number): Promise<void> {
  // Tenancy as a municipality runs it: Amsterdam's trajectories in a namespace of their own,
  // Haarlem's (and every other code's) in `default`; the worker polls both, the API routes to each.
  // An existing cluster has them registered (tools/cluster registers the same ones).
  process.env.TEMPORAL_NAMESPACE ||= 'default';
  process.env.TEMPORAL_NAMESPACES ||= Object.entries(TEST_NAMESPACES_BY_MUNICIPALITY).map(([code, namespace]) => `${code}=${namespace}`).join(',');
  const existing = process.env.WEGWIJS_TEST_TEMPORAL_ADDRESS;
  if (existing) {
    process.stderr.write(`[tests] on the existing Temporal at ${existing} (no dev server, no Web UI)\n`);
    process.env.TEMPORAL_ADDRESS = existing;
    return;
  }
  const cli = await ensureTemporalCli({
    cacheDir: defaultToolCacheDir(process.env),
    environment: process.env,
    configuredPath: process.env.TEMPORAL_CLI_PATH || undefined,
    onProgress: (message) => process.stderr.write(`[temporal cli] ${message}\n`),
  });
  const port = await freePort();
  const uiPort = await freePort();
  const server = await launchTemporalDevServer(cli, {
    host: '127.0.0.1',
    port,
    uiPort,
    namespaces: servedNamespaces(loadConfiguration(process.env)),
    searchAttributes: SEARCH_ATTRIBUTE_CLI_TYPES,
    codecEndpoint: `http://127.0.0.1:${apiPort}/codec`,
    output: (line) => {
      if (process.env.WEGWIJS_TEST_VERBOSE) process.stderr.write(`${line}\n`);
    },
    onUnexpectedExit: (code, signal) => process.stderr.write(`Temporal dev server died during the tests (${signal ?? code})\n`),
  });
  registerTeardown(() => server.stop());
  process.env.TEMPORAL_ADDRESS = server.address;
  // The API allows the Web UI's origin on /codec; the browser tests open it here.
  process.env.TEMPORAL_UI_PORT = String(uiPort);
}

function processCount(variable: string): number {
  const value = process.env[variable] || '1';
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 8) throw new Error(`${variable} must be a whole number from 1 to 8, not ${value}`);
  return count;
}

/**
 * The tests' identity provider is `npm start`'s: the development identity provider in the API
 * process (/oidc), with a fresh development signing key per run, in the run's data directory. The
 * API verifies through its JWKS, as it would a municipality's provider; `wegwijs tokens issue`
 * (the README's examples) signs with the same key as for a user, and test/support/http.ts signs
 * tokens itself with the private half (WEGWIJS_TEST_TOKEN_KEY), with Node's crypto, so the API's
 * verification is checked against an independent signer. Test files that verify tokens
 * themselves use the public key (AUTH_PUBLIC_KEY).
 */
async function useTestIdentityProvider(dataDir: string, apiPort: number): Promise<void> {
  const key = await ensureDevelopmentSigningKey(dataDir);
  process.env.AUTH_PUBLIC_KEY = key.publicJwk;
  process.env.AUTH_ISSUER = developmentIssuer({ host: '127.0.0.1', port: apiPort });
  process.env.AUTH_AUDIENCE = 'wegwijs-api';
  process.env.WEGWIJS_TEST_TOKEN_KEY = JSON.stringify(key.privateJwk);
}

/**
 * The real worker and API processes, as `npm start` runs them; tests talk to the API over HTTP
 * at `publicPort`: the API itself, or the round-robin proxy in front of several.
 */
async function startWegwijs(publicPort: number, count: { workers: number; apis: number }): Promise<void> {
  const env = {
    ...process.env,
    API_HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '4',
    API_CORS_ORIGINS: TEST_FRONT_END_ORIGIN,
    // Sign-in through the development identity provider, verified through its JWKS.
    WEGWIJS_DEVELOPMENT_IDP: 'on',
    AUTH_PUBLIC_KEY: '',
    AUTH_JWKS_URL: `${process.env.AUTH_ISSUER}/jwks`,
    // The notification-delivery tests run their own delivery loops over the shared outbox; the
    // worker's loop (unscoped, real clock) would race them for their messages. Hourly: never, here.
    NOTIFICATION_INTERVAL_SECONDS: '3600',
    // A failing activity marks its trajectory stuck at once, so the supervisor's view can be tested in seconds.
    TECHNICAL_STALL_AFTER: 'PT0S',
  };
  let died: string | undefined;
  const start = (name: 'worker' | 'api', label: string, extraEnv: Record<string, string> = {}) => {
    const child = startWegwijsProcess(name, {
      env: { ...env, ...extraEnv },
      output: (line) => process.stderr.write(count[name === 'api' ? 'apis' : 'workers'] > 1 ? `[${label}] ${line}\n` : `${line}\n`),
      onUnexpectedExit: (code, signal) => {
        died = `${label} exited (${signal ?? `code ${code}`})`;
        process.stderr.write(`[tests] ${died}\n`);
      },
    });
    registerTeardown(() => child.stop());
    return child;
  };
  const workers = Array.from({ length: count.workers }, (_, index) => start('worker', `worker ${index + 1}`));
  process.env.WEGWIJS_TEST_WORKER_PIDS = workers.map((worker) => worker.pid).join(',');

  const apiPorts = count.apis === 1 ? [publicPort] : await Promise.all(Array.from({ length: count.apis }, () => freePort()));
  const apiUrls = apiPorts.map((port) => `http://127.0.0.1:${port}`);
  apiPorts.forEach((port, index) => start('api', `api ${index + 1}`, { API_PORT: String(port) }));
  for (const apiUrl of apiUrls) {
    await waitUntilHealthy(`${apiUrl}/health`, { timeoutMs: 180_000, shouldGiveUp: () => died !== undefined });
    if (died) throw new Error(`Wegwijs did not start for the tests: ${died}`);
  }
  // One worker: the API's health already waits for it (and the embedded database is spared another connection).
  if (count.workers > 1) await waitForPollingWorkers(count.workers, () => died);
  if (count.apis === 1) {
    process.env.WEGWIJS_API_URL = apiUrls[0];
    return;
  }
  const proxy = await startRoundRobinProxy(apiUrls, publicPort);
  registerTeardown(async () => {
    process.stderr.write(`[tests] requests per API process (round robin): ${proxy.served.join(', ')}\n`);
    await proxy.stop();
  });
  process.env.WEGWIJS_API_URL = proxy.url;
  process.stderr.write(`[tests] ${count.workers} worker(s); ${count.apis} APIs behind ${proxy.url}\n`);
}

/**
 * The API is healthy once one worker polls; each worker bundles the workflow code before it does,
 * so with several the last may come later. Tests that need them all (test/cluster) start after
 * every worker has written its heartbeat, which it does once it polls.
 */
async function waitForPollingWorkers(workers: number, died: () => string | undefined): Promise<void> {
  const deadline = Date.now() + 180_000;
  const client = new PgClient({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{ polling: number }>(`SELECT count(*)::int AS polling FROM worker_heartbeats WHERE last_seen_at >= now() - interval '30 seconds'`);
      if (rows[0].polling >= workers) return;
      if (died()) throw new Error(`Wegwijs did not start for the tests: ${died()}`);
      if (Date.now() > deadline) throw new Error(`only ${rows[0].polling} of ${workers} workers polled within 180 s`);
      await new Promise((resolveLater) => setTimeout(resolveLater, 500));
    }
  } finally {
    await client.end();
  }
}

async function prepareDatabase(): Promise<string> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    process.stderr.write('[tests] DATABASE_URL not set: using the embedded PostgreSQL (PGlite), in memory\n');
    const port = await freePort();
    const database = await startEmbeddedPostgres({ port });
    registerTeardown(() => database.stop());
    return database.url;
  }
  const url = new URL(serverUrl);
  if (!(await canConnect(url.hostname, Number(url.port || 5432), 3000))) {
    throw new Error(`DATABASE_URL points at ${url.hostname}:${url.port || 5432}, which does not accept connections`);
  }
  const name = `wegwijs_test_${Date.now()}_${process.pid}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  registerTeardown(() => withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdminClient(url: string, work: (client: PgClient) => Promise<unknown>): Promise<void> {
  const client = new PgClient({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Wegwijs as `npm start` runs it, for the benchmarks that measure the running product (the web app,
 * the scale figures): the same command, on free ports, with a throw-away data directory and — when
 * DATABASE_URL names a PostgreSQL server — a throw-away database on it, so a benchmark never touches
 * a developer's `.data` or their running stack.
 *
 *   const stack = await startBenchStack();
 *   ... stack.apiUrl, stack.temporalAddress, stack.databaseUrl, stack.env ...
 *   await stack.stop();
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, SupervisedProcess, waitUntilHealthy, WORKSPACE_ROOT } from '@wegwijs/devstack';
import { createBenchDatabase } from '../../libs/read-models/bench/bench-database';

export interface BenchStack {
  readonly apiUrl: string;
  readonly temporalAddress: string;
  /** The throw-away database on DATABASE_URL's server; undefined with the embedded PostgreSQL. */
  readonly databaseUrl: string | undefined;
  /** The environment the stack runs with: point another benchmark (a child process) at it. */
  readonly env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export async function startBenchStack(say: (line: string) => void = () => undefined): Promise<BenchStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'wegwijs-bench-'));
  const [apiPort, temporalPort, uiPort, embeddedPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const database = process.env.DATABASE_URL ? await createBenchDatabase('stack', 1) : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WEGWIJS_DATA_DIR: dataDir,
    API_HOST: '127.0.0.1',
    API_PORT: String(apiPort),
    TEMPORAL_DEV_SERVER_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    EMBEDDED_DATABASE_PORT: String(embeddedPort),
    // Not npm start's default metrics ports, which a developer's own npm start may hold.
    API_METRICS_PORT: String(await freePort()),
    WORKER_METRICS_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    // A benchmark is one user sending as fast as it can: the per-user limit would measure itself.
    API_RATE_LIMIT_PER_MINUTE: '100000',
    ...(database ? { DATABASE_URL: database.url } : {}),
    // With a database server Wegwijs wants keys it does not make itself; a run's own will do.
    WEGWIJS_PERSON_DATA_KEYS: process.env.WEGWIJS_PERSON_DATA_KEYS ?? `bench:${randomBytes(32).toString('base64')}`,
    WEGWIJS_PAYLOAD_KEYS: process.env.WEGWIJS_PAYLOAD_KEYS ?? `bench:${randomBytes(32).toString('base64')}`,
  };
  delete env.TEMPORAL_ADDRESS;
  let died: string | undefined;
  const wegwijs = new SupervisedProcess({
    name: 'npm start',
    command: process.execPath,
    args: ['-r', '@swc-node/register', join(WORKSPACE_ROOT, 'apps/cli/src/main.ts'), 'start'],
    env,
    cwd: WORKSPACE_ROOT,
    output: (line) => {
      if (process.env.WEGWIJS_BENCH_VERBOSE) say(line);
    },
    onUnexpectedExit: (code, signal) => (died = `npm start exited (${signal ?? `code ${code}`})`),
  });
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const stop = async () => {
    await wegwijs.stop(20_000);
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilHealthy(`${apiUrl}/health`, { timeoutMs: 300_000, shouldGiveUp: () => died !== undefined });
    if (died) throw new Error(died);
  } catch (error) {
    await stop();
    throw error;
  }
  say(`Wegwijs under benchmark: API ${apiUrl}, Temporal 127.0.0.1:${temporalPort}, ${database ? 'PostgreSQL from DATABASE_URL (a throw-away database)' : 'embedded PostgreSQL'}`);
  return { apiUrl, temporalAddress: `127.0.0.1:${temporalPort}`, databaseUrl: database?.url, env: { ...env, TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}` }, stop };
}

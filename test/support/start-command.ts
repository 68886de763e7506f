/**
 * The real `wegwijs start` (what `npm start` runs) as a child process, for tests that kill its
 * parts: on the tests' database, with its own API port, task queue and data directory, and its
 * own Temporal dev server unless `sharedTemporal` (then the test stack's). Its output is kept, and
 * the pids it reports for its parts can be read from it.
 *
 *   const stack = await runStartCommand({ RESTART_DELAY: 'PT15S' });
 *   process.kill(stack.pidOf(WORKER_STARTED), 'SIGKILL');
 *   await stack.stop();
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from './free-port';

export const WORKER_STARTED = /\[wegwijs\] worker started \(pid (\d+)\)/;
export const TEMPORAL_STARTED = /\[wegwijs\] Temporal dev server on \S+ \(pid (\d+)\)/;

export interface RunningStartCommand {
  readonly apiUrl: string;
  /** Every line it printed so far, its children's included. */
  readonly output: readonly string[];
  /** The pid in the latest line matching `pattern` (whose first group is the pid). */
  pidOf(pattern: RegExp): number;
  /** The last lines, for a failure message. */
  tail(lines?: number, prefix?: string): string;
  /** Ctrl-C, as a user stops it; killed with its process group if it has not stopped in 30 s. */
  stop(): Promise<void>;
}

export async function runStartCommand(
  environment: Record<string, string>,
  options: { sharedTemporal?: boolean; startedWithinMs?: number } = {},
): Promise<RunningStartCommand> {
  const dataDir = await mkdtemp(join(tmpdir(), 'wegwijs-start-command-'));
  const apiPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WEGWIJS_DATA_DIR: dataDir,
    API_PORT: String(apiPort),
    TEMPORAL_DEV_SERVER_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    // Not the shared test stack's metrics ports, which global-setup put in the environment.
    API_METRICS_PORT: String(await freePort()),
    WORKER_METRICS_PORT: String(await freePort()),
    // Its own task queue: the shared test stack's worker (same database, maybe the same Temporal) neither takes its work nor counts as its worker.
    TEMPORAL_TASK_QUEUE: `start-command-${apiPort}`,
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '2',
    ...environment,
  };
  if (!options.sharedTemporal) delete env.TEMPORAL_ADDRESS;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on('line', (line) => output.push(line));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const tail = (lines = 40, prefix = '') => output.filter((line) => line.startsWith(prefix)).slice(-lines).join('\n');

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const stoppedInTime = await Promise.race([exited.then(() => true), sleep(30_000, true).then(() => false)]);
      // Its children are in process groups of their own; a start command that hangs goes with its group.
      if (!stoppedInTime) process.kill(-child.pid!, 'SIGKILL');
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.startedWithinMs ?? 240_000);
  while (!output.some((line) => line.includes('Wegwijs is running.'))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the start command ${child.exitCode !== null ? `exited (${child.exitCode})` : 'did not come up'}:\n${tail()}`);
    }
    await sleep(250);
  }
  return {
    apiUrl: `http://127.0.0.1:${apiPort}`,
    output,
    tail,
    stop,
    pidOf(pattern) {
      const line = output.filter((candidate) => pattern.test(candidate)).pop();
      if (!line) throw new Error(`no line matching ${pattern} in the start command's output:\n${tail()}`);
      return Number(pattern.exec(line)![1]);
    },
  };
}

/** `unref`: a wait that must not keep Jest running once everything else is done. */
export function sleep(ms: number, unref = false): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (unref) timer.unref();
  });
}

/**
 * `npm start` survives its parts: the real start command, as a user runs it (its own Temporal dev
 * server on a SQLite file, a worker and the API as child processes; the tests' database), has its
 * worker and then its Temporal dev server killed with SIGKILL. Throughout, the API answers every
 * request (never a refused connection): `/health` 503 and problem+json 503 with Retry-After while
 * a part is missing, 2xx once the supervisor has started it again — and a milestone refused
 * meanwhile, sent again with its Idempotency-Key, is recorded once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../support/free-port';
import { newCaseReference } from '../support/case-references';
import { KLANTMANAGER, request, type HttpAnswer } from '../support/http';

/** Long enough that the API's readiness sees the worker gone (its heartbeats stop) before it is back. */
const RESTART_DELAY_SECONDS = 15;
const STARTED_WITHIN_MS = 240_000;
const RECOVERED_WITHIN_MS = 120_000;

let start: ChildProcess | undefined;
let dataDir: string;
let apiUrl: string;
const output: string[] = [];
/** Every answer the API gave in these tests, by status; a refused connection fails the test at once. */
const answers = new Map<number, number>();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'wegwijs-supervised-start-'));
  const apiPort = await freePort();
  apiUrl = `http://127.0.0.1:${apiPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WEGWIJS_DATA_DIR: dataDir,
    API_PORT: String(apiPort),
    TEMPORAL_DEV_SERVER_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    // Its own task queue: the heartbeats of the shared test stack's worker (same database) do not count.
    TEMPORAL_TASK_QUEUE: `supervised-start-${process.pid}`,
    RESTART_DELAY: `PT${RESTART_DELAY_SECONDS}S`,
    TEMPORAL_CALL_TIMEOUT: 'PT3S',
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '2',
  };
  delete env.TEMPORAL_ADDRESS;
  start = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  for (const stream of [start.stdout!, start.stderr!]) createInterface({ input: stream }).on('line', (line) => output.push(line));
  await waitFor(() => output.some((line) => line.includes('Wegwijs is running.')), STARTED_WITHIN_MS, 'the start command to report Wegwijs running');
}, STARTED_WITHIN_MS + 10_000);

afterAll(async () => {
  if (start?.pid !== undefined && start.exitCode === null) {
    const exited = new Promise((resolve) => start!.once('exit', resolve));
    start.kill('SIGTERM');
    const stoppedInTime = await Promise.race([exited.then(() => true), sleep(30_000, { unref: true }).then(() => false)]);
    // Its children are in their own process groups; a start command that hangs is killed with its group.
    if (!stoppedInTime) process.kill(-start.pid, 'SIGKILL');
  }
  await rm(dataDir, { recursive: true, force: true });
  if (answers.size > 0) process.stdout.write(`[supervised start] answers during the test: ${JSON.stringify(Object.fromEntries(answers))}\n`);
}, 40_000);

describe('npm start, when a part dies', () => {
  let trajectoryId: string;

  it('restarts a killed worker; meanwhile the API answers 503 with Retry-After, and a refused milestone sent again is recorded once', async () => {
    const started = await request(apiUrl, 'POST', '/trajectories', {
      body: { municipality: 'GM0392', caseReference: newCaseReference(), definitionKey: 'walking-skeleton', facts: { housingDate: '2026-11-02' } },
      headers: KLANTMANAGER,
    });
    expect(started.status).toBe(201);
    trajectoryId = started.body.trajectoryId;

    process.kill(pidOf(/\[wegwijs\] worker started \(pid (\d+)\)/), 'SIGKILL');
    const degraded = await askUntil(() => request(apiUrl, 'GET', '/health'), (answer) => answer.status === 503, 'health to report the worker missing');
    expect(degraded.body).toEqual({ status: 'degraded', checks: { database: 'up', temporal: 'up', worker: 'down' } });
    expect(output).toContain(`[wegwijs] worker exited with signal SIGKILL; restarting in ${RESTART_DELAY_SECONDS} s`);

    const milestone = { body: { milestone: 'intake.completed', occurredOn: '2026-11-20' }, headers: { ...KLANTMANAGER, 'idempotency-key': `${trajectoryId}-intake` } };
    const refused = await counted(request(apiUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, milestone));
    expect(refused.status).toBe(503);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body).toMatchObject({ type: '/problems/service-unavailable', unavailable: 'worker' });

    await askUntil(() => request(apiUrl, 'GET', '/health'), (answer) => answer.status === 200, 'health to report the worker back');
    expect(output).toContain('[wegwijs] worker started again (restart 1)');
    const accepted = await askUntil(() => request(apiUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, milestone), (answer) => answer.status !== 503, 'the milestone to be taken');
    expect(accepted.status).toBe(200);
    const again = await request(apiUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, milestone);
    expect(again.status).toBe(200);

    const view = await request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: KLANTMANAGER });
    expect(view.status).toBe(200);
    const recorded = view.body.events.filter((event: { type: string; payload: { milestone?: string } }) => event.type === 'milestone.recorded' && event.payload.milestone === 'intake.completed');
    expect(recorded).toHaveLength(1);
  }, 4 * RECOVERED_WITHIN_MS);

  it('restarts a killed Temporal dev server on its data; meanwhile the API answers 503, and the trajectory is still there', async () => {
    expect(trajectoryId).toBeDefined();
    process.kill(pidOf(/\[wegwijs\] Temporal dev server on \S+ \(pid (\d+)\)/), 'SIGKILL');
    const degraded = await askUntil(() => request(apiUrl, 'GET', '/health'), (answer) => answer.status === 503, 'health to report Temporal missing');
    expect(degraded.body).toMatchObject({ status: 'degraded', checks: { database: 'up', temporal: 'down' } });
    const refused = await counted(request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: KLANTMANAGER }));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body).toMatchObject({ type: '/problems/service-unavailable' });
    expect(output).toContain(`[wegwijs] Temporal dev server exited with signal SIGKILL; restarting in ${RESTART_DELAY_SECONDS} s`);

    await askUntil(() => request(apiUrl, 'GET', '/health'), (answer) => answer.status === 200, 'health to report Temporal back');
    expect(output).toContain('[wegwijs] Temporal dev server started again (restart 1)');
    const view = await askUntil(() => request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: KLANTMANAGER }), (answer) => answer.status !== 503, 'the trajectory to be readable');
    expect(view.status).toBe(200);
    expect(view.body.events.map((event: { type: string }) => event.type)).toContain('milestone.recorded');
    // 5xx while down were 503s only: the API never answered 500.
    expect([...answers.keys()].filter((status) => status >= 500 && status !== 503)).toEqual([]);
  }, 4 * RECOVERED_WITHIN_MS);
});

function pidOf(pattern: RegExp): number {
  const line = output.find((candidate) => pattern.test(candidate));
  if (!line) throw new Error(`no line matching ${pattern} in the start command's output:\n${output.slice(-40).join('\n')}`);
  return Number(pattern.exec(line)![1]);
}

/** Counts the answer; a refused connection rejects, failing the test. */
async function counted(answer: Promise<HttpAnswer>): Promise<HttpAnswer> {
  const settled = await answer;
  answers.set(settled.status, (answers.get(settled.status) ?? 0) + 1);
  return settled;
}

/** Asks every half second until `done`; every answer is counted, and a refused connection fails at once. */
async function askUntil(ask: () => Promise<HttpAnswer>, done: (answer: HttpAnswer) => boolean, what: string): Promise<HttpAnswer> {
  const deadline = Date.now() + RECOVERED_WITHIN_MS;
  for (;;) {
    const answer = await counted(ask());
    if (answer.status >= 500 && answer.status !== 503) {
      throw new Error(`the API answered ${answer.status} ${JSON.stringify(answer.body)}; the API said:\n${output.filter((line) => line.startsWith('[api]')).slice(-10).join('\n')}`);
    }
    if (done(answer)) return answer;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}; last answer ${answer.status}:\n${output.slice(-30).join('\n')}`);
    await sleep(500);
  }
}

async function waitFor(condition: () => boolean, withinMs: number, what: string): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!condition()) {
    if (start?.exitCode !== null) throw new Error(`the start command exited (${start?.exitCode}) before ${what}:\n${output.slice(-40).join('\n')}`);
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}:\n${output.slice(-40).join('\n')}`);
    await sleep(250);
  }
}

/** `unref`: a wait that must not keep Jest running once everything else is done. */
function sleep(ms: number, options: { unref?: boolean } = {}): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (options.unref) timer.unref();
  });
}

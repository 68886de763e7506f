/**
 * `npm start` survives its parts: the real start command, as a user runs it (its own Temporal dev
 * server on a SQLite file, a worker and the API as child processes; the tests' database), has its
 * worker and then its Temporal dev server killed with SIGKILL. Throughout, the API answers every
 * request (never a refused connection): `/health` 503 and problem+json 503 with Retry-After while
 * a part is missing, 2xx once the supervisor has started it again — and a milestone refused
 * meanwhile, sent again with its Idempotency-Key, is recorded once.
 */
import { newCaseReference } from '../support/case-references';
import { KLANTMANAGER, request, type HttpAnswer } from '../support/http';
import { runStartCommand, sleep, TEMPORAL_STARTED, WORKER_STARTED, type RunningStartCommand } from '../support/start-command';

/** Long enough that the API's readiness sees the worker gone (its heartbeats stop) before it is back. */
const RESTART_DELAY_SECONDS = 15;
const STARTED_WITHIN_MS = 240_000;
const RECOVERED_WITHIN_MS = 120_000;

let stack: RunningStartCommand;
let apiUrl: string;
/** Every answer the API gave in these tests, by status; a refused connection fails the test at once. */
const answers = new Map<number, number>();

beforeAll(async () => {
  stack = await runStartCommand({ RESTART_DELAY: `PT${RESTART_DELAY_SECONDS}S`, TEMPORAL_CALL_TIMEOUT: 'PT3S' }, { startedWithinMs: STARTED_WITHIN_MS });
  apiUrl = stack.apiUrl;
}, STARTED_WITHIN_MS + 10_000);

afterAll(async () => {
  await stack?.stop();
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

    process.kill(stack.pidOf(WORKER_STARTED), 'SIGKILL');
    const degraded = await askUntil(() => request(apiUrl, 'GET', '/health'), (answer) => answer.status === 503, 'health to report the worker missing');
    expect(degraded.body).toEqual({ status: 'degraded', checks: { database: 'up', temporal: 'up', worker: 'down' } });
    expect(stack.output).toContain(`[wegwijs] worker exited with signal SIGKILL; restarting in ${RESTART_DELAY_SECONDS} s`);

    const milestone = { body: { milestone: 'intake.completed', occurredOn: '2026-11-20' }, headers: { ...KLANTMANAGER, 'idempotency-key': `${trajectoryId}-intake` } };
    const refused = await counted(request(apiUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, milestone));
    expect(refused.status).toBe(503);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body).toMatchObject({ type: '/problems/service-unavailable', unavailable: 'worker' });

    await askUntil(() => request(apiUrl, 'GET', '/health'), (answer) => answer.status === 200, 'health to report the worker back');
    expect(stack.output).toContain('[wegwijs] worker started again (restart 1)');
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
    process.kill(stack.pidOf(TEMPORAL_STARTED), 'SIGKILL');
    const degraded = await askUntil(() => request(apiUrl, 'GET', '/health'), (answer) => answer.status === 503, 'health to report Temporal missing');
    expect(degraded.body).toMatchObject({ status: 'degraded', checks: { database: 'up', temporal: 'down' } });
    const refused = await counted(request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: KLANTMANAGER }));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body).toMatchObject({ type: '/problems/service-unavailable' });
    expect(stack.output).toContain(`[wegwijs] Temporal dev server exited with signal SIGKILL; restarting in ${RESTART_DELAY_SECONDS} s`);

    await askUntil(() => request(apiUrl, 'GET', '/health'), (answer) => answer.status === 200, 'health to report Temporal back');
    expect(stack.output).toContain('[wegwijs] Temporal dev server started again (restart 1)');
    const view = await askUntil(() => request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: KLANTMANAGER }), (answer) => answer.status !== 503, 'the trajectory to be readable');
    expect(view.status).toBe(200);
    expect(view.body.events.map((event: { type: string }) => event.type)).toContain('milestone.recorded');
    // 5xx while down were 503s only: the API never answered 500.
    expect([...answers.keys()].filter((status) => status >= 500 && status !== 503)).toEqual([]);
  }, 4 * RECOVERED_WITHIN_MS);
});

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
      throw new Error(`the API answered ${answer.status} ${JSON.stringify(answer.body)}; the API said:\n${stack.tail(10, '[api]')}`);
    }
    if (done(answer)) return answer;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}; last answer ${answer.status}:\n${stack.tail(30)}`);
    await sleep(500);
  }
}

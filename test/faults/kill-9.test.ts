/**
 * Faults (a) and (b): kill -9 of the worker, and of the Temporal server, while work is in flight.
 * Thirty clients start a trajectory each and report its milestone through the real start
 * command's API (the killed part restarted by its supervisor; the Temporal dev server on its
 * SQLite file); once half of them are answered the part is killed with SIGKILL, with the rest of
 * the starts, milestones and their activities under way. A client that gets a 503 (or no answer)
 * sends the same request again — the milestone with the same Idempotency-Key — as the API tells
 * it to. Afterwards every trajectory has gone on to its end, and every accepted milestone is in
 * the event store exactly once.
 */
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';
import { newCaseReference } from '../support/case-references';
import { KLANTMANAGER, pollUntil, request, type HttpAnswer } from '../support/http';
import { runStartCommand, sleep, TEMPORAL_STARTED, WORKER_STARTED, type RunningStartCommand } from '../support/start-command';

const CLIENTS = 30;
const CLIENT_GIVES_UP_AFTER_MS = 150_000;
const TRAJECTORIES_END_WITHIN_MS = 180_000;

let stack: RunningStartCommand | undefined;
let wegwijs: WegwijsUnderTest;

beforeAll(async () => {
  wegwijs = await connectToWegwijsUnderTest();
});

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
}, 40_000);

afterAll(async () => {
  await wegwijs?.close();
});

/**
 * Sends until the API answers something other than 503 (or nothing), as a well-behaved client does
 * after Retry-After — and other than `sendAgain`, a refusal that says "not yet".
 */
async function untilAnswered(send: () => Promise<HttpAnswer>, counts: { retries: number }, sendAgain: (answer: HttpAnswer) => boolean = () => false): Promise<HttpAnswer> {
  const deadline = Date.now() + CLIENT_GIVES_UP_AFTER_MS;
  for (;;) {
    const answer = await send().catch(() => undefined);
    if (answer && answer.status !== 503 && !sendAgain(answer)) return answer;
    if (Date.now() > deadline) throw new Error(`a client gave up: ${answer ? `503 ${JSON.stringify(answer.body)}` : 'no answer'}\n${stack?.tail(20)}`);
    counts.retries += 1;
    await sleep(1000);
  }
}

const FAULTS = [
  // The test stack's Temporal: the worker is what is killed here; the start command runs its own worker on its own task queue.
  { name: 'a: worker kill -9', part: 'worker', started: WORKER_STARTED, sharedTemporal: true },
  // Its own Temporal dev server, persisting to SQLite in its data directory, restarted on that file.
  { name: 'b: Temporal server kill -9', part: 'Temporal dev server', started: TEMPORAL_STARTED, sharedTemporal: false },
] as const;

describe('kill -9 in the middle of the work', () => {
  it.each(FAULTS)('of the $part loses no trajectory and no accepted milestone, and records each once', async (fault) => {
    stack = await runStartCommand({ TEMPORAL_CALL_TIMEOUT: 'PT5S' }, { sharedTemporal: fault.sharedTemporal });
    const api = stack;
    const counts = { retries: 0 };
    let answeredClients = 0;
    const client = async (index: number) => {
      const caseReference = newCaseReference();
      const started = await untilAnswered(
        () =>
          request(api.apiUrl, 'POST', '/trajectories', {
            body: { municipality: 'GM0392', caseReference, definitionKey: 'walking-skeleton', facts: { housingDate: '2026-11-02' } },
            headers: KLANTMANAGER,
          }),
        counts,
      );
      // A start that timed out may have started it: the same start again is refused as existing, which is fine.
      expect([201, 409]).toContain(started.status);
      const trajectoryId = `GM0392.${caseReference}`;
      const milestone = { body: { milestone: 'intake.completed', occurredOn: '2026-11-20' }, headers: { ...KLANTMANAGER, 'idempotency-key': `fault-a-${index}-${caseReference}` } };
      // A start whose answer the fault cut off, sent again, answers 409 "exists" at once — maybe before the
      // trajectory has recorded its start (the API answers 404 until then) or waits for the milestone
      // ("not expected" until then). Both say "not yet" to this client.
      const notYet = new Set(['/problems/trajectory-not-found', '/problems/milestone-not-expected']);
      const reported = await untilAnswered(
        () => request(api.apiUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, milestone),
        counts,
        (answer) => started.status === 409 && notYet.has(answer.body?.type),
      );
      answeredClients += 1;
      return { trajectoryId, accepted: reported.status === 200, status: reported.status, answered: reported.status === 200 ? reported.body?.status : reported.body?.type };
    };

    const clients = Array.from({ length: CLIENTS }, (_, index) => client(index));
    while (answeredClients < CLIENTS / 2) await sleep(50);
    const killedPid = api.pidOf(fault.started);
    process.kill(killedPid, 'SIGKILL');
    const inFlightAtKill = CLIENTS - answeredClients;
    const results = await Promise.all(clients);
    // The kill came with work under way: clients whose start or milestone was still being processed.
    expect(inFlightAtKill).toBeGreaterThan(0);

    // The clients may all be answered before the start command has written what it saw: the line
    // comes through a pipe, so wait for it (pollUntil gives up after its own time, and the check fails).
    const restartLine = `[wegwijs] ${fault.part} exited with signal SIGKILL; restarting in 1 s`;
    await pollUntil(async () => api.output, (output) => output.includes(restartLine));
    expect(api.output).toContain(restartLine);
    const accepted = results.filter((result) => result.accepted);
    const ids = results.map((result) => result.trajectoryId);
    const rows: Array<{ stream_id: string; stored: number }> = await wegwijs.dataSource.query(
      `SELECT stream_id, count(*)::int AS stored FROM trajectory_events WHERE type = 'milestone.recorded' AND stream_id = ANY($1) GROUP BY stream_id`,
      [ids],
    );
    const storedPerTrajectory = new Map(rows.map((row) => [row.stream_id, row.stored]));
    const stored = rows.reduce((sum, row) => sum + row.stored, 0);
    const lost = accepted.filter((result) => (storedPerTrajectory.get(result.trajectoryId) ?? 0) === 0).length;
    const duplicated = rows.filter((row) => row.stored > 1).length;
    process.stdout.write(
      `[fault ${fault.name}] sent ${CLIENTS} (${inFlightAtKill} in flight at the kill), accepted ${accepted.length}, stored ${stored}, lost ${lost}, duplicated ${duplicated}, ` +
        `requests sent again after a 503, no answer or "not yet" ${counts.retries}, ${fault.part} pid killed ${killedPid}, restarted as ${api.pidOf(fault.started)}\n`,
    );
    // Every trajectory goes on: each reaches its end once its milestone is taken — an activity the
    // kill cut off runs again once its timeout has passed, so this may take a while.
    const continuedBy = Date.now() + TRAJECTORIES_END_WITHIN_MS;
    for (const trajectoryId of ids) {
      for (;;) {
        const view = await untilAnswered(() => request(api.apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: KLANTMANAGER }), counts);
        if (view.body.state.status === 'completed') break;
        if (Date.now() > continuedBy) {
          const answered = results.find((result) => result.trajectoryId === trajectoryId);
          const events: Array<{ type: string }> = await wegwijs.dataSource.query('SELECT type FROM trajectory_events WHERE stream_id = $1 ORDER BY sequence', [trajectoryId]);
          throw new Error(
            `${trajectoryId} did not go on: ${view.body.state.status}, waiting on ${JSON.stringify(view.body.state.waitingOn)}; ` +
              `its milestone was answered ${answered?.status} (${answered?.answered}); stored events ${events.map((event) => event.type).join(', ')}`,
          );
        }
        await sleep(1000);
      }
    }
    expect(results.map((result) => result.status)).toEqual(results.map(() => 200));
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(stored).toBe(accepted.length);
  }, 540_000);
});

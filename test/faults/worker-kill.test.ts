/**
 * Fault (a): kill -9 of the worker while work is in flight. Thirty clients start a trajectory each
 * and report its milestone through the real start command's API (its worker restarted by the
 * supervisor); once half of them are answered the worker is killed with SIGKILL, with the rest
 * of the starts, milestones and their activities under way. A client that gets a 503 (or no
 * answer) sends the same request again — the milestone with the same Idempotency-Key — as the API
 * tells it to. Afterwards every trajectory has gone on to its end, and every accepted milestone
 * is in the event store exactly once.
 */
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';
import { newCaseReference } from '../support/case-references';
import { KLANTMANAGER, request, type HttpAnswer } from '../support/http';
import { runStartCommand, sleep, WORKER_STARTED, type RunningStartCommand } from '../support/start-command';

const CLIENTS = 30;
const CLIENT_GIVES_UP_AFTER_MS = 150_000;

let stack: RunningStartCommand;
let wegwijs: WegwijsUnderTest;

beforeAll(async () => {
  // The test stack's Temporal (killing the worker is the fault here); its own task queue and worker.
  stack = await runStartCommand({ TEMPORAL_CALL_TIMEOUT: 'PT5S' }, { sharedTemporal: true });
  wegwijs = await connectToWegwijsUnderTest();
}, 250_000);

afterAll(async () => {
  await stack?.stop();
  await wegwijs?.close();
}, 40_000);

/** Sends until the API answers something other than 503 (or nothing), as a well-behaved client does after Retry-After. */
async function untilAnswered(send: () => Promise<HttpAnswer>, counts: { retries: number }): Promise<HttpAnswer> {
  const deadline = Date.now() + CLIENT_GIVES_UP_AFTER_MS;
  for (;;) {
    const answer = await send().catch(() => undefined);
    if (answer && answer.status !== 503) return answer;
    if (Date.now() > deadline) throw new Error(`a client gave up: ${answer ? `503 ${JSON.stringify(answer.body)}` : 'no answer'}\n${stack.tail(20)}`);
    counts.retries += 1;
    await sleep(1000);
  }
}

describe('kill -9 of the worker in the middle of the work', () => {
  it('loses no trajectory and no accepted milestone, and records each once', async () => {
    const counts = { retries: 0 };
    let answeredClients = 0;
    const client = async (index: number) => {
      const caseReference = newCaseReference();
      const started = await untilAnswered(
        () =>
          request(stack.apiUrl, 'POST', '/trajectories', {
            body: { municipality: 'GM0392', caseReference, definitionKey: 'walking-skeleton', facts: { housingDate: '2026-11-02' } },
            headers: KLANTMANAGER,
          }),
        counts,
      );
      // A start that timed out may have started it: the same start again is refused as existing, which is fine.
      expect([201, 409]).toContain(started.status);
      const trajectoryId = `GM0392.${caseReference}`;
      const milestone = { body: { milestone: 'intake.completed', occurredOn: '2026-11-20' }, headers: { ...KLANTMANAGER, 'idempotency-key': `fault-a-${index}-${caseReference}` } };
      const reported = await untilAnswered(() => request(stack.apiUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, milestone), counts);
      answeredClients += 1;
      return { trajectoryId, accepted: reported.status === 200, status: reported.status };
    };

    const clients = Array.from({ length: CLIENTS }, (_, index) => client(index));
    while (answeredClients < CLIENTS / 2) await sleep(50);
    const killedPid = stack.pidOf(WORKER_STARTED);
    process.kill(killedPid, 'SIGKILL');
    const inFlightAtKill = CLIENTS - answeredClients;
    const results = await Promise.all(clients);
    // The kill came with work under way: clients whose start or milestone was still being processed.
    expect(inFlightAtKill).toBeGreaterThan(0);

    expect(stack.output).toContain('[wegwijs] worker exited with signal SIGKILL; restarting in 1 s');
    const accepted = results.filter((result) => result.accepted);
    const ids = results.map((result) => result.trajectoryId);
    // Every trajectory goes on: each reaches its end once its milestone is taken.
    for (const trajectoryId of ids) {
      const view = await untilAnswered(() => request(stack.apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: KLANTMANAGER }), counts);
      expect(view.body.state.status).toBe('completed');
    }
    const rows: Array<{ stream_id: string; stored: number }> = await wegwijs.dataSource.query(
      `SELECT stream_id, count(*)::int AS stored FROM trajectory_events WHERE type = 'milestone.recorded' AND stream_id = ANY($1) GROUP BY stream_id`,
      [ids],
    );
    const storedPerTrajectory = new Map(rows.map((row) => [row.stream_id, row.stored]));
    const stored = rows.reduce((sum, row) => sum + row.stored, 0);
    const lost = accepted.filter((result) => (storedPerTrajectory.get(result.trajectoryId) ?? 0) === 0).length;
    const duplicated = rows.filter((row) => row.stored > 1).length;
    process.stdout.write(
      `[fault a: worker kill -9] sent ${CLIENTS} (${inFlightAtKill} in flight at the kill), accepted ${accepted.length}, stored ${stored}, lost ${lost}, duplicated ${duplicated}, ` +
        `requests sent again after a 503 or no answer ${counts.retries}, worker pid killed ${killedPid}, restarted as ${stack.pidOf(WORKER_STARTED)}\n`,
    );
    expect(results.map((result) => result.status)).toEqual(results.map(() => 200));
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(stored).toBe(accepted.length);
  }, 300_000);
});

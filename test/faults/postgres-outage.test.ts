/**
 * Fault (c): PostgreSQL stopped for 60 s while milestones arrive. The real start command runs on a
 * PostgreSQL cluster of this test's own (never the one the other tests share), with the test
 * stack's Temporal. Trajectories are started first; then clients report their milestone (each with
 * its own Idempotency-Key) before the outage, during it — sending again after each refusal, as
 * Retry-After says — and after it. During the outage every answer must come within a client
 * timeout and be a 503 problem+json with Retry-After (or a 2xx), never a 500. After recovery every
 * refused milestone is sent again with its key, every accepted one is in the event store exactly
 * once, and the read model (the trajectory summary) has caught up with the last event.
 */
import { createWegwijsDataSource, migrateDatabase } from '@wegwijs/persistence';
import type { DataSource } from 'typeorm';
import { newCaseReference } from '../support/case-references';
import { startDedicatedPostgres, type DedicatedPostgres } from '../support/dedicated-postgres';
import { KLANTMANAGER, request, type HttpAnswer } from '../support/http';
import { runStartCommand, sleep, type RunningStartCommand } from '../support/start-command';

const OUTAGE_MS = 60_000;
/** Clients per phase: before, during and after the outage. */
const CLIENTS_PER_PHASE = 6;
/** Longer than any answer may take: a request without an answer by then counts as hanging. */
const CLIENT_TIMEOUT_MS = 10_000;
const RECOVERED_WITHIN_MS = 30_000;
const READ_MODEL_CAUGHT_UP_WITHIN_MS = 30_000;

let postgres: DedicatedPostgres | undefined;
let stack: RunningStartCommand | undefined;
let assertions: DataSource | undefined;

afterAll(async () => {
  // The stack first (it holds connections), the cluster last: removed even when the test failed.
  await stack?.stop();
  await assertions?.destroy();
  await postgres?.remove();
}, 90_000);

interface Trajectory {
  readonly id: string;
  readonly idempotencyKey: string;
}

/** Every answer a client got, by what it was. */
interface Tally {
  sent: number;
  accepted: number;
  refused503: number;
  server500: number;
  otherStatus: string[];
  noAnswerInTime: number;
  /** A 503 that is not problem+json, or lacks Retry-After. */
  malformed503: number;
}

function sendMilestone(api: RunningStartCommand, trajectory: Trajectory): Promise<HttpAnswer> {
  return request(api.apiUrl, 'POST', `/trajectories/${trajectory.id}/milestones`, {
    body: { milestone: 'intake.completed', occurredOn: '2026-11-20' },
    headers: { ...KLANTMANAGER, 'idempotency-key': trajectory.idempotencyKey },
    timeoutMs: CLIENT_TIMEOUT_MS,
  });
}

/** Sends and counts the answer; `undefined` when none came within the client timeout (or the connection failed). */
async function sendCounted(api: RunningStartCommand, trajectory: Trajectory, tally: Tally): Promise<HttpAnswer | undefined> {
  tally.sent += 1;
  const answer = await sendMilestone(api, trajectory).catch(() => undefined);
  if (!answer) tally.noAnswerInTime += 1;
  else if (answer.status >= 200 && answer.status < 300) tally.accepted += 1;
  else if (answer.status === 503) {
    tally.refused503 += 1;
    if (!answer.contentType.startsWith('application/problem+json') || !answer.headers.get('retry-after')) tally.malformed503 += 1;
  } else if (answer.status >= 500) tally.server500 += 1;
  else tally.otherStatus.push(`${answer.status} ${answer.body?.type}`);
  return answer;
}

async function startTrajectory(api: RunningStartCommand, index: number): Promise<Trajectory> {
  const caseReference = newCaseReference();
  const started = await request(api.apiUrl, 'POST', '/trajectories', {
    body: { municipality: 'GM0392', caseReference, definitionKey: 'walking-skeleton', facts: { housingDate: '2026-11-02' } },
    headers: KLANTMANAGER,
  });
  if (started.status !== 201) throw new Error(`start ${index} answered ${started.status} ${JSON.stringify(started.body)}`);
  const id = `GM0392.${caseReference}`;
  // Ready for its milestone once it has recorded its start and waits for the intake.
  for (let attempt = 0; ; attempt++) {
    const view = await request(api.apiUrl, 'GET', `/trajectories/${id}`, { headers: KLANTMANAGER });
    if (view.status === 200 && JSON.stringify(view.body.state.waitingOn ?? []).includes('intake.completed')) break;
    if (attempt > 150) throw new Error(`${id} never waited for its intake: ${view.status} ${JSON.stringify(view.body)}`);
    await sleep(200);
  }
  return { id, idempotencyKey: `fault-c-${index}-${caseReference}` };
}

describe('PostgreSQL stopped for 60 s while milestones arrive', () => {
  it('answers 503 problem+json in time meanwhile, and afterwards has every milestone once and its read model caught up', async () => {
    postgres = await startDedicatedPostgres();
    const migration = createWegwijsDataSource({ url: postgres.url, poolSize: 1, applicationName: 'wegwijs-fault-c-migration' });
    await migration.initialize();
    await migrateDatabase(migration);
    await migration.destroy();

    stack = await runStartCommand({ DATABASE_URL: postgres.url, TEMPORAL_CALL_TIMEOUT: 'PT5S' }, { sharedTemporal: true });
    const api = stack;
    const trajectories: Trajectory[] = [];
    for (let index = 0; index < 3 * CLIENTS_PER_PHASE; index++) trajectories.push(await startTrajectory(api, index));
    const before = trajectories.slice(0, CLIENTS_PER_PHASE);
    const during = trajectories.slice(CLIENTS_PER_PHASE, 2 * CLIENTS_PER_PHASE);
    const after = trajectories.slice(2 * CLIENTS_PER_PHASE);
    const tally: Tally = { sent: 0, accepted: 0, refused503: 0, server500: 0, otherStatus: [], noAnswerInTime: 0, malformed503: 0 };
    const acceptedIds = new Set<string>();
    const refused = new Set<Trajectory>();
    const record = (trajectory: Trajectory, answer: HttpAnswer | undefined) => {
      if (answer && answer.status >= 200 && answer.status < 300) {
        acceptedIds.add(trajectory.id);
        refused.delete(trajectory);
      } else refused.add(trajectory);
    };

    // Before: the stack is whole.
    for (const answer of await Promise.all(before.map((trajectory) => sendCounted(api, trajectory, tally)))) {
      expect(answer?.status).toBe(200);
    }
    before.forEach((trajectory) => acceptedIds.add(trajectory.id));

    // During: PostgreSQL is down for OUTAGE_MS; each client keeps sending its milestone, waiting Retry-After between refusals.
    await postgres.stop();
    const outageEnds = Date.now() + OUTAGE_MS;
    const duringTally: Tally = { sent: 0, accepted: 0, refused503: 0, server500: 0, otherStatus: [], noAnswerInTime: 0, malformed503: 0 };
    await Promise.all(
      during.map(async (trajectory) => {
        while (Date.now() + CLIENT_TIMEOUT_MS < outageEnds && !acceptedIds.has(trajectory.id)) {
          const answer = await sendCounted(api, trajectory, duringTally);
          record(trajectory, answer);
          await sleep(Number(answer?.headers.get('retry-after') ?? 5) * 1000);
        }
      }),
    );
    while (Date.now() < outageEnds) await sleep(200);
    await postgres.start();

    // After: once the API is healthy again, the rest report theirs, and every refused one is sent again with its key.
    const recoveredBy = Date.now() + RECOVERED_WITHIN_MS;
    while ((await request(api.apiUrl, 'GET', '/health', { timeoutMs: CLIENT_TIMEOUT_MS }).catch(() => undefined))?.status !== 200) {
      if (Date.now() > recoveredBy) throw new Error(`the API did not become healthy after PostgreSQL came back:\n${api.tail(30)}`);
      await sleep(500);
    }
    for (const [trajectory, answer] of await Promise.all(after.map(async (trajectory) => [trajectory, await sendCounted(api, trajectory, tally)] as const))) {
      record(trajectory, answer);
    }
    const resentFor = [...refused];
    const resentTally: Tally = { sent: 0, accepted: 0, refused503: 0, server500: 0, otherStatus: [], noAnswerInTime: 0, malformed503: 0 };
    for (const [trajectory, answer] of await Promise.all(resentFor.map(async (trajectory) => [trajectory, await sendCounted(api, trajectory, resentTally)] as const))) {
      record(trajectory, answer);
    }

    // What was stored, read from the cluster directly.
    assertions = createWegwijsDataSource({ url: postgres.url, poolSize: 1, applicationName: 'wegwijs-fault-c-assertions' });
    await assertions.initialize();
    const ids = trajectories.map((trajectory) => trajectory.id);
    const rows: Array<{ stream_id: string; stored: number }> = await assertions.query(
      `SELECT stream_id, count(*)::int AS stored FROM trajectory_events WHERE type = 'milestone.recorded' AND stream_id = ANY($1) GROUP BY stream_id`,
      [ids],
    );
    const storedPerTrajectory = new Map(rows.map((row) => [row.stream_id, row.stored]));
    const stored = rows.reduce((sum, row) => sum + row.stored, 0);
    const lost = [...acceptedIds].filter((id) => !storedPerTrajectory.has(id)).length;
    const duplicated = rows.filter((row) => row.stored > 1).length;

    // The read model catches up: each summary is at its stream's last event, the trajectory ended by its milestone.
    const caughtUpBy = Date.now() + READ_MODEL_CAUGHT_UP_WITHIN_MS;
    const behind = async () =>
      (await assertions!.query(
        `SELECT e.stream_id, max(e.sequence)::int AS last_event, s.last_sequence, s.status
           FROM trajectory_events e LEFT JOIN rm_trajectory_summaries s ON s.trajectory_id = e.stream_id
          WHERE e.stream_id = ANY($1)
          GROUP BY e.stream_id, s.last_sequence, s.status
         HAVING s.last_sequence IS DISTINCT FROM max(e.sequence) OR s.status IS DISTINCT FROM 'completed'`,
        [ids],
      )) as Array<{ stream_id: string; last_event: number; last_sequence: number | null; status: string | null }>;
    let summariesBehind = await behind();
    while (summariesBehind.length > 0 && Date.now() < caughtUpBy) {
      await sleep(500);
      summariesBehind = await behind();
    }

    process.stdout.write(
      `[fault c: PostgreSQL stopped ${OUTAGE_MS / 1000} s] trajectories ${trajectories.length}; ` +
        `milestones sent ${tally.sent + duringTally.sent + resentTally.sent} (before and after ${tally.sent}, during the outage ${duringTally.sent}, resent after it ${resentTally.sent}), ` +
        `accepted ${acceptedIds.size}, refused during the outage with 503 ${duringTally.refused503} (accepted during it ${duringTally.accepted}, 500 ${duringTally.server500}, no answer within ${CLIENT_TIMEOUT_MS / 1000} s ${duringTally.noAnswerInTime}), ` +
        `resent ${resentFor.length}, stored ${stored}, lost ${lost}, duplicated ${duplicated}, read-model summaries behind ${summariesBehind.length}\n`,
    );

    expect(duringTally.sent).toBeGreaterThan(0);
    expect(duringTally.server500).toBe(0);
    expect(duringTally.noAnswerInTime).toBe(0);
    expect(duringTally.malformed503).toBe(0);
    expect(duringTally.otherStatus).toEqual([]);
    expect(duringTally.refused503 + duringTally.accepted).toBe(duringTally.sent);
    // The outage was seen: milestones sent during it were refused (none can be recorded without the database).
    expect(duringTally.refused503).toBeGreaterThan(0);
    expect(tally.server500 + resentTally.server500).toBe(0);
    expect([...tally.otherStatus, ...resentTally.otherStatus]).toEqual([]);
    // Every milestone, however its first sending went, is accepted in the end and stored exactly once.
    expect([...acceptedIds].sort()).toEqual([...ids].sort());
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(stored).toBe(trajectories.length);
    expect(summariesBehind).toEqual([]);
  }, 240_000);
});

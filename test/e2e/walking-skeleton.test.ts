/**
 * One trajectory travels the whole path — API → workflow → activity → event store → API —
 * against the real Temporal dev server, real PostgreSQL, and the API over HTTP.
 */
import { randomUUID } from 'node:crypto';
import { KLANTMANAGER, pollUntil, request } from '../support/http';
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';
import { newCaseReference } from '../support/case-references';

let wegwijs: WegwijsUnderTest;

beforeAll(async () => {
  wegwijs = await connectToWegwijsUnderTest();
});

afterAll(async () => {
  await wegwijs?.close();
});


function startRequest(caseReference: string, facts: Record<string, unknown> = { housingDate: '2019-08-31' }) {
  return { municipality: 'GM0392', caseReference, definitionKey: 'walking-skeleton', facts };
}

async function startTrajectory(caseReference = newCaseReference()): Promise<string> {
  const answer = await request(wegwijs.baseUrl, 'POST', '/trajectories', { body: startRequest(caseReference), headers: KLANTMANAGER });
  expect(answer.status).toBe(201);
  return answer.body.trajectoryId;
}

async function storedEventTypes(trajectoryId: string): Promise<string[]> {
  const rows: Array<{ type: string }> = await wegwijs.dataSource.query(
    'SELECT type FROM trajectory_events WHERE stream_id = $1 ORDER BY sequence',
    [trajectoryId],
  );
  return rows.map((row) => row.type);
}

function getTrajectory(trajectoryId: string) {
  return request(wegwijs.baseUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: KLANTMANAGER });
}

describe('a trajectory from start to end', () => {
  it('starts, records its event, waits for the milestone, completes, and reads back in order', async () => {
    const caseReference = newCaseReference();
    const started = await request(wegwijs.baseUrl, 'POST', '/trajectories', { body: startRequest(caseReference), headers: KLANTMANAGER });
    expect(started.status).toBe(201);
    expect(started.body.trajectoryId).toBe(`GM0392.${caseReference}`);
    expect(started.headers.get('location')).toBe(`/trajectories/GM0392.${caseReference}`);
    const trajectoryId: string = started.body.trajectoryId;

    const waiting = await pollUntil(
      () => getTrajectory(trajectoryId),
      (answer) => answer.body?.state?.waitingOn?.length === 1,
    );
    expect(waiting.body.state.status).toBe('running');
    expect(waiting.body.state.waitingOn.map((wait: { milestone: string }) => wait.milestone)).toEqual(['intake.completed']);
    expect(waiting.body.events.map((event: { type: string }) => event.type)).toEqual(['trajectory.started', 'intake.planned', 'trajectory.waiting']);
    expect(waiting.body.events[2].payload).toEqual({ nodeId: 'wait-intake-completed', milestone: 'intake.completed', nodeName: 'Intake completed' });
    expect(waiting.body.events[1].payload).toEqual({ nodeId: 'record-intake-planned', housingDate: '2019-08-31' });

    const milestone = await request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, {
      body: { milestone: 'intake.completed', occurredOn: '2019-09-12' },
      headers: { ...KLANTMANAGER, 'idempotency-key': randomUUID() },
    });
    expect(milestone.status).toBe(200);
    expect(milestone.body.status).toBe('completed');
    expect(milestone.body.milestonesDone).toEqual([
      expect.objectContaining({ milestone: 'intake.completed', occurredOn: '2019-09-12', actor: { role: 'klantmanager', id: 'km-0007' } }),
    ]);

    const done = await pollUntil(
      () => getTrajectory(trajectoryId),
      (answer) => answer.body?.events?.length === 5,
    );
    expect(done.status).toBe(200);
    expect(done.body.state.status).toBe('completed');
    expect(done.body.events.map((event: { sequence: number; type: string }) => [event.sequence, event.type])).toEqual([
      [1, 'trajectory.started'],
      [2, 'intake.planned'],
      [3, 'trajectory.waiting'],
      [4, 'milestone.recorded'],
      [5, 'trajectory.completed'],
    ]);
    // The milestone happened on 12 September 2019 in Amsterdam: midnight CEST is 22:00 UTC the day before.
    expect(done.body.events[3].businessTime).toBe('2019-09-11T22:00:00.000Z');
    expect(done.body.events[3].actor).toEqual({ role: 'klantmanager', id: 'km-0007' });
    expect(await storedEventTypes(trajectoryId)).toEqual(['trajectory.started', 'intake.planned', 'trajectory.waiting', 'milestone.recorded', 'trajectory.completed']);
  });

  it('refuses a second start for the same case reference and keeps the one trajectory', async () => {
    const caseReference = newCaseReference();
    const trajectoryId = await startTrajectory(caseReference);
    const again = await request(wegwijs.baseUrl, 'POST', '/trajectories', { body: startRequest(caseReference), headers: KLANTMANAGER });
    expect(again.status).toBe(409);
    expect(again.contentType).toContain('application/problem+json');
    expect(again.body).toMatchObject({ type: '/problems/trajectory-already-exists', status: 409, trajectoryId });

    await pollUntil(() => storedEventTypes(trajectoryId), (types) => types.length === 3);
    expect(await storedEventTypes(trajectoryId)).toEqual(['trajectory.started', 'intake.planned', 'trajectory.waiting']);
  });

  it('applies a milestone sent twice with the same Idempotency-Key once', async () => {
    const trajectoryId = await startTrajectory();
    await pollUntil(() => getTrajectory(trajectoryId), (answer) => answer.body?.state?.waitingOn?.length === 1);
    const key = randomUUID();
    const send = () =>
      request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, {
        body: { milestone: 'intake.completed' },
        headers: { ...KLANTMANAGER, 'idempotency-key': key },
      });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body.milestonesDone).toHaveLength(1);
    const done = await pollUntil(() => storedEventTypes(trajectoryId), (types) => types.includes('trajectory.completed'));
    expect(done.filter((type) => type === 'milestone.recorded')).toHaveLength(1);
  });
});

describe('bad input', () => {
  it('answers malformed JSON with a 400 problem that does not echo the body', async () => {
    const answer = await request(wegwijs.baseUrl, 'POST', '/trajectories', { rawBody: '{"caseReference": "Jansen 1980-01-01"', headers: KLANTMANAGER });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body.type).toBe('/problems/malformed-json');
    expect(JSON.stringify(answer.body)).not.toContain('Jansen');
  });

  it('names every missing or malformed field in one 422 problem and starts nothing', async () => {
    const caseReference = newCaseReference();
    const answer = await request(wegwijs.baseUrl, 'POST', '/trajectories', {
      body: { municipality: 'Haarlem', caseReference, facts: { housingDate: '31-08-2019' } },
      headers: KLANTMANAGER,
    });
    expect(answer.status).toBe(422);
    expect(answer.contentType).toContain('application/problem+json');
    const fields = new Set(answer.body.errors.map((error: { field: string }) => error.field));
    expect(fields).toEqual(new Set(['municipality', 'definitionKey']));
    expect((await getTrajectory(`GM0392.${caseReference}`)).status).toBe(404);
  });

  it('checks the facts against the definition before starting anything', async () => {
    const caseReference = newCaseReference();
    const answer = await request(wegwijs.baseUrl, 'POST', '/trajectories', {
      body: startRequest(caseReference, { housingDate: '31-08-2019', shoeSize: 44 }),
      headers: KLANTMANAGER,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['facts.housingDate', 'facts.shoeSize']);
    expect((await getTrajectory(`GM0392.${caseReference}`)).status).toBe(404);
    expect(await storedEventTypes(`GM0392.${caseReference}`)).toEqual([]);
  });

  it('refuses a case reference that carries a citizen service number', async () => {
    const answer = await request(wegwijs.baseUrl, 'POST', '/trajectories', { body: startRequest('BSN-111222333'), headers: KLANTMANAGER });
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([{ field: 'caseReference', message: expect.stringContaining('citizen service number') }]);
  });

  it('rejects an unknown milestone with 422 and records nothing', async () => {
    const trajectoryId = await startTrajectory();
    await pollUntil(() => storedEventTypes(trajectoryId), (types) => types.length === 3);
    const answer = await request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, {
      body: { milestone: 'diploma.received' },
      headers: { ...KLANTMANAGER, 'idempotency-key': randomUUID() },
    });
    expect(answer.status).toBe(422);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body.errors).toEqual([{ field: 'milestone', message: expect.stringContaining("'diploma.received'") }]);
    const state = await getTrajectory(trajectoryId);
    expect(state.body.state.milestonesDone).toEqual([]);
    expect(state.body.state.waitingOn.map((wait: { milestone: string }) => wait.milestone)).toEqual(['intake.completed']);
    expect(await storedEventTypes(trajectoryId)).toEqual(['trajectory.started', 'intake.planned', 'trajectory.waiting']);
  });

  it('answers 404 for a trajectory that does not exist', async () => {
    const answer = await request(wegwijs.baseUrl, 'POST', `/trajectories/GM0392.HLM-nothing-here/milestones`, {
      body: { milestone: 'intake.completed' },
      headers: { ...KLANTMANAGER, 'idempotency-key': randomUUID() },
    });
    expect(answer.status).toBe(404);
    expect(answer.body.type).toBe('/problems/trajectory-not-found');
  });

  it('requires an Idempotency-Key on milestones', async () => {
    const trajectoryId = await startTrajectory();
    const answer = await request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, {
      body: { milestone: 'intake.completed' },
      headers: KLANTMANAGER,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.errors[0].field).toBe('Idempotency-Key');
  });
});

describe('health', () => {
  it('reports PostgreSQL and Temporal reachable', async () => {
    const answer = await request(wegwijs.baseUrl, 'GET', '/health');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok', checks: { database: 'up', temporal: 'up', worker: 'up' } });
  });
});

describe('corrections and cancellation', () => {
  it('corrects a fact with a reason, records it, and refuses facts the definition does not declare', async () => {
    const trajectoryId = await startTrajectory();
    await pollUntil(() => getTrajectory(trajectoryId), (answer) => answer.body?.state?.waitingOn?.length === 1);
    const corrected = await request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/facts`, {
      body: { facts: { housingDate: '2019-09-14' }, reason: 'verkeerde datum overgenomen' },
      headers: KLANTMANAGER,
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.facts).toEqual({ housingDate: '2019-09-14' });
    const stored: Array<{ payload: unknown }> = await wegwijs.dataSource.query(
      "SELECT payload FROM trajectory_events WHERE stream_id = $1 AND type = 'facts.corrected'",
      [trajectoryId],
    );
    expect(stored.map((row) => row.payload)).toEqual([
      { changes: { housingDate: { from: '2019-08-31', to: '2019-09-14' } }, reason: 'verkeerde datum overgenomen' },
    ]);

    const unknown = await request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/facts`, {
      body: { facts: { shoeSize: 44 }, reason: 'test' },
      headers: KLANTMANAGER,
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'facts.shoeSize', message: expect.stringContaining("no fact 'shoeSize'") }]);
    const noReason = await request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/facts`, {
      body: { facts: { housingDate: '2019-09-15' } },
      headers: KLANTMANAGER,
    });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors.map((error: { field: string }) => error.field)).toContain('reason');
  });

  it('cancels a trajectory with a reason; afterwards it takes no milestones', async () => {
    const trajectoryId = await startTrajectory();
    await pollUntil(() => getTrajectory(trajectoryId), (answer) => answer.body?.state?.waitingOn?.length === 1);
    const cancelled = await request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/cancel`, {
      body: { reason: 'verhuisd naar andere gemeente' },
      headers: KLANTMANAGER,
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellation: { reason: 'verhuisd naar andere gemeente' }, waitingOn: [] });
    const types = await pollUntil(() => storedEventTypes(trajectoryId), (all) => all.includes('trajectory.cancelled'));
    // The wait ended without its milestone: that is an event of its own.
    expect(types).toEqual(['trajectory.started', 'intake.planned', 'trajectory.waiting', 'trajectory.waitEnded', 'trajectory.cancelled']);

    const late = await request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, {
      body: { milestone: 'intake.completed' },
      headers: { ...KLANTMANAGER, 'idempotency-key': randomUUID() },
    });
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('/problems/trajectory-ended');
  });
});

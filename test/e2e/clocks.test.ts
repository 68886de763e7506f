/**
 * Legal clocks over HTTP: suspending, resuming, extending and stopping the inburgering term, each on a legal
 * basis that the trajectory's history keeps, through the workflow's own milestone path; and every
 * way a change is refused.
 */
import { randomUUID } from 'node:crypto';
import { authHeaders, pollUntil, request } from '../support/http';
import { clockedDefinitionYaml, newDefinitionKey, publishDefinition } from '../support/published-definitions';
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';
import { newCaseReference } from '../support/case-references';

const KLANTMANAGER = authHeaders({ role: 'klantmanager', id: 'km-0007' });
const CLOCK = 'inburgeringstermijn';
const clockedKey = newDefinitionKey('clocks');
let wegwijs: WegwijsUnderTest;

beforeAll(async () => {
  wegwijs = await connectToWegwijsUnderTest();
  await publishDefinition(wegwijs.baseUrl, clockedDefinitionYaml(clockedKey), authHeaders({ role: 'beleid', id: 'bl-0001' }));
});

afterAll(async () => {
  await wegwijs?.close();
});

async function start(definitionKey: string, facts: Record<string, unknown>, headers = KLANTMANAGER): Promise<string> {
  const answer = await request(wegwijs.baseUrl, 'POST', '/trajectories', {
    body: { municipality: 'GM0392', caseReference: newCaseReference(), definitionKey, facts },
    headers,
  });
  expect(answer.status).toBe(201);
  return answer.body.trajectoryId;
}

/**
 * A trajectory of the published definition whose inburgering term started on 2026-06-01
 * (deadline 2029-06-01), once its clock runs: a clock cannot move before it has started.
 */
async function startClocked(headers = KLANTMANAGER): Promise<string> {
  const trajectoryId = await start(clockedKey, { housingDate: '2026-05-01', permitGrantedDate: '2026-06-01' }, headers);
  await clockRunning(trajectoryId);
  return trajectoryId;
}

async function clockRunning(trajectoryId: string): Promise<void> {
  const view = await pollUntil(
    () => request(wegwijs.baseUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: KLANTMANAGER }),
    (answer) => answer.body?.state?.clocks?.some((clock: { clockId: string; status: string }) => clock.clockId === CLOCK && clock.status === 'running'),
  );
  expect(clockOf(view.body.state)).toMatchObject({ status: 'running' });
}

function change(trajectoryId: string, action: string, body: Record<string, unknown>, options: { key?: string; clock?: string; headers?: Record<string, string> } = {}) {
  return request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/clocks/${options.clock ?? CLOCK}/${action}`, {
    body,
    headers: { ...(options.headers ?? KLANTMANAGER), 'idempotency-key': options.key ?? randomUUID() },
  });
}

const clockOf = (state: { clocks: Array<{ clockId: string; status?: string }> }) => state.clocks.find((clock) => clock.clockId === CLOCK);

describe('a legal clock', () => {
  it('stands still while suspended and its deadline moves by the days it stood still; the legal basis stays in the history', async () => {
    const trajectoryId = await startClocked();
    const suspendKey = randomUUID();
    const suspended = await change(trajectoryId, 'suspend', { legalBasis: 'Wi2021 art. 7 lid 2', occurredOn: '2026-09-01' }, { key: suspendKey });
    expect(suspended.status).toBe(200);
    expect(clockOf(suspended.body)).toMatchObject({ status: 'suspended', deadline: '2029-06-01' });

    // The same request again is the same change, once.
    const repeated = await change(trajectoryId, 'suspend', { legalBasis: 'Wi2021 art. 7 lid 2', occurredOn: '2026-09-01' }, { key: suspendKey });
    expect(repeated.status).toBe(200);
    expect(repeated.body.milestonesDone.filter((done: { milestone: string }) => done.milestone === 'inburgering.suspended')).toHaveLength(1);

    const suspendedAgain = await change(trajectoryId, 'suspend', { legalBasis: 'Wi2021 art. 7 lid 2' });
    expect(suspendedAgain.status).toBe(409);
    expect(suspendedAgain.body).toMatchObject({ type: '/problems/clock-change-not-possible', status: 409, clockId: CLOCK, clockStatus: 'suspended', possible: ['resume', 'extend'] });

    const resumed = await change(trajectoryId, 'resume', { legalBasis: 'Wi2021 art. 7 lid 2, einde opschorting', occurredOn: '2026-09-11' });
    expect(resumed.status).toBe(200);
    expect(clockOf(resumed.body)).toMatchObject({ status: 'running', deadline: '2029-06-11' });

    const resumedAgain = await change(trajectoryId, 'resume', { legalBasis: 'Wi2021 art. 7 lid 2' });
    expect(resumedAgain.status).toBe(409);
    expect(resumedAgain.body).toMatchObject({ type: '/problems/clock-change-not-possible', possible: ['suspend', 'extend'] });

    const events: Array<{ type: string; payload: Record<string, any> }> = await wegwijs.dataSource.query(
      "SELECT type, payload FROM trajectory_events WHERE stream_id = $1 AND (type LIKE 'clock.%' OR type = 'milestone.recorded') ORDER BY sequence",
      [trajectoryId],
    );
    // The milestone and the clock's own event are written side by side: their order may differ.
    const changes = events.filter((event) => event.type !== 'clock.started');
    expect(changes).toHaveLength(4);
    expect(changes).toEqual(
      expect.arrayContaining([
        { type: 'milestone.recorded', payload: expect.objectContaining({ milestone: 'inburgering.suspended', occurredOn: '2026-09-01', payload: { legalBasis: 'Wi2021 art. 7 lid 2' } }) },
        { type: 'clock.suspended', payload: { clockId: CLOCK, milestone: 'inburgering.suspended', legalBasis: 'Wi2021 art. 7 lid 2' } },
        { type: 'milestone.recorded', payload: expect.objectContaining({ milestone: 'inburgering.resumed', payload: { legalBasis: 'Wi2021 art. 7 lid 2, einde opschorting' } }) },
        { type: 'clock.resumed', payload: { clockId: CLOCK, milestone: 'inburgering.resumed', deadline: '2029-06-11', legalBasis: 'Wi2021 art. 7 lid 2, einde opschorting' } },
      ]),
    );
  });

  it("of the Haarlem programme is extended by DUO's decision, and cannot be suspended: its definition does not say how", async () => {
    const trajectoryId = await start('haarlem-statushouders', { housingDate: '2026-12-01', permitGrantedDate: '2026-10-15', age: 31 });
    await clockRunning(trajectoryId);
    const extended = await change(trajectoryId, 'extend', { legalBasis: 'Wi2021 art. 7 lid 2, besluit DUO', duration: 'P6M', occurredOn: '2026-11-20' });
    expect(extended.status).toBe(200);
    expect(clockOf(extended.body)).toMatchObject({ status: 'running', deadline: '2030-04-15' });
    const [event] = await wegwijs.dataSource.query("SELECT payload FROM trajectory_events WHERE stream_id = $1 AND type = 'clock.extended'", [trajectoryId]);
    expect(event.payload).toEqual({ clockId: CLOCK, milestone: 'inburgering.extensionGranted', from: '2029-10-15', deadline: '2030-04-15', legalBasis: 'Wi2021 art. 7 lid 2, besluit DUO' });

    const suspended = await change(trajectoryId, 'suspend', { legalBasis: 'Wi2021 art. 7 lid 2' });
    expect(suspended.status).toBe(409);
    expect(suspended.body).toMatchObject({ type: '/problems/clock-change-not-possible', possible: ['extend', 'stop'] });
    expect(suspended.body.detail).toMatch(/does not let clock 'inburgeringstermijn' suspend/);
  });
});

describe('stopping a legal clock', () => {
  it("stops the Haarlem term for good on DUO's exemption: no warning or expiry is due after it, the legal basis stays, and a stopped clock moves no more", async () => {
    const trajectoryId = await start('haarlem-statushouders', { housingDate: '2026-12-01', permitGrantedDate: '2026-10-15', age: 31 });
    await clockRunning(trajectoryId);
    const key = randomUUID();
    const stopped = await change(trajectoryId, 'stop', { legalBasis: 'Wi2021 art. 6, ontheffing DUO', occurredOn: '2026-11-20' }, { key });
    expect(stopped.status).toBe(200);
    expect(clockOf(stopped.body)).toMatchObject({ status: 'stopped', nextWarning: null });
    expect(stopped.body.schedule.filter((entry: { clockId?: string; status: string }) => entry.clockId === CLOCK && entry.status === 'due')).toEqual([]);
    const repeated = await change(trajectoryId, 'stop', { legalBasis: 'Wi2021 art. 6, ontheffing DUO', occurredOn: '2026-11-20' }, { key });
    expect(repeated.status).toBe(200);
    expect(repeated.body.milestonesDone.filter((done: { milestone: string }) => done.milestone === 'inburgering.exemptionGranted')).toHaveLength(1);

    const [event] = await pollUntil<Array<{ payload: unknown }>>(
      () => wegwijs.dataSource.query("SELECT payload FROM trajectory_events WHERE stream_id = $1 AND type = 'clock.stopped'", [trajectoryId]),
      (rows) => rows.length > 0,
    );
    expect(event.payload).toEqual({ clockId: CLOCK, milestone: 'inburgering.exemptionGranted', legalBasis: 'Wi2021 art. 6, ontheffing DUO' });

    for (const action of ['stop', 'suspend']) {
      const again = await change(trajectoryId, action, { legalBasis: 'Wi2021 art. 6' });
      expect([action, again.status, again.body.type, again.body.clockStatus, again.body.possible]).toEqual([action, 409, '/problems/clock-change-not-possible', 'stopped', []]);
    }
  });

  it("takes DUO's exemption entered after the deadline has passed, dated before it: the clock counts as stopped on that date, and the expiry it had sent stays listed, superseded", async () => {
    // Permit 2023-03-01: the three-year term ended 2026-03-01, long before this case was entered.
    const trajectoryId = await start('haarlem-statushouders', { housingDate: '2023-04-03', permitGrantedDate: '2023-03-01', age: 31 });
    const expired = await pollUntil(
      () => request(wegwijs.baseUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: KLANTMANAGER }),
      (answer) => clockOf(answer.body?.state ?? { clocks: [] })?.status === 'expired' && answer.body.state.schedule.some((entry: { clockId?: string; kind: string; status: string }) => entry.clockId === CLOCK && entry.kind === 'deadline' && entry.status !== 'due'),
    );
    expect(expired.body.state.schedule.find((entry: { clockId?: string; kind: string }) => entry.clockId === CLOCK && entry.kind === 'deadline')).toMatchObject({ status: expect.stringMatching(/^(fired|late)$/) });

    const stopped = await change(trajectoryId, 'stop', { legalBasis: 'Wi2021 art. 6, ontheffing DUO', occurredOn: '2025-11-20' });
    expect(stopped.status).toBe(200);
    expect(clockOf(stopped.body)).toMatchObject({ status: 'stopped' });
    const settled = await pollUntil(
      () => request(wegwijs.baseUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: KLANTMANAGER }),
      (answer) => answer.body?.state?.schedule?.some((entry: { clockId?: string; kind: string; status: string }) => entry.clockId === CLOCK && entry.kind === 'deadline' && entry.status === 'superseded'),
    );
    const deadlineEntries = settled.body.state.schedule.filter((entry: { clockId?: string; kind: string }) => entry.clockId === CLOCK && entry.kind === 'deadline');
    expect(deadlineEntries.map((entry: { status: string }) => entry.status)).toEqual(['superseded']);
    expect(clockOf(settled.body.state)).toMatchObject({ status: 'stopped' });
  });

  it('answers 422 at the field for a milestone that is not one of the stopping decisions, and 409 where the definition stops the clock on no decision', async () => {
    const haarlem = await start('haarlem-statushouders', { housingDate: '2026-12-01', permitGrantedDate: '2026-10-15', age: 31 });
    await clockRunning(haarlem);
    // The diploma stops the term too, but it is the person's exam, not a decision with a legal basis.
    const diploma = await change(haarlem, 'stop', { legalBasis: 'Wi2021 art. 7', milestone: 'inburgering.diplomaObtained' });
    expect(diploma.status).toBe(422);
    expect(diploma.body.errors).toEqual([{ field: 'milestone', message: 'milestone must be one of inburgering.exemptionGranted' }]);
    const noBasis = await change(haarlem, 'stop', {});
    expect(noBasis.status).toBe(422);
    expect(noBasis.body.errors.map((error: { field: string }) => error.field)).toContain('legalBasis');
    const view = await request(wegwijs.baseUrl, 'GET', `/trajectories/${haarlem}`, { headers: KLANTMANAGER });
    expect(clockOf(view.body.state)).toMatchObject({ status: 'running' });

    const clocked = await startClocked();
    const refused = await change(clocked, 'stop', { legalBasis: 'Wi2021 art. 6' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: '/problems/clock-change-not-possible', clockStatus: 'running', possible: ['suspend', 'extend'] });
    expect(refused.body.detail).toMatch(/does not let clock 'inburgeringstermijn' stop/);
  });
});

describe('clock errors and denials', () => {
  it('answers 422 naming each invalid field, without a legal basis, with a bad duration or without an Idempotency-Key', async () => {
    const trajectoryId = await startClocked();
    const noBasis = await change(trajectoryId, 'extend', { duration: 'six months' });
    expect(noBasis.status).toBe(422);
    expect(noBasis.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['duration', 'legalBasis', 'legalBasis']);
    const tooLong = await change(trajectoryId, 'suspend', { legalBasis: 'x'.repeat(201) });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors).toEqual([{ field: 'legalBasis', message: 'legalBasis must be 3 to 200 characters' }]);
    for (const duration of ['PT5H', 'P0D', 'P-1M']) {
      const answer = await change(trajectoryId, 'extend', { legalBasis: 'Wi2021 art. 7', duration });
      expect([duration, answer.status, answer.body.errors?.[0]?.field]).toEqual([duration, 422, 'duration']);
    }
    const noKey = await request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/clocks/${CLOCK}/suspend`, {
      body: { legalBasis: 'Wi2021 art. 7 lid 2' },
      headers: KLANTMANAGER,
    });
    expect(noKey.status).toBe(422);
    expect(noKey.body.errors[0].field).toBe('Idempotency-Key');
    const badId = await change('not-a-trajectory', 'suspend', { legalBasis: 'Wi2021 art. 7 lid 2' });
    expect(badId.status).toBe(422);
  });

  it('answers 404 for an unknown trajectory or clock, and 409 once the trajectory has ended', async () => {
    const unknown = await change('GM0392.HLM-Tnothere', 'suspend', { legalBasis: 'Wi2021 art. 7 lid 2' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toBe('/problems/trajectory-not-found');
    const trajectoryId = await startClocked();
    const noClock = await change(trajectoryId, 'suspend', { legalBasis: 'Wi2021 art. 7 lid 2' }, { clock: 'participatietermijn' });
    expect(noClock.status).toBe(404);
    expect(noClock.body).toMatchObject({ type: '/problems/clock-not-found', clocks: [CLOCK] });

    const cancelled = await request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/cancel`, { body: { reason: 'verhuisd naar andere gemeente' }, headers: KLANTMANAGER });
    expect(cancelled.status).toBe(200);
    const afterEnd = await change(trajectoryId, 'extend', { legalBasis: 'Wi2021 art. 7 lid 2', duration: 'P6M' });
    expect(afterEnd.status).toBe(409);
    expect(afterEnd.body.type).toBe('/problems/trajectory-ended');
  });

  it("refuses roles that do not record DUO's decisions, a klantmanager who does not hold the case, and other municipalities' trajectories", async () => {
    const trajectoryId = await startClocked();
    const beleid = await change(trajectoryId, 'suspend', { legalBasis: 'Wi2021 art. 7 lid 2' }, { headers: authHeaders({ role: 'beleid', id: 'bl-0001' }) });
    expect(beleid.status).toBe(403);
    expect(beleid.body.type).toBe('/problems/forbidden-role');
    const otherKlantmanager = await change(trajectoryId, 'suspend', { legalBasis: 'Wi2021 art. 7 lid 2' }, { headers: authHeaders({ role: 'klantmanager', id: 'km-0099' }) });
    expect(otherKlantmanager.status).toBe(403);
    expect(otherKlantmanager.body.type).toBe('/problems/outside-caseload');
    const zandvoort = await change(trajectoryId, 'suspend', { legalBasis: 'Wi2021 art. 7 lid 2' }, {
      headers: authHeaders({ role: 'supervisor', id: 'sv-0473', municipalities: ['GM0473'] }),
    });
    expect(zandvoort.status).toBe(404);
    expect(zandvoort.body.type).toBe('/problems/trajectory-not-found');
    // None of them changed anything; the supervisor of its own municipality may.
    const supervisor = await change(trajectoryId, 'suspend', { legalBasis: 'Wi2021 art. 7 lid 2' }, { headers: authHeaders({ role: 'supervisor', id: 'sv-0001' }) });
    expect(supervisor.status).toBe(200);
    expect(supervisor.body.milestonesDone).toHaveLength(1);
    const logged: Array<{ actor_id: string; outcome: string }> = await wegwijs.dataSource.query(
      "SELECT actor_id, outcome FROM access_log WHERE trajectory_id = $1 AND operation = 'clocks.suspend' ORDER BY access_id",
      [trajectoryId],
    );
    expect(logged).toEqual([
      { actor_id: 'km-0099', outcome: 'denied' },
      { actor_id: 'sv-0473', outcome: 'denied' },
      { actor_id: 'sv-0001', outcome: 'granted' },
    ]);
  });
});


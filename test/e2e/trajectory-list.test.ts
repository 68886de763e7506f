/**
 * Listing trajectories over HTTP, from the read model the worker keeps: the filters, the stable
 * order and paging, the caller's scope (municipalities, a klantmanager's own caseload), and no
 * personal data in the answer.
 */
import { randomUUID } from 'node:crypto';
import { authHeaders, pollUntil, request } from '../support/http';
import { clockedDefinitionYaml, newDefinitionKey, publishDefinition } from '../support/published-definitions';
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';
import { newCaseReference } from '../support/case-references';

let wegwijs: WegwijsUnderTest;
const SUPERVISOR = authHeaders({ role: 'supervisor', id: 'sv-0001' });
const clockedKey = newDefinitionKey('list');

beforeAll(async () => {
  wegwijs = await connectToWegwijsUnderTest();
  await publishDefinition(wegwijs.baseUrl, clockedDefinitionYaml(clockedKey), authHeaders({ role: 'beleid', id: 'bl-0001' }));
});

afterAll(async () => {
  await wegwijs?.close();
});

/** A klantmanager of their own, so the test's caseload holds only what it started. */
function newKlantmanager() {
  const id = `km-${randomUUID().slice(0, 8)}`;
  return { id, headers: authHeaders({ role: 'klantmanager', id }) };
}

async function start(headers: Record<string, string>, definitionKey = 'walking-skeleton'): Promise<string> {
  const facts = definitionKey === 'walking-skeleton' ? { housingDate: '2019-08-31' } : { housingDate: '2019-08-31', permitGrantedDate: '2026-06-01' };
  const answer = await request(wegwijs.baseUrl, 'POST', '/trajectories', {
    body: { municipality: 'GM0392', caseReference: newCaseReference(), definitionKey, facts },
    headers,
  });
  expect(answer.status).toBe(201);
  return answer.body.trajectoryId;
}

function list(query: string, headers: Record<string, string> = SUPERVISOR) {
  return request(wegwijs.baseUrl, 'GET', `/trajectories${query}`, { headers });
}

/**
 * Lists until the read model shows every one of `trajectoryIds` waiting on something (the
 * projector runs a little behind the trajectories).
 */
async function listShowing(query: string, trajectoryIds: readonly string[], headers: Record<string, string> = SUPERVISOR) {
  return pollUntil(
    () => list(query, headers),
    (answer) =>
      trajectoryIds.every((id) =>
        answer.body?.items?.some((item: { trajectoryId: string; waitingOn: string[]; status: string }) => item.trajectoryId === id && (item.waitingOn.length > 0 || item.status !== 'running')),
      ),
  );
}

const ids = (answer: { body: { items: Array<{ trajectoryId: string }> } }) => answer.body.items.map((item) => item.trajectoryId);

describe('listing trajectories', () => {
  it("shows a klantmanager their own caseload, with where each stands, and no personal data", async () => {
    const mine = newKlantmanager();
    const other = newKlantmanager();
    const own = await start(mine.headers);
    const theirs = await start(other.headers);
    const answer = await listShowing('', [own], mine.headers);
    expect(answer.status).toBe(200);
    expect(ids(answer)).toEqual([own]);
    expect(answer.body.nextCursor).toBeNull();
    const [item] = answer.body.items;
    expect(item).toEqual({
      trajectoryId: own,
      municipality: 'GM0392',
      definitionKey: 'walking-skeleton',
      definitionVersion: 2,
      status: 'running',
      phase: 'brede intake',
      clientManagerId: mine.id,
      waitingOn: ['intake.completed'],
      waitingSince: expect.any(String),
      nextDeadline: null,
      overdue: false,
      startedAt: expect.any(String),
      endedAt: null,
    });
    // A supervisor sees both, and can narrow to one klantmanager.
    expect(ids(await listShowing(`?clientManager=${other.id}`, [theirs]))).toEqual([theirs]);

    // What each list showed is in the access log: the klantmanager saw their own case, never the other one.
    const logged: Array<{ actor_id: string; action: string; operation: string; outcome: string }> = await wegwijs.dataSource.query(
      'SELECT DISTINCT actor_id, action, operation, outcome FROM access_log WHERE trajectory_id = $1 AND action = $2',
      [own, 'list'],
    );
    expect(logged).toEqual([{ actor_id: mine.id, action: 'list', operation: 'trajectories.list', outcome: 'granted' }]);
    const theirsShownTo: Array<{ actor_id: string }> = await wegwijs.dataSource.query(
      "SELECT DISTINCT actor_id FROM access_log WHERE trajectory_id = $1 AND action = 'list'",
      [theirs],
    );
    expect(theirsShownTo).toEqual([{ actor_id: 'sv-0001' }]);
  });

  it('filters by phase, waiting on, status and overdue', async () => {
    const klantmanager = newKlantmanager();
    const onTime = await start(klantmanager.headers);
    const late = await start(klantmanager.headers, clockedKey);
    const mine = `clientManager=${klantmanager.id}`;
    await listShowing(`?${mine}`, [onTime, late]);

    expect(ids(await list(`?${mine}&waitingOn=intake.completed`))).toEqual([onTime]);
    expect(ids(await list(`?${mine}&waitingOn=intake.noaAssessmentDone`))).toEqual([late]);
    expect(ids(await list(`?${mine}&phase=${encodeURIComponent('brede intake')}`)).sort()).toEqual([onTime, late].sort());
    // Housed in 2019, the NOA assessment was due within six weeks: long past.
    const overdue = await list(`?${mine}&overdue=true`);
    expect(ids(overdue)).toEqual([late]);
    expect(overdue.body.items[0]).toMatchObject({ overdue: true, nextDeadline: '2019-10-12' });
    expect(ids(await list(`?${mine}&overdue=false`))).toEqual([onTime]);

    await request(wegwijs.baseUrl, 'POST', `/trajectories/${onTime}/milestones`, {
      body: { milestone: 'intake.completed' },
      headers: { ...klantmanager.headers, 'idempotency-key': randomUUID() },
    });
    expect(ids(await listShowing(`?${mine}&status=completed`, [onTime]))).toEqual([onTime]);
    expect(ids(await list(`?${mine}&status=running`))).toEqual([late]);
  });

  it('pages in trajectory-id order with a cursor, never repeating or skipping one', async () => {
    const klantmanager = newKlantmanager();
    const started = [await start(klantmanager.headers), await start(klantmanager.headers), await start(klantmanager.headers)].sort();
    await listShowing(`?clientManager=${klantmanager.id}`, started);
    const first = await list(`?clientManager=${klantmanager.id}&limit=2`);
    expect(ids(first)).toEqual(started.slice(0, 2));
    expect(first.body).toMatchObject({ limit: 2, nextCursor: expect.any(String) });
    const second = await list(`?clientManager=${klantmanager.id}&limit=2&cursor=${first.body.nextCursor}`);
    expect(ids(second)).toEqual(started.slice(2));
    expect(second.body.nextCursor).toBeNull();
  });
});

describe('listing errors and denials', () => {
  it('answers 422 naming each bad parameter, and for a limit above the maximum', async () => {
    const answer = await list('?overdue=maybe&limit=500&status=paused&sort=name');
    expect(answer.status).toBe(422);
    expect(answer.body.type).toBe('/problems/validation-failed');
    expect(answer.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['limit', 'overdue', 'sort', 'status']);
    const cursor = await list(`?cursor=${Buffer.from('not an id').toString('base64url')}`);
    expect(cursor.status).toBe(422);
    expect(cursor.body.errors).toEqual([{ field: 'cursor', message: "must be a previous page's nextCursor" }]);
  });

  it("refuses another klantmanager's caseload, another municipality, and roles that do not work with cases", async () => {
    const klantmanager = newKlantmanager();
    const others = await list('?clientManager=km-someone-else', klantmanager.headers);
    expect(others.status).toBe(403);
    expect(others.body.type).toBe('/problems/outside-caseload');
    const zandvoort = await list('?municipality=GM0473');
    expect(zandvoort.status).toBe(403);
    expect(zandvoort.body.type).toBe('/problems/outside-municipality');
    const beleid = await list('', authHeaders({ role: 'beleid', id: 'bl-0001' }));
    expect(beleid.status).toBe(403);
    expect(beleid.body.type).toBe('/problems/forbidden-role');
  });

  it("never shows another municipality's trajectories", async () => {
    const trajectoryId = await start(newKlantmanager().headers);
    await listShowing('', [trajectoryId]);
    const zandvoortSupervisor = authHeaders({ role: 'supervisor', id: 'sv-0473', municipalities: ['GM0473'] });
    const answer = await list('', zandvoortSupervisor);
    expect(answer.status).toBe(200);
    expect(ids(answer)).not.toContain(trajectoryId);
    expect(answer.body.items.every((item: { municipality: string }) => item.municipality === 'GM0473')).toBe(true);
  });
});

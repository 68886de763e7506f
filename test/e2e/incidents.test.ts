/**
 * Incidents on the real stack, as a supervisor meets them: a step whose activity fails with a
 * business error (here the klantmanager reminder without its message — the definition's own bug,
 * `InvalidActivityInput`) waits as an open incident; `GET /supervision/incidents` lists it; a retry
 * that fails again opens a new incident; a skip goes on; each repair is in the history with its
 * actor; and every wrong repair is refused with a problem, never a 500.
 */
import { authHeaders, pollUntil, request } from '../support/http';
import { newCaseReference } from '../support/case-references';
import { newDefinitionKey, publishDefinition, reminderWithoutTextDefinitionYaml } from '../support/published-definitions';
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';

const KLANTMANAGER = authHeaders({ role: 'klantmanager', id: 'km-0007' });
const SUPERVISOR = authHeaders({ role: 'supervisor', id: 'sv-0001' });
const SUPERVISOR_ELSEWHERE = authHeaders({ role: 'supervisor', id: 'sv-0363', municipalities: ['GM0363'] });
const definitionKey = newDefinitionKey('incidents');
let wegwijs: WegwijsUnderTest;

const DEFINITION = reminderWithoutTextDefinitionYaml(definitionKey);

beforeAll(async () => {
  wegwijs = await connectToWegwijsUnderTest();
  await publishDefinition(wegwijs.baseUrl, DEFINITION, authHeaders({ role: 'beleid', id: 'bl-0001' }));
});

afterAll(async () => {
  await wegwijs?.close();
});

interface ListedIncident {
  trajectoryId: string;
  incidentId: string;
  errorType: string;
  attempts: number;
  retryPath: string;
  skipPath: string;
}

async function openIncidentsOf(trajectoryId: string): Promise<ListedIncident[]> {
  const answer = await request(wegwijs.baseUrl, 'GET', '/supervision/incidents?municipality=GM0392&limit=500', { headers: SUPERVISOR });
  expect(answer.status).toBe(200);
  return (answer.body.incidents as ListedIncident[]).filter((incident) => incident.trajectoryId === trajectoryId);
}

describe('an incident, repaired by a supervisor over HTTP', () => {
  it('is listed, retried into a new incident, skipped, and each repair is recorded with its actor', async () => {
    const started = await request(wegwijs.baseUrl, 'POST', '/trajectories', {
      body: { municipality: 'GM0392', caseReference: newCaseReference(), definitionKey, facts: { housingDate: '2026-11-02' } },
      headers: KLANTMANAGER,
    });
    expect(started.status).toBe(201);
    const trajectoryId: string = started.body.trajectoryId;

    const [first] = await pollUntil(() => openIncidentsOf(trajectoryId), (incidents) => incidents.length === 1);
    expect(first).toMatchObject({
      incidentId: 'remindKlantmanager.1.1',
      nodeId: 'remindKlantmanager',
      activity: 'notifyKlantmanager',
      errorType: 'InvalidActivityInput',
      attempts: 1,
      retryPath: `/trajectories/${trajectoryId}/incidents/remindKlantmanager.1.1/retry`,
    });
    // Another municipality's supervisor does not see it.
    const elsewhere = await request(wegwijs.baseUrl, 'GET', '/supervision/incidents', { headers: SUPERVISOR_ELSEWHERE });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.incidents.map((incident: ListedIncident) => incident.trajectoryId)).not.toContain(trajectoryId);

    // Only supervisors repair; an unknown incident and a skip with the wrong result are refused.
    const byKlantmanager = await request(wegwijs.baseUrl, 'POST', first.retryPath, { body: { reason: 'opnieuw' }, headers: KLANTMANAGER });
    expect(byKlantmanager.status).toBe(403);
    const unknown = await request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/incidents/intake.1.1/retry`, { body: { reason: 'opnieuw' }, headers: SUPERVISOR });
    expect(unknown).toMatchObject({ status: 404, body: { type: '/problems/incident-not-found' } });
    const badId = await request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/incidents/${encodeURIComponent('../x')}/retry`, { body: { reason: 'opnieuw' }, headers: SUPERVISOR });
    expect(badId).toMatchObject({ status: 422, body: { errors: [{ field: 'incidentId' }] } });
    const noReason = await request(wegwijs.baseUrl, 'POST', first.retryPath, { body: {}, headers: SUPERVISOR });
    expect(noReason.status).toBe(422);
    const wrongResult = await request(wegwijs.baseUrl, 'POST', first.skipPath, { body: { reason: 'handmatig gedaan', result: { sent: true } }, headers: SUPERVISOR });
    expect(wrongResult).toMatchObject({ status: 422, body: { errors: [{ field: 'result.sent', message: 'is not read by this step' }] } });

    // A retry runs the step again; it fails the same way, so a new incident opens.
    const retried = await request(wegwijs.baseUrl, 'POST', first.retryPath, { body: { reason: 'opnieuw proberen' }, headers: SUPERVISOR });
    expect(retried.status).toBe(200);
    const [second] = await pollUntil(() => openIncidentsOf(trajectoryId), (incidents) => incidents.length === 1 && incidents[0].incidentId !== first.incidentId);
    expect(second).toMatchObject({ errorType: 'InvalidActivityInput', attempts: 1 });
    // The same repair sent twice is one repair.
    const again = await request(wegwijs.baseUrl, 'POST', first.retryPath, { body: { reason: 'opnieuw proberen' }, headers: SUPERVISOR });
    expect(again.status).toBe(200);

    const skipped = await request(wegwijs.baseUrl, 'POST', second.skipPath, { body: { reason: 'herinnering telefonisch gedaan', result: {} }, headers: SUPERVISOR });
    expect(skipped.status).toBe(200);
    expect(skipped.body.waitingOn.map((wait: { milestone: string }) => wait.milestone)).toEqual(['intake.completed']);
    expect(await openIncidentsOf(trajectoryId)).toEqual([]);

    const view = await pollUntil(
      () => request(wegwijs.baseUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: SUPERVISOR }),
      (answer) => answer.body.events.filter((event: { type: string }) => event.type === 'incident.resolved').length === 2,
    );
    const incidentEvents = view.body.events.filter((event: { type: string }) => event.type.startsWith('incident.'));
    expect(incidentEvents.map((event: { type: string; payload: { incidentId: string; action?: string } }) => [event.type, event.payload.incidentId, event.payload.action ?? null])).toEqual([
      ['incident.opened', first.incidentId, null],
      ['incident.resolved', first.incidentId, 'retry'],
      ['incident.opened', second.incidentId, null],
      ['incident.resolved', second.incidentId, 'skip'],
    ]);
    expect(incidentEvents.filter((event: { type: string }) => event.type === 'incident.resolved').map((event: { actor: unknown }) => event.actor)).toEqual([
      { role: 'supervisor', id: 'sv-0001' },
      { role: 'supervisor', id: 'sv-0001' },
    ]);
    expect(view.body.state.incidents.map((incident: { status: string }) => incident.status)).toEqual(['resolved', 'resolved']);
  });
});

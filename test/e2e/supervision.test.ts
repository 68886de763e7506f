/**
 * Supervision over HTTP: stuck trajectories found through Temporal visibility (WegwijsStuck),
 * with why and since when, and links that open the Temporal Web UI on the right list filter.
 */
import { randomUUID } from 'node:crypto';
import { loadConfiguration } from '@wegwijs/config';
import { authHeaders, pollUntil, request } from '../support/http';
import { clockedDefinitionYaml, newDefinitionKey, publishDefinition } from '../support/published-definitions';
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';
import { newCaseReference } from '../support/case-references';

const SUPERVISOR = authHeaders({ role: 'supervisor', id: 'sv-0001' });
const KLANTMANAGER = authHeaders({ role: 'klantmanager', id: 'km-0007' });
// The API runs with the test environment's configuration; its Web UI is the dev server's default.
const config = loadConfiguration(process.env);
const webUi = config.temporal.uiUrl ?? `http://127.0.0.1:${config.temporal.uiPort}`;
const definitionKey = newDefinitionKey('stuck');
let wegwijs: WegwijsUnderTest;

beforeAll(async () => {
  wegwijs = await connectToWegwijsUnderTest();
  await publishDefinition(wegwijs.baseUrl, clockedDefinitionYaml(definitionKey), authHeaders({ role: 'beleid', id: 'bl-0001' }));
});

afterAll(async () => {
  await wegwijs?.close();
});

/** Housed on 2019-08-31, the NOA assessment was due by 2019-10-12: stuck as soon as it waits. */
async function startStuck(): Promise<string> {
  const answer = await request(wegwijs.baseUrl, 'POST', '/trajectories', {
    body: { municipality: 'GM0392', caseReference: newCaseReference(), definitionKey, facts: { housingDate: '2019-08-31', permitGrantedDate: '2026-06-01' } },
    headers: KLANTMANAGER,
  });
  expect(answer.status).toBe(201);
  return answer.body.trajectoryId;
}

const stuck = (query = '', headers = SUPERVISOR) => request(wegwijs.baseUrl, 'GET', `/supervision/stuck${query}`, { headers });
const listed = (answer: { body: { trajectories?: Array<{ trajectoryId: string }> } }, trajectoryId: string) =>
  answer.body.trajectories?.find((trajectory) => trajectory.trajectoryId === trajectoryId);

describe('stuck trajectories', () => {
  it('are listed with why, waiting on what and since when, and a link into the Temporal Web UI; they leave the list once moving again', async () => {
    const trajectoryId = await startStuck();
    const answer = await pollUntil(() => stuck(), (candidate) => listed(candidate, trajectoryId) !== undefined);
    expect(answer.status).toBe(200);
    expect(answer.body.query).toBe('WegwijsStuck = true AND WegwijsMunicipality IN ("GM0392") AND ExecutionStatus = "Running"');
    expect(answer.body.webUiUrl).toBe(`${webUi}/namespaces/default/workflows?query=${encodeURIComponent(answer.body.query)}`);
    expect(answer.body.truncated).toBe(false);
    const item = listed(answer, trajectoryId) as Record<string, unknown>;
    expect(item).toEqual({
      trajectoryId,
      municipality: 'GM0392',
      definition: { key: definitionKey, version: 1 },
      phase: 'Brede intake',
      reason: 'waiting for intake.noaAssessmentDone past its norm (NOA assessment within 6 weeks of housing), due 2019-10-12',
      failingActivities: [],
      waitingOn: ['intake.noaAssessmentDone'],
      waitingSince: expect.any(String),
      nextDeadline: '2019-10-12',
      webUiUrl: `${webUi}/namespaces/default/workflows?query=${encodeURIComponent(`WorkflowId = "${trajectoryId}"`)}`,
    });
    expect(Date.parse(item.waitingSince as string)).not.toBeNaN();
    const [logged] = await wegwijs.dataSource.query(
      "SELECT actor_role, action, operation FROM access_log WHERE trajectory_id = $1 AND operation = 'supervision.stuck' LIMIT 1",
      [trajectoryId],
    );
    expect(logged).toEqual({ actor_role: 'supervisor', action: 'list', operation: 'supervision.stuck' });

    const reported = await request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, {
      body: { milestone: 'intake.noaAssessmentDone' },
      headers: { ...KLANTMANAGER, 'idempotency-key': randomUUID() },
    });
    expect(reported.status).toBe(200);
    expect(listed(await pollUntil(() => stuck(), (candidate) => listed(candidate, trajectoryId) === undefined), trajectoryId)).toBeUndefined();
  });

  it('are limited to the municipality asked for, and to at most `limit`', async () => {
    const trajectoryId = await startStuck();
    await pollUntil(() => stuck(), (candidate) => listed(candidate, trajectoryId) !== undefined);
    const one = await stuck('?municipality=GM0392&limit=1');
    expect(one.status).toBe(200);
    expect(one.body.trajectories).toHaveLength(1);
  });
});

describe('supervision errors and denials', () => {
  it('answers 422 for a bad limit or municipality, 403 for a municipality not yours or a role other than supervisor and admin', async () => {
    const badLimit = await stuck('?limit=0');
    expect(badLimit.status).toBe(422);
    expect(badLimit.body.errors[0].field).toBe('limit');
    const badMunicipality = await stuck('?municipality=Haarlem');
    expect(badMunicipality.status).toBe(422);
    const zandvoort = await stuck('?municipality=GM0473');
    expect(zandvoort.status).toBe(403);
    expect(zandvoort.body.type).toBe('/problems/outside-municipality');
    const klantmanager = await stuck('', KLANTMANAGER);
    expect(klantmanager.status).toBe(403);
    expect(klantmanager.body.type).toBe('/problems/forbidden-role');
  });

  it("never shows another municipality's stuck trajectories", async () => {
    const trajectoryId = await startStuck();
    await pollUntil(() => stuck(), (candidate) => listed(candidate, trajectoryId) !== undefined);
    const answer = await stuck('', authHeaders({ role: 'supervisor', id: 'sv-0473', municipalities: ['GM0473'] }));
    expect(answer.status).toBe(200);
    expect(answer.body.query).toContain('WegwijsMunicipality IN ("GM0473")');
    expect(listed(answer, trajectoryId)).toBeUndefined();
  });
});

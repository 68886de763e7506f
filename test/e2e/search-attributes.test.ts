/**
 * What supervisors filter on in the Temporal Web UI: the search attributes of a trajectory, read
 * back through Temporal's visibility API on the real dev server.
 */
import { randomUUID } from 'node:crypto';
import { startOfDayInAmsterdam } from '@wegwijs/calendar';
import { Client, Connection } from '@temporalio/client';
import { KLANTMANAGER, pollUntil, request } from '../support/http';
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';
import { newCaseReference } from '../support/case-references';
import { workflowIdsMatching } from '../support/visibility';

let wegwijs: WegwijsUnderTest;
let temporal: Client;

beforeAll(async () => {
  wegwijs = await connectToWegwijsUnderTest();
  temporal = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS }) });
});

afterAll(async () => {
  await temporal?.connection.close();
  await wegwijs?.close();
});

function idsMatching(query: string): Promise<string[]> {
  return workflowIdsMatching(temporal, query);
}

describe('search attributes', () => {
  it('say where a trajectory waits and since when, and follow it to its end', async () => {
    const caseReference = newCaseReference();
    const started = await request(wegwijs.baseUrl, 'POST', '/trajectories', {
      body: { municipality: 'GM0392', caseReference, definitionKey: 'walking-skeleton', facts: { housingDate: '2019-08-31' } },
      headers: KLANTMANAGER,
    });
    const trajectoryId: string = started.body.trajectoryId;

    const waitingQuery = `WegwijsWaitingOn = 'intake.completed' AND WegwijsMunicipality = 'GM0392' AND WegwijsDefinitionKey = 'walking-skeleton' AND WegwijsStatus = 'running'`;
    expect(await pollUntil(() => idsMatching(waitingQuery), (ids) => ids.includes(trajectoryId))).toContain(trajectoryId);

    const description = await temporal.workflow.getHandle(trajectoryId).describe();
    const attributes = description.searchAttributes as Record<string, unknown[]>;
    expect(attributes.WegwijsPhase).toEqual(['Intake completed']);
    expect(attributes.WegwijsDefinitionVersion).toEqual([2]);
    expect(attributes.WegwijsStuck).toEqual([false]);
    // Waiting since a business date — the day the step opened (walking skeleton v2 begins on the housing date) — as the instant that day begins in Amsterdam.
    const since = Date.parse(String(attributes.WegwijsWaitingSince?.[0]));
    expect(since).toBe(startOfDayInAmsterdam('2019-08-31'));
    // Nothing personal: only codes, node names, milestone names and times.
    expect(JSON.stringify(attributes)).not.toContain(caseReference.slice(4));

    await request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, {
      body: { milestone: 'intake.completed' },
      headers: { ...KLANTMANAGER, 'idempotency-key': randomUUID() },
    });
    expect(await pollUntil(() => idsMatching(`WegwijsStatus = 'completed' AND WegwijsMunicipality = 'GM0392'`), (ids) => ids.includes(trajectoryId))).toContain(
      trajectoryId,
    );
    expect(await idsMatching(waitingQuery)).not.toContain(trajectoryId);
  });
});

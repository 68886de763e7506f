/**
 * What supervisors filter on in the Temporal Web UI: the search attributes of a trajectory, read
 * back through Temporal's visibility API on the real dev server.
 */
import { randomUUID } from 'node:crypto';
import { amsterdamDateOf, startOfDayInAmsterdam, subtractFromDate } from '@wegwijs/calendar';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

  it('let the runbook’s “waiting longer than N days” filter find a case entered late, and not one entered on time', async () => {
    // The runbook's own filter, with its example milestone and date replaced: it must find a wait
    // that began on a business date long ago, however recently the case was entered.
    const runbook = readFileSync(join(__dirname, '../../docs/runbook/supervisor.md'), 'utf8');
    const runbookFilter = runbook.split('\n').find((line) => line.startsWith('WegwijsWaitingOn = ') && line.includes('WegwijsWaitingSince <'));
    expect(runbookFilter).toBeDefined();
    const today = amsterdamDateOf(new Date());
    const fortyTwoDaysAgo = subtractFromDate(today, 'P42D');
    const filter = runbookFilter!
      .replace(/WegwijsWaitingOn = "[^"]+"/, `WegwijsWaitingOn = "intake.completed"`)
      .replace(/WegwijsWaitingSince < "[^"]+"/, `WegwijsWaitingSince < "${fortyTwoDaysAgo}T00:00:00Z"`);

    const start = async (housingDate: string): Promise<string> => {
      const started = await request(wegwijs.baseUrl, 'POST', '/trajectories', {
        body: { municipality: 'GM0392', caseReference: newCaseReference(), definitionKey: 'walking-skeleton', facts: { housingDate } },
        headers: KLANTMANAGER,
      });
      expect(started.status).toBe(201);
      return started.body.trajectoryId;
    };
    const enteredLate = await start('2019-08-31');
    const enteredOnTime = await start(today);
    const waitingQuery = `WegwijsWaitingOn = 'intake.completed' AND WegwijsMunicipality = 'GM0392'`;
    await pollUntil(() => idsMatching(waitingQuery), (ids) => ids.includes(enteredLate) && ids.includes(enteredOnTime));

    const found = await idsMatching(filter);
    expect(found).toContain(enteredLate);
    expect(found).not.toContain(enteredOnTime);
  });
});

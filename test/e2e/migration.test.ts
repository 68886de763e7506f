/**
 * The explicit move of running trajectories to a new definition version, as an operator runs it
 * (`wegwijs trajectories migrate`), against the real dev server and worker.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { ACTIVITY_CAPABILITIES } from '@wegwijs/activities';
import { loadConfiguration } from '@wegwijs/config';
import { compileDefinitionSource } from '@wegwijs/definitions';
import { connectTemporalClient, migrateRunningTrajectories, WegwijsSearchAttributes } from '@wegwijs/temporal';
import { getTrajectoryStateQuery, MILESTONE_CAPABILITIES, trajectoryWorkflow } from '@wegwijs/workflows';
import { pollUntil } from '../support/http';
import { newCaseReference } from '../support/case-references';

const registry = { activities: ACTIVITY_CAPABILITIES, milestones: MILESTONE_CAPABILITIES };
const haarlem = (version: number) =>
  compileDefinitionSource(readFileSync(join(__dirname, `../../definitions/haarlem-statushouders/v${version}.yaml`), 'utf8'), registry);

let client: Client;
const config = loadConfiguration(process.env);

beforeAll(async () => {
  client = await connectTemporalClient(config);
});

afterAll(async () => {
  await client?.connection.close();
});

describe('wegwijs trajectories migrate', () => {
  it('lists what would move in a dry run, changes nothing, then moves the trajectory when executed', async () => {
    const v1 = haarlem(1);
    const v2 = haarlem(2);
    const trajectoryId = `GM0392.${newCaseReference()}`;
    // A trajectory that started before version 2 was published.
    await client.workflow.start(trajectoryWorkflow, {
      workflowId: trajectoryId,
      taskQueue: config.temporal.taskQueue,
      typedSearchAttributes: [
        { key: WegwijsSearchAttributes.definitionKey, value: v1.key },
        { key: WegwijsSearchAttributes.definitionVersion, value: v1.version },
        { key: WegwijsSearchAttributes.municipality, value: 'GM0392' },
      ],
      args: [
        {
          trajectoryId,
          municipality: 'GM0392',
          caseReference: trajectoryId.slice(7),
          definition: v1,
          facts: { housingDate: '2026-12-01', permitGrantedDate: '2026-10-15', age: 31 },
          startedBy: { role: 'klantmanager', id: 'km-0007' },
        },
      ],
    });
    const handle = client.workflow.getHandle(trajectoryId);
    await pollUntil(() => handle.query(getTrajectoryStateQuery), (state) => state.waitingOn.some((wait) => wait.milestone === 'coa.warmHandoverDone'));
    const listed = async (execute: boolean) =>
      (await pollUntil(() => migrateRunningTrajectories(client, v2, false), (outcomes) => outcomes.some((outcome) => outcome.plan.trajectoryId === trajectoryId)))
        && (await migrateRunningTrajectories(client, v2, execute)).find((outcome) => outcome.plan.trajectoryId === trajectoryId);

    const dryRun = await listed(false);
    expect(dryRun).toMatchObject({ plan: { from: { version: 1 }, to: { version: 2 }, movable: true, blockers: [] } });
    expect(dryRun && 'moved' in dryRun).toBe(false);
    expect((await handle.query(getTrajectoryStateQuery)).definition.version).toBe(1);

    const executed = await listed(true);
    expect(executed).toMatchObject({ moved: true });
    const moved = await pollUntil(() => handle.query(getTrajectoryStateQuery), (state) => state.definition.version === 2);
    expect(moved.definition).toEqual({ key: 'haarlem-statushouders', version: 2, contentHash: v2.contentHash });
    expect(moved.waitingOn.map((wait) => wait.milestone)).toContain('coa.warmHandoverDone');
  });
});

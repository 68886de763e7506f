/**
 * A technical stall on the real stack: the worker's activity interceptor marks a trajectory whose
 * fetchTvsProfile keeps failing stuck (search attributes, the API's state and supervision list), and the mark clears
 * itself once the cause is fixed and the activity retried — as the supervisor's runbook says:
 * `temporal activity reset --workflow-id … --activity-type fetchTvsProfile` (the same RPC here).
 */
import { Client, Connection } from '@temporalio/client';
import { authHeaders, pollUntil, request } from '../support/http';
import { repairTvsProfile, startStuckTrajectory } from '../support/stuck-trajectories';
import { workflowIdsMatching } from '../support/visibility';

const apiUrl = process.env.WEGWIJS_API_URL ?? '';
const SUPERVISOR = authHeaders({ role: 'supervisor', id: 'sv-0001' });

let temporal: Client;

beforeAll(async () => {
  temporal = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS }) });
});

afterAll(async () => {
  await temporal?.connection.close();
});

function idsMatching(query: string): Promise<string[]> {
  return workflowIdsMatching(temporal, query);
}

async function attributesOf(trajectoryId: string): Promise<Record<string, unknown[] | undefined>> {
  return (await temporal.workflow.getHandle(trajectoryId).describe()).searchAttributes as Record<string, unknown[] | undefined>;
}

describe('an activity that keeps failing, on the real stack', () => {
  it('marks its trajectory stuck with the error class, and clears the mark once the cause is fixed and the activity retried', async () => {
    const { trajectoryId } = await startStuckTrajectory(apiUrl, 'GM0392');
    const failing = `WegwijsFailingActivities = "fetchTvsProfile" AND WegwijsMunicipality = "GM0392"`;
    expect(await pollUntil(() => idsMatching(failing), (ids) => ids.includes(trajectoryId))).toContain(trajectoryId);

    const stuck = await attributesOf(trajectoryId);
    expect(stuck.WegwijsStuck).toEqual([true]);
    expect(String(stuck.WegwijsStuckReason?.[0])).toMatch(/^activity fetchTvsProfile failing since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: TvsSourceUnavailableError$/);
    const view = await request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: SUPERVISOR });
    expect(view.body.state.technicalStalls).toEqual([
      expect.objectContaining({ activityType: 'fetchTvsProfile', nodeId: 'fetchTvsProfile', errorClass: 'TvsSourceUnavailableError', reason: stuck.WegwijsStuckReason?.[0] }),
    ]);

    // The supervision list has it, as a technical stall.
    const listed = await pollUntil(
      () => request(apiUrl, 'GET', '/supervision/stuck?municipality=GM0392&limit=500', { headers: SUPERVISOR }),
      (answer) => answer.body.trajectories?.some((trajectory: { trajectoryId: string }) => trajectory.trajectoryId === trajectoryId),
    );
    expect(listed.body.trajectories.find((trajectory: { trajectoryId: string }) => trajectory.trajectoryId === trajectoryId)).toMatchObject({
      reason: stuck.WegwijsStuckReason?.[0],
      failingActivities: ['fetchTvsProfile'],
    });

    repairTvsProfile(trajectoryId);
    await temporal.workflowService.resetActivity({ namespace: 'default', execution: { workflowId: trajectoryId }, type: 'fetchTvsProfile', identity: 'supervisor sv-0001' });
    expect(await pollUntil(() => idsMatching(`WegwijsStuck = false AND WegwijsMunicipality = "GM0392"`), (ids) => ids.includes(trajectoryId))).toContain(trajectoryId);
    // Removed attributes: gone from the typed view (the legacy one shows a removal as a null) and from visibility.
    const cleared = (await temporal.workflow.getHandle(trajectoryId).describe()).typedSearchAttributes;
    const names = cleared.getAll().map((pair) => pair.key.name);
    expect(names).toContain('WegwijsStuck');
    expect(names).not.toContain('WegwijsStuckReason');
    expect(names).not.toContain('WegwijsFailingActivities');
    expect(await idsMatching(`WegwijsStuckReason IS NULL AND WegwijsMunicipality = "GM0392"`)).toContain(trajectoryId);
    expect(await idsMatching(failing)).not.toContain(trajectoryId);
    const after = await request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: SUPERVISOR });
    expect(after.body.state.technicalStalls).toEqual([]);
  });
});

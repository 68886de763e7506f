/**
 * Starts a trajectory as the API does — Update-with-Start, answered once the start is recorded,
 * its history applied and what was due has run — so a test goes on from a trajectory that has
 * caught up.
 *
 *   const handle = await startCaughtUp(env.client, taskQueue, { trajectoryId, municipality, …, history });
 *   const state = await stateWhen(handle, (state) => state.status === 'completed');
 */
import { WithStartWorkflowOperation, type Client, type WorkflowHandle } from '@temporalio/client';
import { getTrajectoryStateQuery, startTrajectoryUpdate, trajectoryWorkflow, type StartTrajectoryInput, type TrajectoryState } from '@wegwijs/workflows';

export async function startCaughtUp(client: Client, taskQueue: string, input: StartTrajectoryInput) {
  const startWorkflowOperation = new WithStartWorkflowOperation(trajectoryWorkflow, {
    workflowId: input.trajectoryId,
    taskQueue,
    workflowIdConflictPolicy: 'FAIL',
    args: [input],
  });
  await client.workflow.executeUpdateWithStart(startTrajectoryUpdate, { startWorkflowOperation });
  return startWorkflowOperation.workflowHandle();
}

/** The trajectory's state once `ready` holds, asked every 50 ms for up to 10 s; fails naming where it stood. */
export async function stateWhen(handle: WorkflowHandle, ready: (state: TrajectoryState) => boolean): Promise<TrajectoryState> {
  let state = await handle.query(getTrajectoryStateQuery);
  for (let attempt = 0; attempt < 200 && !ready(state); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    state = await handle.query(getTrajectoryStateQuery);
  }
  if (!ready(state)) throw new Error(`${handle.workflowId} never reached the expected state; last: ${JSON.stringify(state.activeNodes)}`);
  return state;
}

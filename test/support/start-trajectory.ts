/**
 * Starts a trajectory as the API does — Update-with-Start, answered once the start is recorded,
 * its history applied and what was due has run — so a test goes on from a trajectory that has
 * caught up.
 *
 *   const handle = await startCaughtUp(env.client, taskQueue, { trajectoryId, municipality, …, history });
 */
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { startTrajectoryUpdate, trajectoryWorkflow, type StartTrajectoryInput } from '@wegwijs/workflows';

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

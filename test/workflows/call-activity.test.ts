/**
 * callActivity on Temporal's time-skipping test server: a trajectory calls another definition
 * (definitions/test-fixtures/calls), which runs as a child workflow of the same type. Activities
 * are typed doubles that record what they were asked; the workflow is the real bundle.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { compileDefinitionSource, definitionResolver, type CapabilityRegistry } from '@wegwijs/definitions';
import {
  cancelTrajectoryUpdate,
  MILESTONE_CAPABILITIES,
  recordMilestoneUpdate,
  trajectoryWorkflow,
  type TrajectoryState,
  type WaitingOnCallView,
} from '@wegwijs/workflows';
import { recordingActivityDoubles } from '../support/activity-doubles';
import { newCaseReference } from '../support/case-references';
import { keepHistory } from '../support/histories';
import { stateWhen } from '../support/start-trajectory';
import { timeSkippingWorker } from '../support/time-skipping-worker';

const ACTIVITIES = ['inviteToNoaAssessment', 'notifyKlantmanager', 'registerWithAanDeSlag', 'handOverToNewMunicipality'] as const;

const { activities: activityDoubles, calls, events } = recordingActivityDoubles(ACTIVITIES);

const registry: CapabilityRegistry = {
  activities: Object.fromEntries(ACTIVITIES.map((name) => [name, { description: 'test double' }])),
  milestones: MILESTONE_CAPABILITIES,
};
const read = (file: string) => readFileSync(join(__dirname, '../../definitions/test-fixtures/calls', file), 'utf8');
const callingTrajectory = compileDefinitionSource(read('calling-trajectory.yaml'), registry, definitionResolver([read('brede-intake.yaml')], registry));

const server = timeSkippingWorker('calls', activityDoubles);

const KLANTMANAGER = { role: 'klantmanager' as const, id: 'km-0007' };

async function startCallingTrajectory() {
  const trajectoryId = `GM0392.${newCaseReference()}`;
  const handle = await server.env.client.workflow.start(trajectoryWorkflow, {
    workflowId: trajectoryId,
    taskQueue: server.taskQueue,
    args: [{ trajectoryId, municipality: 'GM0392', caseReference: trajectoryId.slice(7), definition: callingTrajectory, facts: { housingDate: '2027-08-31', age: 35 }, startedBy: KLANTMANAGER }],
  });
  return { trajectoryId, handle };
}

/** Polls the state query until `ready` holds (a report that comes before its wait is refused). */

async function report(handle: WorkflowHandle, milestone: string, payload?: Record<string, string>): Promise<TrajectoryState> {
  await stateWhen(handle, (state) => state.waitingOn.some((wait) => wait.milestone === milestone));
  return handle.executeUpdate(recordMilestoneUpdate, { args: [{ milestone, milestoneId: randomUUID(), actor: KLANTMANAGER, payload }] });
}

/** The caller's state once it waits on its call, and a handle on the called (child) workflow. */
async function untilCalled(handle: WorkflowHandle) {
  const state = await stateWhen(handle, (candidate) => candidate.waitingOn.some((wait) => wait.nodeId === 'bredeIntake'));
  const wait = state.waitingOn.find((candidate): candidate is WaitingOnCallView => 'calledWorkflowId' in candidate && candidate.nodeId === 'bredeIntake')!;
  return { state, wait, child: server.env.client.workflow.getHandle(wait.calledWorkflowId) };
}

describe('a callActivity', () => {
  it('runs the called definition as a child workflow with the facts it declares, and takes back the facts it set', async () => {
    const { trajectoryId, handle } = await startCallingTrajectory();
    await report(handle, 'coa.warmHandoverDone');

    const { wait, child } = await untilCalled(handle);
    // The caller names the call it waits on and where its milestones go: a child id derived from its own and the node's.
    expect(wait).toMatchObject({ nodeId: 'bredeIntake', calledWorkflowId: `${trajectoryId}/bredeIntake/1`, calledDefinition: { key: 'brede-intake', version: 1 } });
    expect((await child.describe()).raw.workflowExecutionInfo?.parentExecution?.workflowId).toBe(trajectoryId);
    // The call's milestones are the child's, not the caller's.
    await expect(
      handle.executeUpdate(recordMilestoneUpdate, { args: [{ milestone: 'intake.noaAssessmentDone', milestoneId: randomUUID(), actor: KLANTMANAGER }] }),
    ).rejects.toMatchObject({ cause: { type: 'UnknownMilestone' } });

    let childState = await report(child, 'intake.noaAssessmentDone');
    // Only the facts the called definition declares went in; it belongs to the caller's trajectory.
    expect(childState).toMatchObject({ trajectoryId, facts: { housingDate: '2027-08-31' }, definition: { key: 'brede-intake', version: 1 } });
    expect(childState.facts).not.toHaveProperty('age');
    childState = await report(child, 'intake.planAgreed', { route: 'werk' });
    expect(childState.status).toBe('completed');

    // The route the call chose came back, and the caller followed it.
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'completed', facts: { housingDate: '2027-08-31', age: 35, route: 'werk' }, waitingOn: [] });
    expect(calls.filter((call) => call.request.trajectoryId === trajectoryId).map((call) => [call.name, call.request.idempotencyKey])).toEqual([
      ['inviteToNoaAssessment', `${trajectoryId}#call#bredeIntake#1#inviteNoa#1`],
      ['registerWithAanDeSlag', `${trajectoryId}#registerAanDeSlag#1`],
    ]);
    // One event stream for the person: the call's events under their own keys, one start and one end.
    const recorded = events.filter((event) => event.trajectoryId === trajectoryId);
    expect(recorded.filter((event) => event.type.startsWith('trajectory.') && event.type !== 'trajectory.waiting').map((event) => event.type)).toEqual([
      'trajectory.started',
      'trajectory.completed',
    ]);
    expect(recorded.filter((event) => event.type === 'milestone.recorded').map((event) => [event.payload.milestone, event.idempotencyKey.split('#milestone#')[0]])).toEqual([
      ['coa.warmHandoverDone', trajectoryId],
      ['intake.noaAssessmentDone', `${trajectoryId}#call#bredeIntake#1`],
      ['intake.planAgreed', `${trajectoryId}#call#bredeIntake#1`],
    ]);
    await keepHistory(handle, 'business-time--local-events--one-upsert--call-activity-completed');
  });

  it('is cancelled with its caller: the call runs its cancellation path first, then the caller its own', async () => {
    const { trajectoryId, handle } = await startCallingTrajectory();
    await report(handle, 'coa.warmHandoverDone');
    const { child } = await untilCalled(handle);
    await stateWhen(child, (state) => state.waitingOn.some((wait) => wait.milestone === 'intake.noaAssessmentDone'));

    const state = await handle.executeUpdate(cancelTrajectoryUpdate, { args: [{ reason: 'verhuisd naar andere gemeente', actor: KLANTMANAGER }] });
    expect(state).toMatchObject({ status: 'cancelled', waitingOn: [] });
    expect(await child.result()).toMatchObject({ status: 'cancelled', cancellation: { reason: 'cancelled by the calling trajectory' }, waitingOn: [] });
    expect(calls.filter((call) => call.request.trajectoryId === trajectoryId).map((call) => [call.name, call.request.idempotencyKey])).toEqual([
      ['inviteToNoaAssessment', `${trajectoryId}#call#bredeIntake#1#inviteNoa#1`],
      ['notifyKlantmanager', `${trajectoryId}#call#bredeIntake#1#cancellation#withdrawNoaInvitation`],
      ['handOverToNewMunicipality', `${trajectoryId}#cancellation#handOverToNewMunicipality`],
    ]);
    expect(events.filter((event) => event.trajectoryId === trajectoryId && event.type === 'trajectory.cancelled')).toEqual([
      expect.objectContaining({ idempotencyKey: `${trajectoryId}#cancelled`, payload: { reason: 'verhuisd naar andere gemeente' } }),
    ]);
    expect((await handle.result()).status).toBe('cancelled');
    await keepHistory(handle, 'business-time--local-events--one-upsert--call-activity-cancelled');
  });

  it('is cancelled when an interrupting boundary event on it fires, and the caller leaves along that event', async () => {
    const { trajectoryId, handle } = await startCallingTrajectory();
    await report(handle, 'coa.warmHandoverDone');
    const { child } = await untilCalled(handle);
    await stateWhen(child, (state) => state.waitingOn.some((wait) => wait.milestone === 'intake.noaAssessmentDone'));

    // Twelve weeks without a plan van aanpak: the caller escalates, and the call is withdrawn.
    await server.env.sleep('13 weeks');
    expect(await child.result()).toMatchObject({ status: 'cancelled', cancellation: { reason: 'cancelled by the calling trajectory' } });
    expect(await handle.result()).toMatchObject({ status: 'completed', waitingOn: [] });
    expect(calls.filter((call) => call.request.trajectoryId === trajectoryId).map((call) => [call.name, call.request.input])).toEqual([
      ['inviteToNoaAssessment', { housingDate: '2027-08-31' }],
      ['notifyKlantmanager', { message: 'NOA-uitnodiging intrekken' }],
      ['notifyKlantmanager', { message: 'Brede intake duurt langer dan 12 weken' }],
    ]);
  });
});

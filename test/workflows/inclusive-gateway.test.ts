/**
 * The inclusive gateway and lanes by role on Temporal's time-skipping test server, with the example
 * definitions/examples/support-offer.yaml: of three ways (language course, debt counselling, home
 * visit) the facts open two; the join waits for exactly those two — whichever order their
 * milestones come in, and when one of them arrives back-dated after the other. The debt counselling
 * is a human task without a role in the schulddienstverlening lane: its task goes to that role.
 * Activities are typed doubles that record what they were asked; the workflow is the real bundle.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { compileCommittedDefinition, exampleCapabilities } from '@wegwijs/definitions';
import type { EventActor } from '@wegwijs/domain';
import { getTrajectoryStateQuery, recordMilestoneUpdate, trajectoryWorkflow, type TrajectoryState } from '@wegwijs/workflows';
import { recordingActivityDoubles } from '../support/activity-doubles';
import { newCaseReference } from '../support/case-references';
import { stateWhen } from '../support/start-trajectory';
import { timeSkippingWorker } from '../support/time-skipping-worker';

const ACTIVITIES = ['recordTrajectoryEvent', 'openHumanTask', 'remindAboutHumanTask'] as const;
const { activities: activityDoubles, calls } = recordingActivityDoubles(ACTIVITIES, ({ name }) => (name === 'openHumanTask' ? { taskId: 'task-1' } : {}));
const definition = compileCommittedDefinition('examples/support-offer.yaml', exampleCapabilities);

const KLANTMANAGER: EventActor = { role: 'klantmanager', id: 'km-0007' };
const SCHULDHULP: EventActor = { role: 'schulddienstverlening', id: 'sdv-0003' };
/** Language course and debt counselling, no home visit. */
const FACTS = { startDate: '2024-03-01', needsLanguage: true, hasDebts: true, needsHomeVisit: false };

const server = timeSkippingWorker('inclusive-gateway', activityDoubles);


async function start(): Promise<{ handle: WorkflowHandle; trajectoryId: string }> {
  const trajectoryId = `GM0392.${newCaseReference()}`;
  const handle = await server.env.client.workflow.start(trajectoryWorkflow, {
    workflowId: trajectoryId,
    taskQueue: server.taskQueue,
    args: [{ trajectoryId, municipality: 'GM0392', caseReference: trajectoryId.slice(7), definition, facts: FACTS, startedBy: KLANTMANAGER }],
  });
  return { handle, trajectoryId };
}

const report = (handle: WorkflowHandle, milestone: string, actor: EventActor, occurredOn?: string, payload?: Record<string, string>): Promise<TrajectoryState> =>
  handle.executeUpdate(recordMilestoneUpdate, { args: [{ milestone, milestoneId: randomUUID(), actor, ...(occurredOn ? { occurredOn } : {}), ...(payload ? { payload } : {}) }] });

const waitingNodes = (state: TrajectoryState) => state.waitingOn.map((wait) => wait.nodeId).sort();
const callsOf = (trajectoryId: string, name: string) => calls.filter((call) => call.name === name && call.request.trajectoryId === trajectoryId).map((call) => call.request.input);

/** Where a finished trajectory ended up, in business terms: what was done when, its facts, what it recorded. */
async function outcome(handle: WorkflowHandle, trajectoryId: string) {
  await handle.result();
  const state = await handle.query(getTrajectoryStateQuery);
  return {
    milestones: state.milestonesDone.map((done) => [done.milestone, done.effectiveOn]).sort(),
    facts: state.facts,
    recorded: callsOf(trajectoryId, 'recordTrajectoryEvent'),
    tasks: callsOf(trajectoryId, 'openHumanTask'),
  };
}

describe('an inclusive gateway with three ways, two of them taken', () => {
  let timely: Awaited<ReturnType<typeof outcome>>;

  it('waits at the join for exactly the two ways taken, and hands the human task in the schulddienstverlening lane to that role', async () => {
    const { handle, trajectoryId } = await start();
    await stateWhen(handle, (state) => state.waitingOn.some((wait) => wait.milestone === 'intake.completed'));
    await report(handle, 'intake.completed', KLANTMANAGER, '2024-03-04');

    const split = await stateWhen(handle, (state) => waitingNodes(state).length === 2);
    expect(waitingNodes(split)).toEqual(['debtCounselling.wait', 'languageCourse']);
    expect(callsOf(trajectoryId, 'openHumanTask')).toEqual([{ title: 'Start de schuldhulpverlening', role: 'schulddienstverlening', completionMilestone: 'task.debtCounselling', dueWithin: 'P4W' }]);

    const oneArrived = await report(handle, 'support.languageCourseArranged', KLANTMANAGER, '2024-03-08');
    expect(waitingNodes(oneArrived)).toEqual(['debtCounselling.wait']);
    await server.env.sleep('3 days');
    expect(callsOf(trajectoryId, 'recordTrajectoryEvent')).toEqual([]);

    await report(handle, 'task.debtCounselling', SCHULDHULP, '2024-03-15', { plan: 'regeling' });
    timely = await outcome(handle, trajectoryId);
    expect(timely.recorded).toEqual([{ eventType: 'support.arranged' }]);
    expect(timely.facts).toMatchObject({ debtPlan: 'regeling' });
    expect(timely.milestones).toEqual([
      ['intake.completed', '2024-03-04'],
      ['support.languageCourseArranged', '2024-03-08'],
      ['task.debtCounselling', '2024-03-15'],
    ]);
  });

  it('ends the same when the language course is entered late, back-dated, after the debt counselling', async () => {
    const { handle, trajectoryId } = await start();
    await stateWhen(handle, (state) => state.waitingOn.some((wait) => wait.milestone === 'intake.completed'));
    await report(handle, 'intake.completed', KLANTMANAGER, '2024-03-04');
    await stateWhen(handle, (state) => waitingNodes(state).length === 2);

    const oneArrived = await report(handle, 'task.debtCounselling', SCHULDHULP, '2024-03-15', { plan: 'regeling' });
    expect(waitingNodes(oneArrived)).toEqual(['languageCourse']);
    await server.env.sleep('10 days');
    expect(callsOf(trajectoryId, 'recordTrajectoryEvent')).toEqual([]);
    // The course was arranged on 8 March; the klantmanager enters it days later.
    await report(handle, 'support.languageCourseArranged', KLANTMANAGER, '2024-03-08');

    expect(await outcome(handle, trajectoryId)).toEqual(timely);
  });
});

/**
 * A definition's own milestones and a generic human task on Temporal's time-skipping test server:
 * the human task opens a task for its role (openHumanTask), reminds while it is open, and its
 * milestone task.<id> — carrying the typed outcome form — moves the flow on with the outcome as a
 * fact. Activities are typed doubles that record what they were asked; the workflow is the real bundle.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { addDays, amsterdamDateOf } from '@wegwijs/calendar';
import { compileDefinitionSource, type CapabilityRegistry } from '@wegwijs/definitions';
import { MILESTONE_CAPABILITIES, recordMilestoneUpdate, trajectoryWorkflow } from '@wegwijs/workflows';
import { recordingActivityDoubles } from '../support/activity-doubles';
import { keepHistory } from '../support/histories';
import { newCaseReference } from '../support/case-references';
import { stateWhen } from '../support/start-trajectory';
import { timeSkippingWorker } from '../support/time-skipping-worker';

const ACTIVITIES = ['recordTrajectoryEvent', 'openHumanTask', 'remindAboutHumanTask'] as const;
const { activities: activityDoubles, calls } = recordingActivityDoubles(ACTIVITIES, ({ name }) => (name === 'openHumanTask' ? { taskId: 'task-1' } : {}));
const registry: CapabilityRegistry = { activities: Object.fromEntries(ACTIVITIES.map((name) => [name, { description: 'test double' }])), milestones: MILESTONE_CAPABILITIES };

const definition = compileDefinitionSource(
  `key: human-task-test
version: 1
name: Intake en evaluatie
facts:
  outcome: { type: string, values: [werk, geen] }
milestones:
  participation.intakeHeld: { description: The intake talk took place, roles: [klantmanager] }
nodes:
  - { id: start, kind: start }
  - { id: intake, kind: milestoneWait, milestone: participation.intakeHeld, roles: [klantmanager] }
  - id: evaluation
    kind: humanTask
    role: klantmanager
    title: Evalueer het traject
    due: { within: P2W }
    outcome:
      outcome: { type: string, required: true, values: [werk, geen] }
    output: { outcome: payload.outcome }
    reminders: { every: P1W, times: 2 }
  - { id: toWork, kind: exclusiveGateway }
  - { id: recordWork, kind: serviceTask, activity: recordTrajectoryEvent, input: { eventType: '"participation.to-work"' }, timeout: PT30S }
  - { id: done, kind: end }
  - { id: noWork, kind: end }
flows:
  - { source: start, target: intake }
  - { source: intake, target: evaluation }
  - { source: evaluation, target: toWork }
  - { source: toWork, target: recordWork, condition: outcome = "werk" }
  - { source: toWork, target: noWork, default: true }
  - { source: recordWork, target: done }
`,
  registry,
);

const KLANTMANAGER = { role: 'klantmanager' as const, id: 'km-0007' };

const server = timeSkippingWorker('human-task', activityDoubles);


const report = (handle: WorkflowHandle, milestone: string, payload?: Record<string, string>, occurredOn?: string) =>
  handle.executeUpdate(recordMilestoneUpdate, { args: [{ milestone, milestoneId: randomUUID(), actor: KLANTMANAGER, payload, ...(occurredOn ? { occurredOn } : {}) }] });

async function startHumanTaskTrajectory(startOn?: string): Promise<{ trajectoryId: string; handle: WorkflowHandle }> {
  const trajectoryId = `GM0392.${newCaseReference()}`;
  const handle = await server.env.client.workflow.start(trajectoryWorkflow, {
    workflowId: trajectoryId,
    taskQueue: server.taskQueue,
    args: [{ trajectoryId, municipality: 'GM0392', caseReference: trajectoryId.slice(7), definition, facts: {}, startedBy: KLANTMANAGER, ...(startOn ? { startOn } : {}) }],
  });
  return { trajectoryId, handle };
}

const callsFor = (trajectoryId: string, name: (typeof ACTIVITIES)[number]) => calls.filter((call) => call.name === name && call.request.trajectoryId === trajectoryId);

describe('a human task after a milestone the definition declares itself', () => {
  it('opens the task for its role, reminds while it is open, refuses an outcome outside its form and goes on with the outcome as a fact', async () => {
    const { trajectoryId, handle } = await startHumanTaskTrajectory();
    await stateWhen(handle, (state) => state.waitingOn.some((wait) => wait.milestone === 'participation.intakeHeld'));
    await report(handle, 'participation.intakeHeld');

    const waiting = await stateWhen(handle, (state) => state.waitingOn.some((wait) => wait.milestone === 'task.evaluation'));
    expect(waiting.expectedMilestones).toContainEqual(
      expect.objectContaining({ milestone: 'task.evaluation', nodeId: 'evaluation.wait', roles: ['klantmanager'], payload: [expect.objectContaining({ name: 'outcome', type: 'string', required: true, values: ['werk', 'geen'] })] }),
    );
    const opened = calls.filter((call) => call.name === 'openHumanTask' && call.request.trajectoryId === trajectoryId);
    expect(opened.map((call) => call.request.input)).toEqual([{ title: 'Evalueer het traject', role: 'klantmanager', completionMilestone: 'task.evaluation', dueWithin: 'P2W' }]);

    await server.env.sleep('16 days');
    await stateWhen(handle, () => calls.filter((call) => call.name === 'remindAboutHumanTask' && call.request.trajectoryId === trajectoryId).length === 2);

    await expect(report(handle, 'task.evaluation', { outcome: 'misschien' })).rejects.toMatchObject({ cause: { type: 'InvalidMilestonePayload', message: expect.stringContaining('payload.outcome must be one of werk, geen') } });
    const after = await report(handle, 'task.evaluation', { outcome: 'werk' });
    expect(after.facts).toMatchObject({ outcome: 'werk' });
    await handle.result();
    expect(calls.filter((call) => call.request.trajectoryId === trajectoryId && call.name === 'recordTrajectoryEvent').map((call) => call.request.input)).toEqual([{ eventType: 'participation.to-work' }]);
    expect(calls.filter((call) => call.name === 'remindAboutHumanTask' && call.request.trajectoryId === trajectoryId)).toHaveLength(2);
  });
});

describe('a human task whose opening milestone is entered late', () => {
  it('dates the task and its reminders from the business date of the intake: reported 20 days late, the task is due 6 days ago and both reminders go out at once, each once', async () => {
    // A case taken over from a spreadsheet: it began 30 days ago, and its intake was held 20 days ago.
    const today = amsterdamDateOf(new Date(await server.env.currentTimeMs()));
    const { trajectoryId, handle } = await startHumanTaskTrajectory(addDays(today, -30));
    await stateWhen(handle, (state) => state.waitingOn.some((wait) => wait.milestone === 'participation.intakeHeld'));
    const intakeOn = addDays(today, -20);
    await report(handle, 'participation.intakeHeld', undefined, intakeOn);

    await stateWhen(handle, () => callsFor(trajectoryId, 'remindAboutHumanTask').length === 2);
    const opened = callsFor(trajectoryId, 'openHumanTask');
    expect(opened).toHaveLength(1);
    // The task's step is dated the intake's day, so its due date (P2W) is 6 days ago — not 14 days from the report.
    expect(opened[0].request.businessDate).toBe(intakeOn);
    // A reminder a week after the intake and one two weeks after: both passed when it was told, so both run now,
    // dated their own day, and marked late only where they were due after the municipality could have known.
    expect(callsFor(trajectoryId, 'remindAboutHumanTask').map((call) => call.request.businessDate).sort()).toEqual([addDays(intakeOn, 7), addDays(intakeOn, 14)]);
    // A day later nothing repeats: each reminder was sent once.
    await server.env.sleep('1 day');
    await stateWhen(handle, (state) => state.waitingOn.some((wait) => wait.milestone === 'task.evaluation'));
    expect(callsFor(trajectoryId, 'remindAboutHumanTask')).toHaveLength(2);

    await report(handle, 'task.evaluation', { outcome: 'geen' });
    await handle.result();
    expect(callsFor(trajectoryId, 'recordTrajectoryEvent')).toEqual([]);
    await keepHistory(handle, 'business-time--local-events--one-upsert--exact-repeat-count--human-task-intake-late');
  });
});

/**
 * Incidents on Temporal's time-skipping test server: a service task whose activity fails for good
 * — a business error Temporal must not retry, or retries used up — becomes an incident. The
 * trajectory records it, marks itself stuck with the error type, and waits at the step; the
 * workflow task never fails. A supervisor's repair (retry, skip with a result) is recorded with its
 * actor and the trajectory goes on. Retry back-offs pass in skipped time; the activity double
 * fails for real, through the worker's real interceptors.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { compileDefinitionSource } from '@wegwijs/definitions';
import type { RecordTrajectoryEventsRequest, ServiceTaskRequest } from '@wegwijs/domain';
import { getTrajectoryStateQuery, MILESTONE_CAPABILITIES, repairIncidentUpdate, trajectoryWorkflow, type TrajectoryState } from '@wegwijs/workflows';
import { newCaseReference } from '../support/case-references';
import { keepHistory } from '../support/histories';
import { timeSkippingWorker } from '../support/time-skipping-worker';

const MINUTE = 60_000;
const SUPERVISOR = { role: 'supervisor', id: 'sv-0003' } as const;

const definitionWithRetry = (retry: string) =>
  compileDefinitionSource(
    `
key: incident-test-${retry}
version: 1
name: Incident test
facts:
  housingDate: { type: date, required: true, description: Day the person was housed }
  tvsProfileComplete: { type: boolean, description: Whether COA's TVS profile was complete }
nodes:
  - { id: start, kind: start }
  - id: fetchTvsProfile
    kind: serviceTask
    name: TVS-profiel ophalen
    activity: fetchTvsProfile
    timeout: PT30S
    retry: ${retry}
    output: { tvsProfileComplete: result.complete }
  - id: intake
    kind: milestoneWait
    name: Intake
    milestone: intake.completed
    roles: [klantmanager]
  - { id: end, kind: end }
flows:
  - { source: start, target: fetchTvsProfile }
  - { source: fetchTvsProfile, target: intake }
  - { source: intake, target: end }
`,
    { activities: { fetchTvsProfile: { description: 'test double' } }, milestones: MILESTONE_CAPABILITIES },
  );

/** How the double answers the next attempts of a trajectory: in order, the last one repeated. */
type Answer = 'profile' | 'notFound' | 'busy';
const answers = new Map<string, Answer[]>();
const attempts = new Map<string, number>();
const recorded = new Map<string, RecordTrajectoryEventsRequest['events'][number][]>();

const activityDoubles = {
  async recordTrajectoryEvents(request: RecordTrajectoryEventsRequest): Promise<void> {
    recorded.set(request.trajectoryId, [...(recorded.get(request.trajectoryId) ?? []), ...request.events]);
  },
  async supersedeEffects(): Promise<void> {},
  async fetchTvsProfile(request: ServiceTaskRequest): Promise<{ complete: boolean }> {
    attempts.set(request.trajectoryId, (attempts.get(request.trajectoryId) ?? 0) + 1);
    const queue = answers.get(request.trajectoryId) ?? ['profile'];
    const answer = queue.length > 1 ? queue.shift()! : queue[0];
    // The messages name a person, as real ones do: none of it may reach the state or search attributes.
    if (answer === 'notFound') throw ApplicationFailure.nonRetryable('TVS has no profile for J. Jansen', 'TvsProfileNotFound');
    if (answer === 'busy') throw ApplicationFailure.retryable('TVS busy while looking up J. Jansen', 'TvsUnavailable');
    return { complete: true };
  },
};

const server = timeSkippingWorker('incidents', activityDoubles);

async function start(retry: string, willAnswer: Answer[]) {
  const trajectoryId = `GM0392.${newCaseReference()}`;
  answers.set(trajectoryId, willAnswer);
  const handle = await server.env.client.workflow.start(trajectoryWorkflow, {
    workflowId: trajectoryId,
    taskQueue: server.taskQueue,
    args: [{ trajectoryId, municipality: 'GM0392', caseReference: trajectoryId.slice(7), definition: definitionWithRetry(retry), facts: { housingDate: '2026-11-02' }, startedBy: { role: 'klantmanager', id: 'km-0007' } }],
  });
  const state = () => handle.query(getTrajectoryStateQuery);
  const attributes = async () => (await handle.describe()).searchAttributes as Record<string, unknown[] | undefined>;
  const workflowTaskFailures = async () => (await handle.fetchHistory()).events?.filter((event) => event.workflowTaskFailedEventAttributes).length;
  const eventsOf = (type: string) => (recorded.get(trajectoryId) ?? []).filter((event) => event.type === type);
  return { trajectoryId, handle, state, attributes, workflowTaskFailures, eventsOf };
}

describe('an activity that fails with a business error Temporal must not retry', () => {
  it('opens an incident: recorded, stuck with the error type, waiting at the step — and a retry by a supervisor goes on', async () => {
    const { trajectoryId, handle, state, attributes, workflowTaskFailures, eventsOf } = await start('standard', ['notFound', 'profile']);
    const withIncident = await waitFor(state, (answer) => answer.incidents.some((incident) => incident.status === 'open'));

    expect(withIncident.incidents).toEqual([
      expect.objectContaining({ incidentId: 'fetchTvsProfile.1.1', nodeId: 'fetchTvsProfile', activity: 'fetchTvsProfile', errorType: 'TvsProfileNotFound', attempts: 1, openedOn: expect.any(String), status: 'open' }),
    ]);
    expect(withIncident.waitingOn).toEqual([]);
    expect(await attributes()).toMatchObject({ WegwijsStuck: [true], WegwijsStuckReason: ['TvsProfileNotFound'] });
    await waitFor(async () => eventsOf('incident.opened').length, (count) => count === 1);
    expect(eventsOf('incident.opened')[0].payload).toEqual({ incidentId: 'fetchTvsProfile.1.1', nodeId: 'fetchTvsProfile', activity: 'fetchTvsProfile', errorType: 'TvsProfileNotFound', attempts: 1 });
    expect(await workflowTaskFailures()).toBe(0);
    expect(attempts.get(trajectoryId)).toBe(1);
    // Never the message: it named a person.
    expect(JSON.stringify([withIncident, await attributes(), recorded.get(trajectoryId)])).not.toContain('Jansen');

    const repaired = await handle.executeUpdate(repairIncidentUpdate, { args: [{ incidentId: 'fetchTvsProfile.1.1', action: 'retry', reason: 'TVS-profiel aangevuld door COA', actor: SUPERVISOR }] });
    expect(repaired.incidents).toEqual([expect.objectContaining({ incidentId: 'fetchTvsProfile.1.1', activity: 'fetchTvsProfile', status: 'resolved' })]);
    const going = await waitFor(state, (answer) => answer.waitingOn.length > 0);
    expect(going.waitingOn.map((wait) => wait.milestone)).toEqual(['intake.completed']);
    expect(going.facts.tvsProfileComplete).toBe(true);
    expect(attempts.get(trajectoryId)).toBe(2);
    expect((await attributes()).WegwijsStuck).toEqual([false]);
    await waitFor(async () => eventsOf('incident.resolved').length, (count) => count === 1);
    expect(eventsOf('incident.resolved')[0]).toMatchObject({ payload: { incidentId: 'fetchTvsProfile.1.1', action: 'retry', reason: 'TVS-profiel aangevuld door COA' }, actor: SUPERVISOR });
    expect(await workflowTaskFailures()).toBe(0);
    await keepHistory(handle, 'business-time--local-events--one-upsert--incident-retried');
  });

  it('goes on with the result a supervisor gives when skipping, refusing a result without the fields the step reads', async () => {
    const { handle, state, attributes, eventsOf } = await start('standard', ['notFound']);
    await waitFor(state, (answer) => answer.incidents.some((incident) => incident.status === 'open'));

    const refusal = await handle
      .executeUpdate(repairIncidentUpdate, { args: [{ incidentId: 'fetchTvsProfile.1.1', action: 'skip', result: { completed: false }, reason: 'handmatig nagekeken', actor: SUPERVISOR }] })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    const failure = (refusal as WorkflowUpdateFailedError).cause as ApplicationFailure;
    expect(failure.type).toBe('InvalidSkipResult');
    expect(failure.details?.[0]).toMatchObject({ fields: [{ field: 'result.complete', message: 'is required' }, { field: 'result.completed', message: 'is not read by this step' }] });
    expect((await state()).incidents.map((incident) => incident.status)).toEqual(['open']);

    await handle.executeUpdate(repairIncidentUpdate, { args: [{ incidentId: 'fetchTvsProfile.1.1', action: 'skip', result: { complete: false }, reason: 'handmatig nagekeken', actor: SUPERVISOR }] });
    const going = await waitFor(state, (answer) => answer.waitingOn.length > 0);
    expect(going.facts.tvsProfileComplete).toBe(false);
    expect(going.incidents.map((incident) => incident.status)).toEqual(['resolved']);
    expect((await attributes()).WegwijsStuck).toEqual([false]);
    await waitFor(async () => eventsOf('incident.resolved').length, (count) => count === 1);
    expect(eventsOf('incident.resolved')[0]).toMatchObject({ payload: { action: 'skip' }, actor: SUPERVISOR });
    await keepHistory(handle, 'business-time--local-events--one-upsert--incident-skipped');
  });

  it('counts the attempts when the business error comes after retries of a passing fault', async () => {
    const { state, workflowTaskFailures } = await start('standard', ['busy', 'busy', 'notFound']);
    const withIncident = await skipUntil(state, (answer) => answer.incidents.length > 0, 30 * MINUTE);
    expect(withIncident.incidents).toEqual([expect.objectContaining({ errorType: 'TvsProfileNotFound', attempts: 3, status: 'open' })]);
    expect(await workflowTaskFailures()).toBe(0);
  });
});

describe('an activity that keeps failing until its retries are used up', () => {
  it('opens an incident with the last error type and the number of attempts its retry profile allowed', async () => {
    const { trajectoryId, state, attributes, workflowTaskFailures } = await start('standard', ['busy']);
    const withIncident = await skipUntil(state, (answer) => answer.incidents.length > 0, 60 * MINUTE);
    expect(withIncident.incidents).toEqual([expect.objectContaining({ errorType: 'TvsUnavailable', attempts: 10, status: 'open' })]);
    expect(attempts.get(trajectoryId)).toBe(10);
    expect(await attributes()).toMatchObject({ WegwijsStuck: [true], WegwijsStuckReason: ['TvsUnavailable'] });
    expect(await workflowTaskFailures()).toBe(0);
  });
});

/** Asks until the answer fits, in real time (the worker runs the activity at once); fails after ten seconds. */
async function waitFor<T>(ask: () => Promise<T>, fits: (answer: T) => boolean): Promise<T> {
  const until = Date.now() + 10_000;
  for (;;) {
    const answer = await ask();
    if (fits(answer)) return answer;
    if (Date.now() > until) throw new Error(`no fitting answer in time; last: ${JSON.stringify(answer).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Skips a minute of time at a time (retry back-offs) until the state fits; fails when `limitMs` of skipped time pass first. */
async function skipUntil(state: () => Promise<TrajectoryState>, fits: (answer: TrajectoryState) => boolean, limitMs: number): Promise<TrajectoryState> {
  const until = (await server.env.currentTimeMs()) + limitMs;
  for (;;) {
    const answer = await state();
    if (fits(answer)) return answer;
    if ((await server.env.currentTimeMs()) > until) throw new Error(`the trajectory did not get there within ${limitMs / MINUTE} skipped minutes`);
    await server.env.sleep(MINUTE);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

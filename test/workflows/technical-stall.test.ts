/**
 * Technical stalls on Temporal's time-skipping test server: an activity that keeps failing (the
 * mail server refuses connections) marks its trajectory stuck once it has failed for longer than
 * TECHNICAL_STALL_AFTER, through the worker's real activity interceptor and the `technicalStall`
 * signal, and the mark clears itself when the activity succeeds. Retry back-offs pass in skipped
 * time; the activity double fails for real.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { compileDefinitionSource } from '@wegwijs/definitions';
import { createTimeSkippingEnvironment } from '@wegwijs/devstack';
import type { ServiceTaskRequest } from '@wegwijs/domain';
import { createTrajectoryWorker } from '@wegwijs/temporal';
import { getTrajectoryStateQuery, MILESTONE_CAPABILITIES, recordMilestoneUpdate, trajectoryWorkflow, type TrajectoryState } from '@wegwijs/workflows';
import { newCaseReference } from '../support/case-references';
import { keepHistory } from '../support/histories';

const MINUTE = 60_000;
const DAY = 86_400_000;
const STALL_AFTER_MS = 30 * MINUTE;

/** A reminder to the klantmanager beside the intake wait: the reminder's mail server can be down. */
const definition = compileDefinitionSource(
  `
key: technical-stall-test
version: 1
name: Technical stall test
facts:
  housingDate: { type: date, required: true, description: Day the person was housed }
nodes:
  - { id: start, kind: start }
  - { id: split, kind: parallelGateway }
  - id: remindKlantmanager
    kind: serviceTask
    name: Klantmanager herinneren
    activity: sendReminder
    timeout: PT30S
    retry: patient
  - id: intake
    kind: milestoneWait
    name: Intake
    milestone: intake.completed
    roles: [klantmanager]
    norm: { within: P1W, from: housingDate, description: intake within a week of housing }
  - { id: join, kind: parallelGateway }
  - { id: end, kind: end }
flows:
  - { source: start, target: split }
  - { source: split, target: remindKlantmanager }
  - { source: split, target: intake }
  - { source: remindKlantmanager, target: join }
  - { source: intake, target: join }
  - { source: join, target: end }
`,
  { activities: { sendReminder: { description: 'test double' } }, milestones: MILESTONE_CAPABILITIES },
);

/** Thrown by the double while the mail server is down; its message names a person, as real ones do. */
class SmtpConnectionError extends Error {
  override name = 'SmtpConnectionError';
}

let mailServerDown = true;
const attempts: string[] = [];

const activityDoubles = {
  async recordTrajectoryEvents(): Promise<void> {},
  async sendReminder(request: ServiceTaskRequest): Promise<Record<string, never>> {
    attempts.push(request.trajectoryId);
    if (mailServerDown) throw new SmtpConnectionError('mail.haarlem.invalid refused the reminder about J. Jansen');
    return {};
  },
};

let env: TestWorkflowEnvironment;
let worker: Worker;
let workerRun: Promise<void>;
const taskQueue = `technical-stall-${randomUUID()}`;

beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
  worker = await createTrajectoryWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    activities: activityDoubles,
    technicalStallAfterMs: STALL_AFTER_MS,
  });
  workerRun = worker.run();
}, 300_000);

afterAll(async () => {
  worker?.shutdown();
  await workerRun;
  await env?.teardown();
});

async function start(housingDate: string) {
  const trajectoryId = `GM0392.${newCaseReference()}`;
  const handle = await env.client.workflow.start(trajectoryWorkflow, {
    workflowId: trajectoryId,
    taskQueue,
    args: [{ trajectoryId, municipality: 'GM0392', caseReference: trajectoryId.slice(7), definition, facts: { housingDate }, startedBy: { role: 'klantmanager', id: 'km-0007' } }],
  });
  const startedAt = (await handle.describe()).startTime.toISOString();
  const state = () => handle.query(getTrajectoryStateQuery);
  const attributes = async () => (await handle.describe()).searchAttributes as Record<string, unknown[] | undefined>;
  const stallSignals = async () =>
    (await handle.fetchHistory()).events?.filter((event) => event.workflowExecutionSignaledEventAttributes?.signalName === 'technicalStall').length;
  return { trajectoryId, handle, startedAt, state, attributes, stallSignals };
}

function dateFromNow(nowMs: number, days: number): string {
  return new Date(nowMs + days * DAY).toISOString().slice(0, 10);
}

describe('an activity that keeps failing', () => {
  it('marks the trajectory stuck with its error class past the threshold, once, and clears it when the activity succeeds', async () => {
    mailServerDown = true;
    const { trajectoryId, startedAt, state, attributes, stallSignals } = await start(dateFromNow(await env.currentTimeMs(), 30));

    // The patient profile retries after 1, 2, 4, 8, 16, … minutes; the test server counts each
    // back-off from the attempt's failure, so the first attempt past 30 minutes comes somewhat later.
    const observations = await skipUntilStalled(state, Date.parse(startedAt) + 3 * 60 * MINUTE);
    const beforeThreshold = observations.filter((seen) => seen.atMs < Date.parse(startedAt) + STALL_AFTER_MS);
    expect(beforeThreshold.length).toBeGreaterThan(0);
    expect(beforeThreshold.every((seen) => !seen.stalled)).toBe(true);
    expect(observations.at(-1)?.stalled).toBe(true);

    const [stall] = (await state()).technicalStalls;
    // Failing since the activity was first scheduled, right after the start.
    expect(Date.parse(stall.failingSince) - Date.parse(startedAt)).toBeLessThan(MINUTE);
    const reason = `activity sendReminder at remindKlantmanager failing since ${stall.failingSince.slice(0, 19)}Z: SmtpConnectionError`;
    expect((await state()).technicalStalls).toEqual([
      { activityType: 'sendReminder', nodeId: 'remindKlantmanager', errorClass: 'SmtpConnectionError', failingSince: stall.failingSince, attempt: expect.any(Number), reason },
    ]);
    expect(await attributes()).toMatchObject({ WegwijsStuck: [true], WegwijsStuckReason: [reason], WegwijsFailingActivities: ['sendReminder'] });
    // Never the message: it named a person.
    expect(JSON.stringify(await attributes())).not.toContain('Jansen');

    // Later failed attempts add nothing the trajectory did not know.
    const attemptsBefore = attemptsOf(trajectoryId);
    while (attemptsOf(trajectoryId) < attemptsBefore + 2) await skip(30 * MINUTE);
    expect(await stallSignals()).toBe(1);

    mailServerDown = false;
    await skipUntil(state, (answer) => answer.technicalStalls.length === 0, 12 * 60 * MINUTE);
    expect((await state()).technicalStalls).toEqual([]);
    const cleared = await attributes();
    expect(cleared.WegwijsStuck).toEqual([false]);
    expect(present(cleared.WegwijsStuckReason)).toEqual([]);
    expect(present(cleared.WegwijsFailingActivities)).toEqual([]);
  });

  it('comes first in the reason beside an overdue wait, which is the reason again once the activity recovers', async () => {
    mailServerDown = true;
    const housingDate = dateFromNow(await env.currentTimeMs(), -30);
    const { handle, startedAt, state, attributes } = await start(housingDate);
    const businessReason = `waiting for intake.completed past its norm (intake within a week of housing), due ${dateFromNow(Date.parse(housingDate), 7)}`;
    await skip(MINUTE / 2);
    expect(await attributes()).toMatchObject({ WegwijsStuck: [true], WegwijsStuckReason: [businessReason] });

    await skipUntilStalled(state, Date.parse(startedAt) + 3 * 60 * MINUTE);
    const both = await state();
    expect(both.technicalStalls.map((stall) => stall.errorClass)).toEqual(['SmtpConnectionError']);
    expect(both.waitingOn).toEqual([expect.objectContaining({ milestone: 'intake.completed', overdue: true, stuckReason: businessReason })]);
    expect((await attributes()).WegwijsStuckReason).toEqual([both.technicalStalls[0].reason]);

    mailServerDown = false;
    await skipUntil(state, (answer) => answer.technicalStalls.length === 0, 12 * 60 * MINUTE);
    expect(await attributes()).toMatchObject({ WegwijsStuck: [true], WegwijsStuckReason: [businessReason] });

    await handle.executeUpdate(recordMilestoneUpdate, {
      args: [{ milestone: 'intake.completed', milestoneId: randomUUID(), actor: { role: 'klantmanager', id: 'km-0007' } }],
    });
    expect((await handle.result()).status).toBe('completed');
    const done = await attributes();
    expect(done.WegwijsStuck).toEqual([false]);
    expect(present(done.WegwijsStuckReason)).toEqual([]);
    await keepHistory(handle, 'business-time--local-events--lean-run-loop--technical-stall-beside-overdue-wait');
  });
});

/** A removed search attribute's values: absent on a real server, a null on the test server. */
function present(values: unknown[] | undefined): unknown[] {
  return (values ?? []).filter((value) => value !== null);
}

function attemptsOf(trajectoryId: string): number {
  return attempts.filter((id) => id === trajectoryId).length;
}

/**
 * Skips time, then gives an activity attempt that came due a moment of real time to run: a
 * skipped sleep returns once its timer fires, not once the attempts due meanwhile are done.
 */
async function skip(ms: number): Promise<void> {
  await env.sleep(ms);
  await new Promise((resolve) => setTimeout(resolve, 150));
}

/** Skips half an hour at a time until the state fits; fails when `limitMs` of skipped time pass first. */
async function skipUntil(state: () => Promise<TrajectoryState>, fits: (answer: TrajectoryState) => boolean, limitMs: number): Promise<void> {
  const until = (await env.currentTimeMs()) + limitMs;
  while (!fits(await state())) {
    if ((await env.currentTimeMs()) > until) throw new Error(`the trajectory did not get there within ${limitMs / MINUTE} skipped minutes`);
    await skip(30 * MINUTE);
  }
}

/** Skips five minutes at a time until a technical stall shows; what the state said at each step. */
async function skipUntilStalled(state: () => Promise<TrajectoryState>, limitMs: number): Promise<Array<{ atMs: number; stalled: boolean }>> {
  const observations: Array<{ atMs: number; stalled: boolean }> = [];
  for (;;) {
    const stalled = (await state()).technicalStalls.length > 0;
    const atMs = await env.currentTimeMs();
    observations.push({ atMs, stalled });
    if (stalled) return observations;
    if (atMs > limitMs) throw new Error('no technical stall within the limit');
    await skip(5 * MINUTE);
  }
}

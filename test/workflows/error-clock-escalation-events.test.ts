/**
 * Error events, a legal clock's expiry as an event and a human task's escalation, on Temporal's
 * time-skipping test server with examples/events.yaml: booking a language course fails with a
 * business error it declares (NoCourseSeat) or fails for good (its retries spent) — either way the
 * flow leaves by the error event and the klantmanager gets the task to find a seat, no incident; the
 * task escalates to the supervisor when still open after three weeks, and not when done in time;
 * the clock's expiry interrupts the course and starts the branch that tells the klantmanager — and a
 * stop recorded late, dated before the expiry, undoes both. Activities are recording doubles (the
 * booking fails for real, through the worker's interceptors); the workflow is the real bundle.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { addDays, addToDate, calendarDateInAmsterdam } from '@wegwijs/calendar';
import { compileDefinitionSource, exampleCapabilities } from '@wegwijs/definitions';
import { recordMilestoneUpdate, trajectoryWorkflow, type TrajectoryState } from '@wegwijs/workflows';
import { recordingActivityDoubles } from '../support/activity-doubles';
import { newCaseReference } from '../support/case-references';
import { stateWhen } from '../support/start-trajectory';
import { timeSkippingWorker } from '../support/time-skipping-worker';

const source = readFileSync(join(__dirname, '../../definitions/examples/events.yaml'), 'utf8');
const events = compileDefinitionSource(source, exampleCapabilities);
// The same programme with a booking tried once, so that a passing fault spends its retries at once.
const triedOnce = compileDefinitionSource(source.replace('activity: bookLanguageCourse\n    timeout: PT1M', 'activity: bookLanguageCourse\n    timeout: PT1M\n    retry: once'), exampleCapabilities);

/** How the booking answers, per trajectory. */
const bookingAnswers = new Map<string, 'booked' | 'noSeat' | 'busy'>();
const { activities, calls, superseded } = recordingActivityDoubles(['bookLanguageCourse', 'openHumanTask', 'remindAboutHumanTask', 'notifyKlantmanager', 'recordTrajectoryEvent'], ({ name, request }) => {
  if (name === 'openHumanTask') return { taskId: `task-${request.nodeId}`, dueOn: request.businessDate };
  if (name !== 'bookLanguageCourse') return {};
  const answer = bookingAnswers.get(request.trajectoryId) ?? 'booked';
  if (answer === 'noSeat') throw ApplicationFailure.nonRetryable('every course near the person is full', 'NoCourseSeat');
  if (answer === 'busy') throw ApplicationFailure.retryable('the course provider does not answer', 'ProviderUnavailable');
  return { booked: true };
});

const KLANTMANAGER = { role: 'klantmanager' as const, id: 'km-0007' };
const SUPERVISOR = { role: 'supervisor' as const, id: 'sv-0003' };

const server = timeSkippingWorker('events', activities);

async function start(booking: 'booked' | 'noSeat' | 'busy', definition = events) {
  const trajectoryId = `GM0392.${newCaseReference()}`;
  bookingAnswers.set(trajectoryId, booking);
  const startDate = calendarDateInAmsterdam(await server.env.currentTimeMs());
  const handle = await server.env.client.workflow.start(trajectoryWorkflow, {
    workflowId: trajectoryId,
    taskQueue: server.taskQueue,
    args: [{ trajectoryId, municipality: 'GM0392', caseReference: trajectoryId.slice(7), definition, facts: { startDate }, startedBy: KLANTMANAGER }],
  });
  const callsOf = (name: string) => calls.filter((call) => call.name === name && call.request.trajectoryId === trajectoryId);
  const report = (milestone: string, occurredOn: string, actor: typeof KLANTMANAGER | typeof SUPERVISOR = KLANTMANAGER) =>
    handle.executeUpdate(recordMilestoneUpdate, { args: [{ milestone, milestoneId: randomUUID(), occurredOn, actor }] });
  const supersededKeys = () => superseded.filter((request) => request.trajectoryId === trajectoryId).flatMap((request) => request.activityKeys);
  return { trajectoryId, handle, startDate, callsOf, report, supersededKeys };
}


const activeNodeIds = (state: TrajectoryState) => state.activeNodes.map((node) => node.nodeId).sort();

describe('error events', () => {
  it('take a business error the activity declares along the error path: the klantmanager gets the task, no incident', async () => {
    const { handle, startDate, callsOf } = await start('noSeat');
    const state = await stateWhen(handle, (answer) => answer.waitingOn.some((wait) => wait.milestone === 'task.findSeat'));
    expect(state.incidents).toEqual([]);
    expect(state.visitedNodeIds).toEqual(expect.arrayContaining(['noSeat', 'findSeat']));
    expect(state.visitedNodeIds).not.toContain('bookingFailed');
    expect(callsOf('bookLanguageCourse')).toHaveLength(1);
    expect(callsOf('openHumanTask').map((call) => ({ input: call.request.input, on: call.request.businessDate }))).toEqual([
      { input: { title: 'Zoek een plek op een taalcursus', role: 'klantmanager', completionMilestone: 'task.findSeat', dueWithin: 'P2W' }, on: startDate },
    ]);
  });

  it('catch an activity whose retries are spent with the catch-all error event instead of an incident for a supervisor', async () => {
    const { handle, callsOf } = await start('busy', triedOnce);
    const state = await stateWhen(handle, (answer) => answer.waitingOn.some((wait) => wait.milestone === 'task.findSeat'));
    expect(state.incidents).toEqual([]);
    expect(state.status).not.toBe('stuck');
    expect(state.visitedNodeIds).toEqual(expect.arrayContaining(['bookingFailed', 'findSeat']));
    expect(callsOf('bookLanguageCourse')).toHaveLength(1);
  });
});

describe('escalation of a human task to another role', () => {
  it("opens the task for the supervisor three weeks after it opened; the supervisor's completion moves the flow on", async () => {
    const { handle, startDate, callsOf, report } = await start('noSeat');
    await stateWhen(handle, (answer) => answer.waitingOn.some((wait) => wait.milestone === 'task.findSeat'));
    await server.env.sleep('22 days');
    const escalated = await stateWhen(handle, () => callsOf('openHumanTask').length === 2);
    expect(callsOf('openHumanTask')[1].request).toMatchObject({
      nodeId: 'findSeat.escalate',
      businessDate: addToDate(startDate, 'P3W'),
      input: { title: 'Escalatie: Zoek een plek op een taalcursus', role: 'supervisor', completionMilestone: 'task.findSeat' },
    });
    expect(escalated.waitingOn.find((wait) => wait.milestone === 'task.findSeat')).toMatchObject({ roles: ['klantmanager', 'supervisor'] });
    const after = await report('task.findSeat', calendarDateInAmsterdam(await server.env.currentTimeMs()), SUPERVISOR);
    expect(activeNodeIds(after)).toEqual(['awaitTermEnd', 'course']);
  });

  it('is withdrawn when the task is done in time, even when that is recorded after the escalation went out', async () => {
    const { handle, startDate, callsOf, report, supersededKeys } = await start('noSeat');
    await stateWhen(handle, (answer) => answer.waitingOn.some((wait) => wait.milestone === 'task.findSeat'));
    await server.env.sleep('22 days');
    await stateWhen(handle, () => callsOf('openHumanTask').length === 2);
    // Found a seat on day 10; the klantmanager records it only now.
    const after = await report('task.findSeat', addDays(startDate, 10));
    expect(activeNodeIds(after)).toEqual(['awaitTermEnd', 'course']);
    expect(after.visitedNodeIds).not.toContain('findSeat.escalate');
    await stateWhen(handle, () => supersededKeys().some((key) => key.includes('findSeat.escalate')));
    await server.env.sleep('30 days');
    expect(callsOf('openHumanTask')).toHaveLength(2);
  });
});

describe("a legal clock's expiry as an event", () => {
  it('interrupts the course and starts the branch that tells the klantmanager on the day the clock expires', async () => {
    const { handle, startDate, callsOf } = await start('booked');
    await stateWhen(handle, (answer) => answer.waitingOn.some((wait) => wait.milestone === 'course.completed'));
    await server.env.sleep('366 days');
    const expiresOn = addDays(addToDate(startDate, 'P12M'), 1);
    const state = await stateWhen(handle, (answer) => answer.visitedNodeIds.includes('told'));
    expect(state.visitedNodeIds).toEqual(expect.arrayContaining(['termExpired', 'expiredEnd', 'awaitTermEnd', 'tellKlantmanager']));
    expect(state.visitedNodeIds).not.toContain('done');
    expect(callsOf('notifyKlantmanager').map((call) => call.request.businessDate)).toEqual([expiresOn]);
    expect(state.endedOn).toBe(expiresOn);
  });

  it('never fired when a stop dated before the expiry is recorded after it: the notice is superseded and the course runs on', async () => {
    const { handle, startDate, callsOf, report, supersededKeys } = await start('booked');
    await stateWhen(handle, (answer) => answer.waitingOn.some((wait) => wait.milestone === 'course.completed'));
    await server.env.sleep('370 days');
    await stateWhen(handle, () => callsOf('notifyKlantmanager').length === 1);
    const after = await report('term.stopped', addToDate(startDate, 'P11M'));
    expect(activeNodeIds(after)).toEqual(['awaitTermEnd', 'course']);
    expect(after.visitedNodeIds).not.toContain('termExpired');
    expect(after.endedOn).toBeNull();
    await stateWhen(handle, () => supersededKeys().some((key) => key.includes('tellKlantmanager')));
    // The course is completed: the terminate end ends the branch that waited for an expiry that will not come.
    await report('course.completed', calendarDateInAmsterdam(await server.env.currentTimeMs()));
    await handle.result();
    expect(callsOf('notifyKlantmanager')).toHaveLength(1);
  });
});

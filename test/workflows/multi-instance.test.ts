/**
 * Multi-instance and recurring steps on Temporal's time-skipping test server: one talk per
 * household member (a human task in parallel over a list), two notes one after the other (a
 * sequential count), and three monthly check-ins counted from the start date (a recurring human
 * task) — the report of cycle 2 arriving after cycle 3 was done, dated in its own cycle.
 * Activities are recording doubles; the workflow is the real bundle.
 */
import { randomUUID } from 'node:crypto';
import { addDays, addToDate, amsterdamDateOf } from '@wegwijs/calendar';
import { compileCommittedDefinition, type CapabilityRegistry } from '@wegwijs/definitions';
import type { FactValue } from '@wegwijs/definitions/runtime';
import { MILESTONE_CAPABILITIES, recordMilestoneUpdate, type TrajectoryState } from '@wegwijs/workflows';
import { recordingActivityDoubles } from '../support/activity-doubles';
import { newCaseReference } from '../support/case-references';
import { startCaughtUp } from '../support/start-trajectory';
import { timeSkippingWorker } from '../support/time-skipping-worker';

const ACTIVITIES = ['openHumanTask', 'remindAboutHumanTask', 'notifyKlantmanager'] as const;
const { activities, calls } = recordingActivityDoubles(ACTIVITIES, ({ name }) => (name === 'openHumanTask' ? { taskId: randomUUID() } : {}));
const registry: CapabilityRegistry = { activities: Object.fromEntries(ACTIVITIES.map((name) => [name, { description: 'test double' }])), milestones: MILESTONE_CAPABILITIES };
const KLANTMANAGER = { role: 'klantmanager', id: 'km-0007' } as const;

const definition = compileCommittedDefinition('test-fixtures/repeated-steps.yaml', registry);

const server = timeSkippingWorker('multi-instance', activities);

async function today(): Promise<string> {
  return amsterdamDateOf(new Date(await server.env.currentTimeMs()));
}

/** Lets workflow time pass until noon (UTC) of `date`. */
async function skipUntil(date: string): Promise<void> {
  const target = Date.parse(`${date}T12:00:00Z`);
  const now = await server.env.currentTimeMs();
  if (target > now) await server.env.sleep(target - now);
}

async function start(members: string) {
  const startDate = await today();
  const trajectoryId = `GM0392.${newCaseReference()}`;
  const handle = await startCaughtUp(server.env.client, server.taskQueue, { trajectoryId, municipality: 'GM0392', caseReference: trajectoryId.slice(7), definition, facts: { startDate, members }, startedBy: KLANTMANAGER });
  const report = (milestone: string, occurredOn: string, payload: Record<string, FactValue>): Promise<TrajectoryState> =>
    handle.executeUpdate(recordMilestoneUpdate, { args: [{ milestone, milestoneId: randomUUID(), occurredOn, actor: KLANTMANAGER, payload }] });
  const callsOf = (name: string) => calls.filter((call) => call.request.trajectoryId === trajectoryId && call.name === name);
  return { startDate, trajectoryId, handle, report, callsOf };
}

describe('a human task in parallel over a list, then a sequential count', () => {
  it('opens one task per member, each report completes the instance it names, and the notes run one after the other', async () => {
    const { startDate, trajectoryId, handle, report, callsOf } = await start('partner,kind,kind');
    // The three run side by side (in any order), each under its instance's key.
    const opened = callsOf('openHumanTask').map((call) => [call.request.nodeId, call.request.businessDate, call.request.idempotencyKey]);
    expect(opened.sort((a, b) => a[2]!.localeCompare(b[2]!))).toEqual([
      ['talk.open', startDate, `${trajectoryId}#talk.open#1.1.1`],
      ['talk.open', startDate, `${trajectoryId}#talk.open#1.2.1`],
      ['talk.open', startDate, `${trajectoryId}#talk.open#1.3.1`],
    ]);

    // A report must name its instance, and one that exists.
    await expect(report('task.talk', startDate, {})).rejects.toMatchObject({ cause: { type: 'InvalidMilestonePayload', message: expect.stringContaining('payload.instanceNumber') } });
    await expect(report('task.talk', startDate, { instanceNumber: 4 })).rejects.toMatchObject({ cause: { type: 'MilestoneNotExpected' } });

    await report('task.talk', startDate, { instanceNumber: 2 });
    const waiting = await report('task.talk', startDate, { instanceNumber: 3 });
    expect(waiting.expectedMilestones.filter((expected) => expected.milestone === 'task.talk').map((expected) => expected.instance)).toEqual([1]);
    expect(callsOf('notifyKlantmanager')).toEqual([]);

    const after = await report('task.talk', startDate, { instanceNumber: 1 });
    expect(after.waitingOn.map((wait) => wait.nodeId)).toEqual([]);
    expect(callsOf('notifyKlantmanager').map((call) => [call.request.input.message, call.request.idempotencyKey])).toEqual([
      ['Notitie 1 van 2', `${trajectoryId}#note.each#1.1.1`],
      ['Notitie 2 van 2', `${trajectoryId}#note.each#1.2.1`],
    ]);
    await handle.terminate('test done');
  });
});

describe('a recurring human task', () => {
  it('opens cycle n on from + (n-1) months, shows the cycles to come, and takes a back-dated report of cycle 2 on its own date', async () => {
    const { startDate, handle, report, callsOf } = await start('partner');
    await report('task.talk', startDate, { instanceNumber: 1 });
    const cycles = [1, 2, 3].map((n) => addToDate(startDate, `P${n}M`));

    await skipUntil(addDays(cycles[0], 2));
    const first = await report('task.checkIn', addDays(cycles[0], 1), { instanceNumber: 1, attended: true });
    expect(first.schedule.filter((entry) => entry.kind === 'cycle').map((entry) => [entry.date, entry.status])).toEqual([
      [cycles[0], 'fired'],
      [cycles[1], 'due'],
      [cycles[2], 'due'],
    ]);

    // Cycle 2's check-in is held; the klantmanager reports cycle 3 first and cycle 2 a month late.
    await skipUntil(addDays(cycles[2], 3));
    expect(callsOf('openHumanTask').filter((call) => call.request.nodeId === 'checkIn.open').map((call) => call.request.businessDate)).toEqual(cycles);
    await report('task.checkIn', addDays(cycles[2], 2), { instanceNumber: 3, attended: true });
    await expect(report('task.checkIn', addDays(cycles[1], -1), { instanceNumber: 2, attended: true })).rejects.toMatchObject({ cause: { type: 'MilestoneDateTooEarly' } });
    const done = await report('task.checkIn', addDays(cycles[1], 4), { instanceNumber: 2, attended: false });

    expect(done.milestonesDone.filter((milestone) => milestone.milestone === 'task.checkIn').map((milestone) => [milestone.nodeId, milestone.effectiveOn])).toEqual([
      ['checkIn.wait', addDays(cycles[0], 1)],
      ['checkIn.wait', addDays(cycles[2], 2)],
      ['checkIn.wait', addDays(cycles[1], 4)],
    ]);
    // The step ended on the date of its last report in business time (cycle 3's), not the day cycle 2 was told.
    expect(done.endedOn).toBe(addDays(cycles[2], 2));
    expect(done.facts.checkInsHeld).toBe(3);
    await handle.result();
  });
});

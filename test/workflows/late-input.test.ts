/**
 * The everyday late input of a municipality, on Temporal's time-skipping server with Haarlem's
 * programme in business time (v5): a diploma recorded after a warning went out, an extension
 * recorded after the original deadline passed, and a housing date corrected after the month-22
 * meeting was planned. What already happened stays recorded and is marked superseded (its tasks
 * closed through `supersedeEffects`); what is newly due is done once. Activities are recording
 * doubles; the workflow is the real bundle.
 */
import { randomUUID } from 'node:crypto';
import { addDays, addToDate, amsterdamDateOf, subtractFromDate } from '@wegwijs/calendar';
import { correctFactsUpdate, recordMilestoneUpdate, type TrajectoryState } from '@wegwijs/workflows';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the compiled Haarlem v5 the engine's own tests use, shared on purpose; not part of the package's API
import { v5 } from '../../workflows/src/engine/generated-histories.spec-support';
import { haarlemActivityDoubles } from '../support/activity-doubles';
import { newCaseReference } from '../support/case-references';
import { timeSkippingWorker } from '../support/time-skipping-worker';
import { startCaughtUp } from '../support/start-trajectory';

const KLANTMANAGER = { role: 'klantmanager', id: 'km-0007' } as const;
const CLOCK = 'inburgeringstermijn';

const { activities, calls, events, superseded } = haarlemActivityDoubles();

const server = timeSkippingWorker('late-input', activities);

async function today(): Promise<string> {
  return amsterdamDateOf(new Date(await server.env.currentTimeMs()));
}

/** Lets workflow time pass until noon (UTC) of `date`. */
async function skipUntil(date: string): Promise<void> {
  const target = Date.parse(`${date}T12:00:00Z`);
  const now = await server.env.currentTimeMs();
  if (target > now) await server.env.sleep(target - now);
}

async function startHaarlem(facts: Record<string, string | number>, history: Array<{ milestone: string; occurredOn: string }> = []) {
  const trajectoryId = `GM0392.${newCaseReference()}`;
  const handle = await startCaughtUp(server.env.client, server.taskQueue, {
    trajectoryId,
    municipality: 'GM0392',
    caseReference: trajectoryId.slice(7),
    definition: v5,
    facts,
    startedBy: KLANTMANAGER,
    ...(history.length > 0 ? { history } : {}),
  });
  const report = (milestone: string, occurredOn: string, payload?: Record<string, string>): Promise<TrajectoryState> =>
    handle.executeUpdate(recordMilestoneUpdate, { args: [{ milestone, milestoneId: randomUUID(), occurredOn, actor: KLANTMANAGER, ...(payload ? { payload } : {}) }] });
  const callsOf = (name: string) => calls.filter((call) => call.request.trajectoryId === trajectoryId && call.name === name);
  const eventTypes = () => events.filter((event) => event.trajectoryId === trajectoryId).map((event) => event.type);
  const supersededKeys = () => superseded.filter((request) => request.trajectoryId === trajectoryId).flatMap((request) => request.activityKeys);
  return { trajectoryId, handle, report, callsOf, eventTypes, supersededKeys };
}

const clockEntries = (state: TrajectoryState, kind: 'warning' | 'deadline') =>
  state.schedule.filter((entry) => entry.clockId === CLOCK && entry.kind === kind).map((entry) => [entry.date, entry.status]);

describe('a diploma recorded after a warning was sent', () => {
  it('supersedes the warning it makes moot — kept as sent, its tasks closed — and no other warning or expiry follows', async () => {
    // The warning a year before the deadline falls due in five days.
    const permitGrantedDate = subtractFromDate(addDays(await today(), 5), 'P2Y');
    const deadline = addToDate(permitGrantedDate, 'P3Y');
    const firstWarning = subtractFromDate(deadline, 'P12M');
    const { trajectoryId, handle, report, callsOf, eventTypes, supersededKeys } = await startHaarlem({ housingDate: addDays(permitGrantedDate, 20), permitGrantedDate, age: 30 });
    await skipUntil(addDays(firstWarning, 10));
    expect(callsOf('warnInburgeringDeadline').map((call) => [call.request.input.kind, call.request.businessDate])).toEqual([['warning', firstWarning]]);

    // The exam was passed two days before the warning; the klantmanager hears of it ten days after.
    const state = await report('inburgering.diplomaObtained', addDays(firstWarning, -2));
    expect(state.clocks[0]).toMatchObject({ status: 'stopped', warningsFired: [] });
    expect(clockEntries(state, 'warning')).toEqual([
      [firstWarning, 'superseded'],
      [subtractFromDate(deadline, 'P6M'), 'cancelled'],
      [subtractFromDate(deadline, 'P3M'), 'cancelled'],
      [subtractFromDate(deadline, 'P1M'), 'cancelled'],
    ]);
    expect(state.schedule.find((entry) => entry.status === 'superseded')?.supersededBy).toMatch(/^milestone:/);
    expect(supersededKeys()).toEqual([`${trajectoryId}#clock#${CLOCK}#warning#P12M`]);
    expect(eventTypes()).toEqual(expect.arrayContaining(['clock.stopped', 'clock.warningWithdrawn', 'effect.superseded']));

    await skipUntil(addDays(deadline, 2));
    expect(callsOf('warnInburgeringDeadline')).toHaveLength(1);
    await handle.terminate('test done');
  });
});

describe('an extension recorded after the original deadline', () => {
  it('is taken when dated before it: the expiry and its escalation are superseded, no warning goes out twice, and the new deadline escalates once', async () => {
    // A term that ends in five days: its four warnings are past and go out at once, not late.
    const permitGrantedDate = subtractFromDate(addDays(await today(), 5), 'P3Y');
    const deadline = addToDate(permitGrantedDate, 'P3Y');
    const { trajectoryId, handle, report, callsOf, eventTypes, supersededKeys } = await startHaarlem({ housingDate: addDays(permitGrantedDate, 20), permitGrantedDate, age: 45 });
    await skipUntil(addDays(deadline, 10));
    const notices = () => callsOf('warnInburgeringDeadline').map((call) => [call.request.input.kind, call.request.input.before, call.request.late]);
    // The four run side by side at the start; the expiry on its day.
    expect(notices().slice(0, 4)).toEqual(
      expect.arrayContaining([
        ['warning', 'P12M', false],
        ['warning', 'P6M', false],
        ['warning', 'P3M', false],
        ['warning', 'P1M', false],
      ]),
    );
    expect(notices().slice(4)).toEqual([['deadline', null, false]]);
    expect(callsOf('warnInburgeringDeadline')[4].request.businessDate).toBe(addDays(deadline, 1));

    // Dated the day after the deadline it is refused: the clock had expired at the start of that day.
    await expect(report('inburgering.extensionGranted', addDays(deadline, 1), { extension: 'P6M' })).rejects.toMatchObject({ cause: { type: 'MilestoneNotExpected' } });

    // DUO's letter, dated three days before the deadline, reaches the klantmanager ten days after it.
    const state = await report('inburgering.extensionGranted', addDays(deadline, -3), { extension: 'P6M', legalBasis: 'Wi2021 art. 7 lid 2' });
    const extended = addToDate(deadline, 'P6M');
    expect(state.clocks[0]).toMatchObject({ status: 'running', deadline: extended });
    expect(clockEntries(state, 'deadline')).toEqual([
      [addDays(deadline, 1), 'superseded'],
      [addDays(extended, 1), 'due'],
    ]);
    expect(supersededKeys()).toEqual([`${trajectoryId}#clock#${CLOCK}#deadline`]);
    expect(eventTypes()).toEqual(expect.arrayContaining(['clock.extended', 'clock.expiryWithdrawn', 'effect.superseded']));
    expect(notices()).toHaveLength(5);

    await skipUntil(addDays(extended, 2));
    expect(notices().slice(5)).toEqual([['deadline', null, false]]);
    expect(callsOf('warnInburgeringDeadline').at(-1)?.request).toMatchObject({ businessDate: addDays(extended, 1), idempotencyKey: `${trajectoryId}#clock#${CLOCK}#deadline~2` });
    await handle.terminate('test done');
  });
});

describe('a housing date corrected after the month-22 meeting was planned', () => {
  it('plans the meeting again on the corrected date, supersedes the first, and records what moved', async () => {
    // Housed 22 months and five days ago: the month-22 meeting was planned when the case was entered.
    const housingDate = subtractFromDate(addDays(await today(), -5), 'P22M');
    const meeting = addToDate(housingDate, 'P22M');
    const { trajectoryId, handle, callsOf, eventTypes, supersededKeys } = await startHaarlem(
      { housingDate, permitGrantedDate: subtractFromDate(housingDate, 'P2M'), age: 27 },
      [{ milestone: 'coa.warmHandoverDone', occurredOn: addDays(housingDate, 12) }],
    );
    expect(callsOf('scheduleWarmHandoverMeeting').map((call) => call.request.businessDate)).toEqual([meeting]);

    // Housed ten days later than was entered: the meeting moves to five days from now, the end of guidance with it.
    const corrected = addDays(housingDate, 10);
    const state = await handle.executeUpdate(correctFactsUpdate, { args: [{ facts: { housingDate: corrected }, reason: 'datum uit TVS verkeerd overgenomen', actor: KLANTMANAGER }] });
    const movedMeeting = addToDate(corrected, 'P22M');
    expect(state.schedule.filter((entry) => entry.kind === 'handoverMeeting').map((entry) => [entry.date, entry.status])).toEqual([
      [meeting, 'superseded'],
      [movedMeeting, 'due'],
    ]);
    expect(state.schedule.filter((entry) => entry.kind === 'guidanceEnd').map((entry) => entry.date)).toEqual([addToDate(corrected, 'P24M')]);
    // Steps whose input carries the housing date are performed again as well; the meeting is among what was superseded.
    expect(supersededKeys()).toContain(`${trajectoryId}#scheduleHandoverMeeting#1`);
    const correction = events.find((event) => event.trajectoryId === trajectoryId && event.type === 'facts.corrected');
    expect(correction?.payload.moved).toEqual(
      expect.arrayContaining([
        { what: 'Overdrachtsgesprek VWN, SWT en statushouder (maand 22)', from: meeting, to: movedMeeting },
        { what: 'Einde maatschappelijke begeleiding (24 maanden)', from: addToDate(housingDate, 'P24M'), to: addToDate(corrected, 'P24M') },
      ]),
    );
    expect(eventTypes()).toContain('effect.superseded');

    await skipUntil(addDays(movedMeeting, 1));
    expect(callsOf('scheduleWarmHandoverMeeting').map((call) => [call.request.businessDate, call.request.idempotencyKey])).toEqual([
      [meeting, `${trajectoryId}#scheduleHandoverMeeting#1`],
      [movedMeeting, `${trajectoryId}#scheduleHandoverMeeting#1~2`],
    ]);
    await handle.terminate('test done');
  });
});

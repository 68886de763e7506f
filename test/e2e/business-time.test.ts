/**
 * Business time over HTTP, on Haarlem's newest programme with the real activities, the real
 * Temporal server and PostgreSQL: a case brought in with its history gets every date from its
 * business dates; input that was never valid on its own date is refused with 422 naming the field
 * and never reaches the history; and an extension dated before a deadline that has since passed
 * is taken, the escalation the expiry opened closed with its reason. Dates are worked out here
 * from today in Amsterdam, so the cases stay as old as they are meant to be.
 */
import { randomUUID } from 'node:crypto';
import { addDays, addToDate, amsterdamDateOf, startOfDayInAmsterdam, subtractFromDate } from '@wegwijs/calendar';
import { newCaseReference } from '../support/case-references';
import { KLANTMANAGER, pollUntil, request } from '../support/http';
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';

let wegwijs: WegwijsUnderTest;

beforeAll(async () => {
  wegwijs = await connectToWegwijsUnderTest();
});

afterAll(async () => {
  await wegwijs?.close();
});

const today = amsterdamDateOf(new Date());
type Row = { milestone: string; occurredOn: string; payload?: Record<string, string | boolean> };
type ScheduleEntry = { id: string; kind: string; date: string; status: string; supersededBy?: string };

function start(facts: Record<string, unknown>, history?: Row[], caseReference = newCaseReference()) {
  const body = { municipality: 'GM0392', caseReference, definitionKey: 'haarlem-statushouders', facts, ...(history ? { history } : {}) };
  return request(wegwijs.baseUrl, 'POST', '/trajectories', { body, headers: KLANTMANAGER });
}

function report(trajectoryId: string, body: Row, key: string = randomUUID()) {
  return request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, { body, headers: { ...KLANTMANAGER, 'idempotency-key': key } });
}

function view(trajectoryId: string) {
  return request(wegwijs.baseUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: KLANTMANAGER });
}

async function storedEvents(trajectoryId: string): Promise<Array<{ type: string; payload: Record<string, any>; business_time: Date }>> {
  return wegwijs.dataSource.query('SELECT type, payload, business_time FROM trajectory_events WHERE stream_id = $1 ORDER BY sequence', [trajectoryId]);
}

describe('a case brought in two years after housing, with its history', () => {
  // Housed two years and ten days ago: the 24 months of guidance ended ten days ago.
  const housingDate = subtractFromDate(today, 'P2Y10D');
  const permitGrantedDate = subtractFromDate(housingDate, 'P1M15D');
  const consentOn = addDays(housingDate, 12);
  const history: Row[] = [
    { milestone: 'coa.warmHandoverDone', occurredOn: addDays(housingDate, 3) },
    { milestone: 'basis.livingAllowanceArranged', occurredOn: addDays(housingDate, 5) },
    { milestone: 'basis.furnishingAllowanceArranged', occurredOn: addDays(housingDate, 6) },
    { milestone: 'basis.languageSchoolConsentRecorded', occurredOn: addDays(housingDate, 9), payload: { consent: true } },
    { milestone: 'basis.budgetManagementConsentRecorded', occurredOn: consentOn, payload: { consent: true } },
    { milestone: 'intake.noaAssessmentDone', occurredOn: addDays(housingDate, 31) },
    { milestone: 'introduction.programmeCompleted', occurredOn: addDays(housingDate, 40) },
    { milestone: 'intake.followUpTalkHeld', occurredOn: addDays(housingDate, 45) },
    { milestone: 'intake.planAgreed', occurredOn: addDays(housingDate, 50), payload: { route: 'werk' } },
    { milestone: 'work.aanDeSlagTrajectoryStarted', occurredOn: addDays(housingDate, 62) },
    { milestone: 'participatieverklaring.completed', occurredOn: addDays(housingDate, 81) },
    { milestone: 'mindfit.completed', occurredOn: addDays(housingDate, 111) },
    { milestone: 'finance.followUpDecided', occurredOn: addDays(housingDate, 202), payload: { followUp: 'none' } },
  ];

  it('dates what it did from the business dates, shows its schedule ahead and behind, and marks nothing late that nobody could have known', async () => {
    const started = await start({ housingDate, permitGrantedDate, age: 35 }, history);
    expect(started.status).toBe(201);
    const trajectoryId: string = started.body.trajectoryId;
    // Every row taken on its own date, and what fell due since done: the handover to the wijkteam is under way.
    const read = await pollUntil(
      () => view(trajectoryId),
      (answer) => answer.body?.state?.waitingOn?.some((wait: { nodeId: string }) => wait.nodeId === 'warmHandoverToWijkteam'),
      300,
    );
    expect(read.body.state.milestonesDone.map((done: { milestone: string; effectiveOn: string }) => [done.milestone, done.effectiveOn])).toEqual(
      expect.arrayContaining(history.map((row) => [row.milestone, row.occurredOn])),
    );
    expect(read.body.state.displacedMilestones).toEqual([]);
    expect(read.body.state.waitingOn.map((wait: { nodeId: string; since: string }) => [wait.nodeId, wait.since])).toContainEqual([
      'warmHandoverToWijkteam',
      addToDate(housingDate, 'P24M'),
    ]);

    const schedule: ScheduleEntry[] = read.body.state.schedule;
    const named = (kind: string) => schedule.filter((entry) => entry.kind === kind).map((entry) => [entry.date, entry.status]);
    expect(named('ontzorgenEnd')).toEqual([[addToDate(consentOn, 'P6M'), 'fired']]);
    expect(named('handoverMeeting')).toEqual([[addToDate(housingDate, 'P22M'), 'fired']]);
    expect(named('guidanceEnd')).toEqual([[addToDate(housingDate, 'P24M'), 'fired']]);
    expect(named('acceptBy')).toHaveLength(1);
    // The inburgering term: the warning a year ahead fell due before the case was entered and went out at once, not late.
    const deadline = addToDate(permitGrantedDate, 'P3Y');
    expect(named('warning')).toEqual([
      [subtractFromDate(deadline, 'P12M'), 'fired'],
      [subtractFromDate(deadline, 'P6M'), 'due'],
      [subtractFromDate(deadline, 'P3M'), 'due'],
      [subtractFromDate(deadline, 'P1M'), 'due'],
    ]);
    expect(read.body.state.clocks[0]).toMatchObject({ status: 'running', deadline, warningsFired: [{ before: 'P12M', on: subtractFromDate(deadline, 'P12M'), late: false }] });

    // What the activities recorded is dated by the business dates too, not by the day the case was entered.
    const events = await pollUntil(() => storedEvents(trajectoryId), (rows) => rows.some((row) => row.type === 'guidance.handoverRecorded'));
    const payloadOf = (type: string) => events.find((event) => event.type === type)?.payload;
    expect(payloadOf('financieelOntzorgen.started')).toMatchObject({ startedOn: consentOn, endsOn: addToDate(consentOn, 'P6M') });
    expect(payloadOf('guidance.handoverRecorded')).toMatchObject({ handedOverOn: addToDate(housingDate, 'P24M') });
    const recorded = events.filter((event) => event.type === 'milestone.recorded');
    expect(recorded.map((event) => [event.payload.milestone, event.business_time.getTime()])).toEqual(
      expect.arrayContaining(history.map((row) => [row.milestone, startOfDayInAmsterdam(row.occurredOn)])),
    );
  });
});

describe('input that was never valid on its own date', () => {
  const housingDate = addDays(today, -10);
  const permitGrantedDate = addDays(today, -40);

  it('is refused with 422 naming the field — a date in the future or before housing, a value outside the set, an undeclared field — and never reaches the history', async () => {
    const started = await start({ housingDate, permitGrantedDate, age: 28 });
    expect(started.status).toBe(201);
    const trajectoryId: string = started.body.trajectoryId;
    const refusals = [
      [{ milestone: 'coa.warmHandoverDone', occurredOn: addDays(today, 1) }, 'occurredOn'],
      [{ milestone: 'coa.warmHandoverDone', occurredOn: addDays(housingDate, -1) }, 'occurredOn'],
      [{ milestone: 'intake.planAgreed', occurredOn: today, payload: { route: 'vliegen' } }, 'payload.route'],
      [{ milestone: 'basis.languageSchoolConsentRecorded', occurredOn: today, payload: { consent: true, bsn: '999990019' } }, 'payload.bsn'],
    ] as const;
    for (const [body, field] of refusals) {
      const answer = await report(trajectoryId, body);
      expect([body, answer.status, answer.contentType, answer.body.type, answer.body.errors?.map((error: { field: string }) => error.field)]).toEqual([
        body,
        422,
        expect.stringContaining('application/problem+json'),
        '/problems/validation-failed',
        [field],
      ]);
    }
    const events = await storedEvents(trajectoryId);
    expect(events.filter((event) => event.type === 'milestone.recorded')).toEqual([]);
    expect(JSON.stringify(events)).not.toContain('999990019');
    expect(JSON.stringify(events)).not.toContain('vliegen');
  });

  it('answers a reused Idempotency-Key with another body 422 idempotency-key-reused, and the same body again with the one report', async () => {
    const trajectoryId: string = (await start({ housingDate, permitGrantedDate, age: 28 })).body.trajectoryId;
    const key = randomUUID();
    const first = await report(trajectoryId, { milestone: 'coa.warmHandoverDone', occurredOn: addDays(housingDate, 1) }, key);
    expect(first.status).toBe(200);
    const other = await report(trajectoryId, { milestone: 'coa.warmHandoverDone', occurredOn: addDays(housingDate, 2) }, key);
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ type: '/problems/idempotency-key-reused', status: 422 });
    const again = await report(trajectoryId, { milestone: 'coa.warmHandoverDone', occurredOn: addDays(housingDate, 1) }, key);
    expect(again.status).toBe(200);
    expect(again.body.milestonesDone.filter((done: { milestone: string }) => done.milestone === 'coa.warmHandoverDone')).toEqual([
      expect.objectContaining({ occurredOn: addDays(housingDate, 1) }),
    ]);
  });

  it.each([
    ['housing in the future', { housingDate: addDays(today, 30), permitGrantedDate, age: 30 }, ['facts.housingDate']],
    ['housing before the residence permit', { housingDate: addDays(permitGrantedDate, -1), permitGrantedDate, age: 30 }, ['facts.housingDate', 'facts.permitGrantedDate']],
    ['an age no person has', { housingDate, permitGrantedDate, age: 130 }, ['facts.age']],
  ])('refuses a start with %s by the definition’s fact rules, and starts nothing', async (_case, facts, fields) => {
    const caseReference = newCaseReference();
    const answer = await start(facts, undefined, caseReference);
    expect(answer.status).toBe(422);
    expect(answer.body.errors.map((error: { field: string }) => error.field)).toEqual(fields);
    expect((await view(`GM0392.${caseReference}`)).status).toBe(404);
  });
});

describe('an extension dated before a deadline that has passed since', () => {
  // The residence permit came three years and two months ago: the term ended two months ago, unextended as far as Wegwijs knew.
  const permitGrantedDate = subtractFromDate(today, 'P3Y2M');
  const housingDate = subtractFromDate(today, 'P4M');
  const deadline = addToDate(permitGrantedDate, 'P3Y');

  function extend(trajectoryId: string, occurredOn: string) {
    return request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/clocks/inburgeringstermijn/extend`, {
      body: { duration: 'P6M', legalBasis: 'Wi2021 art. 7 lid 2, besluit DUO', occurredOn },
      headers: { ...KLANTMANAGER, 'idempotency-key': randomUUID() },
    });
  }

  async function escalations(trajectoryId: string): Promise<Array<{ status: string; outcome: Record<string, string> | null }>> {
    return wegwijs.dataSource.query("SELECT status, outcome FROM person_tasks WHERE trajectory_id = $1 AND kind = 'inburgering.deadlinePassed'", [trajectoryId]);
  }

  it('is taken: the expiry is superseded, its escalation task closed with the reason, and no warning goes out twice', async () => {
    const started = await start({ housingDate, permitGrantedDate, age: 41 });
    expect(started.status).toBe(201);
    const trajectoryId: string = started.body.trajectoryId;
    expect(started.body.state.clocks[0]).toMatchObject({ status: 'expired', deadline });
    expect(await pollUntil(() => escalations(trajectoryId), (tasks) => tasks.length === 1)).toEqual([{ status: 'open', outcome: null }]);
    const warningsSent = async () => (await storedEvents(trajectoryId)).filter((event) => event.type === 'inburgering.warningSent').length;
    expect(await pollUntil(warningsSent, (count) => count === 4)).toBe(4);

    // Dated the day after the deadline, the clock had expired at the start of that day.
    const tooLate = await extend(trajectoryId, addDays(deadline, 1));
    expect(tooLate.status).toBe(409);
    expect(tooLate.body).toMatchObject({ type: '/problems/clock-change-not-possible', clockStatus: 'expired' });

    const extended = await extend(trajectoryId, addDays(deadline, -14));
    expect(extended.status).toBe(200);
    const newDeadline = addToDate(deadline, 'P6M');
    expect(extended.body.clocks[0]).toMatchObject({ status: 'running', deadline: newDeadline });
    const deadlines = (extended.body.schedule as ScheduleEntry[]).filter((entry) => entry.kind === 'deadline');
    expect(deadlines.map((entry) => [entry.date, entry.status])).toEqual([
      [addDays(deadline, 1), 'superseded'],
      [addDays(newDeadline, 1), 'due'],
    ]);
    expect(deadlines[0].supersededBy).toMatch(/^milestone:clock:inburgeringstermijn:extend:/);

    const [task] = await pollUntil(() => escalations(trajectoryId), (tasks) => tasks[0]?.status === 'completed');
    expect(task).toEqual({ status: 'completed', outcome: { closedBecause: expect.stringMatching(/^no longer needed after milestone:clock:inburgeringstermijn:extend:/) } });
    const types = (await storedEvents(trajectoryId)).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['clock.extended', 'clock.expiryWithdrawn', 'effect.superseded']));
    // Every warning offset had fallen due before the extension's date: none is sent again.
    expect(await warningsSent()).toBe(4);
  });
});

/**
 * The Haarlem trajectory on Temporal's time-skipping test server: years pass in seconds, and the
 * exact dates of warnings, handovers and ends are asserted. Activities are typed doubles that
 * record what they were asked and when (in workflow time); the workflow is the real bundle.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileDefinitionSource, type CompiledDefinition } from '@wegwijs/definitions';
import {
  cancelTrajectoryUpdate,
  correctFactsUpdate,
  getTrajectoryStateQuery,
  migrateDefinitionUpdate,
  MILESTONE_CAPABILITIES,
  planMigrationQuery,
  recordMilestoneUpdate,
  trajectoryWorkflow,
  type TrajectoryState,
} from '@wegwijs/workflows';
import { recordingActivityDoubles } from '../support/activity-doubles';
import { newCaseReference } from '../support/case-references';
import { keepHistory } from '../support/histories';
import { timeSkippingWorker } from '../support/time-skipping-worker';

/** Every activity the Haarlem definition names; the test worker has exactly these. */
const HAARLEM_ACTIVITIES = [
  'recordTrajectoryEvent',
  'fetchTvsProfile',
  'requestTvsProfileFromCoa',
  'notifyKlantmanager',
  'inviteToNoaAssessment',
  'startFinancieelOntzorgen',
  'stopFinancieelOntzorgen',
  'assignBudgetCoach',
  'startDebtHelp',
  'referToAdviesteamOnderwijs',
  'registerWithAanDeSlag',
  'startTrajectKlantmanager',
  'registerForIntroductionProgramme',
  'registerForParticipatieverklaringstraject',
  'registerForMindfit',
  'startMaatschappelijkeBegeleiding',
  'requestWarmHandoverToWijkteam',
  'warnInburgeringDeadline',
  // Version 2 adds these.
  'openBasisOpOrdeTasks',
  'rescheduleNoaAssessmentAfterNoShow',
  'inviteVluchtelingenwerkToFollowUpTalk',
  'scheduleWarmHandoverMeeting',
  'escalateUnacceptedWarmHandover',
  // Version 4 adds its cancellation path.
  'handOverToNewMunicipality',
] as const;

/** The wijkteam has until this many days after the handover request to accept it (the double's answer). */
const ACCEPT_WITHIN_DAYS = 14;

const { activities: activityDoubles, calls, events } = recordingActivityDoubles(HAARLEM_ACTIVITIES, ({ name, scheduledAt }) => {
  if (name === 'fetchTvsProfile') return { complete: true };
  if (name === 'requestWarmHandoverToWijkteam') {
    return { acceptBy: new Date(Date.parse(scheduledAt) + ACCEPT_WITHIN_DAYS * 86_400_000).toISOString().slice(0, 10) };
  }
  return {};
});

function compileHaarlem(version: 1 | 2 | 3 | 4 | 5): CompiledDefinition {
  return compileDefinitionSource(readFileSync(join(__dirname, `../../definitions/haarlem-statushouders/v${version}.yaml`), 'utf8'), {
    activities: Object.fromEntries(HAARLEM_ACTIVITIES.map((name) => [name, { description: 'test double' }])),
    milestones: MILESTONE_CAPABILITIES,
  });
}

const haarlem = compileHaarlem(1);
const haarlemV2 = compileHaarlem(2);
const haarlemV3 = compileHaarlem(3);
const haarlemV4 = compileHaarlem(4);
const haarlemV5 = compileHaarlem(5);

const server = timeSkippingWorker('haarlem', activityDoubles);

// --- dates ------------------------------------------------------------------------------------

const DAY = 86_400_000;

/** YYYY-MM-DD of the first `month`-`day` on or after `from` that is at least `lead` days away. */
function nextDate(month: number, day: number, fromMs: number, leadDays: number, accept: (year: number) => boolean = () => true): string {
  const earliest = new Date(fromMs + leadDays * DAY);
  for (let year = earliest.getUTCFullYear(); ; year++) {
    const candidate = Date.UTC(year, month - 1, day);
    if (candidate >= earliest.getTime() && accept(year) && new Date(candidate).getUTCDate() === day) {
      return new Date(candidate).toISOString().slice(0, 10);
    }
  }
}

function plusDays(date: string, days: number): string {
  return new Date(Date.parse(date) + days * DAY).toISOString().slice(0, 10);
}

function plusYears(date: string, years: number, day = date.slice(8)): string {
  return `${Number(date.slice(0, 4)) + years}${date.slice(4, 8)}${day}`;
}

function withMonth(date: string, years: number, month: number, day: number): string {
  return `${Number(date.slice(0, 4)) + years}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Midnight in Amsterdam as a UTC instant, to the minute; `offsetHours` is 1 in winter (CET) and 2
 * in summer (CEST). Compared to the minute because the test server lets a few real milliseconds
 * pass between a timer firing and what it triggers.
 */
function amsterdamMidnight(date: string, offsetHours: 1 | 2): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - offsetHours * 3_600_000).toISOString().slice(0, 16);
}

function toMinute(instant: string): string {
  return instant.slice(0, 16);
}

// --- driving the workflow ---------------------------------------------------------------------

const KLANTMANAGER = { role: 'klantmanager' as const, id: 'km-0007' };

async function startHaarlem(
  facts: Record<string, string | number>,
  definition: CompiledDefinition = haarlem,
  continueAsNewAfterEvents?: number,
  history?: ReadonlyArray<{ milestone: string; occurredOn: string }>,
) {
  const trajectoryId = `GM0392.${newCaseReference()}`;
  const handle = await server.env.client.workflow.start(trajectoryWorkflow, {
    workflowId: trajectoryId,
    taskQueue: server.taskQueue,
    args: [{ trajectoryId, municipality: 'GM0392', caseReference: trajectoryId.slice(7), definition, facts, startedBy: KLANTMANAGER, continueAsNewAfterEvents, ...(history ? { history } : {}) }],
  });
  /** Reports a milestone once the trajectory waits for it (a report that comes too early is refused). */
  const report = async (milestone: string, payload?: Record<string, string | number | boolean>, actor = KLANTMANAGER): Promise<TrajectoryState> => {
    await waitUntilWaitingOn(handle, milestone);
    return handle.executeUpdate(recordMilestoneUpdate, { args: [{ milestone, milestoneId: randomUUID(), actor, payload }] });
  };
  return { trajectoryId, handle, report };
}

async function waitUntilWaitingOn(handle: { query: (query: typeof getTrajectoryStateQuery) => Promise<TrajectoryState> }, milestone: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const state = await handle.query(getTrajectoryStateQuery);
    if (state.waitingOn.some((wait) => wait.milestone === milestone) || state.clocks.some((clock) => clock.status === 'running' && milestone.startsWith('inburgering.'))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`The trajectory never waited for ${milestone}`);
}

function eventsOf(trajectoryId: string, type: string) {
  return events.filter((event) => event.trajectoryId === trajectoryId && event.type === type);
}

function callsOf(trajectoryId: string, name: string) {
  return calls.filter((call) => call.request.trajectoryId === trajectoryId && call.name === name);
}

async function skipUntil(date: string): Promise<void> {
  const target = Date.parse(`${date}T12:00:00Z`);
  const now = await server.env.currentTimeMs();
  if (target > now) await server.env.sleep(target - now);
}

describe('the Haarlem trajectory through the work route', () => {
  it('runs 24 months of guidance and a 3-year inburgering term to the exact day, through an extension', async () => {
    const now = await server.env.currentTimeMs();
    // Housed on 31 August; residence permit granted on a 29 February — month ends and leap days.
    const housingDate = nextDate(8, 31, now, 30);
    const permitGrantedDate = nextDate(2, 29, Date.parse(housingDate), 1, (year) => year % 4 === 0);
    const { trajectoryId, handle, report } = await startHaarlem({ housingDate, permitGrantedDate, age: 35 });

    let state = await report('coa.warmHandoverDone');
    expect(state.waitingOn.map((wait) => wait.milestone).sort()).toEqual([
      'basis.budgetManagementConsentRecorded',
      'basis.furnishingAllowanceArranged',
      'basis.languageSchoolConsentRecorded',
      'basis.livingAllowanceArranged',
      // The introduction programme runs beside basis op orde.
      'introduction.programmeCompleted',
    ]);
    expect(state.clocks).toEqual([
      expect.objectContaining({ clockId: 'inburgeringstermijn', status: 'running', startDate: permitGrantedDate, deadline: withMonth(permitGrantedDate, 3, 2, 28) }),
    ]);

    await report('basis.livingAllowanceArranged');
    await report('basis.furnishingAllowanceArranged');
    await report('basis.languageSchoolConsentRecorded', { consent: true });
    state = await report('basis.budgetManagementConsentRecorded', { consent: true });
    expect(state.facts).toMatchObject({ budgetManagementConsent: true, languageSchoolConsent: true });
    expect(callsOf(trajectoryId, 'startFinancieelOntzorgen')).toHaveLength(1);

    await report('intake.noaAssessmentDone');
    await report('intake.followUpTalkHeld', undefined, { role: 'vluchtelingenwerk' as never, id: 'vwn-12' });
    state = await report('intake.planAgreed', { route: 'werk' });
    expect(callsOf(trajectoryId, 'registerWithAanDeSlag')).toHaveLength(1);
    expect(state.waitingOn.map((wait) => wait.milestone)).toEqual(expect.arrayContaining(['work.aanDeSlagTrajectoryStarted', 'work.terugmelding']));
    state = await report('work.aanDeSlagTrajectoryStarted');
    // The event-based gateway withdrew the other branch.
    expect(state.waitingOn.map((wait) => wait.milestone)).not.toContain('work.terugmelding');

    await report('introduction.programmeCompleted');
    await report('participatieverklaring.completed');
    await report('mindfit.completed');

    // Six months of financieel ontzorgen, counted from the day it started.
    await server.env.sleep(200 * DAY);
    expect(callsOf(trajectoryId, 'stopFinancieelOntzorgen')).toHaveLength(1);
    await report('finance.followUpDecided', { followUp: 'none' });

    // 24 months after housing on 31 August: the warm handover is asked for on 31 August, two years on.
    await skipUntil(plusYears(housingDate, 2));
    const handovers = callsOf(trajectoryId, 'requestWarmHandoverToWijkteam');
    expect(handovers.map((call) => toMinute(call.scheduledAt))).toEqual([amsterdamMidnight(plusYears(housingDate, 2), 2)]);
    await report('guidance.warmHandoverToWijkteamDone', undefined, { role: 'vluchtelingenwerk' as never, id: 'vwn-12' });
    expect(eventsOf(trajectoryId, 'milestone.recorded').map((event) => event.payload.milestone)).toContain('guidance.warmHandoverToWijkteamDone');
    expect(callsOf(trajectoryId, 'recordTrajectoryEvent').map((call) => call.request.input.eventType)).toEqual(['programme.started', 'programme.completed']);

    // The term started on 29 February ends on 28 February three years later; the first warning is a year before.
    const deadline = withMonth(permitGrantedDate, 3, 2, 28);
    await skipUntil(withMonth(permitGrantedDate, 2, 3, 1));
    expect(eventsOf(trajectoryId, 'clock.warning').map((event) => [event.payload.offset, toMinute(event.businessTime), event.payload.late])).toEqual([
      ['P12M', amsterdamMidnight(withMonth(permitGrantedDate, 2, 2, 28), 1), false],
    ]);

    // DUO grants six months more: the remaining warnings move with the deadline; the first is not repeated.
    state = await report('inburgering.extensionGranted', { extension: 'P6M' });
    const extended = withMonth(permitGrantedDate, 3, 8, 28);
    expect(state.clocks[0]).toMatchObject({ deadline: extended, nextWarning: { before: 'P6M', on: withMonth(permitGrantedDate, 3, 2, 28) } });
    expect(eventsOf(trajectoryId, 'clock.extended')).toEqual([
      expect.objectContaining({ payload: expect.objectContaining({ from: deadline, deadline: extended, milestone: 'inburgering.extensionGranted' }) }),
    ]);

    // No diploma, no exemption: every remaining warning, then the deadline escalates, and the trajectory ends.
    const result = await handle.result();
    expect(eventsOf(trajectoryId, 'clock.warning').map((event) => [event.payload.offset, toMinute(event.businessTime)])).toEqual([
      ['P12M', amsterdamMidnight(withMonth(permitGrantedDate, 2, 2, 28), 1)],
      ['P6M', amsterdamMidnight(withMonth(permitGrantedDate, 3, 2, 28), 1)],
      ['P3M', amsterdamMidnight(withMonth(permitGrantedDate, 3, 5, 28), 2)],
      ['P1M', amsterdamMidnight(withMonth(permitGrantedDate, 3, 7, 28), 2)],
    ]);
    expect(eventsOf(trajectoryId, 'clock.expired').map((event) => toMinute(event.businessTime))).toEqual([
      amsterdamMidnight(withMonth(permitGrantedDate, 3, 8, 29), 2),
    ]);
    expect(callsOf(trajectoryId, 'warnInburgeringDeadline').map((call) => call.request.input.kind)).toEqual([
      'warning',
      'warning',
      'warning',
      'warning',
      'deadline',
    ]);
    expect(result.status).toBe('completed');
    expect(result.clocks[0]).toMatchObject({ status: 'expired', deadline: extended });
    expect(eventsOf(trajectoryId, 'trajectory.completed')).toHaveLength(1);

    const history = await handle.fetchHistory();
    expect(history.events?.length).toBeLessThan(2000);
    await keepHistory(handle, 'business-time--local-events--one-upsert--haarlem-work-route-extension-expired');
    process.stderr.write(`[haarlem work route] ${history.events?.length} history events over ${Math.round((Date.parse(result.endedAt ?? '') - Date.parse(result.startedAt)) / DAY)} days\n`);
  });
});

describe('a person housed late in their inburgering term', () => {
  it('gets the warnings that had already passed once, at once — not late, as nobody could have known — and can be cancelled', async () => {
    const now = await server.env.currentTimeMs();
    const today = new Date(now).toISOString().slice(0, 10);
    // The term ends in about four months: the 12- and 6-month warnings are already past.
    const permitGrantedDate = new Date(now - (3 * 365 - 120) * DAY).toISOString().slice(0, 10);
    const housingDate = today;
    const { trajectoryId, handle } = await startHaarlem({ housingDate, permitGrantedDate, age: 24 });

    await server.env.sleep(2 * DAY);
    const warnings = eventsOf(trajectoryId, 'clock.warning');
    // Both fell due before the trajectory existed in Wegwijs: they go out at once, and are not late.
    expect(warnings.map((event) => [event.payload.offset, event.payload.late])).toEqual([
      ['P12M', false],
      ['P6M', false],
    ]);
    await server.env.sleep(10 * DAY);
    expect(eventsOf(trajectoryId, 'clock.warning')).toHaveLength(2);

    const state = await handle.executeUpdate(cancelTrajectoryUpdate, { args: [{ reason: 'verhuisd naar andere gemeente', actor: KLANTMANAGER }] });
    expect(state.status).toBe('cancelled');
    expect(state.cancellation?.reason).toBe('verhuisd naar andere gemeente');
    const result = await handle.result();
    expect(result.status).toBe('cancelled');
    expect(eventsOf(trajectoryId, 'trajectory.cancelled')).toHaveLength(1);
    expect((await handle.query(getTrajectoryStateQuery)).waitingOn).toEqual([]);
    await keepHistory(handle, 'business-time--local-events--one-upsert--haarlem-late-warnings-cancelled');
  });
});

/** The steps every route shares, with no consent to budget management (no financieel ontzorgen). */
async function throughIntake(report: Awaited<ReturnType<typeof startHaarlem>>['report']): Promise<void> {
  await report('coa.warmHandoverDone');
  await report('basis.livingAllowanceArranged');
  await report('basis.furnishingAllowanceArranged');
  await report('basis.languageSchoolConsentRecorded', { consent: true });
  await report('basis.budgetManagementConsentRecorded', { consent: false });
  await report('introduction.programmeCompleted');
  await report('participatieverklaring.completed');
  await report('mindfit.completed');
  await report('intake.noaAssessmentDone');
  await report('intake.followUpTalkHeld');
}

describe('the other routes', () => {
  it('goes back to the client manager after a terugmelding, then into education via UAF, and ends on the diploma', async () => {
    const now = await server.env.currentTimeMs();
    const housingDate = new Date(now + 7 * DAY).toISOString().slice(0, 10);
    const permitGrantedDate = new Date(now - 60 * DAY).toISOString().slice(0, 10);
    const { trajectoryId, handle, report } = await startHaarlem({ housingDate, permitGrantedDate, age: 26 });
    await throughIntake(report);
    expect(callsOf(trajectoryId, 'startFinancieelOntzorgen')).toEqual([]);

    await report('intake.planAgreed', { route: 'werk' });
    let state = await report('work.terugmelding');
    expect(state.waitingOn.map((wait) => wait.milestone)).toContain('intake.planRevised');
    await report('intake.planRevised', { route: 'onderwijs' });
    expect(callsOf(trajectoryId, 'referToAdviesteamOnderwijs')).toHaveLength(1);
    state = await report('education.adviceGiven', { advice: 'uaf' });
    expect(state.waitingOn.map((wait) => wait.milestone)).toContain('education.uafStudyStarted');
    expect(state.waitingOn.map((wait) => wait.milestone)).not.toContain('education.bridgingProgrammeStarted');
    state = await report('education.uafStudyStarted');
    expect(state.facts).toMatchObject({ route: 'onderwijs', educationAdvice: 'uaf' });

    // The diploma stops the inburgering clock: no more warnings, ever.
    state = await report('inburgering.diplomaObtained');
    expect(state.clocks[0]).toMatchObject({ status: 'stopped', nextWarning: null });
    expect(eventsOf(trajectoryId, 'clock.stopped')).toHaveLength(1);

    await skipUntil(plusYears(housingDate, 2));
    await report('guidance.warmHandoverToWijkteamDone', undefined, { role: 'wijkteam' as never, id: 'swt-3' });
    const result = await handle.result();
    expect(result.status).toBe('completed');
    expect(eventsOf(trajectoryId, 'clock.warning')).toEqual([]);
    expect(callsOf(trajectoryId, 'registerWithAanDeSlag')).toHaveLength(1);
    await keepHistory(handle, 'business-time--local-events--one-upsert--haarlem-terugmelding-education-uaf-diploma');
  });

  it('keeps a person not yet ready for work or education with the client manager until 24 months after housing', async () => {
    const now = await server.env.currentTimeMs();
    const housingDate = new Date(now + 3 * DAY).toISOString().slice(0, 10);
    const permitGrantedDate = new Date(now - 30 * DAY).toISOString().slice(0, 10);
    const { trajectoryId, handle, report } = await startHaarlem({ housingDate, permitGrantedDate, age: 52 });
    await throughIntake(report);
    // Education is for under-30s only: at 52 the default flow leads to traject klantmanager.
    const state = await report('intake.planAgreed', { route: 'onderwijs' });
    expect(callsOf(trajectoryId, 'startTrajectKlantmanager')).toHaveLength(1);
    expect(callsOf(trajectoryId, 'referToAdviesteamOnderwijs')).toEqual([]);
    expect(state.waitingOn.map((wait) => wait.milestone)).toContain('intake.planRevised');

    await report('inburgering.exemptionGranted');
    await skipUntil(plusYears(housingDate, 2));
    await report('guidance.warmHandoverToWijkteamDone', undefined, { role: 'vluchtelingenwerk' as never, id: 'vwn-12' });
    const result = await handle.result();
    expect(result.status).toBe('completed');
    // The klantmanager route closed on its own 24-month timer; the programme ended after it.
    const programmeEvents = callsOf(trajectoryId, 'recordTrajectoryEvent');
    expect(programmeEvents.map((call) => call.request.input.eventType)).toEqual(['programme.started', 'programme.completed']);
    expect(toMinute(programmeEvents[1].scheduledAt) >= amsterdamMidnight(plusYears(housingDate, 2), 1).slice(0, 10)).toBe(true);
    expect(eventsOf(trajectoryId, 'clock.stopped').map((event) => event.payload.milestone)).toEqual(['inburgering.exemptionGranted']);
    await keepHistory(handle, 'business-time--local-events--one-upsert--haarlem-klantmanager-route-exemption');
  });
});

describe('corrections and norms', () => {
  it('marks a wait stuck past its norm, and moves the 24-month handover when the housing date is corrected', async () => {
    const now = await server.env.currentTimeMs();
    const housingDate = new Date(now + 10 * DAY).toISOString().slice(0, 10);
    const permitGrantedDate = new Date(now - 30 * DAY).toISOString().slice(0, 10);
    const { trajectoryId, handle, report } = await startHaarlem({ housingDate, permitGrantedDate, age: 40 });
    await report('coa.warmHandoverDone');
    await report('basis.livingAllowanceArranged');
    await report('basis.furnishingAllowanceArranged');
    await report('basis.languageSchoolConsentRecorded', { consent: false });
    let state = await report('basis.budgetManagementConsentRecorded', { consent: false });
    const noa = state.waitingOn.find((wait) => wait.milestone === 'intake.noaAssessmentDone');
    // The NOA assessment is due within 6 weeks of housing: 42 days after the housing date.
    expect(noa).toMatchObject({ normDeadline: new Date(Date.parse(housingDate) + 42 * DAY).toISOString().slice(0, 10), overdue: false });

    await skipUntil(new Date(Date.parse(housingDate) + 44 * DAY).toISOString().slice(0, 10));
    state = await handle.query(getTrajectoryStateQuery);
    expect(state.waitingOn.find((wait) => wait.milestone === 'intake.noaAssessmentDone')).toMatchObject({
      overdue: true,
      stuckReason: `waiting for intake.noaAssessmentDone past its norm (NOA assessment within 6 weeks of housing), due ${new Date(Date.parse(housingDate) + 42 * DAY).toISOString().slice(0, 10)}`,
    });

    // The housing date was recorded two weeks too early.
    const correctedHousingDate = new Date(Date.parse(housingDate) + 14 * DAY).toISOString().slice(0, 10);
    state = await handle.executeUpdate(correctFactsUpdate, {
      args: [{ facts: { housingDate: correctedHousingDate }, reason: 'verkeerde datum overgenomen uit TVS', actor: KLANTMANAGER }],
    });
    expect(state.facts.housingDate).toBe(correctedHousingDate);
    expect(eventsOf(trajectoryId, 'facts.corrected').map((event) => event.payload)).toEqual([
      {
        changes: { housingDate: { from: housingDate, to: correctedHousingDate } },
        reason: 'verkeerde datum overgenomen uit TVS',
        // The correction says which dated moments it moved: the norm and both 24-month dates.
        moved: expect.arrayContaining([
          { what: 'NOA assessment within 6 weeks of housing', from: plusDays(housingDate, 42), to: plusDays(correctedHousingDate, 42) },
          { what: '24 maanden na huisvesting', from: plusYears(housingDate, 2), to: plusYears(correctedHousingDate, 2) },
        ]),
      },
    ]);

    await skipUntil(new Date(Date.parse(plusYears(housingDate, 2)) + DAY).toISOString().slice(0, 10));
    expect(callsOf(trajectoryId, 'requestWarmHandoverToWijkteam')).toEqual([]);
    await skipUntil(new Date(Date.parse(plusYears(correctedHousingDate, 2)) + DAY).toISOString().slice(0, 10));
    expect(callsOf(trajectoryId, 'requestWarmHandoverToWijkteam').map((call) => call.scheduledAt.slice(0, 10))).toEqual([
      new Date(Date.parse(plusYears(correctedHousingDate, 2)) - DAY).toISOString().slice(0, 10),
    ]);

    await expect(
      handle.executeUpdate(correctFactsUpdate, { args: [{ facts: { shoeSize: 44 } as never, reason: 'test', actor: KLANTMANAGER }] }),
    ).rejects.toMatchObject({ cause: { type: 'UnknownFact' } });
    await handle.executeUpdate(cancelTrajectoryUpdate, { args: [{ reason: 'einde test', actor: KLANTMANAGER }] });
    expect((await handle.result()).status).toBe('cancelled');
  });
});

describe('version 2 of the Haarlem trajectory', () => {
  it('books the NOA again after each no-show, plans the handover at month 22, and escalates an unaccepted handover', async () => {
    const now = await server.env.currentTimeMs();
    const housingDate = nextDate(8, 31, now, 30);
    const permitGrantedDate = new Date(now - 30 * DAY).toISOString().slice(0, 10);
    const { trajectoryId, handle, report } = await startHaarlem({ housingDate, permitGrantedDate, age: 33 }, haarlemV2);
    await report('coa.warmHandoverDone');
    expect(callsOf(trajectoryId, 'openBasisOpOrdeTasks')).toHaveLength(1);
    await report('basis.livingAllowanceArranged');
    await report('basis.furnishingAllowanceArranged');
    await report('basis.languageSchoolConsentRecorded', { consent: true });
    await report('basis.budgetManagementConsentRecorded', { consent: true });
    expect(callsOf(trajectoryId, 'startFinancieelOntzorgen').map((call) => call.request.input)).toEqual([{ budgetManagementConsent: true }]);

    await report('intake.noaNoShow');
    const state = await report('intake.noaNoShow');
    expect(callsOf(trajectoryId, 'rescheduleNoaAssessmentAfterNoShow')).toHaveLength(2);
    expect(state.waitingOn.map((wait) => wait.milestone)).toContain('intake.noaAssessmentDone');
    await report('intake.noaAssessmentDone');
    expect(callsOf(trajectoryId, 'inviteVluchtelingenwerkToFollowUpTalk')).toHaveLength(1);

    // Month 22: 30 June after a 31 August housing (June has 30 days); month 24: 31 August.
    await skipUntil(`${Number(housingDate.slice(0, 4)) + 2}-07-01`);
    expect(callsOf(trajectoryId, 'scheduleWarmHandoverMeeting').map((call) => toMinute(call.scheduledAt))).toEqual([
      amsterdamMidnight(`${Number(housingDate.slice(0, 4)) + 2}-06-30`, 2),
    ]);
    const acceptBy = new Date(Date.parse(plusYears(housingDate, 2)) + (ACCEPT_WITHIN_DAYS - 1) * DAY).toISOString().slice(0, 10);
    await skipUntil(new Date(Date.parse(acceptBy) + 2 * DAY).toISOString().slice(0, 10));
    expect(callsOf(trajectoryId, 'requestWarmHandoverToWijkteam')).toHaveLength(1);
    // Not accepted by the last day: the supervisor hears of it the day after.
    expect(callsOf(trajectoryId, 'escalateUnacceptedWarmHandover').map((call) => call.scheduledAt.slice(0, 10))).toEqual([acceptBy]);
    expect((await handle.query(getTrajectoryStateQuery)).waitingOn.map((wait) => wait.milestone)).toContain('guidance.warmHandoverToWijkteamDone');
    await handle.executeUpdate(cancelTrajectoryUpdate, { args: [{ reason: 'einde test', actor: KLANTMANAGER }] });
  });
});

describe('a long history', () => {
  it('continues as new in a fresh history and goes on exactly where it was', async () => {
    const now = await server.env.currentTimeMs();
    const housingDate = nextDate(8, 31, now, 30);
    const permitGrantedDate = nextDate(2, 29, Date.parse(housingDate), 1, (year) => year % 4 === 0);
    // A threshold this low makes the trajectory continue as new several times on the way.
    const { trajectoryId, handle, report } = await startHaarlem({ housingDate, permitGrantedDate, age: 26 }, haarlem, 60);
    const firstRunId = (await handle.describe()).runId;
    await throughIntake(report);
    await report('intake.planAgreed', { route: 'onderwijs' });
    await report('education.adviceGiven', { advice: 'voorschakeltraject' });
    await report('education.bridgingProgrammeStarted');
    await skipUntil(withMonth(permitGrantedDate, 2, 3, 1));
    const state = await report('inburgering.diplomaObtained');
    expect(state.milestonesDone.map((done) => done.milestone)).toContain('coa.warmHandoverDone');
    expect(state.clocks[0].warningsFired.map((warning) => warning.before)).toEqual(['P12M']);
    await skipUntil(plusYears(housingDate, 2));
    await report('guidance.warmHandoverToWijkteamDone', undefined, { role: 'vluchtelingenwerk' as never, id: 'vwn-12' });
    const result = await handle.result();

    expect((await handle.describe()).runId).not.toBe(firstRunId);
    const firstRun = await server.env.client.workflow.getHandle(trajectoryId, firstRunId).fetchHistory();
    expect(firstRun.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    expect(result.status).toBe('completed');
    // The trajectory keeps the start of its first run (to the second: workflow time is the first task's).
    expect(result.startedAt.slice(0, 19)).toBe((await server.env.client.workflow.getHandle(trajectoryId, firstRunId).describe()).startTime.toISOString().slice(0, 19));
    // Every step happened once, across runs.
    expect(callsOf(trajectoryId, 'requestWarmHandoverToWijkteam').map((call) => toMinute(call.scheduledAt))).toEqual([amsterdamMidnight(plusYears(housingDate, 2), 2)]);
    expect(eventsOf(trajectoryId, 'clock.warning').map((event) => event.payload.offset)).toEqual(['P12M']);
    expect(eventsOf(trajectoryId, 'trajectory.started')).toHaveLength(1);
    expect(eventsOf(trajectoryId, 'trajectory.completed')).toHaveLength(1);
    expect(new Set(result.milestonesDone.map((done) => done.milestone)).size).toBe(result.milestonesDone.length);
  });
});

describe('moving running trajectories to a new version', () => {
  it('reports per trajectory what would move, refuses what cannot, and then runs on the new version', async () => {
    const now = await server.env.currentTimeMs();
    const housingDate = new Date(now + 5 * DAY).toISOString().slice(0, 10);
    const permitGrantedDate = new Date(now - 30 * DAY).toISOString().slice(0, 10);
    const { trajectoryId, handle, report } = await startHaarlem({ housingDate, permitGrantedDate, age: 29 });
    await report('coa.warmHandoverDone');
    await report('basis.livingAllowanceArranged');
    await report('basis.furnishingAllowanceArranged');
    await report('basis.languageSchoolConsentRecorded', { consent: true });
    await report('basis.budgetManagementConsentRecorded', { consent: false });

    // Dry run against v2: every waiting step exists there, and no date moves.
    const plan = await handle.query(planMigrationQuery, haarlemV2);
    expect(plan).toMatchObject({ from: { version: 1 }, to: { version: 2 }, movable: true, blockers: [], shifts: [] });

    // A version without the NOA wait and with a 4-year term cannot take this trajectory, and says why and what would shift.
    const { noaAssessment: _removed, ...otherNodes } = haarlemV2.nodes;
    const v3 = { ...haarlemV2, version: 3, nodes: otherNodes, legalClocks: haarlemV2.legalClocks.map((clock) => ({ ...clock, term: 'P4Y' })) };
    const blocked = await handle.query(planMigrationQuery, v3 as CompiledDefinition);
    expect(blocked.movable).toBe(false);
    expect(blocked.blockers).toEqual([{ nodeId: 'noaAssessment', reason: 'does not exist in version 3' }]);
    expect(blocked.shifts).toEqual(
      expect.arrayContaining([{ what: 'deadline of inburgeringstermijn', from: plusYears(permitGrantedDate, 3), to: plusYears(permitGrantedDate, 4) }]),
    );
    await expect(handle.executeUpdate(migrateDefinitionUpdate, { args: [v3 as CompiledDefinition] })).rejects.toMatchObject({
      cause: { type: 'MigrationNotPossible' },
    });

    const accepted = await handle.executeUpdate(migrateDefinitionUpdate, { args: [haarlemV2] });
    expect(accepted.movable).toBe(true);
    await report('intake.noaAssessmentDone');
    const state = await handle.query(getTrajectoryStateQuery);
    expect(state.definition).toEqual({ key: 'haarlem-statushouders', version: 2, contentHash: haarlemV2.contentHash });
    // Version 2's step after the NOA assessment ran: the trajectory moved.
    expect(callsOf(trajectoryId, 'inviteVluchtelingenwerkToFollowUpTalk')).toHaveLength(1);
    expect(state.milestonesDone.map((done) => done.milestone)).toEqual(
      expect.arrayContaining(['coa.warmHandoverDone', 'basis.livingAllowanceArranged', 'intake.noaAssessmentDone']),
    );
    await handle.executeUpdate(cancelTrajectoryUpdate, { args: [{ reason: 'einde test', actor: KLANTMANAGER }] });
  });
});

describe('version 3 of the Haarlem trajectory', () => {
  it("records training and paid work during 'Aan de slag', and closes the route at 24 months", async () => {
    const now = await server.env.currentTimeMs();
    const housingDate = nextDate(8, 31, now, 30);
    const permitGrantedDate = new Date(now - 30 * DAY).toISOString().slice(0, 10);
    const { trajectoryId, handle, report } = await startHaarlem({ housingDate, permitGrantedDate, age: 35 }, haarlemV3);
    await throughIntake(report);
    await report('intake.planAgreed', { route: 'werk' });
    await report('work.aanDeSlagTrajectoryStarted');
    await report('work.trainingStarted');
    let state = await report('work.paidWorkStarted', { hours: 'fullTime' });
    expect(state.waitingOn.map((wait) => wait.milestone)).toEqual(expect.arrayContaining(['work.aanDeSlagTrajectoryEnded', 'work.paidWorkEnded']));
    expect(eventsOf(trajectoryId, 'milestone.recorded').filter((event) => event.payload.milestone === 'work.paidWorkStarted').map((event) => event.payload.payload)).toEqual([
      { hours: 'fullTime' },
    ]);

    await report('inburgering.diplomaObtained');
    await skipUntil(new Date(Date.parse(plusYears(housingDate, 2)) + DAY).toISOString().slice(0, 10));
    state = await handle.query(getTrajectoryStateQuery);
    // The 24 months ended the stay at 'Aan de slag' in the trajectory; guidance now waits for its handover.
    expect(state.waitingOn.map((wait) => wait.milestone)).not.toContain('work.aanDeSlagTrajectoryEnded');
    await report('guidance.warmHandoverToWijkteamDone', undefined, { role: 'wijkteam' as never, id: 'swt-3' });
    expect((await handle.result()).status).toBe('completed');
  });
});

describe('version 4 of the Haarlem trajectory', () => {
  it('runs its cancellation path when the person moves away: the handover to the new municipality', async () => {
    const now = await server.env.currentTimeMs();
    const housingDate = new Date(now + 5 * DAY).toISOString().slice(0, 10);
    const permitGrantedDate = new Date(now - 30 * DAY).toISOString().slice(0, 10);
    const { trajectoryId, handle, report } = await startHaarlem({ housingDate, permitGrantedDate, age: 29 }, haarlemV4);
    await report('coa.warmHandoverDone');
    await handle.executeUpdate(correctFactsUpdate, { args: [{ facts: { newMunicipality: 'GM0363' }, reason: 'verhuisd naar Amsterdam', actor: KLANTMANAGER }] });
    const state = await handle.executeUpdate(cancelTrajectoryUpdate, { args: [{ reason: 'verhuisd naar andere gemeente', actor: KLANTMANAGER }] });
    expect(state.status).toBe('cancelled');
    expect(callsOf(trajectoryId, 'handOverToNewMunicipality').map((call) => call.request.input)).toEqual([{ newMunicipality: 'GM0363' }]);
    expect((await handle.result()).status).toBe('cancelled');
  });
});

describe('a case entered two years late (version 5, business time)', () => {
  it('sends the warning that fell due before it was entered, and withdraws it when the diploma is recorded dated before it', async () => {
    const now = await server.env.currentTimeMs();
    // The permit on the 15th of a month about 2 years and 5 months ago: the term ends in about 7 months.
    const approximate = new Date(now - (3 * 365 - 210) * DAY).toISOString().slice(0, 8);
    const permitGrantedDate = `${approximate}15`;
    const housingDate = plusDays(permitGrantedDate, 30);
    const twelveMonthWarning = plusYears(permitGrantedDate, 2);
    const { trajectoryId, handle } = await startHaarlem({ housingDate, permitGrantedDate, age: 41 }, haarlemV5, undefined, [
      { milestone: 'coa.warmHandoverDone', occurredOn: plusDays(housingDate, 3) },
    ]);
    await server.env.sleep(DAY);
    expect(eventsOf(trajectoryId, 'clock.warning').map((event) => [event.payload.offset, event.payload.late])).toEqual([['P12M', false]]);
    let state = await handle.query(getTrajectoryStateQuery);
    expect(state.clocks.map((clock) => [clock.clockId, clock.deadline])).toEqual([['inburgeringstermijn', plusYears(permitGrantedDate, 3)]]);

    // The diploma was obtained 20 days before that warning's day; the klantmanager records it only now.
    state = await handle.executeUpdate(recordMilestoneUpdate, {
      args: [{ milestone: 'inburgering.diplomaObtained', milestoneId: randomUUID(), occurredOn: plusDays(twelveMonthWarning, -20), actor: KLANTMANAGER }],
    });
    expect(state.clocks.map((clock) => clock.status)).toEqual(['stopped']);
    // The warning that went out stays sent, and is marked withdrawn by the diploma; the later ones never go out.
    expect(eventsOf(trajectoryId, 'clock.warningWithdrawn').map((event) => event.payload.offset)).toEqual(['P12M']);
    await skipUntil(plusYears(permitGrantedDate, 3));
    expect(eventsOf(trajectoryId, 'clock.warning').map((event) => event.payload.offset)).toEqual(['P12M']);
    expect(eventsOf(trajectoryId, 'clock.expired')).toEqual([]);
    await keepHistory(handle, 'business-time--local-events--one-upsert--two-years-late-diploma-before-sent-warning');
    await handle.terminate('test done');
  });
});

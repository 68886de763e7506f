/**
 * The Haarlem work route (definition v1) written by hand as an ordinary Temporal workflow: the
 * baseline of the interpreter benchmark (tools/bench/workflow-interpreter.bench.ts), never deployed.
 *
 * It takes the route of test/fixtures/histories/haarlem-work-route-extension-expired.json with the
 * same activities, timers, Updates and search attributes as `trajectoryWorkflow` does on it —
 * sleeps, condition() and Promise.all where the interpreter walks a graph — and answers an Update
 * once the trajectory is quiet again, as the interpreter does. It knows only this route: another
 * route (education, traject klantmanager, a terugmelding) fails the workflow.
 */
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  defineQuery,
  defineUpdate,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { RetryPolicy, SearchAttributePair } from '@temporalio/common';
import { addToDate, addToInstant, calendarDateInAmsterdam, startOfDayInAmsterdam, subtractFromDate } from '@wegwijs/definitions/runtime';
import {
  WegwijsSearchAttributes,
  type EngineActivities,
  type EngineEventPayloads,
  type EngineEventType,
  type EventActor,
  type ServiceTaskActivity,
} from '@wegwijs/domain';
import type { MilestoneSubmission } from '@wegwijs/workflows';

export interface WorkRouteInput {
  readonly trajectoryId: string;
  readonly municipality: string;
  readonly caseReference: string;
  readonly facts: { readonly housingDate: string; readonly permitGrantedDate: string; readonly age: number };
  readonly startedBy: EventActor;
}

/** What the baseline accepts now; its driver polls this before each report, as the interpreter's polls its state. */
export const expectedMilestonesQuery = defineQuery<string[]>('expectedMilestones');

/** The interpreter's Update by name, answering with what is expected next instead of the whole state. */
export const recordWorkRouteMilestoneUpdate = defineUpdate<{ expected: string[] }, [MilestoneSubmission]>('recordMilestone');

/** Workflow time: inside the sandbox `Date.now()` is the current workflow task's time, from the history. */
// eslint-disable-next-line no-restricted-properties -- deterministic inside the workflow sandbox (see above)
const now = (): number => Date.now();

const SYSTEM: EventActor = { role: 'system', id: 'wegwijs' };
const CLOCK = { id: 'inburgeringstermijn', name: 'Inburgeringstermijn (3 jaar)', term: 'P3Y', warnings: ['P12M', 'P6M', 'P3M', 'P1M'] } as const;
const CLOCK_MILESTONES = { extend: 'inburgering.extensionGranted', stop: ['inburgering.diplomaObtained', 'inburgering.exemptionGranted'] } as const;

const engine = proxyActivities<EngineActivities>({ startToCloseTimeout: '30s', retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 } });
const standardRetry: RetryPolicy = { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2, maximumAttempts: 10 };
const quickTasks = proxyActivities<Record<string, ServiceTaskActivity>>({ startToCloseTimeout: '30s', retry: standardRetry });
const tasks = proxyActivities<Record<string, ServiceTaskActivity>>({ startToCloseTimeout: '1m', retry: standardRetry });
/** COA's systems can be away for days. */
const partnerTasks = proxyActivities<Record<string, ServiceTaskActivity>>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '1m', maximumInterval: '6h', backoffCoefficient: 2 },
});

export async function handWrittenWorkRoute(input: WorkRouteInput): Promise<{ status: string; facts: Record<string, unknown> }> {
  return new WorkRoute(input).run();
}

interface Wait {
  readonly nodeId: string;
  readonly milestone: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly since: string;
  readonly normDeadline?: string;
  readonly group?: { fired: boolean };
  overdue: boolean;
  submission?: MilestoneSubmission;
}

interface Reminder {
  readonly after: string;
  readonly every?: string;
  readonly times?: number;
  readonly nodeId: string;
  readonly message: string;
}

class WorkRoute {
  private facts: Record<string, string | number | boolean | null>;
  private readonly waits: Wait[] = [];
  private readonly applied = new Set<string>();
  /** Strands doing work plus milestones accepted but not yet taken up: an Update answers at 0. */
  private busy = 0;
  private status = 'running';
  /** `unabsorbed`: clock milestones accepted while the clock strand had not yet taken them up. */
  private readonly clock = { deadline: '', running: true, revision: 0, unabsorbed: 0, milestones: [] as MilestoneSubmission[] };
  private lastSearchAttributes = '';

  constructor(private readonly input: WorkRouteInput) {
    this.facts = { ...input.facts };
  }

  async run(): Promise<{ status: string; facts: Record<string, unknown> }> {
    setHandler(expectedMilestonesQuery, () => this.expected());
    setHandler(
      recordWorkRouteMilestoneUpdate,
      async (submission) => {
        this.deliver(submission);
        await condition(() => this.busy === 0);
        return { expected: this.expected() };
      },
      { validator: (submission) => this.refuseUnexpected(submission) },
    );
    await this.record('trajectory.started', 'started', {
      definitionKey: 'haarlem-statushouders',
      definitionVersion: 1,
      contentHash: 'hand-written',
      municipality: this.input.municipality,
      caseReference: this.input.caseReference,
    }, this.input.startedBy);
    this.publish();
    const clock = this.strand(() => this.runClock());
    await this.strand(() => this.route());
    await clock;
    this.status = 'completed';
    this.publish();
    await this.record('trajectory.completed', 'completed', {});
    return { status: this.status, facts: this.facts };
  }

  // --- the route ------------------------------------------------------------------------------

  private async route(): Promise<void> {
    await this.task(quickTasks, 'recordTrajectoryEvent', 'recordStart', { eventType: 'programme.started', housingDate: this.input.facts.housingDate });
    const profile = await this.task(partnerTasks, 'fetchTvsProfile', 'fetchTvsProfile', {});
    this.facts.tvsProfileComplete = profile?.complete === true;
    if (!this.facts.tvsProfileComplete) await this.task(partnerTasks, 'requestTvsProfileFromCoa', 'chaseCoa', {});
    await this.milestone({ nodeId: 'phoneHandover', milestone: 'coa.warmHandoverDone', name: 'Telefonische warme overdracht COA' }, {
      after: 'P1W', every: 'P1W', times: 3, nodeId: 'sendHandoverReminder', message: 'Warme overdracht met COA nog niet gedaan',
    });
    await this.together(() => this.basisAndIntake(), () => this.introduction(), () => this.guidance());
    await this.task(quickTasks, 'recordTrajectoryEvent', 'recordEnd', { eventType: 'programme.completed' });
  }

  private async basisAndIntake(): Promise<void> {
    const basis = { name: 'Basis op orde' };
    await this.together(
      () => this.milestone({ ...basis, nodeId: 'livingAllowance', milestone: 'basis.livingAllowanceArranged' }),
      () => this.milestone({ ...basis, nodeId: 'furnishingAllowance', milestone: 'basis.furnishingAllowanceArranged' }),
      () => this.task(tasks, 'inviteToNoaAssessment', 'inviteNoa', {}),
      async () => {
        const answer = await this.milestone({ ...basis, nodeId: 'languageSchoolConsent', milestone: 'basis.languageSchoolConsentRecorded' });
        this.facts.languageSchoolConsent = answer.payload?.consent ?? null;
      },
      async () => {
        const answer = await this.milestone({ ...basis, nodeId: 'budgetManagementConsent', milestone: 'basis.budgetManagementConsentRecorded' });
        this.facts.budgetManagementConsent = answer.payload?.consent ?? null;
      },
    );
    await this.together(() => this.financieelOntzorgen(), () => this.bredeIntakeAndWork());
  }

  private async financieelOntzorgen(): Promise<void> {
    if (this.facts.budgetManagementConsent !== true) return;
    await this.task(tasks, 'startFinancieelOntzorgen', 'startOntzorgen', {});
    await this.sleepUntil(addToInstant(now(), 'P6M'));
    await this.task(tasks, 'stopFinancieelOntzorgen', 'stopOntzorgen', {});
    const decided = await this.milestone({ nodeId: 'decideFinanceFollowUp', milestone: 'finance.followUpDecided', name: 'Vervolg bepalen', roles: ['klantmanager', 'schulddienstverlening'] });
    this.facts.financeFollowUp = decided.payload?.followUp ?? null;
    if (this.facts.financeFollowUp === 'budgetCoach') await this.task(tasks, 'assignBudgetCoach', 'assignBudgetCoach', {});
    if (this.facts.financeFollowUp === 'debtHelp') await this.task(tasks, 'startDebtHelp', 'startDebtHelp', {});
  }

  private async bredeIntakeAndWork(): Promise<void> {
    const name = '24 maanden na huisvesting';
    await this.milestone({ nodeId: 'noaAssessment', milestone: 'intake.noaAssessmentDone', name, normDeadline: addToDate(this.input.facts.housingDate, 'P6W') }, {
      after: 'P4W', every: 'P2W', times: 2, nodeId: 'sendNoaReminder', message: 'NOA-assessment nog niet afgenomen',
    });
    await this.milestone({ nodeId: 'followUpTalk', milestone: 'intake.followUpTalkHeld', name, roles: ['klantmanager', 'vluchtelingenwerk'] });
    const plan = await this.milestone({ nodeId: 'planVanAanpak', milestone: 'intake.planAgreed', name });
    this.facts.route = plan.payload?.route ?? null;
    if (this.facts.route !== 'werk') throw ApplicationFailure.create({ type: 'RouteNotInBaseline', message: 'The hand-written baseline knows only the work route', nonRetryable: true });
    await this.task(tasks, 'registerWithAanDeSlag', 'registerAanDeSlag', {});
    // Whichever is reported first; the other is withdrawn.
    const group = { fired: false };
    const outcome = await this.parked(
      Promise.race([
        this.strand(() => this.milestone({ nodeId: 'aanDeSlagStarted', milestone: 'work.aanDeSlagTrajectoryStarted', name, group })),
        this.strand(() => this.milestone({ nodeId: 'terugmelding', milestone: 'work.terugmelding', name, group })),
      ]),
    );
    if (outcome.milestone === 'work.terugmelding') throw ApplicationFailure.create({ type: 'RouteNotInBaseline', message: 'The hand-written baseline has no terugmelding', nonRetryable: true });
  }

  private async introduction(): Promise<void> {
    const name = '24 maanden na huisvesting';
    await this.task(tasks, 'registerForIntroductionProgramme', 'registerIntroduction', {});
    await this.milestone({ nodeId: 'introductionProgramme', milestone: 'introduction.programmeCompleted', name }, {
      after: 'P5W', nodeId: 'sendIntroductionReminder', message: 'Introductieprogramma duurt langer dan 5 weken',
    });
    await this.task(tasks, 'registerForParticipatieverklaringstraject', 'registerParticipatieverklaring', {});
    await this.milestone({ nodeId: 'participatieverklaring', milestone: 'participatieverklaring.completed', name });
    await this.task(tasks, 'registerForMindfit', 'registerMindfit', {});
    await this.milestone({ nodeId: 'mindfit', milestone: 'mindfit.completed', name });
  }

  private async guidance(): Promise<void> {
    await this.task(tasks, 'startMaatschappelijkeBegeleiding', 'startGuidance', {});
    await this.sleepUntil(startOfDayInAmsterdam(addToDate(this.input.facts.housingDate, 'P24M')));
    await this.task(tasks, 'requestWarmHandoverToWijkteam', 'requestWarmHandover', {});
    await this.milestone({ nodeId: 'warmHandoverToWijkteam', milestone: 'guidance.warmHandoverToWijkteamDone', name: 'Warme overdracht aan Sociaal Wijkteam', roles: ['vluchtelingenwerk', 'wijkteam'] });
  }

  // --- the inburgering term -------------------------------------------------------------------

  private async runClock(): Promise<void> {
    const startDate = this.input.facts.permitGrantedDate;
    this.clock.deadline = addToDate(startDate, CLOCK.term);
    await this.record('clock.started', `clock#${CLOCK.id}#started`, { clockId: CLOCK.id, name: CLOCK.name, startDate, deadline: this.clock.deadline, warnings: CLOCK.warnings });
    const fired = new Set<string>();
    let taken = 0;
    for (;;) {
      const seen = this.clock.revision;
      this.busy -= this.clock.unabsorbed;
      this.clock.unabsorbed = 0;
      for (; taken < this.clock.milestones.length; taken++) {
        const milestone = this.clock.milestones[taken];
        if (milestone.milestone !== CLOCK_MILESTONES.extend) {
          this.clock.running = false;
          await this.record('clock.stopped', `clock#${CLOCK.id}#${taken + 1}#stopped`, { clockId: CLOCK.id, milestone: milestone.milestone });
          this.publish();
          return;
        }
        const from = this.clock.deadline;
        this.clock.deadline = addToDate(from, String(milestone.payload?.extension));
        await this.record('clock.extended', `clock#${CLOCK.id}#${taken + 1}#moved`, { clockId: CLOCK.id, milestone: milestone.milestone, from, deadline: this.clock.deadline });
      }
      this.publish();
      const today = calendarDateInAmsterdam(now());
      for (const offset of CLOCK.warnings) {
        if (fired.has(offset) || subtractFromDate(this.clock.deadline, offset) > today) continue;
        fired.add(offset);
        await this.notifyClock(offset);
      }
      if (this.clock.deadline < today) {
        this.clock.running = false;
        await this.notifyClock(null);
        this.publish();
        return;
      }
      const due = [...CLOCK.warnings.filter((offset) => !fired.has(offset)).map((offset) => subtractFromDate(this.clock.deadline, offset)), addToDate(this.clock.deadline, 'P1D')];
      // A clock milestone (also one that came while this strand was busy) wakes it early.
      await this.parked(condition(() => this.clock.revision !== seen, Math.max(1, Math.min(...due.map(startOfDayInAmsterdam)) - now())));
    }
  }

  private async notifyClock(offset: string | null): Promise<void> {
    const suffix = offset ? `warning#${offset}` : 'deadline';
    const deadline = this.clock.deadline;
    await this.record(
      offset ? 'clock.warning' : 'clock.expired',
      `clock#${CLOCK.id}#${suffix}`,
      offset ? { clockId: CLOCK.id, offset, deadline, late: false } : { clockId: CLOCK.id, deadline },
    );
    await tasks.warnInburgeringDeadline({
      trajectoryId: this.input.trajectoryId,
      nodeId: CLOCK.id,
      idempotencyKey: `${this.input.trajectoryId}#clock#${CLOCK.id}#${suffix}`,
      input: { clockId: CLOCK.id, kind: offset ? 'warning' : 'deadline', deadline, before: offset, late: false },
    });
  }

  // --- milestones -----------------------------------------------------------------------------

  private expected(): string[] {
    const waiting = this.openWaits().map((wait) => wait.milestone);
    return [...new Set([...waiting, ...(this.clock.running ? [CLOCK_MILESTONES.extend, ...CLOCK_MILESTONES.stop] : [])])];
  }

  private openWaits(): Wait[] {
    return this.waits.filter((wait) => !wait.submission && !wait.group?.fired);
  }

  private refuseUnexpected(submission: MilestoneSubmission): void {
    if (this.applied.has(submission.milestoneId)) return;
    const wait = this.openWaits().find((candidate) => candidate.milestone === submission.milestone);
    if (!this.expected().includes(submission.milestone) || (wait && !wait.roles.includes(submission.actor.role))) {
      throw ApplicationFailure.create({ type: 'MilestoneNotExpected', message: `Milestone '${submission.milestone}' is not expected now`, nonRetryable: true });
    }
  }

  private deliver(submission: MilestoneSubmission): void {
    if (this.applied.has(submission.milestoneId)) return;
    this.applied.add(submission.milestoneId);
    const wait = this.openWaits().find((candidate) => candidate.milestone === submission.milestone);
    if (wait) {
      wait.submission = submission;
      if (wait.group) wait.group.fired = true;
      // The waiting strand takes this work over when it wakes.
      this.busy++;
      return;
    }
    this.clock.milestones.push(submission);
    this.clock.revision++;
    this.clock.unabsorbed++;
    this.busy += 2;
    void this.recordMilestone(submission, null).finally(() => this.busy--);
  }

  /** Records that the route waits, waits (marked stuck past its norm), and records the milestone. */
  private async milestone(
    step: { nodeId: string; milestone: string; name: string; roles?: readonly string[]; normDeadline?: string; group?: { fired: boolean } },
    reminder?: Reminder,
  ): Promise<MilestoneSubmission> {
    const since = new Date(now()).toISOString();
    await this.record('trajectory.waiting', `waiting#${step.nodeId}#1`, { nodeId: step.nodeId, milestone: step.milestone, nodeName: step.name, ...(step.normDeadline ? { normDeadline: step.normDeadline } : {}) });
    const wait: Wait = { roles: ['klantmanager'], ...step, since, overdue: false };
    this.waits.push(wait);
    this.busy--;
    this.publish();
    const reminders = new CancellationScope();
    if (reminder) void reminders.run(() => this.remind(reminder, Date.parse(since))).catch(ignoreCancellation);
    const taken = () => wait.submission !== undefined || wait.group?.fired === true;
    try {
      if (wait.normDeadline && !(await condition(taken, Math.max(1, startOfDayInAmsterdam(addToDate(wait.normDeadline, 'P1D')) - now())))) {
        wait.overdue = true;
        this.publish();
      }
      await condition(taken);
    } finally {
      reminders.cancel();
      this.waits.splice(this.waits.indexOf(wait), 1);
    }
    // Another branch of the same choice won: this one never happened (its submission's work is the winner's).
    if (!wait.submission) return new Promise<never>(() => undefined);
    await this.recordMilestone(wait.submission, wait);
    return wait.submission;
  }

  private async recordMilestone(submission: MilestoneSubmission, wait: Wait | null): Promise<void> {
    const occurredOn = submission.occurredOn ?? calendarDateInAmsterdam(now());
    await this.record(
      'milestone.recorded',
      `milestone#${submission.milestoneId}`,
      { milestone: submission.milestone, milestoneId: submission.milestoneId, nodeId: wait?.nodeId ?? null, occurredOn, ...(submission.payload ? { payload: submission.payload } : {}) },
      submission.actor,
      new Date(startOfDayInAmsterdam(occurredOn)).toISOString(),
    );
    this.publish();
  }

  /** A reminder to the client manager while a wait lasts: after `after`, then every `every`, `times` more. */
  private async remind(reminder: Reminder, since: number): Promise<void> {
    let due = addToInstant(since, reminder.after);
    for (let sent = 0; ; sent++) {
      await sleep(Math.max(1, due - now()));
      this.busy++;
      try {
        await this.task(quickTasks, 'notifyKlantmanager', reminder.nodeId, { message: reminder.message }, sent + 1);
      } finally {
        this.busy--;
      }
      if (!reminder.every || sent >= (reminder.times ?? 0)) return;
      due = addToInstant(due, reminder.every);
    }
  }

  // --- plumbing -------------------------------------------------------------------------------

  /** Runs a parallel strand of the route: it counts as busy until it parks or ends. */
  private async strand<T>(work: () => Promise<T>): Promise<T> {
    this.busy++;
    try {
      return await work();
    } finally {
      this.busy--;
    }
  }

  /** Runs parallel strands and waits, parked, until all have ended (a parallel split and join). */
  private async together(...works: Array<() => Promise<unknown>>): Promise<void> {
    await this.parked(Promise.all(works.map((work) => this.strand(work))));
  }

  /** Awaits something the world does (a timer, other strands) without counting as busy meanwhile. */
  private async parked<T>(waiting: Promise<T>): Promise<T> {
    this.busy--;
    try {
      return await waiting;
    } finally {
      this.busy++;
    }
  }

  private async sleepUntil(instant: number): Promise<void> {
    await this.parked(sleep(Math.max(1, instant - now())));
  }

  private async task(
    activities: Record<string, ServiceTaskActivity>,
    activity: string,
    nodeId: string,
    input: Record<string, string | number | boolean | null>,
    visit = 1,
  ): Promise<Record<string, unknown> | void> {
    return activities[activity]({ trajectoryId: this.input.trajectoryId, nodeId, idempotencyKey: `${this.input.trajectoryId}#${nodeId}#${visit}`, input });
  }

  private async record<T extends EngineEventType>(type: T, keySuffix: string, payload: EngineEventPayloads[T], actor: EventActor = SYSTEM, businessTime = new Date(now()).toISOString()): Promise<void> {
    await engine.recordTrajectoryEvents({
      trajectoryId: this.input.trajectoryId,
      events: [{ type, schemaVersion: 1, payload, actor, businessTime, idempotencyKey: `${this.input.trajectoryId}#${keySuffix}` }],
    });
  }

  /** The supervisors' search attributes, upserted only when they change. */
  private publish(): void {
    const open = this.openWaits();
    const oldest = [...open].sort((a, b) => a.since.localeCompare(b.since))[0];
    const deadlines = [...(this.clock.running && this.clock.deadline ? [this.clock.deadline] : []), ...open.flatMap((wait) => (wait.normDeadline ? [wait.normDeadline] : []))].sort();
    const pairs: SearchAttributePair[] = [
      { key: WegwijsSearchAttributes.status, value: this.status },
      { key: WegwijsSearchAttributes.phase, value: oldest?.name ?? (this.status === 'running' ? 'waiting for legal clocks' : this.status) },
      { key: WegwijsSearchAttributes.waitingOn, value: [...new Set(open.map((wait) => wait.milestone))].sort() },
      { key: WegwijsSearchAttributes.stuck, value: open.some((wait) => wait.overdue) },
    ];
    if (oldest) pairs.push({ key: WegwijsSearchAttributes.waitingSince, value: new Date(oldest.since) });
    if (deadlines[0]) pairs.push({ key: WegwijsSearchAttributes.nextDeadline, value: new Date(startOfDayInAmsterdam(deadlines[0])) });
    const fingerprint = JSON.stringify(pairs.map((pair) => [pair.key.name, pair.value]));
    if (fingerprint === this.lastSearchAttributes) return;
    this.lastSearchAttributes = fingerprint;
    upsertSearchAttributes(pairs);
  }
}

function ignoreCancellation(error: unknown): void {
  if (!isCancellation(error)) throw error;
}

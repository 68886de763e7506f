/**
 * FROZEN: the interpreter trajectories ran on before business time (2026-12). Histories recorded
 * with it replay only against this exact code, so it is kept as it was and entered only for them
 * (see ../trajectory/trajectory.workflow.ts, patch `wegwijs-2026-12-business-time`). Delete it
 * once no trajectory started before then is running or retained. Do not change what it does.
 *
 * The trajectory workflow: one run per person, interpreting a compiled definition for years.
 *
 * Tokens move through the definition's nodes; each token is an async strand, so parallel
 * branches simply run side by side and everything stays deterministic under replay. Sub-processes
 * run inline, as a nested scope of tokens in the same workflow: one history per person keeps the
 * search attributes, the state query and the audit trail in one place, and costs fewer events
 * than a child workflow per sub-process. Legal clocks run beside the tokens; the trajectory ends
 * when no token and no running clock is left.
 *
 * A callActivity is the other case: it runs a separate, reusable definition, so it runs as a child
 * workflow of this same type, with its own history, tokens, clocks and cancellation path, under
 * a workflow id derived from the caller's (`<caller id>/<node id>/<visit>`). Its milestones are
 * reported to that child. It is cancelled with its caller, and the caller waits until the child's
 * cancellation path has run.
 */
import {
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  ChildWorkflowCancellationType,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  executeChild,
  isCancellation,
  patched,
  proxyActivities,
  workflowInfo,
  setHandler,
  upsertSearchAttributes,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  addToDate,
  addToInstant,
  calledDefinitionRef,
  calendarDateInAmsterdam,
  computeLegalClock,
  evaluateCondition,
  evaluateDate,
  evaluateInput,
  evaluateOutput,
  factValueProblem,
  isValidCalendarDate,
  isValidDuration,
  normDeadline,
  RETRY_PROFILES,
  startOfDayInAmsterdam,
  type BoundaryMilestoneNode,
  type BoundaryTimerNode,
  type CallActivityNode,
  type ClockMilestone,
  type CompiledDefinition,
  type CompiledLegalClock,
  type CompiledNode,
  type EventBasedGatewayNode,
  type ExclusiveGatewayNode,
  type Facts,
  type FactValue,
  type MilestoneWaitNode,
  type OutputMapping,
  type ServiceTaskNode,
  type SubProcessNode,
  type TimerSpec,
} from '@wegwijs/definitions/runtime';
import {
  WegwijsSearchAttributes,
  type EngineActivities,
  type EngineEventPayloads,
  type EngineEventType,
  type EventActor,
  type EventToRecord,
  type ServiceTaskActivity,
} from '@wegwijs/domain';
import { workflowNow, workflowNowIso } from '../workflow-clock';
import { exactDurationToMs } from '@wegwijs/calendar';
import { TechnicalStalls } from '../trajectory/technical-stalls';
import {
  cancelTrajectoryUpdate,
  correctFactsUpdate,
  FactCorrectionRejection,
  getTrajectoryStateQuery,
  migrateDefinitionUpdate,
  MigrationRejection,
  MilestoneRejection,
  milestoneSignal,
  planMigrationQuery,
  recordMilestoneUpdate,
  technicalStallSignal,
  type ActiveNodeView,
  type FactCorrection,
  type LegalClockView,
  type MigrationPlan,
  type MilestoneSubmission,
  type RecordedMilestoneView,
  type StartTrajectoryInput,
  type TrajectoryCancellation,
  type TrajectorySnapshot,
  type TrajectoryState,
  type TrajectoryStatus,
  type WaitingMilestoneView,
  type WaitingOnCallView,
} from './legacy-messages';

const EVENT_SCHEMA_VERSION = 1;
const SYSTEM_ACTOR: EventActor = { role: 'system', id: 'wegwijs' };

const engine = proxyActivities<EngineActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});

export async function legacyTrajectoryWorkflow(input: StartTrajectoryInput): Promise<TrajectoryState> {
  return new TrajectoryRun(input).execute();
}

/** A set of tokens that ends together: the whole trajectory, or one sub-process. */
interface Scope {
  readonly cancellation: CancellationScope;
  /** Tokens alive in this scope. */
  active: number;
  terminated: boolean;
  /** The token that waits for this scope (a sub-process's host); it moves on when the last token ends. */
  readonly owner?: Token;
}

interface Token {
  readonly id: number;
  readonly scope: Scope;
  nodeId: string;
  since: string;
  /** The arrival this token resumes from a previous run: its timers count from then. */
  resumedSince?: string;
  /** Parked tokens wait for the world (a milestone, a timer); moving ones hold an Update's answer. */
  parked: boolean;
}

/** What a milestone waiter listens for: a wait node, a boundary milestone, or an event-gateway branch. */
interface MilestoneListener {
  readonly id: string;
  readonly milestone: string;
  readonly roles: readonly string[];
  readonly output: OutputMapping;
  readonly name?: string;
}

interface MilestoneWaiter {
  readonly listener: MilestoneListener;
  readonly since: string;
  /** The parked token that resumes, if any (boundary listeners have none). */
  readonly token?: Token;
  /** Waiters of one event-based gateway: the first submission closes the others. */
  readonly group?: { fired: boolean };
  readonly normDeadline: string | null;
  overdue: boolean;
  submission?: MilestoneSubmission;
}

/** A callActivity whose child workflow runs. */
interface RunningCall {
  readonly view: WaitingOnCallView;
  /** Settles when the child has closed, its cancellation path included. */
  readonly closed: Promise<unknown>;
}

interface ClockRecord {
  readonly clock: CompiledLegalClock;
  view: LegalClockView;
  done: boolean;
  /** The revision of facts and milestones the view reflects, and whether it is being brought up to date. */
  seenRevision: number;
  busy: boolean;
}

class TrajectoryRun {
  private readonly definition: CompiledDefinition;
  /** A newer version to move to at the next quiet moment (migrateDefinition). */
  private pendingMigration: CompiledDefinition | undefined;
  private facts: Record<string, FactValue>;
  private status: TrajectoryStatus = 'running';
  private readonly startedAt: string;
  /** The Amsterdam calendar date the trajectory started: warnings due before it fire as late. */
  private readonly startedOn: string;
  /** When this run picked up from the previous one; boundary timers due before then have fired. */
  private readonly resumedAt: number;
  private endedAt: string | null = null;
  private cancellation: TrajectoryCancellation | null = null;
  private readonly tokens = new Map<number, Token>();
  private nextTokenId = 1;
  /** Tokens moving (not parked) plus accepted milestones not yet processed: an Update answers at 0. */
  private work = 0;
  private readonly waiters: MilestoneWaiter[] = [];
  private readonly milestonesDone: RecordedMilestoneView[] = [];
  private readonly appliedMilestoneIds = new Set<string>();
  /** Milestones that move legal clocks, with the calendar date they happened. */
  private readonly clockMilestones: ClockMilestone[] = [];
  private readonly clocks = new Map<string, ClockRecord>();
  /** Bumped when facts or clock milestones change, so timers and clocks recompute. */
  private revision = 0;
  private readonly joinArrivals = new Map<string, number>();
  private readonly nodeVisits = new Map<string, number>();
  private readonly root: Scope = { cancellation: new CancellationScope(), active: 0, terminated: false };
  private lastSearchAttributes = '';
  /** Activities that keep failing, as the worker reports them (technicalStallSignal). */
  private readonly technicalStalls = new TechnicalStalls();
  private readonly calls = new Set<RunningCall>();
  /** Idempotency keys start with this: the trajectory id, or the caller's prefix for a called trajectory. */
  private readonly keyPrefix: string;

  constructor(private readonly input: StartTrajectoryInput) {
    this.definition = input.definition;
    this.keyPrefix = input.calledFrom?.eventKeyPrefix ?? input.trajectoryId;
    const resume = input.resume;
    this.facts = { ...(resume?.facts ?? input.facts) };
    this.startedAt = resume?.startedAt ?? workflowNowIso();
    this.startedOn = resume?.startedOn ?? calendarDateInAmsterdam(workflowNow());
    this.resumedAt = resume ? workflowNow() : Number.NEGATIVE_INFINITY;
    if (resume) {
      this.milestonesDone.push(...resume.milestonesDone);
      resume.appliedMilestoneIds.forEach((id) => this.appliedMilestoneIds.add(id));
      this.clockMilestones.push(...resume.clockMilestones);
      Object.entries(resume.joinArrivals).forEach(([nodeId, count]) => this.joinArrivals.set(nodeId, count));
      Object.entries(resume.nodeVisits).forEach(([nodeId, count]) => this.nodeVisits.set(nodeId, count));
      this.nextTokenId = resume.nextTokenId;
      this.revision = resume.revision;
    }
  }

  async execute(): Promise<TrajectoryState> {
    this.registerHandlers();
    // A called trajectory is part of its caller's, which records the start and the end.
    if (!this.input.resume && !this.input.calledFrom) await this.record([
      this.event(
        'trajectory.started',
        'started',
        {
          definitionKey: this.definition.key,
          definitionVersion: this.definition.version,
          contentHash: this.definition.contentHash,
          municipality: this.input.municipality,
          caseReference: this.input.caseReference,
        },
        this.input.startedBy,
      ),
    ]);
    this.publishSearchAttributes();

    let continuing = false;
    try {
      await this.root.cancellation.run(async () => {
        const resume = this.input.resume;
        for (const clock of this.definition.legalClocks) {
          void this.runClock(clock, resume?.clocksFired[clock.id] ?? [], resume?.clocksExpired.includes(clock.id) ?? false).catch(ignoreCancellation);
        }
        if (resume) for (const token of resume.tokens) this.spawnToken(token.nodeId, this.root, token.since);
        else this.spawnToken(this.definition.startNodeId, this.root);
        const finished = () => this.root.active === 0 && [...this.clocks.values()].every((record) => record.done);
        await condition(() => finished() || this.readyToContinueAsNew());
        continuing = !finished();
      });
    } catch (error) {
      if (isCancellation(error) && this.input.calledFrom && !this.root.terminated && !this.cancellation) {
        // The caller cancelled this call (it was cancelled, or a boundary event interrupted the call).
        this.cancellation = { reason: 'cancelled by the calling trajectory', actor: SYSTEM_ACTOR };
        return CancellationScope.nonCancellable(() => this.end());
      }
      // A terminate end or a cancellation stops every token and clock; that is an ending, not a failure.
      if (!(isCancellation(error) && (this.root.terminated || this.cancellation))) throw error;
    }
    if (continuing && !this.cancellation) {
      // Updates in flight finish first; then the trajectory goes on in a fresh history.
      await condition(allHandlersFinished);
      const next = this.pendingMigration;
      const migratedFrom = next ? { version: this.definition.version, contentHash: this.definition.contentHash } : this.input.resume?.migratedFrom;
      return continueAsNew<typeof legacyTrajectoryWorkflow>({
        ...this.input,
        definition: next ?? this.definition,
        resume: { ...this.snapshot(), ...(migratedFrom ? { migratedFrom } : {}) },
      });
    }
    return this.end();
  }

  /** Runs the cancellation path if cancelled, records how the trajectory ended, and answers its final state. */
  private async end(): Promise<TrajectoryState> {
    // Called trajectories close (their cancellation paths run) before their caller does.
    if (this.calls.size > 0) await Promise.allSettled([...this.calls].map((call) => call.closed));
    if (this.cancellation) await this.runCancellationSteps();
    this.endedAt = workflowNowIso();
    if (this.cancellation) this.status = 'cancelled';
    else this.status = this.root.terminated ? 'terminated' : 'completed';
    this.publishSearchAttributes();
    if (this.input.calledFrom) return this.state();
    await this.record([
      this.cancellation
        ? this.event('trajectory.cancelled', 'cancelled', { reason: this.cancellation.reason }, this.cancellation.actor)
        : this.event(this.status === 'terminated' ? 'trajectory.terminated' : 'trajectory.completed', this.status, {}),
    ]);
    return this.state();
  }

  // --- messages -------------------------------------------------------------------------------

  private registerHandlers(): void {
    setHandler(getTrajectoryStateQuery, () => this.state());
    setHandler(technicalStallSignal, (report) => {
      if (this.technicalStalls.report(report)) this.publishSearchAttributes();
    });
    setHandler(planMigrationQuery, (target) => this.planMigration(target));
    setHandler(
      migrateDefinitionUpdate,
      (target) => {
        this.pendingMigration = target;
        return this.planMigration(target);
      },
      {
        validator: (target) => {
          this.throwIfEnded();
          const refuse = (type: string, message: string, details?: unknown) =>
            ApplicationFailure.create({ type, message, nonRetryable: true, ...(details ? { details: [details] } : {}) });
          if (target.key !== this.definition.key) throw refuse(MigrationRejection.otherDefinition, `Definition ${target.key} is not ${this.definition.key}`);
          if (target.version <= this.definition.version) {
            throw refuse(MigrationRejection.notNewer, `Version ${target.version} is not newer than ${this.definition.version}`);
          }
          const plan = this.planMigration(target);
          if (!plan.movable) throw refuse(MigrationRejection.notMovable, `Cannot move to version ${target.version}: ${plan.blockers.map((blocker) => `${blocker.nodeId}: ${blocker.reason}`).join('; ')}`, plan);
        },
      },
    );
    setHandler(
      recordMilestoneUpdate,
      async (submission) => {
        this.acceptMilestone(submission);
        await this.settled();
        return this.state();
      },
      { validator: (submission) => this.throwIfRejected(this.milestoneProblem(submission)) },
    );
    setHandler(milestoneSignal, (submission) => {
      // Fire-and-forget senders get no answer; what does not fit now has no effect, and the signal
      // stays visible in the history.
      if (this.milestoneProblem(submission) === undefined) this.acceptMilestone(submission);
    });
    setHandler(
      correctFactsUpdate,
      async (correction) => {
        await this.correctFacts(correction);
        await this.settled();
        return this.state();
      },
      { validator: (correction) => this.throwIfRejected(this.correctionProblem(correction)) },
    );
    setHandler(
      cancelTrajectoryUpdate,
      async (cancellation) => {
        this.cancellation = cancellation;
        this.root.cancellation.cancel();
        await condition(() => this.endedAt !== null);
        return this.state();
      },
      {
        validator: (cancellation) => {
          this.throwIfEnded();
          if (!cancellation.reason?.trim()) {
            throw ApplicationFailure.create({ type: FactCorrectionRejection.missingReason, message: 'A cancellation needs a reason', nonRetryable: true });
          }
        },
      },
    );
  }

  private throwIfRejected(problem: ApplicationFailure | undefined): void {
    if (problem) throw problem;
  }

  private throwIfEnded(): void {
    if (this.status !== 'running' || this.cancellation) {
      throw ApplicationFailure.create({
        type: MilestoneRejection.trajectoryEnded,
        message: `The trajectory has ended (${this.cancellation ? 'cancelled' : this.status})`,
        nonRetryable: true,
      });
    }
  }

  /** Resolves once the trajectory is quiet again: every token parked or ended, every milestone processed. */
  private async settled(): Promise<void> {
    const clocksIdle = () => [...this.clocks.values()].every((record) => record.done || (!record.busy && record.seenRevision === this.revision));
    const ending = () => this.root.active === 0 && [...this.clocks.values()].every((record) => record.done);
    // When the last token and clock have ended, answer with the final state, not the one before it.
    await condition(() => this.work === 0 && clocksIdle() && (!ending() || this.endedAt !== null));
  }

  private milestoneProblem(submission: MilestoneSubmission): ApplicationFailure | undefined {
    if (this.appliedMilestoneIds.has(submission.milestoneId)) return undefined;
    if (this.status !== 'running' || this.cancellation) {
      return ApplicationFailure.create({ type: MilestoneRejection.trajectoryEnded, message: 'The trajectory has ended', nonRetryable: true });
    }
    if (!this.isKnownMilestone(submission.milestone)) {
      return ApplicationFailure.create({
        type: MilestoneRejection.unknownMilestone,
        message: `Milestone '${submission.milestone}' does not occur in definition ${this.definition.key} v${this.definition.version}`,
        nonRetryable: true,
      });
    }
    const waiter = this.openWaiterFor(submission.milestone);
    const clocks = this.runningClocksMovedBy(submission.milestone);
    if (!waiter && clocks.length === 0) {
      const expected = this.expectedMilestones();
      return ApplicationFailure.create({
        type: MilestoneRejection.notExpectedNow,
        message: `Milestone '${submission.milestone}' is not expected now; expected: ${expected.join(', ') || 'none'}`,
        details: [{ expected }],
        nonRetryable: true,
      });
    }
    if (waiter && waiter.listener.roles.length > 0 && !waiter.listener.roles.includes(submission.actor.role)) {
      return ApplicationFailure.create({
        type: MilestoneRejection.roleNotAllowed,
        message: `Role '${submission.actor.role}' may not report '${submission.milestone}'; allowed: ${waiter.listener.roles.join(', ')}`,
        nonRetryable: true,
      });
    }
    return this.payloadProblem(submission, waiter, clocks);
  }

  private payloadProblem(
    submission: MilestoneSubmission,
    waiter: MilestoneWaiter | undefined,
    clocks: readonly CompiledLegalClock[],
  ): ApplicationFailure | undefined {
    const invalid = (field: string, message: string) =>
      ApplicationFailure.create({ type: MilestoneRejection.invalidPayload, message, details: [{ field }], nonRetryable: true });
    if (submission.occurredOn !== undefined && !isValidCalendarDate(submission.occurredOn)) {
      return invalid('occurredOn', 'occurredOn must be a calendar date YYYY-MM-DD');
    }
    for (const [field, value] of Object.entries(submission.payload ?? {})) {
      if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
        return invalid(`payload.${field}`, `payload.${field} must be a string, number, boolean or null`);
      }
    }
    for (const clock of clocks) {
      const extension = clock.extendOn.find((candidate) => candidate.milestone === submission.milestone);
      const duration = extension ? submission.payload?.[extension.durationField] : undefined;
      if (extension && (typeof duration !== 'string' || !isValidDuration(duration))) {
        return invalid(`payload.${extension.durationField}`, `payload.${extension.durationField} must be an ISO 8601 duration such as P6M`);
      }
    }
    if (waiter) {
      try {
        evaluateOutput(waiter.listener.output, this.facts, this.definition.facts, { payload: submission.payload ?? null });
      } catch (error) {
        return invalid('payload', `payload does not fit the definition's output mapping: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return undefined;
  }

  private isKnownMilestone(milestone: string): boolean {
    const inNodes = Object.values(this.definition.nodes).some(
      (node) => (node.kind === 'milestoneWait' || node.kind === 'boundaryMilestone') && node.milestone === milestone,
    );
    return inNodes || this.definition.legalClocks.some((clock) => clockMilestoneNames(clock).includes(milestone));
  }

  private acceptMilestone(submission: MilestoneSubmission): void {
    if (this.appliedMilestoneIds.has(submission.milestoneId)) return;
    const waiter = this.openWaiterFor(submission.milestone);
    const clocks = this.runningClocksMovedBy(submission.milestone);
    if (!waiter && clocks.length === 0) return;
    this.appliedMilestoneIds.add(submission.milestoneId);
    if (clocks.length > 0) {
      this.clockMilestones.push({
        milestone: submission.milestone,
        on: submission.occurredOn ?? calendarDateInAmsterdam(workflowNow()),
        payload: submission.payload,
      });
      this.revision++;
    }
    if (waiter) {
      waiter.submission = submission;
      if (waiter.group) waiter.group.fired = true;
      // Counted as work until its waiter has recorded it and moved on.
      this.work++;
    } else {
      // Only clocks listen: record it here; the clocks recompute on the revision bump.
      this.work++;
      void this.recordMilestone(submission, null)
        .finally(() => this.work--)
        .catch(ignoreCancellation);
    }
  }

  private openWaiterFor(milestone: string): MilestoneWaiter | undefined {
    return this.waiters.find((waiter) => waiter.listener.milestone === milestone && !waiter.submission && !waiter.group?.fired);
  }

  private runningClocksMovedBy(milestone: string): CompiledLegalClock[] {
    return [...this.clocks.values()]
      .filter((record) => !record.done && record.view.status !== 'stopped' && clockMilestoneNames(record.clock).includes(milestone))
      .map((record) => record.clock);
  }

  private expectedMilestones(): string[] {
    const fromWaiters = this.waiters.filter((waiter) => !waiter.submission && !waiter.group?.fired).map((waiter) => waiter.listener.milestone);
    const fromClocks = [...this.clocks.values()].filter((record) => !record.done).flatMap((record) => clockMilestoneNames(record.clock));
    return [...new Set([...fromWaiters, ...fromClocks])];
  }

  private correctionProblem(correction: FactCorrection): ApplicationFailure | undefined {
    if (this.status !== 'running' || this.cancellation) {
      return ApplicationFailure.create({ type: MilestoneRejection.trajectoryEnded, message: 'The trajectory has ended', nonRetryable: true });
    }
    if (!correction.reason?.trim()) {
      return ApplicationFailure.create({ type: FactCorrectionRejection.missingReason, message: 'A correction needs a reason', nonRetryable: true });
    }
    for (const [name, value] of Object.entries(correction.facts)) {
      const declared = this.definition.facts.find((fact) => fact.name === name);
      if (!declared) {
        return ApplicationFailure.create({
          type: FactCorrectionRejection.unknownFact,
          message: `Definition ${this.definition.key} declares no fact '${name}'`,
          details: [{ field: name }],
          nonRetryable: true,
        });
      }
      const problem = factValueProblem(declared, value);
      if (problem) {
        return ApplicationFailure.create({
          type: FactCorrectionRejection.invalidFactValue,
          message: `Fact '${name}' ${problem}`,
          details: [{ field: name }],
          nonRetryable: true,
        });
      }
    }
    return undefined;
  }

  private async correctFacts(correction: FactCorrection): Promise<void> {
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [name, value] of Object.entries(correction.facts)) {
      if (this.facts[name] !== value) changes[name] = { from: this.facts[name] ?? null, to: value };
    }
    if (Object.keys(changes).length === 0) return;
    this.facts = { ...this.facts, ...correction.facts };
    // Timers and clocks computed from facts recompute on the next turn.
    this.revision++;
    this.work++;
    try {
      await this.record([
        this.event('facts.corrected', `facts#${this.revision}`, { changes, reason: correction.reason }, correction.actor),
      ]);
    } finally {
      this.work--;
    }
  }

  // --- tokens ---------------------------------------------------------------------------------

  /** Starts a token in `scope`'s cancellation context, whoever spawns it. */
  private spawnToken(nodeId: string, scope: Scope, resumedSince?: string): void {
    void scope.cancellation.run(() => this.runToken(nodeId, scope, resumedSince));
  }

  private async runToken(firstNodeId: string, scope: Scope, resumedSince?: string): Promise<void> {
    const token: Token = { id: this.nextTokenId++, scope, nodeId: firstNodeId, since: resumedSince ?? workflowNowIso(), resumedSince, parked: false };
    this.tokens.set(token.id, token);
    scope.active++;
    this.work++;
    try {
      let nodeId: string | undefined = firstNodeId;
      while (nodeId !== undefined) {
        token.nodeId = nodeId;
        token.since = token.resumedSince ?? workflowNowIso();
        nodeId = await this.enter(token, this.definition.nodes[nodeId], scope);
        token.resumedSince = undefined;
      }
    } catch (error) {
      if (!isCancellation(error)) throw error;
    } finally {
      this.tokens.delete(token.id);
      scope.active--;
      // Hand the work over to the waiting host in the same step, so an Update never sees a
      // quiet moment between a sub-process ending and its host moving on.
      if (scope.active === 0 && scope.owner) this.unpark(scope.owner);
      if (!token.parked) this.work--;
      this.publishSearchAttributes();
    }
  }

  private park(token: Token): void {
    if (token.parked) return;
    token.parked = true;
    this.work--;
  }

  private unpark(token: Token): void {
    if (!token.parked) return;
    token.parked = false;
    this.work++;
  }

  /** Performs a node and returns where this token goes next, or undefined when it ends here. */
  private async enter(token: Token, node: CompiledNode, scope: Scope): Promise<string | undefined> {
    this.nodeVisits.set(node.id, (this.nodeVisits.get(node.id) ?? 0) + 1);
    switch (node.kind) {
      case 'start':
        return this.follow(node, scope);
      case 'end':
        return undefined;
      case 'terminateEnd':
        scope.terminated = true;
        scope.cancellation.cancel();
        return undefined;
      case 'serviceTask':
        return this.withBoundaries(node, scope, token, () => this.runServiceTask(node));
      case 'milestoneWait':
        return this.withBoundaries(node, scope, token, () => this.waitForMilestone(token, node));
      case 'subProcess':
        return this.withBoundaries(node, scope, token, () => this.runSubProcess(token, node));
      case 'callActivity':
        return this.withBoundaries(node, scope, token, () => this.runCall(token, node));
      case 'timer':
        await this.waitForTimer(token, node.timer);
        return this.follow(node, scope);
      case 'exclusiveGateway':
        return this.chooseExclusive(node);
      case 'parallelGateway':
        return this.passParallel(node, scope);
      case 'eventBasedGateway':
        return this.awaitFirstEvent(token, node, scope);
      default:
        throw ApplicationFailure.create({
          type: 'UnsupportedNodeKind',
          message: `Node ${node.id} of kind ${node.kind} is not supported by this worker version`,
          nonRetryable: true,
        });
    }
  }

  /** The first outgoing flow's target; further outgoing flows start tokens of their own (an implicit split). */
  private follow(node: CompiledNode, scope: Scope): string | undefined {
    const [first, ...others] = node.outgoing.map((flowId) => this.definition.flows[flowId].target);
    for (const target of others) this.spawnToken(target, scope);
    return first;
  }

  /**
   * Runs a host node with its boundary events armed. An interrupting event that fires first
   * cancels the host; the token then leaves along the event's flow. Non-interrupting events start
   * tokens of their own while the host runs.
   */
  private async withBoundaries(node: CompiledNode, scope: Scope, token: Token, work: () => Promise<void>): Promise<string | undefined> {
    if (node.boundaryEventIds.length === 0) {
      await work();
      return this.follow(node, scope);
    }
    const host = new CancellationScope();
    const watchers = new CancellationScope();
    let interruptedBy: CompiledNode | undefined;
    const interrupt = (boundary: CompiledNode) => {
      if (interruptedBy) return;
      interruptedBy = boundary;
      host.cancel();
    };
    const hostDone = host.run(work);
    const boundaries = node.boundaryEventIds.map((id) => this.definition.nodes[id]);
    const arrivedAt = Date.parse(token.since);
    void watchers.run(() => Promise.all(boundaries.map((boundary) => this.watchBoundary(boundary, scope, arrivedAt, interrupt)))).catch(ignoreCancellation);
    try {
      await hostDone;
    } catch (error) {
      if (!(isCancellation(error) && interruptedBy)) throw error;
    } finally {
      watchers.cancel();
    }
    return interruptedBy ? this.follow(interruptedBy, scope) : this.follow(node, scope);
  }

  private async watchBoundary(boundary: CompiledNode, scope: Scope, arrivedAt: number, interrupt: (boundary: CompiledNode) => void): Promise<void> {
    if (boundary.kind === 'boundaryTimer') return this.watchBoundaryTimer(boundary, scope, arrivedAt, interrupt);
    if (boundary.kind === 'boundaryMilestone') return this.watchBoundaryMilestone(boundary, scope, interrupt);
  }

  private async watchBoundaryTimer(
    boundary: BoundaryTimerNode,
    scope: Scope,
    arrivedAt: number,
    interrupt: (boundary: CompiledNode) => void,
  ): Promise<void> {
    let due = this.dueInstant(boundary.timer, arrivedAt);
    await this.sleepUntil(due);
    if (boundary.interrupting) return interrupt(boundary);
    // A repeating reminder fires once, then `times` more times (or until the host ends). Firings
    // due before this run resumed happened in the previous run.
    for (let fired = 0; ; fired++) {
      if (due > this.resumedAt) this.startTokensAlong(boundary, scope);
      if (!boundary.repeat || (boundary.repeat.times !== null && fired >= boundary.repeat.times)) return;
      due = addToInstant(due, boundary.repeat.every);
      await this.sleepUntil(due);
    }
  }

  private async watchBoundaryMilestone(
    boundary: BoundaryMilestoneNode,
    scope: Scope,
    interrupt: (boundary: CompiledNode) => void,
  ): Promise<void> {
    for (;;) {
      const waiter = this.addWaiter(boundary);
      try {
        await condition(() => waiter.submission !== undefined);
      } finally {
        this.removeWaiter(waiter);
      }
      try {
        await this.recordMilestone(waiter.submission as MilestoneSubmission, waiter);
        if (boundary.interrupting) return interrupt(boundary);
        this.startTokensAlong(boundary, scope);
      } finally {
        this.work--;
      }
    }
  }

  private startTokensAlong(node: CompiledNode, scope: Scope): void {
    for (const flowId of node.outgoing) this.spawnToken(this.definition.flows[flowId].target, scope);
  }

  private async runServiceTask(node: ServiceTaskNode): Promise<void> {
    const activity = this.activityFor(node.activity, node.timeout, node.retry);
    const result = await activity({
      trajectoryId: this.input.trajectoryId,
      nodeId: node.id,
      idempotencyKey: `${this.keyPrefix}#${node.id}#${this.nodeVisits.get(node.id)}`,
      input: evaluateInput(node.input, this.facts, this.definition.facts),
    });
    this.applyOutput(evaluateOutput(node.output, this.facts, this.definition.facts, { result: result ?? null }));
  }

  private activityFor(name: string, timeout: string, retry: ServiceTaskNode['retry']): ServiceTaskActivity {
    const profile = RETRY_PROFILES[retry];
    const options: ActivityOptions = {
      startToCloseTimeout: exactDurationToMs(timeout),
      retry: {
        initialInterval: exactDurationToMs(profile.initialInterval),
        maximumInterval: exactDurationToMs(profile.maximumInterval),
        backoffCoefficient: profile.backoffCoefficient,
        // 0 means "until it works" (partners away for days); stall detection watches those.
        ...(profile.maximumAttempts > 0 ? { maximumAttempts: profile.maximumAttempts } : {}),
      },
    };
    const call = proxyActivities<Record<string, ServiceTaskActivity>>(options)[name];
    return (request) => this.watchForStalls(name, request.nodeId, call(request));
  }

  /** The same call, its technical stall cleared (and the search attributes updated) once it settles. */
  private watchForStalls<T>(activityType: string, nodeId: string | null, call: Promise<T>): Promise<T> {
    return this.technicalStalls.watch(activityType, nodeId, call, () => this.publishSearchAttributes());
  }

  private addWaiter(listener: MilestoneListener & { norm?: MilestoneWaitNode['norm'] }, token?: Token, group?: { fired: boolean }): MilestoneWaiter {
    const waiter: MilestoneWaiter = {
      listener,
      since: token?.since ?? workflowNowIso(),
      token,
      group,
      normDeadline: listener.norm ? normDeadline(listener.norm, this.facts, this.definition.facts) : null,
      overdue: false,
    };
    this.waiters.push(waiter);
    if (token) this.park(token);
    this.publishSearchAttributes();
    return waiter;
  }

  private removeWaiter(waiter: MilestoneWaiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) this.waiters.splice(index, 1);
  }

  private async waitForMilestone(token: Token, node: MilestoneWaitNode): Promise<void> {
    // Recorded before the wait opens, so the history always says "waiting" before "recorded".
    if (this.recordsWaitingEvents(token)) await this.recordWaiting(node);
    const waiter = this.addWaiter(node, token);
    try {
      await this.awaitSubmission(waiter);
    } finally {
      this.removeWaiter(waiter);
      // acceptMilestone counted the submission as work; from here the token itself carries it.
      if (waiter.submission) this.work--;
      this.unpark(token);
    }
    await this.recordMilestone(waiter.submission as MilestoneSubmission, waiter);
  }

  /** Waits for the waiter's milestone; past its norm, marks the trajectory stuck and keeps waiting. */
  private async awaitSubmission(waiter: MilestoneWaiter): Promise<void> {
    const submitted = () => waiter.submission !== undefined;
    if (waiter.normDeadline) {
      const overdueAt = startOfDayInAmsterdam(addToDate(waiter.normDeadline, 'P1D'));
      if (!(await condition(submitted, Math.max(1, overdueAt - workflowNow())))) {
        waiter.overdue = true;
        this.publishSearchAttributes();
      }
    }
    await condition(submitted);
  }

  private async recordMilestone(submission: MilestoneSubmission, waiter: MilestoneWaiter | null): Promise<void> {
    const recordedAt = workflowNowIso();
    const occurredOn = submission.occurredOn ?? calendarDateInAmsterdam(workflowNow());
    const nodeId = waiter?.listener.id ?? null;
    this.milestonesDone.push({
      milestone: submission.milestone,
      milestoneId: submission.milestoneId,
      nodeId: nodeId ?? 'legal-clock',
      occurredOn,
      recordedAt,
      actor: submission.actor,
    });
    if (waiter) this.applyOutput(evaluateOutput(waiter.listener.output, this.facts, this.definition.facts, { payload: submission.payload ?? null }));
    await this.record([
      this.event(
        'milestone.recorded',
        `milestone#${submission.milestoneId}`,
        {
          milestone: submission.milestone,
          milestoneId: submission.milestoneId,
          nodeId,
          occurredOn,
          ...(submission.payload ? { payload: submission.payload } : {}),
        },
        submission.actor,
        new Date(startOfDayInAmsterdam(occurredOn)).toISOString(),
      ),
    ]);
  }

  private async runSubProcess(token: Token, node: SubProcessNode): Promise<void> {
    const child: Scope = { cancellation: new CancellationScope(), active: 0, terminated: false, owner: token };
    this.park(token);
    try {
      await child.cancellation.run(async () => {
        this.spawnToken(node.startNodeId, child);
        await condition(() => child.active === 0);
      });
    } catch (error) {
      // A terminate end inside the sub-process ends only the sub-process.
      if (!(isCancellation(error) && child.terminated)) throw error;
    } finally {
      this.unpark(token);
    }
  }

  /**
   * Runs the called definition as a child workflow and waits for it to close. It starts with the
   * facts of this trajectory that it declares; when it ends, the facts it changed that this
   * definition declares come back.
   */
  private async runCall(token: Token, node: CallActivityNode): Promise<void> {
    const called = this.definition.calledDefinitions?.[calledDefinitionRef(node)];
    if (!called) {
      throw ApplicationFailure.create({
        type: 'CalledDefinitionMissing',
        message: `Node ${node.id} calls ${calledDefinitionRef(node)}, which was not compiled into definition ${this.definition.key} v${this.definition.version}`,
        nonRetryable: true,
      });
    }
    const visit = this.nodeVisits.get(node.id) ?? 1;
    // From the input, not workflowInfo(): a replay of a recorded history runs under another workflow id.
    const workflowId = `${this.input.calledFrom?.workflowId ?? this.input.trajectoryId}/${node.id}/${visit}`;
    const declared = new Set(called.facts.map((fact) => fact.name));
    const factsIn = Object.fromEntries(Object.entries(this.facts).filter(([name]) => declared.has(name)));
    const closed = executeChild<typeof legacyTrajectoryWorkflow>('trajectoryWorkflow', {
      workflowId,
      args: [
        {
          trajectoryId: this.input.trajectoryId,
          municipality: this.input.municipality,
          caseReference: this.input.caseReference,
          definition: called,
          facts: factsIn,
          startedBy: this.input.startedBy,
          calledFrom: { workflowId, nodeId: node.id, eventKeyPrefix: `${this.keyPrefix}#call#${node.id}#${visit}` },
        },
      ],
      // However this trajectory closes, the call is cancelled and its cancellation path runs…
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      // …and a cancelled call (this trajectory cancelled, or a boundary event) is waited for until it has run.
      cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
      typedSearchAttributes: [
        { key: WegwijsSearchAttributes.municipality, value: this.input.municipality },
        { key: WegwijsSearchAttributes.definitionKey, value: called.key },
        { key: WegwijsSearchAttributes.definitionVersion, value: called.version },
      ],
    });
    const call: RunningCall = {
      view: { nodeId: node.id, calledWorkflowId: workflowId, calledDefinition: { key: called.key, version: called.version }, since: token.since },
      closed,
    };
    this.calls.add(call);
    this.park(token);
    try {
      const result = await closed;
      // A call that closed after it was cancelled does not move the token on.
      if (CancellationScope.current().consideredCancelled) throw new CancelledFailure('the call was cancelled');
      const mine = new Set(this.definition.facts.map((fact) => fact.name));
      this.applyOutput(Object.fromEntries(Object.entries(result.facts).filter(([name, value]) => mine.has(name) && factsIn[name] !== value)));
    } finally {
      this.calls.delete(call);
      this.unpark(token);
    }
  }

  private async waitForTimer(token: Token, timer: TimerSpec): Promise<void> {
    const arrivedAt = Date.parse(token.since);
    this.park(token);
    try {
      // A date timer recomputes when facts are corrected; a duration counts from arrival.
      for (;;) {
        const seen = this.revision;
        const due = this.dueInstant(timer, arrivedAt);
        if (due <= workflowNow()) return;
        if (!(await condition(() => this.revision !== seen, due - workflowNow()))) return;
      }
    } finally {
      this.unpark(token);
    }
  }

  private dueInstant(timer: TimerSpec, from: number): number {
    return timer.type === 'duration'
      ? addToInstant(from, timer.duration)
      : startOfDayInAmsterdam(evaluateDate(timer.date, this.facts, this.definition.facts));
  }

  private async sleepUntil(instant: number): Promise<void> {
    const remaining = instant - workflowNow();
    if (remaining > 0) await condition(() => false, remaining);
  }

  private chooseExclusive(node: ExclusiveGatewayNode): string {
    for (const flowId of node.outgoing) {
      const flow = this.definition.flows[flowId];
      if (flow.isDefault) continue;
      // A flow without a condition out of a gateway used as a merge is always taken.
      if (flow.condition === null || evaluateCondition(flow.condition, this.facts, this.definition.facts)) return flow.target;
    }
    if (node.defaultFlowId !== null) return this.definition.flows[node.defaultFlowId].target;
    throw ApplicationFailure.create({
      type: 'NoGatewayFlowApplies',
      message: `No condition of gateway ${node.id} holds and it has no default flow`,
      nonRetryable: true,
    });
  }

  private passParallel(node: CompiledNode & { kind: 'parallelGateway' }, scope: Scope): string | undefined {
    if (node.incoming.length > 1) {
      const arrived = (this.joinArrivals.get(node.id) ?? 0) + 1;
      if (arrived < node.incoming.length) {
        this.joinArrivals.set(node.id, arrived);
        return undefined;
      }
      this.joinArrivals.delete(node.id);
    }
    return this.follow(node, scope);
  }

  /** Arms every branch (milestone waits and timers); the first to fire wins, the others are withdrawn. */
  private async awaitFirstEvent(token: Token, node: EventBasedGatewayNode, scope: Scope): Promise<string | undefined> {
    const branches = node.outgoing.map((flowId) => this.definition.nodes[this.definition.flows[flowId].target]);
    const group = { fired: false };
    if (this.recordsWaitingEvents(token)) for (const branch of branches) if (branch.kind === 'milestoneWait') await this.recordWaiting(branch);
    const arrivedAt = Date.parse(token.since);
    const waiters = branches.flatMap((branch) => (branch.kind === 'milestoneWait' ? [this.addWaiter(branch, undefined, group)] : []));
    const timers = branches.flatMap((branch) => (branch.kind === 'timer' ? [{ branch, due: this.dueInstant(branch.timer, arrivedAt) }] : []));
    this.park(token);
    let winner: CompiledNode | undefined;
    try {
      while (!winner) {
        const next = timers.reduce<(typeof timers)[number] | undefined>((earliest, timer) => (!earliest || timer.due < earliest.due ? timer : earliest), undefined);
        const fired = next ? await condition(() => group.fired, Math.max(1, next.due - workflowNow())) : (await condition(() => group.fired), true);
        if (fired) winner = waiters.find((waiter) => waiter.submission)?.listener as CompiledNode | undefined;
        else if (next && next.due <= workflowNow()) winner = next.branch;
      }
    } finally {
      for (const waiter of waiters) this.removeWaiter(waiter);
      this.unpark(token);
    }
    const won = waiters.find((waiter) => waiter.submission);
    if (won) {
      this.work--;
      token.nodeId = won.listener.id;
      await this.recordMilestone(won.submission as MilestoneSubmission, won);
    }
    return this.follow(winner, scope);
  }

  private applyOutput(values: Record<string, FactValue>): void {
    if (Object.keys(values).length > 0) this.facts = { ...this.facts, ...values };
  }

  // --- legal clocks ---------------------------------------------------------------------------

  private async runClock(
    clock: CompiledLegalClock,
    firedBefore: ReadonlyArray<{ before: string; on: string; late: boolean }>,
    expiredBefore: boolean,
  ): Promise<void> {
    const fired: Array<{ before: string; on: string; late: boolean }> = [...firedBefore];
    const record: ClockRecord = { clock, view: this.clockView(clock, fired, expiredBefore), done: expiredBefore, seenRevision: -1, busy: !expiredBefore };
    this.clocks.set(clock.id, record);
    if (expiredBefore) return;
    let previous = record.view;
    if (!this.input.resume) {
      await this.record([
        this.event('clock.started', `clock#${clock.id}#started`, {
          clockId: clock.id,
          name: clock.name,
          startDate: previous.startDate,
          deadline: previous.deadline,
          warnings: clock.warnings,
        }),
      ]);
    }
    try {
      for (;;) {
        const seen = this.revision;
        record.busy = true;
        const view = this.clockView(clock, fired, false);
        record.view = view;
        await this.recordClockChange(clock, previous, view);
        previous = view;
        this.publishSearchAttributes();
        if (view.status === 'stopped') return;
        if (view.status === 'suspended') {
          this.clockIdle(record, seen);
          await condition(() => this.revision !== seen);
          continue;
        }
        const today = calendarDateInAmsterdam(workflowNow());
        const state = computeLegalClock(clock, view.startDate, this.clockMilestones);
        for (const warning of state.warnings) {
          if (warning.on > today || fired.some((done) => done.before === warning.before)) continue;
          const late = warning.on < this.startedOn;
          fired.push({ ...warning, late });
          await this.notifyClock(clock, state.deadline, { before: warning.before, late });
        }
        if (state.deadline < today) {
          record.view = this.clockView(clock, fired, true);
          await this.notifyClock(clock, state.deadline, null);
          this.publishSearchAttributes();
          return;
        }
        const dueDates = [...state.warnings.filter((warning) => !fired.some((done) => done.before === warning.before)).map((warning) => warning.on), addToDate(state.deadline, 'P1D')];
        const nextDue = Math.min(...dueDates.map(startOfDayInAmsterdam));
        this.clockIdle(record, seen);
        await condition(() => this.revision !== seen, Math.max(1, nextDue - workflowNow()));
      }
    } finally {
      record.done = true;
      record.busy = false;
    }
  }

  private clockIdle(record: ClockRecord, revision: number): void {
    record.seenRevision = revision;
    record.busy = false;
  }

  private clockView(clock: CompiledLegalClock, fired: LegalClockView['warningsFired'], expired: boolean): LegalClockView {
    const startDate = evaluateDate(clock.start, this.facts, this.definition.facts);
    const state = computeLegalClock(clock, startDate, this.clockMilestones);
    const pending = state.warnings.filter((warning) => !fired.some((done) => done.before === warning.before));
    return {
      clockId: clock.id,
      name: clock.name,
      status: expired ? 'expired' : state.status,
      startDate,
      deadline: state.deadline,
      nextWarning: state.status === 'running' && !expired && pending.length > 0 ? pending[0] : null,
      warningsFired: [...fired],
    };
  }

  private async recordClockChange(clock: CompiledLegalClock, before: LegalClockView, after: LegalClockView): Promise<void> {
    const last = this.clockMilestones[this.clockMilestones.length - 1];
    const milestone = last?.milestone ?? '';
    // The provision a clock change rests on belongs in its own event, not only in the milestone's.
    // Only an activity's input changes, so replaying older histories is unaffected.
    const basis = typeof last?.payload?.legalBasis === 'string' ? { legalBasis: last.payload.legalBasis } : {};
    const key = `clock#${clock.id}#${this.clockMilestones.length}`;
    if (after.status === 'stopped' && before.status !== 'stopped') {
      await this.record([this.event('clock.stopped', `${key}#stopped`, { clockId: clock.id, milestone, ...basis })]);
    } else if (after.status === 'suspended' && before.status !== 'suspended') {
      await this.record([this.event('clock.suspended', `${key}#suspended`, { clockId: clock.id, milestone, ...basis })]);
    } else if (after.status === 'running' && before.status === 'suspended') {
      await this.record([this.event('clock.resumed', `${key}#resumed`, { clockId: clock.id, milestone, deadline: after.deadline, ...basis })]);
    } else if (after.deadline !== before.deadline) {
      await this.record([
        this.event('clock.extended', `${key}#moved`, { clockId: clock.id, milestone, from: before.deadline, deadline: after.deadline, ...basis }),
      ]);
    }
  }

  /** A warning at one of the clock's offsets, or (no warning) the deadline passing. */
  private async notifyClock(clock: CompiledLegalClock, deadline: string, warning: { readonly before: string; readonly late: boolean } | null): Promise<void> {
    const suffix = warning ? `warning#${warning.before}` : 'deadline';
    await this.record([
      warning
        ? this.event('clock.warning', `clock#${clock.id}#${suffix}`, { clockId: clock.id, offset: warning.before, deadline, late: warning.late })
        : this.event('clock.expired', `clock#${clock.id}#${suffix}`, { clockId: clock.id, deadline }),
    ]);
    if (!clock.notifyActivity) return;
    await this.activityFor(clock.notifyActivity, 'PT1M', 'standard')({
      trajectoryId: this.input.trajectoryId,
      nodeId: clock.id,
      idempotencyKey: `${this.keyPrefix}#clock#${clock.id}#${suffix}`,
      input: { clockId: clock.id, kind: warning ? 'warning' : 'deadline', deadline, before: warning?.before ?? null, late: warning?.late ?? false },
    });
  }

  /**
   * Workflow-code changes that add commands are patched, so trajectories that started on older
   * worker code replay as they ran (test/fixtures/histories holds such histories).
   */
  private static readonly PATCH_WAITING_EVENTS = 'wegwijs-2026-11-trajectory-waiting-events';

  /** Checked without awaiting, so older histories see their commands in the order they were made. */
  private recordsWaitingEvents(token: Token): boolean {
    return !token.resumedSince && patched(TrajectoryRun.PATCH_WAITING_EVENTS);
  }

  private async recordWaiting(node: MilestoneWaitNode): Promise<void> {
    const normDeadlineDate = node.norm ? normDeadline(node.norm, this.facts, this.definition.facts) : undefined;
    await this.record([
      this.event('trajectory.waiting', `waiting#${node.id}#${this.nodeVisits.get(node.id) ?? 1}`, {
        nodeId: node.id,
        milestone: node.milestone,
        ...(node.name ? { nodeName: node.name } : {}),
        ...(normDeadlineDate ? { normDeadline: normDeadlineDate } : {}),
      }),
    ]);
  }

  /** The definition's own cancellation path (e.g. the handover to the new municipality), in order. */
  private async runCancellationSteps(): Promise<void> {
    for (const step of this.definition.onCancellation ?? []) {
      await this.activityFor(step.activity, step.timeout, step.retry)({
        trajectoryId: this.input.trajectoryId,
        nodeId: step.id,
        idempotencyKey: `${this.keyPrefix}#cancellation#${step.id}`,
        input: evaluateInput(step.input, this.facts, this.definition.facts),
      });
    }
  }

  // --- continue-as-new ------------------------------------------------------------------------

  /** Kinds of node a token can be re-entered at in a new run without repeating any effect. */
  private static readonly RESUMABLE_KINDS = new Set(['milestoneWait', 'timer', 'eventBasedGateway']);

  /**
   * Whether the history is long enough to start afresh, and the trajectory quiet enough to do it:
   * no work in flight, every token parked at the top level where it can simply wait again.
   */
  private readyToContinueAsNew(): boolean {
    const info = workflowInfo();
    const long = this.input.continueAsNewAfterEvents !== undefined ? info.historyLength >= this.input.continueAsNewAfterEvents : info.continueAsNewSuggested;
    if (!(long || this.pendingMigration) || this.work !== 0 || this.cancellation) return false;
    if (![...this.clocks.values()].every((record) => record.done || (!record.busy && record.seenRevision === this.revision))) return false;
    return [...this.tokens.values()].every(
      (token) => token.parked && token.scope === this.root && TrajectoryRun.RESUMABLE_KINDS.has(this.definition.nodes[token.nodeId].kind),
    );
  }

  /**
   * The dry run of a migration: which waiting tokens have no place in the target version, and
   * which dates would move — clock deadlines and warnings, norms of open waits, date timers.
   */
  private planMigration(target: CompiledDefinition): MigrationPlan {
    const blockers: Array<{ nodeId: string; reason: string }> = [];
    const shifts: Array<{ what: string; from: string | null; to: string | null }> = [];
    const dateOf = (compute: () => string | null): string | null => {
      try {
        return compute();
      } catch {
        return null;
      }
    };
    for (const token of this.tokens.values()) {
      const here = this.definition.nodes[token.nodeId];
      const there = target.nodes[token.nodeId];
      if (!there || there.kind !== here.kind) {
        blockers.push({ nodeId: token.nodeId, reason: there ? `is a ${there.kind} in version ${target.version}, not a ${here.kind}` : `does not exist in version ${target.version}` });
      } else if (token.scope !== this.root) {
        blockers.push({ nodeId: token.nodeId, reason: 'waits inside a sub-process; the move happens once the sub-process has ended' });
      }
      if (here.kind === 'milestoneWait' && there?.kind === 'milestoneWait') {
        const before = here.norm ? dateOf(() => normDeadline(here.norm!, this.facts, this.definition.facts)) : null;
        const after = there.norm ? dateOf(() => normDeadline(there.norm!, this.facts, target.facts)) : null;
        if (before !== after) shifts.push({ what: `norm of ${token.nodeId}`, from: before, to: after });
      }
      if (here.kind === 'timer' && there?.kind === 'timer') {
        const due = (timer: TimerSpec, facts: CompiledDefinition['facts']) =>
          dateOf(() => calendarDateInAmsterdam(timer.type === 'duration' ? addToInstant(Date.parse(token.since), timer.duration) : startOfDayInAmsterdam(evaluateDate(timer.date, this.facts, facts))));
        const before = due(here.timer, this.definition.facts);
        const after = due(there.timer, target.facts);
        if (before !== after) shifts.push({ what: `timer ${token.nodeId}`, from: before, to: after });
      }
    }
    const clocks = new Set([...this.definition.legalClocks.map((clock) => clock.id), ...target.legalClocks.map((clock) => clock.id)]);
    for (const clockId of clocks) {
      const view = (definition: CompiledDefinition) => {
        const clock = definition.legalClocks.find((candidate) => candidate.id === clockId);
        if (!clock) return null;
        try {
          return computeLegalClock(clock, evaluateDate(clock.start, this.facts, definition.facts), this.clockMilestones);
        } catch {
          // A clock whose start the facts cannot compute under that version: it has no deadline there.
          return null;
        }
      };
      const before = view(this.definition);
      const after = view(target);
      if (before?.deadline !== after?.deadline) shifts.push({ what: `deadline of ${clockId}`, from: before?.deadline ?? null, to: after?.deadline ?? null });
      const warningDates = (state: typeof before) => new Map((state?.warnings ?? []).map((warning) => [warning.before, warning.on]));
      const beforeWarnings = warningDates(before);
      const afterWarnings = warningDates(after);
      for (const offset of new Set([...beforeWarnings.keys(), ...afterWarnings.keys()])) {
        if (beforeWarnings.get(offset) !== afterWarnings.get(offset)) {
          shifts.push({ what: `${offset} warning of ${clockId}`, from: beforeWarnings.get(offset) ?? null, to: afterWarnings.get(offset) ?? null });
        }
      }
    }
    return {
      trajectoryId: this.input.trajectoryId,
      from: { key: this.definition.key, version: this.definition.version },
      to: { key: target.key, version: target.version },
      movable: blockers.every((blocker) => blocker.reason.startsWith('waits inside a sub-process')),
      blockers,
      shifts,
    };
  }

  private snapshot(): TrajectorySnapshot {
    return {
      startedAt: this.startedAt,
      startedOn: this.startedOn,
      facts: this.facts,
      milestonesDone: this.milestonesDone,
      appliedMilestoneIds: [...this.appliedMilestoneIds],
      clockMilestones: this.clockMilestones as TrajectorySnapshot['clockMilestones'],
      clocksFired: Object.fromEntries([...this.clocks.values()].map((record) => [record.clock.id, record.view.warningsFired])),
      clocksExpired: [...this.clocks.values()].filter((record) => record.view.status === 'expired').map((record) => record.clock.id),
      joinArrivals: Object.fromEntries(this.joinArrivals),
      nodeVisits: Object.fromEntries(this.nodeVisits),
      nextTokenId: this.nextTokenId,
      revision: this.revision,
      tokens: [...this.tokens.values()].sort((a, b) => a.id - b.id).map((token) => ({ nodeId: token.nodeId, since: token.since })),
      run: (this.input.resume?.run ?? 0) + 1,
    };
  }

  // --- events, search attributes and state ----------------------------------------------------

  /** An event of the engine's catalogue (libs/domain), so what is written is what readers expect. */
  private event<T extends EngineEventType>(
    type: T,
    keySuffix: string,
    payload: EngineEventPayloads[T],
    actor: EventActor = SYSTEM_ACTOR,
    businessTime: string = workflowNowIso(),
  ): EventToRecord {
    return { type, schemaVersion: EVENT_SCHEMA_VERSION, payload, actor, businessTime, idempotencyKey: `${this.keyPrefix}#${keySuffix}` };
  }

  private async record(events: EventToRecord[]): Promise<void> {
    await this.watchForStalls('recordTrajectoryEvents', null, engine.recordTrajectoryEvents({ trajectoryId: this.input.trajectoryId, events }));
  }

  private openWaiters(): MilestoneWaiter[] {
    return this.waiters.filter((waiter) => !waiter.submission && !waiter.group?.fired);
  }

  private phase(): string | null {
    const longest = [...this.tokens.values()].sort((a, b) => a.since.localeCompare(b.since) || a.id - b.id)[0];
    if (!longest) return null;
    let node = this.definition.nodes[longest.nodeId];
    while (node.parentId !== null) node = this.definition.nodes[node.parentId];
    return node.name ?? node.id;
  }

  /** Keeps the supervisors' search attributes current; upserts only what changed (small histories). */
  private publishSearchAttributes(): void {
    const open = this.openWaiters();
    const running = [...this.clocks.values()].filter((record) => record.view.status === 'running' || record.view.status === 'suspended');
    const deadlines = [
      ...running.map((record) => record.view.deadline),
      ...open.flatMap((waiter) => (waiter.normDeadline ? [waiter.normDeadline] : [])),
    ].sort();
    const since = open.map((waiter) => waiter.since).sort()[0];
    const technicalStalls = this.technicalStalls.views();
    const pairs: SearchAttributeUpdatePair[] = [
      { key: WegwijsSearchAttributes.status, value: this.status },
      { key: WegwijsSearchAttributes.phase, value: this.phase() ?? (this.status === 'running' ? 'waiting for legal clocks' : this.status) },
      { key: WegwijsSearchAttributes.waitingOn, value: [...new Set(open.map((waiter) => waiter.listener.milestone))].sort() },
      { key: WegwijsSearchAttributes.stuck, value: technicalStalls.length > 0 || open.some((waiter) => waiter.overdue) },
      ...this.stallAttributes(technicalStalls, stuckReasons(open)),
    ];
    if (since) pairs.push({ key: WegwijsSearchAttributes.waitingSince, value: new Date(since) });
    // The start set the version; a migrated trajectory says which version it runs now.
    if (this.input.resume?.migratedFrom) pairs.push({ key: WegwijsSearchAttributes.definitionVersion, value: this.definition.version });
    if (deadlines[0]) pairs.push({ key: WegwijsSearchAttributes.nextDeadline, value: new Date(startOfDayInAmsterdam(deadlines[0])) });
    // Removals are left out: they follow from a change the fingerprint already sees.
    const fingerprint = JSON.stringify(pairs.filter((pair) => pair.value !== null).map((pair) => [pair.key.name, pair.value]));
    if (fingerprint === this.lastSearchAttributes) return;
    this.lastSearchAttributes = fingerprint;
    upsertSearchAttributes(pairs);
  }

  /**
   * WegwijsStuckReason holds the most pressing reason: a technical stall first (someone can act on
   * it now), the one failing longest; else the overdue wait that has waited longest. The state
   * query lists them all. WegwijsFailingActivities names the failing activity types. Both are set
   * only once something is stuck, so histories of trajectories that never were stay as they were,
   * and removed when nothing is stuck any more.
   */
  private stallAttributes(technicalStalls: readonly { reason: string }[], businessReasons: readonly string[]): SearchAttributeUpdatePair[] {
    const pairs: SearchAttributeUpdatePair[] = [];
    const current = workflowInfo().typedSearchAttributes;
    const [reason] = [...technicalStalls.map((stall) => stall.reason), ...businessReasons];
    if (reason) pairs.push({ key: WegwijsSearchAttributes.stuckReason, value: reason });
    // Trajectories that ran before the reason was removed kept it: they replay as they ran.
    else if (current.get(WegwijsSearchAttributes.stuckReason) !== undefined && patched(TrajectoryRun.PATCH_CLEAR_STUCK_REASON)) {
      pairs.push({ key: WegwijsSearchAttributes.stuckReason, value: null });
    }
    const failing = this.technicalStalls.failingActivities();
    if (failing.length > 0) pairs.push({ key: WegwijsSearchAttributes.failingActivities, value: failing });
    else if (current.get(WegwijsSearchAttributes.failingActivities) !== undefined) pairs.push({ key: WegwijsSearchAttributes.failingActivities, value: null });
    return pairs;
  }

  private static readonly PATCH_CLEAR_STUCK_REASON = 'wegwijs-2026-11-clear-stuck-reason';

  private state(): TrajectoryState {
    const activeNodes: ActiveNodeView[] = [...this.tokens.values()].map((token) => {
      const node = this.definition.nodes[token.nodeId];
      return { nodeId: node.id, kind: node.kind, name: node.name, since: token.since };
    });
    const milestoneWaits: WaitingMilestoneView[] = this.openWaiters().map((waiter) => ({
      milestone: waiter.listener.milestone,
      nodeId: waiter.listener.id,
      roles: waiter.listener.roles,
      since: waiter.since,
      normDeadline: waiter.normDeadline,
      overdue: waiter.overdue,
      stuckReason: waiter.overdue ? stuckReason(waiter) : null,
    }));
    const waitingOn = [...milestoneWaits, ...[...this.calls].map((call) => call.view)];
    return {
      trajectoryId: this.input.trajectoryId,
      municipality: this.input.municipality,
      definition: { key: this.definition.key, version: this.definition.version, contentHash: this.definition.contentHash },
      status: this.status,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      activeNodes,
      waitingOn,
      technicalStalls: this.technicalStalls.views(),
      facts: this.facts as Facts,
      milestonesDone: [...this.milestonesDone],
      clocks: [...this.clocks.values()].map((record) => record.view),
      phase: this.phase(),
      cancellation: this.cancellation,
    };
  }
}

function stuckReason(waiter: MilestoneWaiter): string {
  const norm = (waiter.listener as { norm?: MilestoneWaitNode['norm'] }).norm;
  return `waiting for ${waiter.listener.milestone} past its norm${norm?.description ? ` (${norm.description})` : ''}, due ${waiter.normDeadline}`;
}

/** The reasons of the overdue waits, longest waiting first. */
function stuckReasons(open: readonly MilestoneWaiter[]): string[] {
  return open.filter((waiter) => waiter.overdue).sort((a, b) => a.since.localeCompare(b.since)).map(stuckReason);
}

/** For strands started with `void`: a cancellation is how they end; anything else fails the task. */
function ignoreCancellation(error: unknown): void {
  if (!isCancellation(error)) throw error;
}

function clockMilestoneNames(clock: CompiledLegalClock): string[] {
  return [...clock.suspendOn, ...clock.resumeOn, ...clock.extendOn.map((extension) => extension.milestone), ...clock.stopOn];
}

/**
 * The trajectory workflow: one run per person, interpreting a compiled definition. Tokens move
 * through the definition's nodes; each token is an async strand, so parallel branches simply run
 * side by side and everything stays deterministic under replay.
 */
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  type ActivityOptions,
} from '@temporalio/workflow';
import {
  evaluateCondition,
  evaluateDate,
  evaluateInput,
  evaluateOutput,
  RETRY_PROFILES,
  startOfDayInAmsterdam,
  addToInstant,
  type CompiledDefinition,
  type CompiledNode,
  type Facts,
  type FactValue,
  type MilestoneWaitNode,
  type ServiceTaskNode,
  type TimerSpec,
} from '@wegwijs/definitions/runtime';
import type { EngineActivities, EventToRecord, ServiceTaskActivity } from '@wegwijs/domain';
import { workflowNow, workflowNowIso } from '../workflow-clock';
import { exactDurationToMs } from './durations';
import {
  getTrajectoryStateQuery,
  MilestoneRejection,
  milestoneSignal,
  recordMilestoneUpdate,
  type ActiveNodeView,
  type MilestoneSubmission,
  type RecordedMilestoneView,
  type StartTrajectoryInput,
  type TrajectoryState,
  type TrajectoryStatus,
  type WaitingMilestoneView,
} from './trajectory.messages';

const EVENT_SCHEMA_VERSION = 1;

const engine = proxyActivities<EngineActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});

/** A person's milestone that a waiting token has taken, or is about to. */
interface MilestoneWaiter {
  readonly tokenId: number;
  readonly node: MilestoneWaitNode;
  readonly since: string;
  submission?: MilestoneSubmission;
}

interface Token {
  readonly id: number;
  nodeId: string;
  since: string;
}

export async function trajectoryWorkflow(input: StartTrajectoryInput): Promise<TrajectoryState> {
  const run = new TrajectoryRun(input);
  return run.execute();
}

class TrajectoryRun {
  private readonly definition: CompiledDefinition;
  private facts: Record<string, FactValue>;
  private status: TrajectoryStatus = 'running';
  private readonly startedAt = workflowNowIso();
  private endedAt: string | null = null;
  private readonly tokens = new Map<number, Token>();
  private nextTokenId = 1;
  /** Tokens currently moving (not parked at a wait); an Update answers once this is zero. */
  private tokensInTransit = 0;
  private readonly waiters: MilestoneWaiter[] = [];
  private readonly milestonesDone: RecordedMilestoneView[] = [];
  private readonly appliedMilestoneIds = new Set<string>();
  /** Arrivals per parallel join, so the join fires once every incoming branch is in. */
  private readonly joinArrivals = new Map<string, number>();
  private readonly nodeVisits = new Map<string, number>();
  private readonly scope = new CancellationScope();

  constructor(private readonly input: StartTrajectoryInput) {
    this.definition = input.definition;
    this.facts = { ...input.facts };
  }

  async execute(): Promise<TrajectoryState> {
    this.registerHandlers();
    await this.record([
      this.event('trajectory.started', `started`, {
        definitionKey: this.definition.key,
        definitionVersion: this.definition.version,
        contentHash: this.definition.contentHash,
        municipality: this.input.municipality,
        caseReference: this.input.caseReference,
      }, this.input.startedBy),
    ]);

    try {
      await this.scope.run(() => this.runToken(this.definition.startNodeId));
    } catch (error) {
      // A terminate end cancels every other token; that is an ending, not a failure.
      if (!(isCancellation(error) && this.status === 'terminated')) throw error;
    }
    this.endedAt = workflowNowIso();
    if (this.status === 'running') this.status = 'completed';
    await this.record([this.event(`trajectory.${this.status}`, this.status, {})]);
    return this.state();
  }

  // --- messages -------------------------------------------------------------------------------

  private registerHandlers(): void {
    setHandler(getTrajectoryStateQuery, () => this.state());
    setHandler(
      recordMilestoneUpdate,
      async (submission) => {
        this.acceptMilestone(submission);
        // Answer with the state once the trajectory has settled: every token parked again, or
        // the run finished (then the answer already says so).
        await condition(() => this.tokensInTransit === 0 && (this.tokens.size > 0 || this.status !== 'running'));
        return this.state();
      },
      { validator: (submission) => this.validateMilestone(submission) },
    );
    setHandler(milestoneSignal, (submission) => {
      // Fire-and-forget senders get no answer; what does not fit now is dropped, and the
      // rejection is visible in the history as a signal without effect.
      if (this.milestoneProblem(submission) === undefined) this.acceptMilestone(submission);
    });
  }

  /** Runs before anything enters the history; a throw rejects the Update. */
  private validateMilestone(submission: MilestoneSubmission): void {
    const problem = this.milestoneProblem(submission);
    if (problem) throw problem;
  }

  private milestoneProblem(submission: MilestoneSubmission): ApplicationFailure | undefined {
    if (this.appliedMilestoneIds.has(submission.milestoneId)) return undefined;
    const known = Object.values(this.definition.nodes).some(
      (node) => (node.kind === 'milestoneWait' || node.kind === 'boundaryMilestone') && node.milestone === submission.milestone,
    );
    if (!known) {
      return ApplicationFailure.create({
        type: MilestoneRejection.unknownMilestone,
        message: `Milestone '${submission.milestone}' does not occur in definition ${this.definition.key} v${this.definition.version}`,
        nonRetryable: true,
      });
    }
    const waiter = this.openWaiterFor(submission.milestone);
    if (!waiter) {
      const expected = this.expectedMilestones();
      return ApplicationFailure.create({
        type: MilestoneRejection.notExpectedNow,
        message: `Milestone '${submission.milestone}' is not expected now; expected: ${expected.join(', ') || 'none'}`,
        details: [{ expected }],
        nonRetryable: true,
      });
    }
    if (waiter.node.roles.length > 0 && !waiter.node.roles.includes(submission.actor.role)) {
      return ApplicationFailure.create({
        type: MilestoneRejection.roleNotAllowed,
        message: `Role '${submission.actor.role}' may not report '${submission.milestone}'; allowed: ${waiter.node.roles.join(', ')}`,
        nonRetryable: true,
      });
    }
    if (submission.occurredOn !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(submission.occurredOn)) {
      return ApplicationFailure.create({
        type: MilestoneRejection.invalidPayload,
        message: `occurredOn must be a calendar date YYYY-MM-DD`,
        details: [{ field: 'occurredOn' }],
        nonRetryable: true,
      });
    }
    return undefined;
  }

  private acceptMilestone(submission: MilestoneSubmission): void {
    if (this.appliedMilestoneIds.has(submission.milestoneId)) return;
    const waiter = this.openWaiterFor(submission.milestone);
    if (!waiter) return;
    this.appliedMilestoneIds.add(submission.milestoneId);
    waiter.submission = submission;
    // The waiting token resumes in its own strand; count it in transit from now on so that the
    // Update answers only after the token has moved on.
    this.tokensInTransit++;
  }

  private openWaiterFor(milestone: string): MilestoneWaiter | undefined {
    return this.waiters.find((waiter) => waiter.node.milestone === milestone && !waiter.submission);
  }

  private expectedMilestones(): string[] {
    return [...new Set(this.waiters.filter((waiter) => !waiter.submission).map((waiter) => waiter.node.milestone))];
  }

  // --- tokens ---------------------------------------------------------------------------------

  private async runToken(firstNodeId: string): Promise<void> {
    const token: Token = { id: this.nextTokenId++, nodeId: firstNodeId, since: workflowNowIso() };
    this.tokens.set(token.id, token);
    this.tokensInTransit++;
    try {
      let nodeId: string | undefined = firstNodeId;
      while (nodeId !== undefined) {
        token.nodeId = nodeId;
        token.since = workflowNowIso();
        nodeId = await this.enter(token, this.definition.nodes[nodeId]);
      }
    } finally {
      this.tokens.delete(token.id);
      this.tokensInTransit--;
    }
  }

  /** Performs a node and returns where this token goes next, or undefined when it ends here. */
  private async enter(token: Token, node: CompiledNode): Promise<string | undefined> {
    this.nodeVisits.set(node.id, (this.nodeVisits.get(node.id) ?? 0) + 1);
    switch (node.kind) {
      case 'start':
        return this.follow(node);
      case 'end':
        return undefined;
      case 'terminateEnd':
        this.status = 'terminated';
        this.scope.cancel();
        return undefined;
      case 'serviceTask':
        await this.runServiceTask(node);
        return this.follow(node);
      case 'milestoneWait':
        await this.waitForMilestone(token, node);
        return this.follow(node);
      case 'timer':
        await this.waitForTimer(node.timer);
        return this.follow(node);
      case 'exclusiveGateway':
        return this.chooseExclusive(node);
      case 'parallelGateway':
        return this.passParallel(node);
      default:
        throw ApplicationFailure.create({
          type: 'UnsupportedNodeKind',
          message: `Node ${node.id} of kind ${node.kind} is not supported by this worker version`,
          nonRetryable: true,
        });
    }
  }

  private follow(node: CompiledNode): string | undefined {
    const [flowId] = node.outgoing;
    return flowId === undefined ? undefined : this.definition.flows[flowId].target;
  }

  private async runServiceTask(node: ServiceTaskNode): Promise<void> {
    const activity = this.activityFor(node);
    const result = await activity({
      trajectoryId: this.input.trajectoryId,
      nodeId: node.id,
      idempotencyKey: `${this.input.trajectoryId}#${node.id}#${this.nodeVisits.get(node.id)}`,
      input: evaluateInput(node.input, this.facts, this.definition.facts),
    });
    this.applyOutput(evaluateOutput(node.output, this.facts, this.definition.facts, { result: result ?? null }));
  }

  private activityFor(node: ServiceTaskNode): ServiceTaskActivity {
    const profile = RETRY_PROFILES[node.retry];
    const options: ActivityOptions = {
      startToCloseTimeout: exactDurationToMs(node.timeout),
      retry: {
        initialInterval: exactDurationToMs(profile.initialInterval),
        maximumInterval: exactDurationToMs(profile.maximumInterval),
        backoffCoefficient: profile.backoffCoefficient,
        maximumAttempts: profile.maximumAttempts,
      },
    };
    const activities = proxyActivities<Record<string, ServiceTaskActivity>>(options);
    return activities[node.activity];
  }

  private async waitForMilestone(token: Token, node: MilestoneWaitNode): Promise<void> {
    const waiter: MilestoneWaiter = { tokenId: token.id, node, since: token.since };
    this.waiters.push(waiter);
    this.tokensInTransit--;
    try {
      await condition(() => waiter.submission !== undefined);
    } finally {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
    }
    // acceptMilestone counted this token back in transit.
    const submission = waiter.submission as MilestoneSubmission;
    const recordedAt = workflowNowIso();
    const occurredOn = submission.occurredOn ?? recordedAt.slice(0, 10);
    this.milestonesDone.push({
      milestone: submission.milestone,
      milestoneId: submission.milestoneId,
      nodeId: node.id,
      occurredOn,
      recordedAt,
      actor: submission.actor,
    });
    this.applyOutput(evaluateOutput(node.output, this.facts, this.definition.facts, { payload: submission.payload ?? null }));
    await this.record([
      this.event(
        'milestone.recorded',
        `milestone#${submission.milestoneId}`,
        { milestone: submission.milestone, milestoneId: submission.milestoneId, nodeId: node.id, occurredOn },
        submission.actor,
        startOfDayInAmsterdamIso(occurredOn),
      ),
    ]);
  }

  private async waitForTimer(timer: TimerSpec): Promise<void> {
    const now = workflowNow();
    const due =
      timer.type === 'duration'
        ? addToInstant(now, timer.duration)
        : startOfDayInAmsterdam(evaluateDate(timer.date, this.facts, this.definition.facts));
    const tokensParked = 1;
    this.tokensInTransit -= tokensParked;
    try {
      if (due > now) await sleep(due - now);
    } finally {
      this.tokensInTransit += tokensParked;
    }
  }

  private chooseExclusive(node: CompiledNode & { kind: 'exclusiveGateway' }): string {
    for (const flowId of node.outgoing) {
      const flow = this.definition.flows[flowId];
      if (flow.condition !== null && evaluateCondition(flow.condition, this.facts, this.definition.facts)) return flow.target;
    }
    if (node.defaultFlowId !== null) return this.definition.flows[node.defaultFlowId].target;
    throw ApplicationFailure.create({
      type: 'NoGatewayFlowApplies',
      message: `No condition of gateway ${node.id} holds and it has no default flow`,
      nonRetryable: true,
    });
  }

  private passParallel(node: CompiledNode & { kind: 'parallelGateway' }): string | undefined {
    if (node.incoming.length > 1) {
      const arrived = (this.joinArrivals.get(node.id) ?? 0) + 1;
      if (arrived < node.incoming.length) {
        this.joinArrivals.set(node.id, arrived);
        return undefined;
      }
      this.joinArrivals.delete(node.id);
    }
    const [first, ...others] = node.outgoing.map((flowId) => this.definition.flows[flowId].target);
    for (const target of others) void this.runToken(target);
    return first;
  }

  private applyOutput(values: Record<string, FactValue>): void {
    if (Object.keys(values).length > 0) this.facts = { ...this.facts, ...values };
  }

  // --- events and state -----------------------------------------------------------------------

  private event(
    type: string,
    keySuffix: string,
    payload: Record<string, unknown>,
    actor: EventToRecord['actor'] = { role: 'system', id: 'wegwijs' },
    businessTime: string = workflowNowIso(),
  ): EventToRecord {
    return {
      type,
      schemaVersion: EVENT_SCHEMA_VERSION,
      payload,
      actor,
      businessTime,
      idempotencyKey: `${this.input.trajectoryId}#${keySuffix}`,
    };
  }

  private async record(events: EventToRecord[]): Promise<void> {
    await engine.recordTrajectoryEvents({ trajectoryId: this.input.trajectoryId, events });
  }

  private state(): TrajectoryState {
    const activeNodes: ActiveNodeView[] = [...this.tokens.values()].map((token) => {
      const node = this.definition.nodes[token.nodeId];
      return { nodeId: node.id, kind: node.kind, name: node.name, since: token.since };
    });
    const waitingOn: WaitingMilestoneView[] = this.waiters
      .filter((waiter) => !waiter.submission)
      .map((waiter) => ({ milestone: waiter.node.milestone, nodeId: waiter.node.id, roles: waiter.node.roles, since: waiter.since }));
    return {
      trajectoryId: this.input.trajectoryId,
      municipality: this.input.municipality,
      definition: { key: this.definition.key, version: this.definition.version, contentHash: this.definition.contentHash },
      status: this.status,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      activeNodes,
      waitingOn,
      facts: this.facts as Facts,
      milestonesDone: [...this.milestonesDone],
    };
  }
}

function startOfDayInAmsterdamIso(date: string): string {
  return new Date(startOfDayInAmsterdam(date)).toISOString();
}

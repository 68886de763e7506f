/**
 * The legacy run's tokens and node kinds: a token is an async strand moving through the definition's
 * nodes; each node kind (service task, milestone wait, timer, gateways, sub-process, call activity,
 * boundary events) is performed here.
 *
 * FROZEN, like the rest of this folder: part of the interpreter trajectories ran on before business
 * time (2026-12), kept only so that their histories replay. Moved here unchanged from the one-file
 * interpreter; do not change what it does (see legacy-trajectory.workflow.ts).
 */
import {
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  ChildWorkflowCancellationType,
  ParentClosePolicy,
  condition,
  executeChild,
  isCancellation,
} from '@temporalio/workflow';
import {
  addToInstant,
  calledDefinitionRef,
  evaluateCondition,
  evaluateDate,
  evaluateInput,
  evaluateOutput,
  startOfDayInAmsterdam,
  type BoundaryMilestoneNode,
  type BoundaryTimerNode,
  type CallActivityNode,
  type CompiledNode,
  type EventBasedGatewayNode,
  type ExclusiveGatewayNode,
  type ServiceTaskNode,
  type SubProcessNode,
  type TimerSpec,
} from '@wegwijs/definitions/runtime';
import { WegwijsSearchAttributes } from '@wegwijs/domain';
import { workflowNow, workflowNowIso } from '../workflow-clock';
import { type MilestoneSubmission } from './legacy-messages';
import { ignoreCancellation, type RunningCall, type Scope, type Token } from './legacy-run-state';
import { LegacyMilestoneWaits } from './legacy-milestone-waits';
import type { legacyTrajectoryWorkflow } from './legacy-trajectory.workflow';

export abstract class LegacyTokens extends LegacyMilestoneWaits {
  /** Starts a token in `scope`'s cancellation context, whoever spawns it. */
  protected spawnToken(nodeId: string, scope: Scope, resumedSince?: string): void {
    void scope.cancellation.run(() => this.runToken(nodeId, scope, resumedSince));
  }

  protected async runToken(firstNodeId: string, scope: Scope, resumedSince?: string): Promise<void> {
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

  /** Performs a node and returns where this token goes next, or undefined when it ends here. */
  protected async enter(token: Token, node: CompiledNode, scope: Scope): Promise<string | undefined> {
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
  protected follow(node: CompiledNode, scope: Scope): string | undefined {
    const [first, ...others] = node.outgoing.map((flowId) => this.definition.flows[flowId].target);
    for (const target of others) this.spawnToken(target, scope);
    return first;
  }

  /**
   * Runs a host node with its boundary events armed. An interrupting event that fires first
   * cancels the host; the token then leaves along the event's flow. Non-interrupting events start
   * tokens of their own while the host runs.
   */
  protected async withBoundaries(node: CompiledNode, scope: Scope, token: Token, work: () => Promise<void>): Promise<string | undefined> {
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

  protected async watchBoundary(boundary: CompiledNode, scope: Scope, arrivedAt: number, interrupt: (boundary: CompiledNode) => void): Promise<void> {
    if (boundary.kind === 'boundaryTimer') return this.watchBoundaryTimer(boundary, scope, arrivedAt, interrupt);
    if (boundary.kind === 'boundaryMilestone') return this.watchBoundaryMilestone(boundary, scope, interrupt);
  }

  protected async watchBoundaryTimer(
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

  protected async watchBoundaryMilestone(
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

  protected startTokensAlong(node: CompiledNode, scope: Scope): void {
    for (const flowId of node.outgoing) this.spawnToken(this.definition.flows[flowId].target, scope);
  }

  protected async runServiceTask(node: ServiceTaskNode): Promise<void> {
    const activity = this.activityFor(node.activity, node.timeout, node.retry);
    const result = await activity({
      trajectoryId: this.input.trajectoryId,
      nodeId: node.id,
      idempotencyKey: `${this.keyPrefix}#${node.id}#${this.nodeVisits.get(node.id)}`,
      input: evaluateInput(node.input, this.facts, this.definition.facts),
    });
    this.applyOutput(evaluateOutput(node.output, this.facts, this.definition.facts, { result: result ?? null }));
  }


  protected async runSubProcess(token: Token, node: SubProcessNode): Promise<void> {
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
  protected async runCall(token: Token, node: CallActivityNode): Promise<void> {
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

  protected async waitForTimer(token: Token, timer: TimerSpec): Promise<void> {
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

  protected dueInstant(timer: TimerSpec, from: number): number {
    return timer.type === 'duration'
      ? addToInstant(from, timer.duration)
      : startOfDayInAmsterdam(evaluateDate(timer.date, this.facts, this.definition.facts));
  }

  protected async sleepUntil(instant: number): Promise<void> {
    const remaining = instant - workflowNow();
    if (remaining > 0) await condition(() => false, remaining);
  }

  protected chooseExclusive(node: ExclusiveGatewayNode): string {
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

  protected passParallel(node: CompiledNode & { kind: 'parallelGateway' }, scope: Scope): string | undefined {
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
  protected async awaitFirstEvent(token: Token, node: EventBasedGatewayNode, scope: Scope): Promise<string | undefined> {
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
}

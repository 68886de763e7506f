/**
 * What one run of the legacy trajectory workflow holds: its tokens, scopes, milestone waiters, clocks
 * and facts, the state query's view of them, and the means to record events and call activities.
 *
 * The legacy run is one class split along its seams into a chain of subclasses, each adding one
 * concern: this state, search attributes, legal clocks, milestone waits, tokens and node kinds,
 * continue-as-new and migration, the inbox of messages, and the workflow's own start and end
 * (legacy-trajectory.workflow.ts). A chain and not separate objects, because the move had to leave
 * every statement as it was: the commands a run issues, and their order, are what its histories hold.
 *
 * FROZEN, like the rest of this folder: part of the interpreter trajectories ran on before business
 * time (2026-12), kept only so that their histories replay. Moved here unchanged from the one-file
 * interpreter; do not change what it does (see legacy-trajectory.workflow.ts).
 */
import { CancellationScope, isCancellation, proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import {
  calendarDateInAmsterdam,
  RETRY_PROFILES,
  type ClockMilestone,
  type CompiledDefinition,
  type CompiledLegalClock,
  type Facts,
  type FactValue,
  type MilestoneWaitNode,
  type OutputMapping,
  type ServiceTaskNode,
} from '@wegwijs/definitions/runtime';
import {
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
  type ActiveNodeView,
  type LegalClockView,
  type MilestoneSubmission,
  type RecordedMilestoneView,
  type StartTrajectoryInput,
  type TrajectoryCancellation,
  type TrajectoryState,
  type TrajectoryStatus,
  type WaitingMilestoneView,
  type WaitingOnCallView,
} from './legacy-messages';

const EVENT_SCHEMA_VERSION = 1;
export const SYSTEM_ACTOR: EventActor = { role: 'system', id: 'wegwijs' };

const engine = proxyActivities<EngineActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});

/** A set of tokens that ends together: the whole trajectory, or one sub-process. */
export interface Scope {
  readonly cancellation: CancellationScope;
  /** Tokens alive in this scope. */
  active: number;
  terminated: boolean;
  /** The token that waits for this scope (a sub-process's host); it moves on when the last token ends. */
  readonly owner?: Token;
}

export interface Token {
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
export interface MilestoneListener {
  readonly id: string;
  readonly milestone: string;
  readonly roles: readonly string[];
  readonly output: OutputMapping;
  readonly name?: string;
}

export interface MilestoneWaiter {
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
export interface RunningCall {
  readonly view: WaitingOnCallView;
  /** Settles when the child has closed, its cancellation path included. */
  readonly closed: Promise<unknown>;
}

export interface ClockRecord {
  readonly clock: CompiledLegalClock;
  view: LegalClockView;
  done: boolean;
  /** The revision of facts and milestones the view reflects, and whether it is being brought up to date. */
  seenRevision: number;
  busy: boolean;
}

/** The base of the legacy run: its state and the means every concern shares. */
export abstract class LegacyRunState {
  protected readonly definition: CompiledDefinition;
  /** A newer version to move to at the next quiet moment (migrateDefinition). */
  protected pendingMigration: CompiledDefinition | undefined;
  protected facts: Record<string, FactValue>;
  protected status: TrajectoryStatus = 'running';
  protected readonly startedAt: string;
  /** The Amsterdam calendar date the trajectory started: warnings due before it fire as late. */
  protected readonly startedOn: string;
  /** When this run picked up from the previous one; boundary timers due before then have fired. */
  protected readonly resumedAt: number;
  protected endedAt: string | null = null;
  protected cancellation: TrajectoryCancellation | null = null;
  protected readonly tokens = new Map<number, Token>();
  protected nextTokenId = 1;
  /** Tokens moving (not parked) plus accepted milestones not yet processed: an Update answers at 0. */
  protected work = 0;
  protected readonly waiters: MilestoneWaiter[] = [];
  protected readonly milestonesDone: RecordedMilestoneView[] = [];
  protected readonly appliedMilestoneIds = new Set<string>();
  /** Milestones that move legal clocks, with the calendar date they happened. */
  protected readonly clockMilestones: ClockMilestone[] = [];
  protected readonly clocks = new Map<string, ClockRecord>();
  /** Bumped when facts or clock milestones change, so timers and clocks recompute. */
  protected revision = 0;
  protected readonly joinArrivals = new Map<string, number>();
  protected readonly nodeVisits = new Map<string, number>();
  protected readonly root: Scope = { cancellation: new CancellationScope(), active: 0, terminated: false };
  protected lastSearchAttributes = '';
  /** Activities that keep failing, as the worker reports them (technicalStallSignal). */
  protected readonly technicalStalls = new TechnicalStalls();
  protected readonly calls = new Set<RunningCall>();
  /** Idempotency keys start with this: the trajectory id, or the caller's prefix for a called trajectory. */
  protected readonly keyPrefix: string;

  constructor(protected readonly input: StartTrajectoryInput) {
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

  protected park(token: Token): void {
    if (token.parked) return;
    token.parked = true;
    this.work--;
  }

  protected unpark(token: Token): void {
    if (!token.parked) return;
    token.parked = false;
    this.work++;
  }

  protected activityFor(name: string, timeout: string, retry: ServiceTaskNode['retry']): ServiceTaskActivity {
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
  protected watchForStalls<T>(activityType: string, nodeId: string | null, call: Promise<T>): Promise<T> {
    return this.technicalStalls.watch(activityType, nodeId, call, () => this.publishSearchAttributes());
  }

  protected applyOutput(values: Record<string, FactValue>): void {
    if (Object.keys(values).length > 0) this.facts = { ...this.facts, ...values };
  }

  /** An event of the engine's catalogue (libs/domain), so what is written is what readers expect. */
  protected event<T extends EngineEventType>(
    type: T,
    keySuffix: string,
    payload: EngineEventPayloads[T],
    actor: EventActor = SYSTEM_ACTOR,
    businessTime: string = workflowNowIso(),
  ): EventToRecord {
    return { type, schemaVersion: EVENT_SCHEMA_VERSION, payload, actor, businessTime, idempotencyKey: `${this.keyPrefix}#${keySuffix}` };
  }

  protected async record(events: EventToRecord[]): Promise<void> {
    await this.watchForStalls('recordTrajectoryEvents', null, engine.recordTrajectoryEvents({ trajectoryId: this.input.trajectoryId, events }));
  }

  protected openWaiters(): MilestoneWaiter[] {
    return this.waiters.filter((waiter) => !waiter.submission && !waiter.group?.fired);
  }

  protected phase(): string | null {
    const longest = [...this.tokens.values()].sort((a, b) => a.since.localeCompare(b.since) || a.id - b.id)[0];
    if (!longest) return null;
    let node = this.definition.nodes[longest.nodeId];
    while (node.parentId !== null) node = this.definition.nodes[node.parentId];
    return node.name ?? node.id;
  }


  protected state(): TrajectoryState {
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

  /** Keeps the supervisors' search attributes current (legacy-search-attributes.ts). */
  protected abstract publishSearchAttributes(): void;
}

export function stuckReason(waiter: MilestoneWaiter): string {
  const norm = (waiter.listener as { norm?: MilestoneWaitNode['norm'] }).norm;
  return `waiting for ${waiter.listener.milestone} past its norm${norm?.description ? ` (${norm.description})` : ''}, due ${waiter.normDeadline}`;
}

/** The reasons of the overdue waits, longest waiting first. */
export function stuckReasons(open: readonly MilestoneWaiter[]): string[] {
  return open.filter((waiter) => waiter.overdue).sort((a, b) => a.since.localeCompare(b.since)).map(stuckReason);
}

/** For strands started with `void`: a cancellation is how they end; anything else fails the task. */
export function ignoreCancellation(error: unknown): void {
  if (!isCancellation(error)) throw error;
}

export function clockMilestoneNames(clock: CompiledLegalClock): string[] {
  return [...clock.suspendOn, ...clock.resumeOn, ...clock.extendOn.map((extension) => extension.milestone), ...clock.stopOn];
}

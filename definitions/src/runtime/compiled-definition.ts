/**
 * The executable form of a trajectory definition: plain, immutable JSON that the workflow
 * interpreter walks without parsing anything. Produced by `compileDefinition` (in
 * `@wegwijs/definitions`), consumed through `@wegwijs/definitions/runtime`.
 *
 *   import type { CompiledDefinition } from '@wegwijs/definitions/runtime';
 *   const start = definition.nodes[definition.startNodeId]; // kind: 'start'
 *   for (const flowId of start.outgoing) moveTokenTo(definition.flows[flowId].target);
 *
 * How to walk it:
 * - Tokens: a token sits on a node id. When a node completes, follow its `outgoing` flows
 *   (exclusive gateway: the first flow whose `condition` is true, in `outgoing` order, else
 *   `defaultFlowId`; parallel gateway: all flows, and as a join wait for a token on every
 *   `incoming` flow; event-based gateway: arm every target catch node, the first to fire wins;
 *   inclusive gateway: every flow whose condition holds, and as a join wait for the branches taken).
 * - Boundary events: when a token enters a node with `boundaryEventIds`, arm those events;
 *   interrupting ones cancel the host and continue on their own `outgoing`; non-interrupting ones
 *   spawn an extra token (a repeating timer fires `repeat.times` times, or until the host ends).
 * - Legal clocks run beside the tokens from the trajectory's start until a `stopOn` milestone;
 *   they are not nodes. Warnings fire `warnings` before the (possibly extended) deadline.
 * Durations stay ISO 8601 strings and FEEL stays source text: evaluate them with this module.
 */

import type { MilestonePayloadSchema } from '@wegwijs/domain';

/** The value types a fact can have. Dates are calendar dates `YYYY-MM-DD` in Europe/Amsterdam. */
export type FactType = 'date' | 'string' | 'number' | 'boolean';

/** A fact value as the workflow stores it (dates as `YYYY-MM-DD` strings). */
export type FactValue = string | number | boolean | null;

/** The trajectory's facts by name. */
export type Facts = Readonly<Record<string, FactValue>>;

export interface CompiledFact {
  readonly name: string;
  readonly type: FactType;
  readonly required: boolean;
  readonly description?: string;
  /** For string facts with a closed set of values (e.g. the chosen route). */
  readonly values?: readonly string[];
}

/** Named retry profiles a service task can choose; see `RETRY_PROFILES` for their meaning. */
export type RetryProfileName = 'standard' | 'patient' | 'once';

export interface CompiledNorm {
  /** The norm's length, e.g. `P6W`. */
  readonly within: string;
  /** FEEL date expression the norm counts from, e.g. `housingDate`. */
  readonly from: string;
  readonly description?: string;
}

/** Maps the names of facts to set to FEEL expressions over `result` (tasks) or `payload` (milestones). */
export type OutputMapping = Readonly<Record<string, string>>;

interface NodeBase {
  readonly id: string;
  readonly name?: string;
  readonly documentation?: string;
  /** Flow ids into this node. */
  readonly incoming: readonly string[];
  /** Flow ids out of this node, in definition order (exclusive gateways test them in this order). */
  readonly outgoing: readonly string[];
  /** Boundary event node ids attached to this node (tasks, waits, sub-processes, calls). */
  readonly boundaryEventIds: readonly string[];
  /** The sub-process id that contains this node, or null at the top level. */
  readonly parentId: string | null;
  /** Lanes by role: the role (lane) the definition says owns this node; absent when it says none. */
  readonly lane?: string;
}

export interface StartNode extends NodeBase {
  readonly kind: 'start';
}
export interface EndNode extends NodeBase {
  readonly kind: 'end';
}
/** Ends the whole trajectory (or sub-process): every other token in that scope is cancelled. */
export interface TerminateEndNode extends NodeBase {
  readonly kind: 'terminateEnd';
}
export interface ServiceTaskNode extends NodeBase {
  readonly kind: 'serviceTask';
  /** Activity name from the capability registry. */
  readonly activity: string;
  /** Activity argument name → FEEL expression over the facts. */
  readonly input: Readonly<Record<string, string>>;
  readonly output: OutputMapping;
  /** ISO 8601 duration: start-to-close timeout of one attempt. */
  readonly timeout: string;
  readonly retry: RetryProfileName;
}
/** A user task: waits until a person with one of `roles` signals `milestone`. */
export interface MilestoneWaitNode extends NodeBase {
  readonly kind: 'milestoneWait';
  readonly milestone: string;
  readonly roles: readonly string[];
  readonly norm?: CompiledNorm;
  readonly output: OutputMapping;
}
/** Waits for `duration` after the token arrives, or until the date `date` (FEEL) computes to. */
export interface TimerNode extends NodeBase {
  readonly kind: 'timer';
  readonly timer: TimerSpec;
  /** What its date is in the schedule (handoverMeeting, guidanceEnd, …); absent: a plain timer. */
  readonly moment?: string;
}
export interface ExclusiveGatewayNode extends NodeBase {
  readonly kind: 'exclusiveGateway';
  readonly defaultFlowId: string | null;
}
export interface ParallelGatewayNode extends NodeBase {
  readonly kind: 'parallelGateway';
}
/** Its outgoing flows lead to timer or milestoneWait nodes; the first of them to fire wins. */
export interface EventBasedGatewayNode extends NodeBase {
  readonly kind: 'eventBasedGateway';
}
/**
 * Inclusive gateway. As a split: a token along every outgoing flow whose condition holds (a flow
 * without one always), the default flow when none does. As a join (several incoming flows): one
 * token goes on when every branch its split took has arrived — `joinId` on the split names that
 * join; the validator makes sure each of the split's flows leads to exactly one of its incoming.
 */
export interface InclusiveGatewayNode extends NodeBase {
  readonly kind: 'inclusiveGateway';
  readonly defaultFlowId: string | null;
  /** On a split: the inclusive join that waits for its branches, or null when they do not meet again. */
  readonly joinId: string | null;
}
/** An embedded scope: its own start node and nodes whose `parentId` is this node's id. */
export interface SubProcessNode extends NodeBase {
  readonly kind: 'subProcess';
  readonly startNodeId: string;
  readonly childNodeIds: readonly string[];
}
/**
 * A step done several times (multi-instance or recurring): each instance runs the body — the
 * child nodes from `startNodeId`, like a sub-process — in a scope of its own, which sees `item`
 * (the collection's item, or null), `loopCounter` (1, 2, …) and `nrOfInstances` in FEEL inputs. The
 * host goes on when every instance is done, or earlier when `completionCondition` holds.
 */
export interface MultiInstanceNode extends NodeBase {
  readonly kind: 'multiInstance';
  readonly startNodeId: string;
  readonly childNodeIds: readonly string[];
  readonly loop: MultiInstanceLoop;
}

/**
 * How many instances and when: `parallel` (all on the day the host is reached) or `sequential`
 * (each on the day the one before ended), `count` (FEEL number) or `collection` (FEEL list) times;
 * `recurring`: `times` cycles, the n-th on `from` (FEEL date; null: the day reached) + n-1 × `every`.
 */
export type MultiInstanceLoop =
  | {
      readonly type: 'parallel' | 'sequential';
      readonly count: string | null;
      readonly collection: string | null;
      readonly completionCondition: string | null;
    }
  | {
      readonly type: 'recurring';
      readonly every: string;
      readonly times: number;
      readonly from: string | null;
      readonly completionCondition: string | null;
    };

/** The payload field a multi-instance step's milestone names its instance by (1, 2, …): not `instance`, a FEEL keyword. */
export const INSTANCE_PAYLOAD_FIELD = 'instanceNumber';

/**
 * Runs another definition as a child trajectory: it starts with the caller's facts that it
 * declares, has its own tokens, and hands back the facts both declare when it ends. The called
 * definition is compiled into the caller's `calledDefinitions` under `calledDefinitionRef(node)`.
 */
export interface CallActivityNode extends NodeBase {
  readonly kind: 'callActivity';
  readonly definitionKey: string;
  /** A pinned version, or null for the newest one known when the caller was compiled. */
  readonly definitionVersion: number | null;
}

/** Where a call's definition sits in `calledDefinitions`: `minimal@1`, or `minimal@newest`. */
export function calledDefinitionRef(node: Pick<CallActivityNode, 'definitionKey' | 'definitionVersion'>): string {
  return `${node.definitionKey}@${node.definitionVersion ?? 'newest'}`;
}
export interface BoundaryTimerNode extends NodeBase {
  readonly kind: 'boundaryTimer';
  readonly attachedTo: string;
  readonly interrupting: boolean;
  readonly timer: TimerSpec;
  /** Only on non-interrupting timers: fire again every `every`, at most `times` times (null: until the host ends). */
  readonly repeat: { readonly every: string; readonly times: number | null } | null;
  readonly moment?: string;
}
export interface BoundaryMilestoneNode extends NodeBase {
  readonly kind: 'boundaryMilestone';
  readonly attachedTo: string;
  readonly interrupting: boolean;
  readonly milestone: string;
  readonly roles: readonly string[];
  readonly output: OutputMapping;
}

/**
 * Catches a failed performance of its host (a service task, a call) or of any step inside it (a
 * sub-process) instead of blocking the token as an incident: `errorCode` null catches any failure,
 * otherwise only a business error of that type. Always interrupting; the nearest catcher wins.
 */
export interface BoundaryErrorNode extends NodeBase {
  readonly kind: 'boundaryError';
  readonly attachedTo: string;
  readonly errorCode: string | null;
}
/** Fires on the business day the legal clock `clock` expires, while a token is at its host. */
export interface BoundaryClockExpiredNode extends NodeBase {
  readonly kind: 'boundaryClockExpired';
  readonly attachedTo: string;
  readonly interrupting: boolean;
  readonly clock: string;
}
/** Waits until the legal clock `clock` expires (for ever when it stops first). */
export interface ClockExpiredNode extends NodeBase {
  readonly kind: 'clockExpired';
  readonly clock: string;
}

/** Exactly one of `duration` (ISO 8601, from the moment the token arrives) or `date` (FEEL). */
export type TimerSpec =
  | { readonly type: 'duration'; readonly duration: string }
  | { readonly type: 'date'; readonly date: string };

export type CompiledNode =
  | StartNode
  | EndNode
  | TerminateEndNode
  | ServiceTaskNode
  | MilestoneWaitNode
  | TimerNode
  | ExclusiveGatewayNode
  | ParallelGatewayNode
  | EventBasedGatewayNode
  | InclusiveGatewayNode
  | SubProcessNode
  | CallActivityNode
  | MultiInstanceNode
  | BoundaryTimerNode
  | BoundaryMilestoneNode
  | BoundaryErrorNode
  | BoundaryClockExpiredNode
  | ClockExpiredNode;

export type CompiledNodeKind = CompiledNode['kind'];

export interface CompiledFlow {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly name?: string;
  /** FEEL boolean expression; only on flows out of an exclusive or inclusive gateway. */
  readonly condition: string | null;
  readonly isDefault: boolean;
}

/** How a milestone moves a legal clock's deadline. */
export interface ClockExtension {
  readonly milestone: string;
  /** The milestone payload field that holds the ISO 8601 duration to add (e.g. `P6M`). */
  readonly durationField: string;
}

/**
 * A named statutory deadline (the inburgering term): starts at the date `start` computes to,
 * ends `term` later; fires a warning at each offset in `warnings` before the deadline.
 */
export interface CompiledLegalClock {
  readonly id: string;
  readonly name: string;
  /** FEEL date expression, usually a single fact name. */
  readonly start: string;
  readonly term: string;
  /** ISO 8601 offsets before the deadline, largest first. */
  readonly warnings: readonly string[];
  readonly suspendOn: readonly string[];
  readonly resumeOn: readonly string[];
  readonly extendOn: readonly ClockExtension[];
  readonly stopOn: readonly string[];
  /** Activity to run at each warning and at the deadline (gets clock id, deadline, offset). */
  readonly notifyActivity: string | null;
}

/** A rule over the facts, checked at start and on every correction; FEEL may read `today`. */
export interface CompiledFactRule {
  readonly id: string;
  readonly rule: string;
  readonly facts: readonly string[];
  readonly message: string;
}

/** A step the workflow runs, in order, after a cancellation (a service task outside the graph). */
export interface CompiledCancellationStep {
  readonly id: string;
  readonly name?: string;
  readonly activity: string;
  readonly input: Readonly<Record<string, string>>;
  readonly timeout: string;
  readonly retry: RetryProfileName;
}

/**
 * A milestone the definition declares itself: the workflow's Update validator, the trajectory's
 * state (expected milestones and their form fields) and the API read it from here, as they read
 * the catalogue's (libs/domain/src/milestone-catalogue.ts).
 */
export interface CompiledMilestone {
  readonly description: string;
  /** Roles that may signal it; empty means no restriction beyond the steps' own roles. */
  readonly roles: readonly string[];
  readonly payload: MilestonePayloadSchema;
}

/** A role the definition declares for its own programme (e.g. jobcoach), its team resolved. */
export interface CompiledRole {
  readonly name: string;
  readonly description?: string;
  /** The team whose worklist the role's tasks land in (the role's id unless the definition names one). */
  readonly team: string;
}

export interface CompiledDefinition {
  /** Tells readers of stored JSON which shape they hold. */
  readonly formatVersion: 1;
  readonly key: string;
  readonly version: number;
  readonly name: string;
  readonly description?: string;
  /** sha256 (hex) of the canonical JSON of this object without `contentHash`. */
  readonly contentHash: string;
  readonly facts: readonly CompiledFact[];
  /** The definition's own milestones by name; absent when it declares none (older hashes stay). */
  readonly milestones?: Readonly<Record<string, CompiledMilestone>>;
  /** The definition's own roles by id; absent when it declares none (older hashes stay). */
  readonly roles?: Readonly<Record<string, CompiledRole>>;
  /**
   * Business time (each absent when the definition does not set it, so definitions published
   * before keep their hash): the date the trajectory begins on (FEEL; default the day it is
   * started), the earliest date a step's milestone may carry (FEEL), how long after its last
   * moment late input is still taken (ISO duration; default none), and rules over the facts.
   */
  readonly startsOn?: string;
  readonly milestonesNotBefore?: string;
  readonly correctionPeriod?: string;
  readonly factRules?: readonly CompiledFactRule[];
  readonly startNodeId: string;
  /** Lanes by role: the order of the role lanes in a diagram; absent when the definition sets none. */
  readonly lanes?: readonly string[];
  /** Every node, including sub-process children and boundary events. */
  readonly nodes: Readonly<Record<string, CompiledNode>>;
  readonly flows: Readonly<Record<string, CompiledFlow>>;
  readonly legalClocks: readonly CompiledLegalClock[];
  /** Absent when the definition has none, so definitions published before it keep their hash. */
  readonly onCancellation?: readonly CompiledCancellationStep[];
  /**
   * The definitions its `callActivity` nodes run, compiled in (by `calledDefinitionRef`), so the
   * workflow needs no I/O to find them and the content hash covers what a call runs. Absent when
   * the definition calls none.
   */
  readonly calledDefinitions?: Readonly<Record<string, CompiledDefinition>>;
}

/** Deep-freezes plain JSON so nobody can change a compiled (published) definition in place. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}

/**
 * FROZEN: the inputs, state and messages of the interpreter before business time, as its recorded
 * histories carry them (see legacy-trajectory.workflow.ts). The message names are the current
 * ones; only the shapes are old.
 */
import type { CompiledDefinition, Facts, FactValue } from '@wegwijs/definitions/runtime';
import type { EventActor } from '@wegwijs/domain';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { TechnicalStallReport, TechnicalStallView } from '../trajectory/trajectory.messages';
export type { TechnicalStallReport, TechnicalStallView };

export interface StartTrajectoryInput {
  readonly trajectoryId: string;
  /** CBS code, e.g. GM0392. */
  readonly municipality: string;
  readonly caseReference: string;
  /** The compiled definition travels with the start, so a running trajectory keeps its version. */
  readonly definition: CompiledDefinition;
  readonly facts: Facts;
  readonly startedBy: EventActor;
  /**
   * Continue-as-new after this many history events instead of when Temporal suggests it; for
   * tests that must take that path in a short trajectory.
   */
  readonly continueAsNewAfterEvents?: number;
  /** Set by the trajectory itself when it continues as new: where the previous run stood. */
  readonly resume?: TrajectorySnapshot;
  /**
   * Set when a `callActivity` of another trajectory started this one as its child. The child
   * belongs to the caller's trajectory (`trajectoryId` is the caller's): it records into the same
   * event stream, with idempotency keys under `eventKeyPrefix`, and leaves the trajectory's own
   * start and end events to the caller.
   */
  readonly calledFrom?: CalledFrom;
}

export interface CalledFrom {
  /** This (the called) workflow's id: `<caller's workflow id>/<node id>/<visit>`. */
  readonly workflowId: string;
  /** The caller's callActivity node. */
  readonly nodeId: string;
  /** Prefix of every idempotency key the child makes, e.g. `GM0392.HLM-2019-0042#call#intake#1`. */
  readonly eventKeyPrefix: string;
}

/**
 * Everything a trajectory needs to go on in a new run: its facts, what happened, and where its
 * tokens wait. Taken only when every token waits at the top level on a milestone, a timer or an
 * event-based gateway, which can be entered again without repeating anything.
 */
export interface TrajectorySnapshot {
  readonly startedAt: string;
  readonly startedOn: string;
  readonly facts: Facts;
  readonly milestonesDone: readonly RecordedMilestoneView[];
  readonly appliedMilestoneIds: readonly string[];
  readonly clockMilestones: ReadonlyArray<{ readonly milestone: string; readonly on: string; readonly payload?: Readonly<Record<string, FactValue>> }>;
  readonly clocksFired: Readonly<Record<string, ReadonlyArray<{ readonly before: string; readonly on: string; readonly late: boolean }>>>;
  readonly clocksExpired: readonly string[];
  readonly joinArrivals: Readonly<Record<string, number>>;
  readonly nodeVisits: Readonly<Record<string, number>>;
  readonly nextTokenId: number;
  readonly revision: number;
  readonly tokens: ReadonlyArray<{ readonly nodeId: string; readonly since: string }>;
  /** How many runs came before this one. */
  readonly run: number;
  /** Set when this run continues on another version of the definition than the previous one. */
  readonly migratedFrom?: { readonly version: number; readonly contentHash: string };
}

/** A milestone reported by a person (Update) or a system (Signal). */
export interface MilestoneSubmission {
  readonly milestone: string;
  /** Unique per report: the same id twice is applied once. */
  readonly milestoneId: string;
  /** The calendar date it happened (YYYY-MM-DD); defaults to the day it was recorded. */
  readonly occurredOn?: string;
  readonly actor: EventActor;
  readonly payload?: Readonly<Record<string, FactValue>>;
}

export type TrajectoryStatus = 'running' | 'completed' | 'terminated' | 'cancelled';

export interface ActiveNodeView {
  readonly nodeId: string;
  readonly kind: string;
  readonly name?: string;
  /** ISO instant the token arrived. */
  readonly since: string;
}

export interface WaitingMilestoneView {
  readonly milestone: string;
  readonly nodeId: string;
  readonly roles: readonly string[];
  readonly since: string;
  /** The last day the milestone meets the definition's norm, when the wait has one. */
  readonly normDeadline: string | null;
  /** Waiting past the norm: the trajectory is stuck here. */
  readonly overdue: boolean;
  /** Said when overdue, e.g. "waiting for intake.noaAssessmentDone past its norm (NOA assessment within 6 weeks of housing), due 2027-01-12". */
  readonly stuckReason: string | null;
}

/** A callActivity whose called trajectory runs: its milestones go to `calledWorkflowId`. */
export interface WaitingOnCallView {
  /** The callActivity node. */
  readonly nodeId: string;
  readonly calledWorkflowId: string;
  readonly calledDefinition: { readonly key: string; readonly version: number };
  readonly since: string;
  /** Calls wait on a workflow, not on a milestone of this one. */
  readonly milestone?: undefined;
}

export interface ClockWarningView {
  /** The offset before the deadline, e.g. P12M. */
  readonly before: string;
  readonly on: string;
}

export interface LegalClockView {
  readonly clockId: string;
  readonly name: string;
  readonly status: 'running' | 'suspended' | 'stopped' | 'expired';
  readonly startDate: string;
  readonly deadline: string;
  readonly nextWarning: ClockWarningView | null;
  readonly warningsFired: ReadonlyArray<ClockWarningView & { readonly late: boolean }>;
}

export interface RecordedMilestoneView {
  readonly milestone: string;
  readonly milestoneId: string;
  readonly nodeId: string;
  readonly occurredOn: string;
  readonly recordedAt: string;
  readonly actor: EventActor;
}

/** What the `getTrajectoryState` query and every accepted milestone Update return. */
export interface TrajectoryState {
  readonly trajectoryId: string;
  readonly municipality: string;
  readonly definition: { readonly key: string; readonly version: number; readonly contentHash: string };
  readonly status: TrajectoryStatus;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly activeNodes: readonly ActiveNodeView[];
  /** Open milestone waits, then running calls (whose own waits are in the called workflow's state). */
  readonly waitingOn: ReadonlyArray<WaitingMilestoneView | WaitingOnCallView>;
  /** Activities that keep failing (a technical stall); empty once they succeed or the trajectory moves on. */
  readonly technicalStalls: readonly TechnicalStallView[];
  readonly facts: Facts;
  readonly milestonesDone: readonly RecordedMilestoneView[];
  readonly clocks: readonly LegalClockView[];
  /** Where the trajectory is, in the definition's words (the top-level step of the longest wait). */
  readonly phase: string | null;
  readonly cancellation: { readonly reason: string; readonly actor: EventActor } | null;
}

/** A correction of facts that were recorded wrongly (e.g. the housing date). */
export interface FactCorrection {
  readonly facts: Readonly<Record<string, FactValue>>;
  readonly reason: string;
  readonly actor: EventActor;
}

/** Ends a trajectory early: the person moved to another town, or the trajectory is ended. */
export interface TrajectoryCancellation {
  readonly reason: string;
  readonly actor: EventActor;
}

/** `ApplicationFailure.type`s a milestone Update is rejected with; clients map them to HTTP answers. */
export const MilestoneRejection = {
  unknownMilestone: 'UnknownMilestone',
  notExpectedNow: 'MilestoneNotExpected',
  roleNotAllowed: 'MilestoneRoleNotAllowed',
  invalidPayload: 'InvalidMilestonePayload',
  trajectoryEnded: 'TrajectoryEnded',
} as const;

/** `ApplicationFailure.type`s a migration is refused with. */
export const MigrationRejection = {
  otherDefinition: 'MigrationToOtherDefinition',
  notNewer: 'MigrationNotToNewerVersion',
  notMovable: 'MigrationNotPossible',
} as const;

/** `ApplicationFailure.type`s a fact correction is rejected with. */
export const FactCorrectionRejection = {
  unknownFact: 'UnknownFact',
  invalidFactValue: 'InvalidFactValue',
  missingReason: 'MissingReason',
} as const;
export type MilestoneRejectionType = (typeof MilestoneRejection)[keyof typeof MilestoneRejection];

/** Details carried by a `MilestoneNotExpected` rejection. */
export interface MilestoneNotExpectedDetails {
  readonly expected: readonly string[];
}

export const recordMilestoneUpdate = defineUpdate<TrajectoryState, [MilestoneSubmission]>('recordMilestone');
export const milestoneSignal = defineSignal<[MilestoneSubmission]>('milestone');
export const getTrajectoryStateQuery = defineQuery<TrajectoryState>('getTrajectoryState');
/** From the worker's activity interceptor: an activity of this trajectory keeps failing. */
export const technicalStallSignal = defineSignal<[TechnicalStallReport]>('technicalStall');
/** What moving a running trajectory to another version of its definition would change. */
export interface MigrationPlan {
  readonly trajectoryId: string;
  readonly from: { readonly key: string; readonly version: number };
  readonly to: { readonly key: string; readonly version: number };
  /** True when every waiting token has a node of the same id and kind in the new version. */
  readonly movable: boolean;
  /** Why it cannot move (now), per node. */
  readonly blockers: ReadonlyArray<{ readonly nodeId: string; readonly reason: string }>;
  /** Deadlines and dates that would move: legal clocks, their warnings, norms and date timers. */
  readonly shifts: ReadonlyArray<{ readonly what: string; readonly from: string | null; readonly to: string | null }>;
}

export const planMigrationQuery = defineQuery<MigrationPlan, [CompiledDefinition]>('planMigration');
/** Moves the trajectory to the given version at its next quiet moment; answers with the plan. */
export const migrateDefinitionUpdate = defineUpdate<MigrationPlan, [CompiledDefinition]>('migrateDefinition');
export const correctFactsUpdate = defineUpdate<TrajectoryState, [FactCorrection]>('correctFacts');
export const cancelTrajectoryUpdate = defineUpdate<TrajectoryState, [TrajectoryCancellation]>('cancelTrajectory');

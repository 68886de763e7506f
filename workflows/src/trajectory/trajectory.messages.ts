/**
 * The trajectory workflow's inputs, state and messages, shared with clients (API, CLI) so both
 * sides use one definition of each Update, Signal and Query.
 *
 *   const state = await handle.executeUpdate(recordMilestoneUpdate, { args: [submission], updateId });
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CompiledDefinition, Facts, FactValue } from '@wegwijs/definitions/runtime';
import type { EventActor } from '@wegwijs/domain';
import type { DerivedStateView, TrajectoryRecord, TrajectoryStatus, WaitingMilestoneView, WaitingOnCallView } from '../engine';
import type { TrajectorySnapshot } from '../legacy/legacy-messages';

export * from '../engine/views';
export { MilestoneRejection, FactCorrectionRejection, RepairRejection } from '../engine/refusals';
export type { ScheduleEntry, ScheduleStatus } from '../engine/schedule';
export type { ClockChange } from '../engine/clocks';

/** A milestone that happened before the trajectory was started in Wegwijs (a case brought in mid-term). */
export interface HistoryRow {
  readonly milestone: string;
  readonly occurredOn: string;
  readonly payload?: Readonly<Record<string, FactValue>>;
  /** Stable per row, so importing the same file twice changes nothing; default `<trajectory>#history#<n>`. */
  readonly milestoneId?: string;
}

export interface StartTrajectoryInput {
  readonly trajectoryId: string;
  /** CBS code, e.g. GM0392. */
  readonly municipality: string;
  readonly caseReference: string;
  /** The compiled definition travels with the start, so a running trajectory keeps its version. */
  readonly definition: CompiledDefinition;
  readonly facts: Facts;
  readonly startedBy: EventActor;
  /** Milestones that already happened, applied in business-date order before any side effect runs. */
  readonly history?: readonly HistoryRow[];
  /** Continue-as-new after this many history events instead of when Temporal suggests it (tests). */
  readonly continueAsNewAfterEvents?: number;
  /** Set when a callActivity of another trajectory started this one (see CalledFrom). */
  readonly calledFrom?: CalledFrom;
  /** A called trajectory begins on the business date its call was made. */
  readonly startOn?: string;
  /** Set by the trajectory itself when it continues as new: its whole record. */
  readonly continued?: ContinuedRun;
  /** Set by a run of the interpreter before business time when it continued as new. */
  readonly resume?: TrajectorySnapshot;
}

export interface CalledFrom {
  /** This (the called) workflow's id: `<caller's workflow id>/<node id>/<visit>`. */
  readonly workflowId: string;
  /** The caller's callActivity node. */
  readonly nodeId: string;
  /** Prefix of every idempotency key the child makes, e.g. `GM0392.HLM-2019-0042#call#intake#1`. */
  readonly eventKeyPrefix: string;
}

export interface ContinuedRun {
  readonly record: TrajectoryRecord;
  /** Idempotency keys of the engine events already recorded. */
  readonly recordedEvents: readonly string[];
  /** How many runs came before this one. */
  readonly run: number;
  /** Set when this run continues on another version of the definition than the previous one. */
  readonly migratedFrom?: { readonly version: number; readonly contentHash: string };
}

/** A milestone reported by a person (Update) or a system (Signal). */
export interface MilestoneSubmission {
  readonly milestone: string;
  /** Unique per report: the same id twice is applied once; with another body it is refused. */
  readonly milestoneId: string;
  /** The calendar date it happened (YYYY-MM-DD, Europe/Amsterdam); defaults to the day it is recorded. */
  readonly occurredOn?: string;
  readonly actor: EventActor;
  readonly payload?: Readonly<Record<string, FactValue>>;
}

/** An activity that has kept failing past TECHNICAL_STALL_AFTER, as the worker reports it. */
export interface TechnicalStallReport {
  readonly activityType: string;
  readonly nodeId: string | null;
  readonly errorClass: string;
  readonly failingSince: string;
  readonly attempt: number;
}

export interface TechnicalStallView extends TechnicalStallReport {
  /** e.g. "activity fetchTvsProfile failing since 2026-11-28T10:00:00Z: TvsSourceUnavailableError". */
  readonly reason: string;
}

/** What the `getTrajectoryState` query and every accepted Update return. */
export interface TrajectoryState extends Omit<DerivedStateView, 'waitingOn'> {
  readonly trajectoryId: string;
  readonly municipality: string;
  readonly definition: { readonly key: string; readonly version: number; readonly contentHash: string };
  readonly status: TrajectoryStatus;
  /** ISO instant the trajectory was started in Wegwijs. */
  readonly startedAt: string;
  readonly endedAt: string | null;
  /** Open milestone waits, then running calls (whose own waits are in the called workflow's state). */
  readonly waitingOn: ReadonlyArray<WaitingMilestoneView | WaitingOnCallView>;
  readonly technicalStalls: readonly TechnicalStallView[];
  readonly cancellation: { readonly reason: string; readonly actor: EventActor; readonly occurredOn: string } | null;
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
  /** The business date it ended (default: today). */
  readonly occurredOn?: string;
}

/** A supervisor's repair of an incident: run the step again, or go on as if it gave `result`. */
export interface IncidentRepair {
  readonly incidentId: string;
  readonly action: 'retry' | 'skip';
  readonly result?: Readonly<Record<string, FactValue>>;
  readonly reason: string;
  readonly actor: EventActor;
}

/** `ApplicationFailure.type`s a migration is refused with. */
export const MigrationRejection = {
  otherDefinition: 'MigrationToOtherDefinition',
  notNewer: 'MigrationNotToNewerVersion',
  notMovable: 'MigrationNotPossible',
} as const;

/** Details carried by a `MilestoneNotExpected` rejection. */
export interface MilestoneNotExpectedDetails {
  readonly expected: readonly string[];
}

/** Details carried by field rejections: each offending field and what is wrong with it. */
export interface FieldRejectionDetails {
  readonly fields: ReadonlyArray<{ readonly field: string; readonly message: string }>;
}

/** What moving a running trajectory to another version of its definition would change. */
export interface MigrationPlan {
  readonly trajectoryId: string;
  readonly from: { readonly key: string; readonly version: number };
  readonly to: { readonly key: string; readonly version: number };
  /** True when every waiting token has a node of the same id and kind in the new version. */
  readonly movable: boolean;
  readonly blockers: ReadonlyArray<{ readonly nodeId: string; readonly reason: string }>;
  /** Deadlines and dates that would move: legal clocks, their warnings, norms and date timers. */
  readonly shifts: ReadonlyArray<{ readonly what: string; readonly from: string | null; readonly to: string | null }>;
}

/** Answers once the trajectory's start is recorded and its history applied (Update-with-Start). */
export const startTrajectoryUpdate = defineUpdate<TrajectoryState, []>('startTrajectory');
export const recordMilestoneUpdate = defineUpdate<TrajectoryState, [MilestoneSubmission]>('recordMilestone');
export const milestoneSignal = defineSignal<[MilestoneSubmission]>('milestone');
export const getTrajectoryStateQuery = defineQuery<TrajectoryState>('getTrajectoryState');
/** From the worker's activity interceptor: an activity of this trajectory keeps failing. */
export const technicalStallSignal = defineSignal<[TechnicalStallReport]>('technicalStall');
export const planMigrationQuery = defineQuery<MigrationPlan, [CompiledDefinition]>('planMigration');
/** Moves the trajectory to the given version at its next quiet moment; answers with the plan. */
export const migrateDefinitionUpdate = defineUpdate<MigrationPlan, [CompiledDefinition]>('migrateDefinition');
export const correctFactsUpdate = defineUpdate<TrajectoryState, [FactCorrection]>('correctFacts');
export const cancelTrajectoryUpdate = defineUpdate<TrajectoryState, [TrajectoryCancellation]>('cancelTrajectory');
export const repairIncidentUpdate = defineUpdate<TrajectoryState, [IncidentRepair]>('repairIncident');

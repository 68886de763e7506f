/**
 * The trajectory workflow's inputs, state and messages, shared with clients (API, CLI) so both
 * sides use one definition of each Update, Signal and Query.
 *
 *   const state = await handle.executeUpdate(recordMilestoneUpdate, { args: [submission], updateId: key });
 */
import type { CompiledDefinition, Facts, FactValue } from '@wegwijs/definitions/runtime';
import type { EventActor } from '@wegwijs/domain';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

export const TRAJECTORY_WORKFLOW_TYPE = 'trajectoryWorkflow';

export interface StartTrajectoryInput {
  readonly trajectoryId: string;
  /** CBS code, e.g. GM0392. */
  readonly municipality: string;
  readonly caseReference: string;
  /** The compiled definition travels with the start, so a running trajectory keeps its version. */
  readonly definition: CompiledDefinition;
  readonly facts: Facts;
  readonly startedBy: EventActor;
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

export type TrajectoryStatus = 'running' | 'completed' | 'terminated';

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
  readonly waitingOn: readonly WaitingMilestoneView[];
  readonly facts: Facts;
  readonly milestonesDone: readonly RecordedMilestoneView[];
}

/** `ApplicationFailure.type`s a milestone Update is rejected with; clients map them to HTTP answers. */
export const MilestoneRejection = {
  unknownMilestone: 'UnknownMilestone',
  notExpectedNow: 'MilestoneNotExpected',
  roleNotAllowed: 'MilestoneRoleNotAllowed',
  invalidPayload: 'InvalidMilestonePayload',
} as const;
export type MilestoneRejectionType = (typeof MilestoneRejection)[keyof typeof MilestoneRejection];

/** Details carried by a `MilestoneNotExpected` rejection. */
export interface MilestoneNotExpectedDetails {
  readonly expected: readonly string[];
}

export const recordMilestoneUpdate = defineUpdate<TrajectoryState, [MilestoneSubmission]>('recordMilestone');
export const milestoneSignal = defineSignal<[MilestoneSubmission]>('milestone');
export const getTrajectoryStateQuery = defineQuery<TrajectoryState>('getTrajectoryState');

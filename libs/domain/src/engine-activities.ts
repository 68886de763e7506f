/**
 * The contract between the trajectory workflow and the activities that do its side effects.
 * Workflows import these types only (through `proxyActivities`); `activities/` implements them.
 */
import type { EventActor, EventPayload } from './trajectory-event';

/** An event the workflow asks to be appended to the trajectory's stream, in ISO form for the wire. */
export interface EventToRecord {
  readonly type: string;
  readonly schemaVersion: number;
  readonly payload: EventPayload;
  readonly actor: EventActor;
  /** ISO 8601 instant. */
  readonly businessTime: string;
  readonly idempotencyKey: string;
}

export interface RecordTrajectoryEventsRequest {
  readonly trajectoryId: string;
  readonly events: readonly EventToRecord[];
}

/** What every service-task activity receives: who it works for, a stable key, and its mapped input. */
export interface ServiceTaskRequest {
  readonly trajectoryId: string;
  readonly nodeId: string;
  /** The same across retries of one visit to the node; differs on a later visit. */
  readonly idempotencyKey: string;
  readonly input: Readonly<Record<string, string | number | boolean | null>>;
  /**
   * The business date the step is for (YYYY-MM-DD): dates the activity computes — an end date, a
   * due date, an accept-by date — count from it, never from when the activity happens to run.
   */
  readonly businessDate?: string;
  /** True when it runs later than the day it could first have run (not when it was told late). */
  readonly late?: boolean;
}

/** A service-task activity: returns a result the node's output mapping can read (or nothing). */
export type ServiceTaskActivity = (request: ServiceTaskRequest) => Promise<Record<string, unknown> | void>;

/** Side effects that are no longer what the trajectory needs: close what they opened. */
export interface SupersedeEffectsRequest {
  readonly trajectoryId: string;
  /** The idempotency keys the superseded activities ran with; tasks they opened are closed. */
  readonly activityKeys: readonly string[];
  /** Why, in words for the task list (no personal data). */
  readonly reason: string;
}

/** Activities the engine itself needs, whatever the definition. */
export interface EngineActivities {
  /** Appends events; a `milestone.recorded` event also closes the open tasks that stood for that milestone. */
  recordTrajectoryEvents(request: RecordTrajectoryEventsRequest): Promise<void>;
  supersedeEffects(request: SupersedeEffectsRequest): Promise<void>;
}

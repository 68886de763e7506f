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
}

/** A service-task activity: returns a result the node's output mapping can read (or nothing). */
export type ServiceTaskActivity = (request: ServiceTaskRequest) => Promise<Record<string, unknown> | void>;

/** Activities the engine itself needs, whatever the definition. */
export interface EngineActivities {
  recordTrajectoryEvents(request: RecordTrajectoryEventsRequest): Promise<void>;
}

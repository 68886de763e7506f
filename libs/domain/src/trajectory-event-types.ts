/**
 * The catalogue of trajectory events: every `type` the event store holds, with its payload at
 * the current schema version. Projections, the progress report and audits read these; the
 * workflow and the activities write them. Payloads never hold personal data — a person is
 * referenced by `personId`, a pseudonym whose record can be erased (crypto-shredding).
 *
 * Adding a field is a new schema version with an upcaster for the old one; renaming a type is
 * not allowed (old streams keep it forever).
 */

/** Written by the engine (workflow) itself. */
export interface EngineEventPayloads {
  'trajectory.started': {
    definitionKey: string;
    definitionVersion: number;
    contentHash: string;
    municipality: string;
    caseReference: string;
    /** The business date it begins on (e.g. the housing date), and how many past milestones it was started with. */
    startOn?: string;
    history?: number;
  };
  /** A token parked on a milestone wait: what the trajectory waits on, and since when. */
  'trajectory.waiting': { nodeId: string; milestone: string; nodeName?: string; normDeadline?: string };
  /** A step stopped waiting without its milestone: another branch won, a boundary event interrupted it, or the trajectory ended. */
  'trajectory.waitEnded': { nodeId: string; milestone: string; reason: string };
  /** A milestone that no longer applies: an earlier-dated one decided its step, or its step is off the path after later input. */
  'milestone.displaced': { milestone: string; milestoneId: string; reason: string };
  'milestone.recorded': {
    milestone: string;
    milestoneId: string;
    /** The wait that took it; null for a milestone only a legal clock listens to (a diploma). */
    nodeId: string | null;
    /** YYYY-MM-DD */
    occurredOn: string;
    payload?: Record<string, string | number | boolean | null>;
  };
  /** `moved`: the dated moments the correction moved (deadlines, norms, timers, warnings). */
  'facts.corrected': { changes: Record<string, { from: unknown; to: unknown }>; reason: string; moved?: ReadonlyArray<{ what: string; from: string | null; to: string | null }> };
  'clock.started': { clockId: string; name: string; startDate: string; deadline: string; warnings: readonly string[] };
  'clock.warning': { clockId: string; offset: string; deadline: string; late: boolean };
  /** `legalBasis`: the provision the change rests on, when the milestone that moved the clock named one (e.g. 'Wi2021 art. 7 lid 2'). */
  'clock.suspended': { clockId: string; milestone: string; legalBasis?: string };
  'clock.resumed': { clockId: string; milestone: string; deadline: string; legalBasis?: string };
  /** The deadline moved (an extension): from the old date to the new one. */
  'clock.extended': { clockId: string; milestone: string; from: string; deadline: string; legalBasis?: string };
  'clock.stopped': { clockId: string; milestone: string; legalBasis?: string };
  'clock.expired': { clockId: string; deadline: string };
  /** A warning or expiry recorded earlier that later input (a diploma, an extension dated before it) showed never fell due. */
  'clock.warningWithdrawn': { clockId: string; offset: string; on: string; by: string };
  'clock.expiryWithdrawn': { clockId: string; deadline: string; on: string; by: string };
  /** A side effect that was performed and is no longer what the trajectory needs; the tasks it opened are closed. */
  'effect.superseded': { effect: string; generation: number; on: string; by: string };
  /** An activity failed for good: the trajectory waits for a supervisor to retry or skip it. */
  'incident.opened': { incidentId: string; nodeId: string; activity: string; errorType: string; attempts: number };
  'incident.resolved': { incidentId: string; action: 'retry' | 'skip' | 'no longer needed'; reason: string };
  'trajectory.completed': Record<string, never>;
  'trajectory.terminated': Record<string, never>;
  'trajectory.cancelled': { reason: string };
}

export type EngineEventType = keyof EngineEventPayloads;

/** Written by the API about the person a trajectory is for (pseudonymous id only, never their data). */
export interface PersonEventPayloads {
  /** The person's record was erased on request (crypto-shredding); the trajectory's history stays. */
  'person.erased': { personId: string };
}

export type PersonEventType = keyof PersonEventPayloads;

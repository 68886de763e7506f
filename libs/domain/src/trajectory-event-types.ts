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
  };
  /** A token parked on a milestone wait: what the trajectory waits on, and since when. */
  'trajectory.waiting': { nodeId: string; milestone: string; nodeName?: string; normDeadline?: string };
  'milestone.recorded': {
    milestone: string;
    milestoneId: string;
    /** The wait that took it; null for a milestone only a legal clock listens to (a diploma). */
    nodeId: string | null;
    /** YYYY-MM-DD */
    occurredOn: string;
    payload?: Record<string, string | number | boolean | null>;
  };
  'facts.corrected': { changes: Record<string, { from: unknown; to: unknown }>; reason: string };
  'clock.started': { clockId: string; name: string; startDate: string; deadline: string; warnings: readonly string[] };
  'clock.warning': { clockId: string; offset: string; deadline: string; late: boolean };
  /** `legalBasis`: the provision the change rests on, when the milestone that moved the clock named one (e.g. 'Wi2021 art. 7 lid 2'). */
  'clock.suspended': { clockId: string; milestone: string; legalBasis?: string };
  'clock.resumed': { clockId: string; milestone: string; deadline: string; legalBasis?: string };
  /** The deadline moved (an extension): from the old date to the new one. */
  'clock.extended': { clockId: string; milestone: string; from: string; deadline: string; legalBasis?: string };
  'clock.stopped': { clockId: string; milestone: string; legalBasis?: string };
  'clock.expired': { clockId: string; deadline: string };
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

/**
 * The municipality's record of what happened in a trajectory: events as they are appended to
 * and read from the event store. Payloads hold no personal data — people are referenced by
 * their pseudonymous id only.
 */

/** Who caused an event: a role and a pseudonymous user id ('system' events come from the engine). */
export interface EventActor {
  readonly role: ActorRole;
  readonly id: string;
}

/**
 * The built-in roles: municipal roles (klantmanager, supervisor, beleid, admin), partners who
 * report milestones of their own part (Vluchtelingenwerk, the sociaal wijkteam,
 * Schulddienstverlening), and `system` for the engine and integrations. A definition may declare
 * more (./roles.ts).
 */
export const ACTOR_ROLES = [
  'klantmanager',
  'supervisor',
  'beleid',
  'admin',
  'vluchtelingenwerk',
  'wijkteam',
  'schulddienstverlening',
  'system',
] as const;
export type BuiltInRole = (typeof ACTOR_ROLES)[number];
/** A built-in role or one a published definition declares (e.g. `jobcoach`): code that lists roles names built-in ones. */
export type ActorRole = BuiltInRole | (string & NonNullable<unknown>);

export type EventPayload = Readonly<Record<string, unknown>>;

/** An event about to be appended. */
export interface NewTrajectoryEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly payload: EventPayload;
  readonly actor: EventActor;
  /** When it happened in the world (a milestone's date), as opposed to when it was recorded. */
  readonly businessTime: Date;
  /** Unique across the store: a retried append with the same key is a no-op. */
  readonly idempotencyKey: string;
}

/** An event as stored: numbered within its stream and stamped with the time it was recorded. */
export interface RecordedTrajectoryEvent extends NewTrajectoryEvent {
  readonly streamId: string;
  /** 1, 2, 3, … within the stream, without gaps. */
  readonly sequence: number;
  readonly recordedAt: Date;
}

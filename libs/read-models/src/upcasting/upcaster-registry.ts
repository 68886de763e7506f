/**
 * Event schema evolution: a stored event keeps the schema version it was written with, forever.
 * Readers bring it to the current version through a chain of upcasters, one per step
 * (v1 → v2 → v3), each a pure function of the payload. Projections only ever see current
 * payloads.
 *
 *   const upcasters = new UpcasterRegistry()
 *     .register('task.created', 1, (payload) => ({ ...payload, team: payload.team ?? 'klantmanagers' }));
 *   const current = upcasters.upcast(storedEvent); // schemaVersion 2
 */
import type { EventPayload } from '@wegwijs/domain';

export type Upcaster = (payload: EventPayload) => EventPayload;

/** Thrown when a second upcaster is registered for the same event type and version. */
export class DuplicateUpcasterError extends Error {
  constructor(
    readonly eventType: string,
    readonly fromVersion: number,
  ) {
    super(`An upcaster for ${eventType} v${fromVersion} is already registered`);
    this.name = 'DuplicateUpcasterError';
  }
}

export class UpcasterRegistry {
  private readonly upcasters = new Map<string, Upcaster>();

  /** Registers the step from `fromVersion` to `fromVersion + 1` of one event type. */
  register(eventType: string, fromVersion: number, upcaster: Upcaster): this {
    const key = stepKey(eventType, fromVersion);
    if (this.upcasters.has(key)) throw new DuplicateUpcasterError(eventType, fromVersion);
    this.upcasters.set(key, upcaster);
    return this;
  }

  /** The event at the newest version its registered steps reach; unchanged when none apply. */
  upcast<E extends { readonly type: string; readonly schemaVersion: number; readonly payload: EventPayload }>(event: E): E {
    let { schemaVersion, payload } = event;
    for (let step = this.upcasters.get(stepKey(event.type, schemaVersion)); step; step = this.upcasters.get(stepKey(event.type, schemaVersion))) {
      payload = step(payload);
      schemaVersion += 1;
    }
    return schemaVersion === event.schemaVersion ? event : { ...event, schemaVersion, payload };
  }
}

function stepKey(eventType: string, fromVersion: number): string {
  return `${eventType}@${fromVersion}`;
}

/**
 * The upcasters of Wegwijs's own history. Every engine event in `@wegwijs/domain` is still at
 * version 1. `trajectory.reassigned` (defined by this library, not yet emitted by anyone) is
 * defined at version 2 with `klantmanagerId`; its version 1 named the field `assigneeId`, like
 * the task events do. Writers write version 2; the step keeps version 1 readable.
 */
export const WEGWIJS_UPCASTERS = new UpcasterRegistry().register('trajectory.reassigned', 1, ({ assigneeId, ...rest }) => ({
  ...rest,
  klantmanagerId: assigneeId,
}));

import type { ActorRole, NewTrajectoryEvent, RecordedTrajectoryEvent } from '@wegwijs/domain';
import { EntityManager, In } from 'typeorm';
import { ConcurrencyConflictError, IdempotencyKeyReusedError, PartiallyRecordedAppendError, type ExpectedSequence } from './event-store.port';
import { TrajectoryEventEntity } from './trajectory-event.entity';

/**
 * The one implementation of the event store's append rules, inside a transaction the caller
 * holds: appends to one stream are serialised by a transaction-scoped lock (so the sequence
 * check and the insert see the same stream, and other streams are not held up), a repeated
 * idempotency key returns what was stored, sequences have no gaps. Other rows written in the same
 * transaction (outbox messages) commit or roll back with the events. `repeated: true` when every
 * key was stored before.
 */
export async function appendEventsInTransaction(
  manager: EntityManager,
  streamId: string,
  events: readonly NewTrajectoryEvent[],
  expected: ExpectedSequence = 'any',
): Promise<{ events: RecordedTrajectoryEvent[]; repeated: boolean }> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [streamId]);
  const repository = manager.getRepository(TrajectoryEventEntity);
  const keys = events.map((event) => event.idempotencyKey);
  const stored = keys.length === 0 ? [] : await repository.find({ where: { idempotencyKey: In(keys) }, order: { sequence: 'ASC' } });
  if (stored.length > 0) {
    const foreign = stored.find((row) => row.streamId !== streamId);
    if (foreign) throw new IdempotencyKeyReusedError(foreign.idempotencyKey, streamId);
    if (stored.length !== events.length) throw new PartiallyRecordedAppendError(streamId, stored.map((row) => row.idempotencyKey));
    return { events: stored.map(toRecorded), repeated: true };
  }
  const [row] = await manager.query('SELECT coalesce(max(sequence), 0)::int AS current FROM trajectory_events WHERE stream_id = $1', [streamId]);
  const current = Number(row.current);
  if (expected !== 'any' && expected !== current) throw new ConcurrencyConflictError(streamId, expected, current);
  const saved = await repository.save(
    events.map((event, index) =>
      repository.create({
        streamId,
        sequence: current + index + 1,
        type: event.type,
        schemaVersion: event.schemaVersion,
        payload: { ...event.payload },
        actorRole: event.actor.role,
        actorId: event.actor.id,
        businessTime: event.businessTime,
        idempotencyKey: event.idempotencyKey,
      }),
    ),
  );
  return { events: saved.map(toRecorded), repeated: false };
}

export function toRecorded(row: TrajectoryEventEntity): RecordedTrajectoryEvent {
  return {
    streamId: row.streamId,
    sequence: row.sequence,
    type: row.type,
    schemaVersion: row.schemaVersion,
    payload: row.payload,
    actor: { role: row.actorRole as ActorRole, id: row.actorId },
    businessTime: new Date(row.businessTime),
    recordedAt: new Date(row.recordedAt),
    idempotencyKey: row.idempotencyKey,
  };
}

import type { ActorRole, NewTrajectoryEvent, RecordedTrajectoryEvent } from '@wegwijs/domain';
import { DataSource, EntityManager, In, MoreThan } from 'typeorm';
import {
  ConcurrencyConflictError,
  EventStore,
  ExpectedSequence,
  IdempotencyKeyReusedError,
  PartiallyRecordedAppendError,
} from './event-store.port';
import { TrajectoryEventEntity } from './trajectory-event.entity';

/** The event store on PostgreSQL through TypeORM. */
export class TypeOrmEventStore extends EventStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async append(
    streamId: string,
    events: readonly NewTrajectoryEvent[],
    expected: ExpectedSequence = 'any',
  ): Promise<RecordedTrajectoryEvent[]> {
    if (events.length === 0) return [];
    return this.dataSource.transaction(async (manager) => {
      // Appends to one stream are serialised by a transaction-scoped lock, so the sequence check
      // and the insert see the same stream; other streams are not held up.
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [streamId]);
      const repeated = await this.alreadyRecorded(manager, streamId, events);
      if (repeated) return repeated;

      const current = await this.currentSequence(manager, streamId);
      if (expected !== 'any' && expected !== current) {
        throw new ConcurrencyConflictError(streamId, expected, current);
      }
      const rows = events.map((event, index) => toEntity(streamId, current + index + 1, event));
      const saved = await manager.getRepository(TrajectoryEventEntity).save(rows);
      return saved.map(toRecordedEvent);
    });
  }

  async readStream(streamId: string, afterSequence = 0): Promise<RecordedTrajectoryEvent[]> {
    const rows = await this.dataSource.getRepository(TrajectoryEventEntity).find({
      where: { streamId, sequence: MoreThan(afterSequence) },
      order: { sequence: 'ASC' },
    });
    return rows.map(toRecordedEvent);
  }

  private async alreadyRecorded(
    manager: EntityManager,
    streamId: string,
    events: readonly NewTrajectoryEvent[],
  ): Promise<RecordedTrajectoryEvent[] | undefined> {
    const keys = events.map((event) => event.idempotencyKey);
    const stored = await manager.getRepository(TrajectoryEventEntity).find({
      where: { idempotencyKey: In(keys) },
      order: { sequence: 'ASC' },
    });
    if (stored.length === 0) return undefined;
    const foreign = stored.find((row) => row.streamId !== streamId);
    if (foreign) throw new IdempotencyKeyReusedError(foreign.idempotencyKey, streamId);
    if (stored.length !== events.length) {
      throw new PartiallyRecordedAppendError(
        streamId,
        stored.map((row) => row.idempotencyKey),
      );
    }
    return stored.map(toRecordedEvent);
  }

  private async currentSequence(manager: EntityManager, streamId: string): Promise<number> {
    const [row] = await manager.query('SELECT coalesce(max(sequence), 0)::int AS current FROM trajectory_events WHERE stream_id = $1', [
      streamId,
    ]);
    return Number(row.current);
  }
}

function toEntity(streamId: string, sequence: number, event: NewTrajectoryEvent): TrajectoryEventEntity {
  const entity = new TrajectoryEventEntity();
  entity.streamId = streamId;
  entity.sequence = sequence;
  entity.type = event.type;
  entity.schemaVersion = event.schemaVersion;
  entity.payload = { ...event.payload };
  entity.actorRole = event.actor.role;
  entity.actorId = event.actor.id;
  entity.businessTime = event.businessTime;
  entity.idempotencyKey = event.idempotencyKey;
  return entity;
}

function toRecordedEvent(row: TrajectoryEventEntity): RecordedTrajectoryEvent {
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

import type { NewTrajectoryEvent, RecordedTrajectoryEvent } from '@wegwijs/domain';
import { DataSource, MoreThan } from 'typeorm';
import { appendEventsInTransaction, toRecorded } from './append-events-in-transaction';
import { EventStore, type ExpectedSequence } from './event-store.port';
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
    return this.dataSource.transaction(async (manager) => (await appendEventsInTransaction(manager, streamId, events, expected)).events);
  }

  async readStream(streamId: string, afterSequence = 0): Promise<RecordedTrajectoryEvent[]> {
    const rows = await this.dataSource.getRepository(TrajectoryEventEntity).find({
      where: { streamId, sequence: MoreThan(afterSequence) },
      order: { sequence: 'ASC' },
    });
    return rows.map(toRecorded);
  }
}

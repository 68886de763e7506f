import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row of the append-only event table. Only the TypeORM adapter sees this class; the rest of
 * Wegwijs works with `RecordedTrajectoryEvent` from the domain.
 */
@Entity({ name: 'trajectory_events' })
@Index('trajectory_events_stream_sequence_key', ['streamId', 'sequence'], { unique: true })
export class TrajectoryEventEntity {
  /** Global order of appends, for projections that follow all streams. */
  @PrimaryGeneratedColumn({ type: 'bigint', name: 'position' })
  position!: string;

  @Column({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @Column({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'schema_version', type: 'integer' })
  schemaVersion!: number;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole!: string;

  @Column({ name: 'actor_id', type: 'text' })
  actorId!: string;

  @Column({ name: 'business_time', type: 'timestamptz' })
  businessTime!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;

  @Column({ name: 'idempotency_key', type: 'text', unique: true })
  idempotencyKey!: string;
}

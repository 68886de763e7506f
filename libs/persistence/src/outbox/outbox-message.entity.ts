import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One row of `notification_outbox`. Only the TypeORM adapter sees this class. */
@Entity({ name: 'notification_outbox' })
@Index('notification_outbox_message_key_audience_key', ['messageKey', 'audience'], { unique: true })
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'message_id' })
  messageId!: string;

  @Column({ name: 'message_key', type: 'text' })
  messageKey!: string;

  @Column({ name: 'trajectory_id', type: 'text' })
  trajectoryId!: string;

  @Column({ type: 'text' })
  audience!: string;

  @Column({ type: 'text' })
  language!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

import type { NewNotification, NewTrajectoryEvent, NotificationAudience, RecordedTrajectoryEvent } from '@wegwijs/domain';
import { DataSource } from 'typeorm';
import { appendEventsInTransaction } from '../event-store/append-events-in-transaction';
import { NotificationOutbox, OutboxMessage, OutboxStatus } from './notification-outbox.port';
import { OutboxMessageEntity } from './outbox-message.entity';

/** The notification outbox on PostgreSQL through TypeORM. */
export class TypeOrmNotificationOutbox extends NotificationOutbox {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async appendWithNotifications(
    streamId: string,
    events: readonly NewTrajectoryEvent[],
    notifications: readonly NewNotification[],
  ): Promise<RecordedTrajectoryEvent[]> {
    return this.dataSource.transaction(async (manager) => {
      const appended = await appendEventsInTransaction(manager, streamId, events);
      if (appended.repeated || notifications.length === 0) return appended.events;
      await manager
        .createQueryBuilder()
        .insert()
        .into(OutboxMessageEntity)
        .values(
          notifications.map((notification) => ({
            messageKey: notification.messageKey,
            trajectoryId: notification.trajectoryId,
            audience: notification.audience,
            language: notification.language,
            subject: notification.subject,
            body: notification.body,
            status: 'pending',
            attempts: 0,
            nextAttemptAt: () => 'now()',
          })),
        )
        .orIgnore()
        .execute();
      return appended.events;
    });
  }

  async claimDue(now: Date, limit: number, leaseMs: number, municipality?: string): Promise<OutboxMessage[]> {
    // '%' matches every trajectory; a CBS code (GM + 4 digits) holds no LIKE wildcards.
    const scope = municipality ? `${municipality}.%` : '%';
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE notification_outbox SET status = 'in_doubt', claimed_until = NULL,
           last_error = 'claim expired before the delivery was recorded'
         WHERE status = 'sending' AND claimed_until < $1 AND trajectory_id LIKE $2`,
        [now, scope],
      );
      const [rows] = (await manager.query(
        `UPDATE notification_outbox SET status = 'sending', attempts = attempts + 1, claimed_until = $2
         WHERE message_id IN (
           SELECT message_id FROM notification_outbox
           WHERE status = 'pending' AND next_attempt_at <= $1 AND trajectory_id LIKE $4
           ORDER BY next_attempt_at, created_at
           LIMIT $3
           FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [now, new Date(now.getTime() + leaseMs), limit, scope],
      )) as [Record<string, unknown>[], number];
      return rows.map(fromRawRow).sort((left, right) => left.nextAttemptAt.getTime() - right.nextAttemptAt.getTime());
    });
  }

  async markSent(messageId: string, at: Date): Promise<void> {
    // A send that outlived its claim was put in doubt meanwhile; its late success settles the doubt.
    await this.settle(messageId, { status: 'sent', sentAt: at, claimedUntil: null, lastError: null }, ['sending', 'in_doubt']);
  }

  async markRetry(messageId: string, error: string, nextAttemptAt: Date): Promise<void> {
    await this.settle(messageId, { status: 'pending', nextAttemptAt, claimedUntil: null, lastError: error });
  }

  async markFailed(messageId: string, error: string): Promise<void> {
    await this.settle(messageId, { status: 'failed', claimedUntil: null, lastError: error });
  }

  async markInDoubt(messageId: string, error: string): Promise<void> {
    await this.settle(messageId, { status: 'in_doubt', claimedUntil: null, lastError: error });
  }

  async listForTrajectory(trajectoryId: string): Promise<OutboxMessage[]> {
    const rows = await this.dataSource
      .getRepository(OutboxMessageEntity)
      .find({ where: { trajectoryId }, order: { createdAt: 'ASC', messageKey: 'ASC' } });
    return rows.map(toOutboxMessage);
  }

  /** Only a claimed message can be settled: a late failure must not turn `in_doubt` into a retry. */
  private async settle(messageId: string, changes: Partial<OutboxMessageEntity>, from: OutboxStatus[] = ['sending']): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(OutboxMessageEntity)
      .set(changes)
      .where('message_id = :messageId AND status IN (:...from)', { messageId, from })
      .execute();
  }
}

function toOutboxMessage(row: OutboxMessageEntity): OutboxMessage {
  return {
    messageId: row.messageId,
    messageKey: row.messageKey,
    trajectoryId: row.trajectoryId,
    audience: row.audience as NotificationAudience,
    language: row.language,
    subject: row.subject,
    body: row.body,
    status: row.status as OutboxStatus,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.nextAttemptAt),
    lastError: row.lastError,
    sentAt: row.sentAt ? new Date(row.sentAt) : null,
  };
}

function fromRawRow(row: Record<string, unknown>): OutboxMessage {
  return {
    messageId: String(row.message_id),
    messageKey: String(row.message_key),
    trajectoryId: String(row.trajectory_id),
    audience: row.audience as NotificationAudience,
    language: String(row.language),
    subject: String(row.subject),
    body: String(row.body),
    status: row.status as OutboxStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: new Date(row.next_attempt_at as string),
    lastError: (row.last_error as string | null) ?? null,
    sentAt: row.sent_at ? new Date(row.sent_at as string) : null,
  };
}

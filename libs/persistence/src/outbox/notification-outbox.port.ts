import type { NewNotification, NewTrajectoryEvent, NotificationAudience, RecordedTrajectoryEvent } from '@wegwijs/domain';

/**
 * Where a message stands. `sending` is claimed by a delivery attempt; a claim that runs out
 * without a result (the process died between handing the message to SMTP and recording it)
 * becomes `in_doubt` and is never sent automatically again: a person gets a message at most
 * once, and an operator decides about the doubtful ones.
 */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'in_doubt'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxMessage {
  readonly messageId: string;
  readonly messageKey: string;
  readonly trajectoryId: string;
  readonly audience: NotificationAudience;
  readonly language: string;
  readonly subject: string;
  readonly body: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  /** Error class and SMTP response code only: server replies can echo addresses. */
  readonly lastError: string | null;
  readonly sentAt: Date | null;
}

/**
 * The transactional outbox for notifications: a message is stored in the same database
 * transaction as the event that causes it, and the delivery loop claims, sends and settles it.
 */
export abstract class NotificationOutbox {
  /**
   * Appends the events to the trajectory's stream and queues the messages, atomically. Repeating
   * a call whose events are stored changes nothing and returns the stored events.
   */
  abstract appendWithNotifications(
    streamId: string,
    events: readonly NewTrajectoryEvent[],
    notifications: readonly NewNotification[],
  ): Promise<RecordedTrajectoryEvent[]>;

  /**
   * Claims up to `limit` pending messages due at `now` for `leaseMs`. First turns claims that
   * ran out into `in_doubt`. Two loops never claim the same message. With `municipality` (a CBS
   * code) only that municipality's trajectories are served — each municipality may send through
   * its own mail relay.
   */
  abstract claimDue(now: Date, limit: number, leaseMs: number, municipality?: string): Promise<OutboxMessage[]>;

  /** Records the delivery; also settles a message put in doubt because its claim ran out while it was being sent. */
  abstract markSent(messageId: string, at: Date): Promise<void>;

  /** Back to pending, to be tried again at `nextAttemptAt`. */
  abstract markRetry(messageId: string, error: string, nextAttemptAt: Date): Promise<void>;

  /** Given up: the server refused it for good, or the attempts ran out. */
  abstract markFailed(messageId: string, error: string): Promise<void>;

  /** The transport may or may not have delivered it (e.g. the connection dropped after the data): never sent again automatically. */
  abstract markInDoubt(messageId: string, error: string): Promise<void>;

  abstract listForTrajectory(trajectoryId: string): Promise<OutboxMessage[]>;
}

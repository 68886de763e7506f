import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox for e-mail notifications. A message is unique per cause and audience,
 * so a retried activity queues it once; the recipient's address is not stored here but looked
 * up at delivery, so erasing a person's record erases their address everywhere.
 */
export class CreateNotificationOutbox1764400000002 implements MigrationInterface {
  name = 'CreateNotificationOutbox1764400000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notification_outbox (
        message_id      uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        message_key     text        NOT NULL,
        trajectory_id   text        NOT NULL,
        audience        text        NOT NULL,
        language        text        NOT NULL,
        subject         text        NOT NULL,
        body            text        NOT NULL,
        status          text        NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'in_doubt')),
        attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        claimed_until   timestamptz,
        last_error      text,
        sent_at         timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notification_outbox_message_key_audience_key UNIQUE (message_key, audience)
      )`);
    await queryRunner.query(`CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE status = 'pending'`);
    await queryRunner.query(`CREATE INDEX notification_outbox_claimed ON notification_outbox (claimed_until) WHERE status = 'sending'`);
    await queryRunner.query(`CREATE INDEX notification_outbox_trajectory ON notification_outbox (trajectory_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE notification_outbox');
  }
}

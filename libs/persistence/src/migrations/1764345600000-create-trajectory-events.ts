import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only event table. The database itself refuses UPDATE, DELETE and TRUNCATE, so that
 * no code path — ours or a hurried manual fix — can rewrite what happened to a person.
 */
export class CreateTrajectoryEvents1764345600000 implements MigrationInterface {
  name = 'CreateTrajectoryEvents1764345600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE trajectory_events (
        position        bigserial PRIMARY KEY,
        stream_id       text        NOT NULL,
        sequence        integer     NOT NULL CHECK (sequence > 0),
        type            text        NOT NULL,
        schema_version  integer     NOT NULL CHECK (schema_version > 0),
        payload         jsonb       NOT NULL,
        actor_role      text        NOT NULL,
        actor_id        text        NOT NULL,
        business_time   timestamptz NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        idempotency_key text        NOT NULL,
        CONSTRAINT trajectory_events_stream_sequence_key UNIQUE (stream_id, sequence),
        CONSTRAINT trajectory_events_idempotency_key_key UNIQUE (idempotency_key)
      )`);
    await queryRunner.query(`
      CREATE FUNCTION trajectory_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'trajectory_events is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER trajectory_events_append_only
      BEFORE UPDATE OR DELETE ON trajectory_events
      FOR EACH ROW EXECUTE FUNCTION trajectory_events_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER trajectory_events_no_truncate
      BEFORE TRUNCATE ON trajectory_events
      FOR EACH STATEMENT EXECUTE FUNCTION trajectory_events_refuse_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE trajectory_events');
    await queryRunner.query('DROP FUNCTION trajectory_events_refuse_change()');
  }
}

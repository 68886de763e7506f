import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access log (verwerkingenlogging): one row per read or change of a person's trajectory data,
 * naming who (role, pseudonymous id), what (operation), whose (trajectory id, never a name or
 * BSN), on what ground and whether it was allowed. Rows are never changed; removing rows past
 * their retention period is the only deletion, done by the operator.
 */
export class CreateAccessLog1764600000001 implements MigrationInterface {
  name = 'CreateAccessLog1764600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE access_log (
        access_id      bigserial   PRIMARY KEY,
        recorded_at    timestamptz NOT NULL DEFAULT now(),
        actor_role     text        NOT NULL,
        actor_id       text        NOT NULL,
        action         text        NOT NULL CHECK (action IN ('read', 'change', 'list')),
        operation      text        NOT NULL,
        trajectory_id  text,
        municipality   text,
        legal_ground   text        NOT NULL,
        outcome        text        NOT NULL CHECK (outcome IN ('granted', 'denied'))
      )`);
    await queryRunner.query('CREATE INDEX access_log_trajectory ON access_log (trajectory_id, recorded_at)');
    await queryRunner.query('CREATE INDEX access_log_actor ON access_log (actor_id, recorded_at)');
    await queryRunner.query(`
      CREATE FUNCTION access_log_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'access_log rows are never changed: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER access_log_no_update
      BEFORE UPDATE ON access_log
      FOR EACH ROW EXECUTE FUNCTION access_log_refuse_update()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE access_log');
    await queryRunner.query('DROP FUNCTION access_log_refuse_update()');
  }
}

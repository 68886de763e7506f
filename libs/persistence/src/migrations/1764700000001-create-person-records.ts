import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The person record (crypto-shredding): personal data sealed per person in `person_records`,
 * each person's data key wrapped under a master key in `person_data_keys` (kept apart, behind
 * its own port, so it can move to a KMS), and `person_erasures`, the tombstones of erased people
 * (pseudonymous ids only). The access log learns which person record an access concerned.
 */
export class CreatePersonRecords1764700000001 implements MigrationInterface {
  name = 'CreatePersonRecords1764700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE person_records (
        person_id      uuid        PRIMARY KEY,
        municipality   text        NOT NULL,
        trajectory_id  text        UNIQUE,
        registered_by  text        NOT NULL,
        key_version    integer     NOT NULL,
        iv             bytea       NOT NULL,
        ciphertext     bytea       NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE person_data_keys (
        person_id      uuid        PRIMARY KEY,
        key_version    integer     NOT NULL,
        master_key_id  text        NOT NULL,
        wrapping_iv    bytea       NOT NULL,
        wrapped_key    bytea       NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX person_data_keys_master_key ON person_data_keys (master_key_id)');
    await queryRunner.query(`
      CREATE TABLE person_erasures (
        person_id      uuid        PRIMARY KEY,
        municipality   text        NOT NULL,
        trajectory_id  text,
        erased_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('ALTER TABLE access_log ADD COLUMN person_id uuid');
    await queryRunner.query('CREATE INDEX access_log_person ON access_log (person_id, recorded_at) WHERE person_id IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX access_log_person');
    await queryRunner.query('ALTER TABLE access_log DROP COLUMN person_id');
    await queryRunner.query('DROP TABLE person_erasures');
    await queryRunner.query('DROP TABLE person_data_keys');
    await queryRunner.query('DROP TABLE person_records');
  }
}

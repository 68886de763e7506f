import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trajectory definitions published through the API (the repository's own versions are files).
 * A published version never changes: a trigger refuses every UPDATE and DELETE, so not even a
 * mistaken script can alter what running trajectories were started on.
 */
export class CreatePublishedDefinitions1764700000000 implements MigrationInterface {
  name = 'CreatePublishedDefinitions1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE published_definitions (
        definition_key    text        NOT NULL,
        version           integer     NOT NULL CHECK (version >= 1),
        content_hash      text        NOT NULL,
        source_text       text        NOT NULL,
        compiled          jsonb       NOT NULL,
        published_at      timestamptz NOT NULL DEFAULT now(),
        published_by_role text        NOT NULL,
        published_by_id   text        NOT NULL,
        PRIMARY KEY (definition_key, version)
      )`);
    await queryRunner.query(`
      CREATE FUNCTION published_definitions_never_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'published definition %@% never changes', OLD.definition_key, OLD.version USING ERRCODE = 'integrity_constraint_violation';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER published_definitions_immutable BEFORE UPDATE OR DELETE ON published_definitions
        FOR EACH ROW EXECUTE FUNCTION published_definitions_never_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE published_definitions');
    await queryRunner.query('DROP FUNCTION published_definitions_never_change()');
  }
}

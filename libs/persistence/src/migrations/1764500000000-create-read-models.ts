import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read models of libs/read-models and the checkpoints that say how far each projection has
 * read the event table.
 *
 * `trajectory_events.transaction_id` records the appending transaction. `position` alone cannot
 * order a projector's reads: a bigserial is taken before commit, so position 11 can become
 * visible while position 10 is still in flight and would be skipped for good. A projector reads
 * only events of transactions older than every transaction still running, in
 * (transaction_id, position) order — gap-free, and per-stream order holds because appends to one
 * stream are serialised by the event store's stream lock.
 */
export class CreateReadModels1764500000000 implements MigrationInterface {
  name = 'CreateReadModels1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE trajectory_events
        ADD COLUMN transaction_id bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint)`);
    await queryRunner.query('CREATE INDEX trajectory_events_transaction_position_idx ON trajectory_events (transaction_id, position)');

    await queryRunner.query(`
      CREATE TABLE projection_checkpoints (
        projection     text        PRIMARY KEY,
        transaction_id bigint      NOT NULL DEFAULT 0,
        position       bigint      NOT NULL DEFAULT 0,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE rm_trajectory_summaries (
        trajectory_id      text PRIMARY KEY,
        municipality       text,
        definition_key     text,
        definition_version integer,
        status             text        NOT NULL DEFAULT 'running',
        phase              text,
        route              text,
        client_manager_id  text,
        waiting_on         text[]      NOT NULL DEFAULT '{}',
        waiting_since      timestamptz,
        next_deadline      date,
        open_waits         jsonb       NOT NULL DEFAULT '[]',
        open_clocks        jsonb       NOT NULL DEFAULT '{}',
        started_at         timestamptz,
        ended_at           timestamptz,
        last_sequence      integer     NOT NULL DEFAULT 0
      )`);
    await queryRunner.query('CREATE INDEX rm_trajectory_summaries_client_manager_idx ON rm_trajectory_summaries (client_manager_id)');

    await queryRunner.query(`
      CREATE TABLE rm_tasks (
        task_id       text PRIMARY KEY,
        trajectory_id text        NOT NULL,
        kind          text,
        title         text        NOT NULL,
        assignee_id   text,
        team          text,
        due_on        date,
        status        text        NOT NULL,
        completion_milestone text,
        created_at    timestamptz NOT NULL,
        completed_at  timestamptz
      )`);
    await queryRunner.query('CREATE INDEX rm_tasks_assignee_idx ON rm_tasks (assignee_id, status)');

    await queryRunner.query(`
      CREATE TABLE rm_deadline_owners (
        trajectory_id     text PRIMARY KEY,
        municipality      text,
        client_manager_id text
      )`);
    await queryRunner.query(`
      CREATE TABLE rm_deadlines (
        trajectory_id  text    NOT NULL,
        deadline_key   text    NOT NULL,
        kind           text    NOT NULL,
        name           text    NOT NULL,
        due_on         date    NOT NULL,
        suspended      boolean NOT NULL DEFAULT false,
        warning_offsets text[] NOT NULL DEFAULT '{}',
        closed_by_milestone text,
        last_warning   text,
        warned_on      date,
        PRIMARY KEY (trajectory_id, deadline_key)
      )`);
    await queryRunner.query('CREATE INDEX rm_deadlines_due_idx ON rm_deadlines (due_on)');

    await queryRunner.query(`
      CREATE TABLE rm_handovers (
        trajectory_id text NOT NULL,
        handover_key  text NOT NULL,
        kind          text NOT NULL,
        from_party    text NOT NULL,
        to_party      text NOT NULL,
        pending_since timestamptz,
        due_on        date,
        done_on       date,
        recorded_by   text,
        PRIMARY KEY (trajectory_id, handover_key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['rm_handovers', 'rm_deadlines', 'rm_deadline_owners', 'rm_tasks', 'rm_trajectory_summaries', 'projection_checkpoints']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query('DROP INDEX trajectory_events_transaction_position_idx');
    await queryRunner.query('ALTER TABLE trajectory_events DROP COLUMN transaction_id');
  }
}

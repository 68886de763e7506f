import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tasks for people (klantmanagers, teams, supervisors), created by activities. */
export class CreatePersonTasks1764400000001 implements MigrationInterface {
  name = 'CreatePersonTasks1764400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE person_tasks (
        task_id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key      text        NOT NULL,
        trajectory_id        text        NOT NULL,
        kind                 text        NOT NULL,
        title                text        NOT NULL,
        assignee_team        text        NOT NULL,
        assignee_user_id     text,
        due_on               date,
        completion_milestone text,
        status               text        NOT NULL CHECK (status IN ('open', 'completed')),
        created_at           timestamptz NOT NULL DEFAULT now(),
        completed_at         timestamptz,
        completed_by         text,
        outcome              jsonb,
        CONSTRAINT person_tasks_idempotency_key_key UNIQUE (idempotency_key),
        CONSTRAINT person_tasks_completed_has_completer CHECK (status = 'open' OR (completed_at IS NOT NULL AND completed_by IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX person_tasks_open_by_user ON person_tasks (assignee_user_id, due_on) WHERE status = 'open'`);
    await queryRunner.query(`CREATE INDEX person_tasks_open_by_team ON person_tasks (assignee_team, due_on) WHERE status = 'open'`);
    await queryRunner.query(`CREATE INDEX person_tasks_trajectory ON person_tasks (trajectory_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE person_tasks');
  }
}

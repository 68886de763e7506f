import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per worker process, touched every few seconds while it polls its task queue: the API's
 * readiness check answers 503 when no worker of its task queue has been seen lately (a crashed
 * worker writes nothing, so only the absence of recent rows can tell). No personal data.
 */
export class CreateWorkerHeartbeats1764800000000 implements MigrationInterface {
  name = 'CreateWorkerHeartbeats1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE worker_heartbeats (
        worker_id     text        PRIMARY KEY,
        task_queue    text        NOT NULL,
        last_seen_at  timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX worker_heartbeats_task_queue ON worker_heartbeats (task_queue, last_seen_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE worker_heartbeats');
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A repeated step's task (a multi-instance or recurring human task) knows which instance it is,
 * so completing it in the work list reports that instance (payload.instanceNumber) without the
 * person having to say it. Null for every other task.
 */
export class AddPersonTaskInstanceNumber1765000000000 implements MigrationInterface {
  name = 'AddPersonTaskInstanceNumber1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE person_tasks ADD COLUMN instance_number integer CHECK (instance_number > 0)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE person_tasks DROP COLUMN instance_number');
  }
}

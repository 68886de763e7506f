import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One row of `person_tasks`. Only the TypeORM adapter sees this class; the rest uses `PersonTask`. */
@Entity({ name: 'person_tasks' })
export class PersonTaskEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'task_id' })
  taskId!: string;

  @Column({ name: 'idempotency_key', type: 'text', unique: true })
  idempotencyKey!: string;

  @Column({ name: 'trajectory_id', type: 'text' })
  trajectoryId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'assignee_team', type: 'text' })
  assigneeTeam!: string;

  @Column({ name: 'assignee_user_id', type: 'text', nullable: true })
  assigneeUserId!: string | null;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn!: string | null;

  @Column({ name: 'completion_milestone', type: 'text', nullable: true })
  completionMilestone!: string | null;

  @Column({ name: 'instance_number', type: 'integer', nullable: true })
  instanceNumber!: number | null;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'completed_by', type: 'text', nullable: true })
  completedBy!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  outcome!: Record<string, string | number | boolean | null> | null;
}

import type { NewPersonTask, PersonTask, TaskAssignee, TaskStatus, TaskTeam } from '@wegwijs/domain';
import { DataSource, EntityManager } from 'typeorm';
import { PersonTaskEntity } from './person-task.entity';
import { TaskAlreadyCompletedError, TaskNotFoundError, TaskStore } from './task-store.port';

type Outcome = Readonly<Record<string, string | number | boolean | null>> | null;

/** Tasks on PostgreSQL through TypeORM. */
export class TypeOrmTaskStore extends TaskStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async open(task: NewPersonTask): Promise<PersonTask> {
    const repository = this.dataSource.getRepository(PersonTaskEntity);
    // ON CONFLICT DO NOTHING keeps two concurrent attempts from failing each other; the row that
    // won is read back either way.
    await repository.createQueryBuilder().insert().values(toEntity(task)).orIgnore().execute();
    const stored = await repository.findOneByOrFail({ idempotencyKey: task.idempotencyKey });
    return toPersonTask(stored);
  }

  async get(taskId: string): Promise<PersonTask> {
    return toPersonTask(await this.load(this.dataSource.manager, taskId));
  }

  async listOpenForUser(userId: string): Promise<PersonTask[]> {
    return this.listOpen('task.assignee_user_id = :userId', { userId });
  }

  async listOpenForTeam(team: TaskTeam): Promise<PersonTask[]> {
    return this.listOpen('task.assignee_team = :team', { team });
  }

  async listForTrajectory(trajectoryId: string): Promise<PersonTask[]> {
    const rows = await this.dataSource
      .getRepository(PersonTaskEntity)
      .find({ where: { trajectoryId }, order: { createdAt: 'ASC', idempotencyKey: 'ASC' } });
    return rows.map(toPersonTask);
  }

  async complete(taskId: string, completedBy: string, outcome: Outcome, at: Date): Promise<PersonTask> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.load(manager, taskId, true);
      if (row.status === 'completed') {
        if (row.completedBy === completedBy && sameOutcome(row.outcome, outcome)) return toPersonTask(row);
        throw new TaskAlreadyCompletedError(taskId);
      }
      row.status = 'completed';
      row.completedAt = at;
      row.completedBy = completedBy;
      row.outcome = outcome ? { ...outcome } : null;
      return toPersonTask(await manager.getRepository(PersonTaskEntity).save(row));
    });
  }

  async completeOpenForMilestone(
    trajectoryId: string,
    milestone: string,
    completedBy: string,
    at: Date,
    outcome: PersonTask['outcome'] = null,
    instanceNumber?: number,
  ): Promise<PersonTask[]> {
    const ofInstance = instanceNumber === undefined ? '' : ' AND (instance_number IS NULL OR instance_number = :instanceNumber)';
    const result = await this.dataSource
      .createQueryBuilder()
      .update(PersonTaskEntity)
      .set({ status: 'completed', completedBy, completedAt: at, outcome: outcome ? { ...outcome } : null })
      .where(`trajectory_id = :trajectoryId AND completion_milestone = :milestone AND status = 'open'${ofInstance}`, { trajectoryId, milestone, instanceNumber })
      .returning('*')
      .execute();
    const rows = (result.raw as Record<string, unknown>[]).map((raw) => this.dataSource.getRepository(PersonTaskEntity).create(fromRaw(raw)));
    return rows.map(toPersonTask);
  }

  async closeOpenedBy(trajectoryId: string, activityKeys: readonly string[], reason: string, at: Date): Promise<PersonTask[]> {
    if (activityKeys.length === 0) return [];
    // Activities open tasks under `<their idempotency key>#task#<kind>` (TrajectoryWriter.openTask).
    const patterns = activityKeys.map((key) => `${key.replace(/[\\%_]/g, (character) => `\\${character}`)}#task#%`);
    const result = await this.dataSource
      .createQueryBuilder()
      .update(PersonTaskEntity)
      .set({ status: 'completed', completedBy: 'wegwijs', completedAt: at, outcome: { closedBecause: reason } })
      .where("trajectory_id = :trajectoryId AND status = 'open' AND idempotency_key LIKE ANY(:patterns)", { trajectoryId, patterns })
      .returning('*')
      .execute();
    const rows = (result.raw as Record<string, unknown>[]).map((raw) => this.dataSource.getRepository(PersonTaskEntity).create(fromRaw(raw)));
    return rows.map(toPersonTask);
  }

  async reassign(taskId: string, to: TaskAssignee): Promise<PersonTask> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.load(manager, taskId, true);
      if (row.status === 'completed') throw new TaskAlreadyCompletedError(taskId);
      row.assigneeTeam = to.team;
      row.assigneeUserId = to.userId ?? null;
      return toPersonTask(await manager.getRepository(PersonTaskEntity).save(row));
    });
  }

  private async listOpen(where: string, parameters: Record<string, string>): Promise<PersonTask[]> {
    const rows = await this.dataSource
      .getRepository(PersonTaskEntity)
      .createQueryBuilder('task')
      .where(`task.status = 'open' AND ${where}`, parameters)
      .orderBy('task.due_on', 'ASC', 'NULLS LAST')
      .addOrderBy('task.created_at', 'ASC')
      .getMany();
    return rows.map(toPersonTask);
  }

  private async load(manager: EntityManager, taskId: string, forUpdate = false): Promise<PersonTaskEntity> {
    if (!UUID_PATTERN.test(taskId)) throw new TaskNotFoundError(taskId);
    const row = await manager
      .getRepository(PersonTaskEntity)
      .findOne({ where: { taskId }, ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!row) throw new TaskNotFoundError(taskId);
    return row;
  }
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function sameOutcome(left: Outcome, right: Outcome): boolean {
  return JSON.stringify(sortedEntries(left)) === JSON.stringify(sortedEntries(right));
}

function sortedEntries(outcome: Outcome): [string, unknown][] {
  return Object.entries(outcome ?? {}).sort(([a], [b]) => a.localeCompare(b));
}

function fromRaw(raw: Record<string, unknown>): Partial<PersonTaskEntity> {
  return {
    taskId: raw.task_id as string,
    idempotencyKey: raw.idempotency_key as string,
    trajectoryId: raw.trajectory_id as string,
    kind: raw.kind as string,
    title: raw.title as string,
    assigneeTeam: raw.assignee_team as string,
    assigneeUserId: (raw.assignee_user_id as string | null) ?? null,
    dueOn: (raw.due_on as string | null) ?? null,
    completionMilestone: (raw.completion_milestone as string | null) ?? null,
    instanceNumber: (raw.instance_number as number | null) ?? null,
    status: raw.status as string,
    createdAt: raw.created_at as Date,
    completedAt: (raw.completed_at as Date | null) ?? null,
    completedBy: (raw.completed_by as string | null) ?? null,
    outcome: (raw.outcome as PersonTaskEntity['outcome']) ?? null,
  };
}

function toEntity(task: NewPersonTask): Partial<PersonTaskEntity> {
  return {
    idempotencyKey: task.idempotencyKey,
    trajectoryId: task.trajectoryId,
    kind: task.kind,
    title: task.title,
    assigneeTeam: task.assignee.team,
    assigneeUserId: task.assignee.userId ?? null,
    dueOn: task.dueOn,
    completionMilestone: task.completionMilestone,
    instanceNumber: task.instanceNumber ?? null,
    status: 'open',
  };
}

function toPersonTask(row: PersonTaskEntity): PersonTask {
  return {
    taskId: row.taskId,
    idempotencyKey: row.idempotencyKey,
    trajectoryId: row.trajectoryId,
    kind: row.kind,
    title: row.title,
    assignee: row.assigneeUserId ? { team: row.assigneeTeam as TaskTeam, userId: row.assigneeUserId } : { team: row.assigneeTeam as TaskTeam },
    dueOn: row.dueOn,
    completionMilestone: row.completionMilestone,
    instanceNumber: row.instanceNumber ?? null,
    status: row.status as TaskStatus,
    createdAt: new Date(row.createdAt),
    completedAt: row.completedAt ? new Date(row.completedAt) : null,
    completedBy: row.completedBy,
    outcome: row.outcome,
  };
}

import { Injectable } from '@nestjs/common';
import { isBuiltInRole, municipalityOfTrajectory, TASK_TEAMS, teamOfRole, type PersonTask, type TaskTeam } from '@wegwijs/domain';
import { EventStore, TaskAlreadyCompletedError, TaskNotFoundError, TaskStore } from '@wegwijs/persistence';
import { INSTANCE_PAYLOAD_FIELD } from '@wegwijs/definitions/runtime';
import type { TrajectoryState } from '@wegwijs/workflows';
import { eventActor, type AuthenticatedActor } from '../identity/authenticated-actor';
import { DeclaredRoles } from '../identity/declared-roles';
import { TrajectoryAccess } from '../identity/trajectory-access';
import { ProblemException } from '../problem-details/problem.exception';
import { ProblemType } from '../problem-details/problem-types';
import { TrajectoriesService } from '../trajectories/trajectories.service';
import type { CompleteTaskDto } from './dto/complete-task.dto';
import type { ReassignTaskDto } from './dto/reassign-task.dto';

export interface CompletedTask {
  readonly task: PersonTask;
  /** The trajectory's state after the milestone the task stands for, when it stands for one. */
  readonly trajectory: TrajectoryState | null;
}

/**
 * People's tasks: work lists, completion and reassignment. Completing a task that stands for a
 * milestone reports that milestone to the trajectory first — so a definition waiting on it wakes
 * up, and a milestone the trajectory refuses leaves the task open — then closes the task.
 */
/**
 * What completing a task reports: its outcome, and for one instance of a repeated task that
 * instance — the task knows it, so the person need not (and cannot report another).
 */
function milestonePayload(task: PersonTask, outcome: CompleteTaskDto['outcome'] | null): Record<string, string | number | boolean | null> | undefined {
  if (task.instanceNumber == null) return outcome ?? undefined;
  return { ...(outcome ?? {}), [INSTANCE_PAYLOAD_FIELD]: task.instanceNumber };
}

@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TaskStore,
    private readonly events: EventStore,
    private readonly trajectories: TrajectoriesService,
    private readonly access: TrajectoryAccess,
    private readonly declaredRoles: DeclaredRoles,
  ) {}

  /** Every team a task can be in: the built-in ones and those of the roles published definitions declare. */
  async teams(): Promise<string[]> {
    return [...new Set([...TASK_TEAMS, ...(await this.declaredRoles.teams())])];
  }

  /** Whether tasks can be in `team`. A built-in team is answered without reading the published definitions: most requests name one. */
  async isTeam(team: string): Promise<boolean> {
    return (TASK_TEAMS as readonly string[]).includes(team) || (await this.declaredRoles.teams()).has(team);
  }

  /** The team whose list the actor works from: a built-in role's, or the one the definitions declaring the role name. */
  async teamOf(actor: AuthenticatedActor): Promise<TaskTeam | undefined> {
    return teamOfRole(actor.role) ?? (await this.declaredRoles.find(actor.role))?.team;
  }

  async listMine(actor: AuthenticatedActor): Promise<PersonTask[]> {
    return this.listed(actor, 'tasks.mine', await this.tasks.listOpenForUser(actor.id));
  }

  async listForTeam(team: TaskTeam, actor: AuthenticatedActor): Promise<PersonTask[]> {
    return this.listed(actor, 'tasks.team', await this.tasks.listOpenForTeam(team));
  }

  /** Only tasks of the actor's municipalities are shown, and the access log says which trajectories were. */
  private async listed(actor: AuthenticatedActor, operation: string, tasks: PersonTask[]): Promise<PersonTask[]> {
    const visible = tasks.filter((task) => actor.municipalities.includes(municipalityOfTrajectory(task.trajectoryId) ?? ''));
    await this.access.logListing(actor, operation, [...new Set(visible.map((task) => task.trajectoryId))]);
    return visible;
  }

  /**
   * Whoever a task is assigned to may act on it; anyone else needs access to its trajectory (a
   * klantmanager: holding the case). People in a declared role act only on their own team's tasks:
   * they have no access to trajectories beyond the programme's steps given to them.
   */
  private async findForChange(taskId: string, actor: AuthenticatedActor, operation: string): Promise<PersonTask> {
    const task = await this.find(taskId);
    if (!isBuiltInRole(actor.role) && task.assignee.team !== (await this.teamOf(actor))) {
      throw new ProblemException(ProblemType.forbiddenRole, `The role ${actor.role} completes only its own team's tasks; task ${taskId} is for ${task.assignee.team}`);
    }
    try {
      await this.access.authorize(actor, task.trajectoryId, { action: 'change', operation, assignedToActor: task.assignee.userId === actor.id });
    } catch (error) {
      // Outside the actor's municipalities the task does not exist for them, as its trajectory does not.
      if (error instanceof ProblemException && error.problem === ProblemType.trajectoryNotFound) {
        throw new ProblemException(ProblemType.taskNotFound, `No task ${taskId}`, { taskId });
      }
      throw error;
    }
    return task;
  }

  async complete(taskId: string, request: CompleteTaskDto, authenticated: AuthenticatedActor): Promise<CompletedTask> {
    const task = await this.findForChange(taskId, authenticated, 'tasks.complete');
    const actor = eventActor(authenticated);
    const outcome = request.outcome ?? null;
    // A completed task is not reported again: the same completion answers as before, another one is refused.
    if (task.status === 'completed') {
      const completed = await this.completeTask(task, actor.id, outcome);
      return { task: completed, trajectory: task.completionMilestone ? (await this.trajectories.view(task.trajectoryId)).state : null };
    }
    // The milestone id is derived from the task, so a retried completion reports it once. The
    // workflow closes the task in the step that records the milestone; marking it here adds the outcome.
    const trajectory = task.completionMilestone
      ? await this.trajectories.recordMilestone(
          task.trajectoryId,
          { milestone: task.completionMilestone, occurredOn: request.completedOn, payload: milestonePayload(task, outcome) },
          actor,
          `task-${task.taskId}`,
        )
      : null;
    const completed = await this.completeTask(task, actor.id, outcome);
    await this.events.append(task.trajectoryId, [
      {
        type: 'task.completed',
        schemaVersion: 1,
        payload: { taskId, kind: task.kind, ...(outcome ? { outcome } : {}) },
        actor,
        businessTime: new Date(),
        idempotencyKey: `${task.trajectoryId}#task#${taskId}#completed`,
      },
    ]);
    return { task: completed, trajectory };
  }

  /** Marks the task completed with its outcome; one the milestone's own step closed a moment ago is that same completion. */
  private async completeTask(task: PersonTask, userId: string, outcome: CompleteTaskDto['outcome'] | null): Promise<PersonTask> {
    try {
      return await this.tasks.complete(task.taskId, userId, outcome ?? null, new Date());
    } catch (error) {
      if (!(error instanceof TaskAlreadyCompletedError)) throw error;
      const stored = await this.tasks.get(task.taskId);
      if (task.status === 'open' && stored.completedBy === userId) return stored;
      throw new ProblemException(ProblemType.taskAlreadyCompleted, `Task ${task.taskId} was completed already, with another outcome`, { taskId: task.taskId });
    }
  }

  async reassign(taskId: string, request: ReassignTaskDto, authenticated: AuthenticatedActor): Promise<PersonTask> {
    if (!(await this.isTeam(request.team))) {
      throw ProblemException.invalidFields([{ field: 'team', message: `team must be one of ${(await this.teams()).join(', ')}` }]);
    }
    const task = await this.findForChange(taskId, authenticated, 'tasks.reassign');
    const actor = eventActor(authenticated);
    try {
      const reassigned = await this.tasks.reassign(taskId, { team: request.team, userId: request.userId });
      await this.events.append(task.trajectoryId, [
        {
          type: 'task.reassigned',
          schemaVersion: 1,
          payload: { taskId, team: request.team, ...(request.userId ? { userId: request.userId } : {}) },
          actor,
          businessTime: new Date(),
          idempotencyKey: `${task.trajectoryId}#task#${taskId}#reassigned#${request.team}#${request.userId ?? ''}#${Date.now()}`,
        },
      ]);
      return reassigned;
    } catch (error) {
      if (error instanceof TaskAlreadyCompletedError) {
        throw new ProblemException(ProblemType.taskAlreadyCompleted, `Task ${taskId} is completed; it cannot be reassigned`, { taskId });
      }
      throw error;
    }
  }

  private async find(taskId: string): Promise<PersonTask> {
    try {
      return await this.tasks.get(taskId);
    } catch (error) {
      if (error instanceof TaskNotFoundError) throw new ProblemException(ProblemType.taskNotFound, `No task ${taskId}`, { taskId });
      throw error;
    }
  }
}

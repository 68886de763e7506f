import type { NewPersonTask, PersonTask, TaskAssignee, TaskTeam } from '@wegwijs/domain';

/**
 * Tasks for people: created by activities, listed per assignee and team, completed or
 * reassigned through the API. Opening a task whose idempotency key is stored returns the stored
 * task (a retried activity creates it once).
 */
export abstract class TaskStore {
  /** Stores the task, or returns the one already stored under its idempotency key. */
  abstract open(task: NewPersonTask): Promise<PersonTask>;

  /** Throws `TaskNotFoundError` when there is no such task. */
  abstract get(taskId: string): Promise<PersonTask>;

  /** Open tasks of one person, earliest due first (no due date last). */
  abstract listOpenForUser(userId: string): Promise<PersonTask[]>;

  /** Open tasks of a team, assigned to someone or not, earliest due first. */
  abstract listOpenForTeam(team: TaskTeam): Promise<PersonTask[]>;

  /** Every task of a trajectory, open or not, in creation order. */
  abstract listForTrajectory(trajectoryId: string): Promise<PersonTask[]>;

  /**
   * Marks an open task completed. Completing a completed task again with the same user and
   * outcome returns it unchanged (a retried request); otherwise throws `TaskAlreadyCompletedError`.
   */
  abstract complete(
    taskId: string,
    completedBy: string,
    outcome: Readonly<Record<string, string | number | boolean | null>> | null,
    at: Date,
  ): Promise<PersonTask>;

  /**
   * Completes the trajectory's open tasks that wait on `milestone`, when the milestone was
   * reported directly rather than by completing the task; returns the tasks it completed. With
   * `instanceNumber` (a report for one instance of a repeated step) only that instance's task, and
   * tasks that name no instance.
   */
  abstract completeOpenForMilestone(
    trajectoryId: string,
    milestone: string,
    completedBy: string,
    at: Date,
    outcome?: PersonTask['outcome'],
    instanceNumber?: number,
  ): Promise<PersonTask[]>;

  /**
   * Closes the trajectory's open tasks that an activity opened under one of these idempotency
   * keys, because what the activity did is no longer what the trajectory needs (it was
   * superseded by later input); returns the tasks it closed.
   */
  abstract closeOpenedBy(trajectoryId: string, activityKeys: readonly string[], reason: string, at: Date): Promise<PersonTask[]>;

  /** Gives an open task to another team or user; throws `TaskAlreadyCompletedError` for a completed one. */
  abstract reassign(taskId: string, to: TaskAssignee): Promise<PersonTask>;
}

/** Thrown when a task id names no stored task. */
export class TaskNotFoundError extends Error {
  constructor(readonly taskId: string) {
    super(`No task ${taskId}`);
    this.name = 'TaskNotFoundError';
  }
}

/** Thrown when a completed task is completed differently or reassigned. */
export class TaskAlreadyCompletedError extends Error {
  constructor(readonly taskId: string) {
    super(`Task ${taskId} is already completed`);
    this.name = 'TaskAlreadyCompletedError';
  }
}

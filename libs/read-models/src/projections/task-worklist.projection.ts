/**
 * The task worklist: open and completed tasks per assignee and team. Tasks come from
 * `task.opened` (written by the activities with the task) or `task.created`; they close on
 * `task.completed`, or — until the API records that event — when the trajectory records the
 * task's `completionMilestone` (completing a task is how the API sends that milestone).
 * Reassignment is `task.reassigned` (the API writes `{ taskId, team, userId? }`; reassigning to a
 * team alone clears the person). Assumed shapes: read-model-events.ts.
 *
 *   SELECT * FROM rm_tasks WHERE assignee_id = $1 AND status = 'open' ORDER BY due_on NULLS LAST
 */
import type { EntityManager } from 'typeorm';
import { amsterdamDateOf, looksLikeCalendarDate } from '@wegwijs/calendar';
import type { ProjectedEvent } from '../projected-event';
import { payloadString, type Projection } from '../projection';

export const taskWorklistProjection: Projection = {
  name: 'task-worklist',
  handles: ['task.opened', 'task.created', 'task.completed', 'task.reassigned', 'milestone.recorded'],
  tables: ['rm_tasks'],
  async apply(event: ProjectedEvent, manager: EntityManager): Promise<void> {
    const payload = event.payload;
    if (event.type === 'milestone.recorded') {
      const milestone = payloadString(payload, 'milestone');
      const occurredOn = looksLikeCalendarDate(payload.occurredOn) ? payload.occurredOn : amsterdamDateOf(event.businessTime);
      await manager.query(
        `UPDATE rm_tasks SET status = 'completed', completed_at = $3
          WHERE trajectory_id = $1 AND completion_milestone = $2 AND status = 'open'`,
        [event.streamId, milestone, occurredOn],
      );
      return;
    }
    const taskId = payloadString(payload, 'taskId');
    if (!taskId) return;
    switch (event.type) {
      case 'task.opened':
      case 'task.created': {
        const dueOn = payload.dueOn;
        const kind = payloadString(payload, 'kind') ?? null;
        await manager.query(
          `INSERT INTO rm_tasks (task_id, trajectory_id, kind, title, assignee_id, team, due_on, status, completion_milestone, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9) ON CONFLICT (task_id) DO NOTHING`,
          [
            taskId,
            event.streamId,
            kind,
            payloadString(payload, 'title') ?? kind ?? taskId,
            assigneeIdOf(payload),
            teamOf(payload),
            looksLikeCalendarDate(dueOn) ? dueOn : null,
            payloadString(payload, 'completionMilestone') ?? null,
            event.businessTime,
          ],
        );
        return;
      }
      case 'task.completed':
        await manager.query(`UPDATE rm_tasks SET status = 'completed', completed_at = coalesce(completed_at, $2) WHERE task_id = $1`, [
          taskId,
          event.businessTime,
        ]);
        return;
      case 'task.reassigned':
        await manager.query('UPDATE rm_tasks SET assignee_id = $2, team = coalesce($3, team) WHERE task_id = $1', [
          taskId,
          assigneeIdOf(payload),
          teamOf(payload),
        ]);
        return;
    }
  },
};

/** `assigneeId`, `userId` (the API's task.reassigned) or the domain TaskAssignee's `assignee.userId`. */
function assigneeIdOf(payload: Readonly<Record<string, unknown>>): string | null {
  return payloadString(payload, 'assigneeId') ?? payloadString(payload, 'userId') ?? payloadString(nestedAssignee(payload), 'userId') ?? null;
}

/** `team`, `assigneeTeam` (task.opened) or `assignee.team`. */
function teamOf(payload: Readonly<Record<string, unknown>>): string | null {
  return payloadString(payload, 'team') ?? payloadString(payload, 'assigneeTeam') ?? payloadString(nestedAssignee(payload), 'team') ?? null;
}

function nestedAssignee(payload: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const assignee = payload.assignee;
  return assignee && typeof assignee === 'object' ? (assignee as Record<string, unknown>) : {};
}

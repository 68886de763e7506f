/**
 * What the read models and the progress report read from the event store, beyond the engine's
 * catalogue in `@wegwijs/domain` (`EngineEventPayloads`). The events below are NOT yet emitted
 * by the engine or the activities; they are the shapes this library assumes, in one place, so
 * that whoever starts emitting them knows what is expected (docs/read-models.md lists them).
 *
 *   if (event.type === 'task.created') { const { taskId, title } = event.payload as AssumedEventPayloads['task.created']; }
 */
import type { EngineEventPayloads } from '@wegwijs/domain';

/**
 * Events this library assumes, with their payloads at schema version 1. The activities already
 * write `task.opened` (`{ taskId, kind, assigneeTeam, dueOn, completionMilestone }`, see
 * activities/src/activity-events.ts), which the worklist reads as well; `task.created` is the
 * shape first agreed for the same fact and is read the same way.
 */
export interface AssumedEventPayloads {
  /** A task for a person or team. */
  'task.created': {
    taskId: string;
    title: string;
    /** Pseudonymous user id; `assignee.userId` (the domain's TaskAssignee) is accepted too. */
    assigneeId?: string;
    team?: string;
    /** YYYY-MM-DD */
    dueOn?: string | null;
  };
  /** Written by the API as `{ taskId, kind, outcome? }`. */
  'task.completed': { taskId: string };
  /** Written by the API as `{ taskId, team, userId? }`; `assigneeId` is read as well. */
  'task.reassigned': { taskId: string; assigneeId?: string; userId?: string; team?: string };
  /** Another client manager takes over the trajectory's regie (schema version 2; v1 is upcast). */
  'trajectory.reassigned': { klantmanagerId: string; reason?: string };
}

export type AssumedEventType = keyof AssumedEventPayloads;

export type KnownEventPayloads = EngineEventPayloads & AssumedEventPayloads;

/**
 * Milestones of 'Aan de slag' the report's §8 table counts; the Haarlem definition records them
 * from version 3 on. `work.paidWorkStarted` carries `{ hours: 'partTime' | 'fullTime' }`.
 */
export const WORK_MILESTONES = {
  trainingStarted: 'work.trainingStarted',
  internshipStarted: 'work.internshipStarted',
  paidWorkStarted: 'work.paidWorkStarted',
  paidWorkEnded: 'work.paidWorkEnded',
} as const;

/** The legal clock of the 3-year inburgering term in the Haarlem definition (`legalClocks[].id`). */
export const INBURGERING_CLOCK_ID = 'inburgeringstermijn';

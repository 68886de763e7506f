import type { EventStore, TaskStore } from '@wegwijs/persistence';
import type { PersonTask, RecordTrajectoryEventsRequest, SupersedeEffectsRequest } from '@wegwijs/domain';
import { INSTANCE_PAYLOAD_FIELD } from '@wegwijs/definitions/runtime';

/**
 * Appends the workflow's events to the trajectory's stream. Safe to retry: every event carries
 * an idempotency key derived from the trajectory and the step, so a retry records nothing twice.
 * A recorded milestone closes the open tasks that stood for it in the same step, so nobody does
 * the work twice and no task outlives the milestone it asked for (for a repeated step: the task of
 * the instance it reports).
 */
export function recordTrajectoryEventsActivity(eventStore: EventStore, taskStore: TaskStore, now: () => Date) {
  return async function recordTrajectoryEvents(request: RecordTrajectoryEventsRequest): Promise<void> {
    await eventStore.append(
      request.trajectoryId,
      request.events.map((event) => ({ ...event, businessTime: new Date(event.businessTime) })),
    );
    for (const event of request.events) {
      if (event.type !== 'milestone.recorded' || typeof event.payload.milestone !== 'string') continue;
      const outcome = (event.payload.payload as PersonTask['outcome'] | undefined) ?? null;
      // A report for one instance of a repeated step closes that instance's task, not its siblings'.
      const instance = outcome?.[INSTANCE_PAYLOAD_FIELD];
      await taskStore.completeOpenForMilestone(request.trajectoryId, event.payload.milestone, event.actor.id, now(), outcome, typeof instance === 'number' ? instance : undefined);
    }
  };
}

/** Closes the tasks of side effects the trajectory no longer needs (superseded by later input). */
export function supersedeEffectsActivity(taskStore: TaskStore, now: () => Date) {
  return async function supersedeEffects(request: SupersedeEffectsRequest): Promise<void> {
    await taskStore.closeOpenedBy(request.trajectoryId, request.activityKeys, request.reason, now());
  };
}

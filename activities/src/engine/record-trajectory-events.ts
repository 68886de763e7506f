import type { EventStore } from '@wegwijs/persistence';
import type { RecordTrajectoryEventsRequest } from '@wegwijs/domain';

/**
 * Appends the workflow's events to the trajectory's stream. Safe to retry: every event carries
 * an idempotency key derived from the trajectory and the step, so a retry records nothing twice.
 */
export function recordTrajectoryEventsActivity(eventStore: EventStore) {
  return async function recordTrajectoryEvents(request: RecordTrajectoryEventsRequest): Promise<void> {
    await eventStore.append(
      request.trajectoryId,
      request.events.map((event) => ({ ...event, businessTime: new Date(event.businessTime) })),
    );
  };
}

import type { EventStore } from '@wegwijs/persistence';
import { recordTrajectoryEventsActivity } from './engine/record-trajectory-events';
import { recordTrajectoryEventActivity } from './trajectory-events/record-trajectory-event';

/** What the activities need from the world; the worker wires real adapters, unit tests doubles. */
export interface ActivityDependencies {
  readonly eventStore: EventStore;
  readonly now: () => Date;
}

/**
 * Every activity the worker registers, built over its dependencies. Engine activities serve the
 * interpreter itself; the others are named by service tasks in definitions.
 */
export function createActivities(deps: ActivityDependencies) {
  return {
    recordTrajectoryEvents: recordTrajectoryEventsActivity(deps.eventStore),
    recordTrajectoryEvent: recordTrajectoryEventActivity(deps.eventStore, deps.now),
  };
}

export type WegwijsActivities = ReturnType<typeof createActivities>;

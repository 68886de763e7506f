import { ApplicationFailure } from '@temporalio/activity';
import type { ServiceTaskRequest } from '@wegwijs/domain';
import type { EventStore } from '@wegwijs/persistence';

/** A definition's own note in the trajectory history, e.g. "intake planned". */
export function recordTrajectoryEventActivity(eventStore: EventStore, now: () => Date) {
  return async function recordTrajectoryEvent(request: ServiceTaskRequest): Promise<{ sequence: number }> {
    const eventType = request.input.eventType;
    if (typeof eventType !== 'string' || !/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/.test(eventType)) {
      throw ApplicationFailure.create({
        type: 'InvalidEventType',
        message: `recordTrajectoryEvent needs input eventType like 'intake.planned', got ${JSON.stringify(eventType)}`,
        nonRetryable: true,
      });
    }
    const { eventType: _eventType, ...payload } = request.input;
    const [event] = await eventStore.append(request.trajectoryId, [
      {
        type: eventType,
        schemaVersion: 1,
        payload: { ...payload, nodeId: request.nodeId },
        actor: { role: 'system', id: 'wegwijs' },
        businessTime: now(),
        idempotencyKey: request.idempotencyKey,
      },
    ]);
    return { sequence: event.sequence };
  };
}

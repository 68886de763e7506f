/**
 * Typed activity doubles for workflow tests: every named service-task activity plus the engine's
 * `recordTrajectoryEvents`, recording what the workflow asked and when (in workflow time, which
 * the time-skipping server moves on).
 *
 *   const doubles = recordingActivityDoubles(['notifyKlantmanager'], ({ name }) => (name === 'fetchTvsProfile' ? { complete: true } : {}));
 *   await createTrajectoryWorker({ ..., activities: doubles.activities });
 *   doubles.calls.filter((call) => call.name === 'notifyKlantmanager');
 */
import { Context } from '@temporalio/activity';
import { addDays } from '@wegwijs/calendar';
import { haarlemCapabilities } from '@wegwijs/definitions';
import type { EventToRecord, RecordTrajectoryEventsRequest, ServiceTaskRequest, SupersedeEffectsRequest } from '@wegwijs/domain';

export interface RecordedActivityCall {
  readonly name: string;
  readonly request: ServiceTaskRequest;
  /** When the workflow scheduled it, in (skipped) workflow time. */
  readonly scheduledAt: string;
}

export function recordingActivityDoubles(names: readonly string[], answer: (call: RecordedActivityCall) => Record<string, unknown> = () => ({})) {
  const calls: RecordedActivityCall[] = [];
  const events: Array<EventToRecord & { trajectoryId: string }> = [];
  const superseded: SupersedeEffectsRequest[] = [];
  const activities = {
    async supersedeEffects(request: SupersedeEffectsRequest): Promise<void> {
      superseded.push(request);
    },
    async recordTrajectoryEvents(request: RecordTrajectoryEventsRequest): Promise<void> {
      for (const event of request.events) {
        // The real event store ignores a repeated idempotency key; so does the double.
        if (!events.some((known) => known.idempotencyKey === event.idempotencyKey)) events.push({ ...event, trajectoryId: request.trajectoryId });
      }
    },
    ...Object.fromEntries(
      names.map((name) => [
        name,
        async (request: ServiceTaskRequest) => {
          const call = { name, request, scheduledAt: new Date(Context.current().info.scheduledTimestampMs).toISOString() };
          calls.push(call);
          return answer(call);
        },
      ]),
    ),
  };
  return { activities, calls, events, superseded };
}

/**
 * Doubles of every activity Haarlem's programme names, answering as the real ones do where the
 * trajectory reads the answer: a complete TVS profile, and the wijkteam's accept-by date 14 days
 * after the handover's business date.
 */
export function haarlemActivityDoubles() {
  return recordingActivityDoubles(Object.keys(haarlemCapabilities.activities), ({ name, request }) => {
    if (name === 'fetchTvsProfile') return { complete: true };
    if (name === 'requestWarmHandoverToWijkteam') return { acceptBy: addDays(request.businessDate!, 14) };
    return {};
  });
}

import type { ActivityCapability } from '@wegwijs/definitions';
import type { WegwijsActivities } from './create-activities';

/**
 * The activities a definition's service tasks may name, for the definition validator. Typed
 * against `createActivities` so that an activity cannot be listed without existing, nor exist
 * without being listed (engine activities aside).
 */
export const ACTIVITY_CAPABILITIES: Readonly<Record<Exclude<keyof WegwijsActivities, 'recordTrajectoryEvents'>, ActivityCapability>> = {
  recordTrajectoryEvent: { description: "Appends the definition's own event (input eventType) to the trajectory history" },
};

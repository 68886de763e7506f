/**
 * What a definition may refer to: the activities the worker runs and the milestones people can
 * signal. The real registry is exported by activities/ and workflows/ (definitions may not import
 * them), and passed in by whoever validates: the CLI, the API, the publish step.
 *
 *   const registry: CapabilityRegistry = {
 *     activities: { recordTrajectoryEvent: { description: 'Appends an event to the trajectory history' } },
 *     milestones: { 'intake.completed': { description: 'Brede intake done', roles: ['klantmanager'] } },
 *   };
 */
import type { MilestonePayloadSchema } from '@wegwijs/domain';

export interface ActivityCapability {
  readonly description: string;
}

export interface MilestoneCapability {
  readonly description: string;
  /** Roles that may ever signal this milestone; a definition may narrow, never widen them. */
  readonly roles?: readonly string[];
  /** The typed payload fields a report carries (checked in every report and in `output` mappings). */
  readonly payload?: MilestonePayloadSchema;
}

export interface CapabilityRegistry {
  readonly activities: Readonly<Record<string, ActivityCapability>>;
  readonly milestones: Readonly<Record<string, MilestoneCapability>>;
}

/** Joins registries (e.g. the activities' and the workflows'); later entries win. */
export function mergeRegistries(...registries: readonly CapabilityRegistry[]): CapabilityRegistry {
  return {
    activities: Object.assign({}, ...registries.map((registry) => registry.activities)),
    milestones: Object.assign({}, ...registries.map((registry) => registry.milestones)),
  };
}

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

/** The typed inputs an activity takes, or the typed fields of its result (the payload type language). */
export type ActivityFields = MilestonePayloadSchema;

export interface ActivityCapability {
  readonly description: string;
  /** The inputs a service task may map (`input: { name: FEEL }`); `required` ones must be mapped. Undeclared: not checked. */
  readonly inputs?: ActivityFields;
  /** True when inputs beyond `inputs` are taken as they are (recordTrajectoryEvent stores them with the event). */
  readonly additionalInputs?: boolean;
  /** The fields of the activity's result, read in output mappings as `result.<field>`. Undeclared: not checked. */
  readonly result?: ActivityFields;
  /**
   * The business errors it may raise (code → when), each a non-retryable ApplicationFailure of
   * that type: an error boundary event may catch them by code. Undeclared: it raises none.
   */
  readonly errors?: Readonly<Record<string, string>>;
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

/**
 * The authored (YAML) form of a trajectory definition, as TypeScript types. They are derived from
 * the one description of the format, the TypeBox schema in ../schema/definition-schema.ts, so the
 * JSON Schema the validator checks and these types cannot say different things.
 *
 *   key: haarlem-statushouders
 *   version: 1
 *   facts: { housingDate: { type: date, required: true } }
 *   nodes: [{ id: start, kind: start }, { id: done, kind: end }]
 *   flows: [{ source: start, target: done }]
 */
import type { Static } from '@sinclair/typebox';
import type {
  boundaryEvent,
  cancellationStep,
  clockExpiredBoundaryEvent,
  definitionSchema,
  errorBoundaryEvent,
  fact,
  factRule,
  flow,
  HUMAN_TASK_ROLES,
  legalClock,
  milestoneBoundaryEvent,
  multiInstance,
  ownMilestone,
  ownRole,
  recurrence,
  timerBoundaryEvent,
} from '../schema/definition-schema';

export type SourceDefinition = Static<typeof definitionSchema>;

export type SourceFact = Static<typeof fact>;

/** A node: a union tagged by `kind` (a sub-process's `nodes` are SourceNodes again). */
export type SourceNode = SourceDefinition['nodes'][number];

export type SourceNodeKind = SourceNode['kind'];

export type SourceTimerBoundaryEvent = Static<typeof timerBoundaryEvent>;

export type SourceMilestoneBoundaryEvent = Static<typeof milestoneBoundaryEvent>;

/** Catches a business error `errorCode` the activity declares, or without it any failure (an incident). */
export type SourceErrorBoundaryEvent = Static<typeof errorBoundaryEvent>;

/** Fires on the day the legal clock `clock` expires while the step is open. */
export type SourceClockExpiredBoundaryEvent = Static<typeof clockExpiredBoundaryEvent>;

export type SourceBoundaryEvent = Static<typeof boundaryEvent>;

/** A human task opened for another role too when it is still open `after` its opening (default: its due date). */
export type SourceEscalation = NonNullable<Extract<SourceNode, { kind: 'humanTask' }>['escalate']>;

export type SourceFlow = Static<typeof flow>;

export type SourceLegalClock = Static<typeof legalClock>;

/** A rule the facts must satisfy, e.g. `housingDate >= permitGrantedDate`. */
export type SourceFactRule = Static<typeof factRule>;

/** A step run when the trajectory is cancelled, in the order listed. */
export type SourceCancellationStep = Static<typeof cancellationStep>;

/** A milestone the definition declares itself, used exactly like one of the catalogue. */
export type SourceMilestone = Static<typeof ownMilestone>;

/** A role the definition declares for its own programme (e.g. jobcoach). */
export type SourceRole = Static<typeof ownRole>;

/** The built-in roles a human task can be for (schema: HUMAN_TASK_ROLES); declared roles can be too. */
export type HumanTaskRole = (typeof HUMAN_TASK_ROLES)[number];

/** Run a step once per item of `collection` or `count` times, at once or one after the other. */
export type SourceMultiInstance = Static<typeof multiInstance>;

/** Open a step `times` times, every `every`, counted from the business date `from`. */
export type SourceRecurrence = Static<typeof recurrence>;

/** A step that may be multi-instance or recurring (serviceTask, milestoneWait, humanTask, subProcess). */
export interface WithRepetition {
  multiInstance?: SourceMultiInstance;
  recurrence?: SourceRecurrence;
}

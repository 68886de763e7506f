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
  definitionSchema,
  fact,
  factRule,
  flow,
  HUMAN_TASK_ROLES,
  legalClock,
  milestoneBoundaryEvent,
  ownMilestone,
  timerBoundaryEvent,
} from '../schema/definition-schema';

export type SourceDefinition = Static<typeof definitionSchema>;

export type SourceFact = Static<typeof fact>;

/** A node: a union tagged by `kind` (a sub-process's `nodes` are SourceNodes again). */
export type SourceNode = SourceDefinition['nodes'][number];

export type SourceNodeKind = SourceNode['kind'];

export type SourceTimerBoundaryEvent = Static<typeof timerBoundaryEvent>;

export type SourceMilestoneBoundaryEvent = Static<typeof milestoneBoundaryEvent>;

export type SourceBoundaryEvent = Static<typeof boundaryEvent>;

export type SourceFlow = Static<typeof flow>;

export type SourceLegalClock = Static<typeof legalClock>;

/** A rule the facts must satisfy, e.g. `housingDate >= permitGrantedDate`. */
export type SourceFactRule = Static<typeof factRule>;

/** A step run when the trajectory is cancelled, in the order listed. */
export type SourceCancellationStep = Static<typeof cancellationStep>;

/** A milestone the definition declares itself, used exactly like one of the catalogue. */
export type SourceMilestone = Static<typeof ownMilestone>;

/** The roles a human task can be for (schema: HUMAN_TASK_ROLES). */
export type HumanTaskRole = (typeof HUMAN_TASK_ROLES)[number];

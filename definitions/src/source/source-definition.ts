/**
 * The authored (YAML) form of a trajectory definition, as TypeScript types. The JSON Schema in
 * ../schema/definition-schema.ts describes the same shape for editors; keep the two together.
 *
 *   key: haarlem-statushouders
 *   version: 1
 *   facts: { housingDate: { type: date, required: true } }
 *   nodes: [{ id: start, kind: start }, { id: done, kind: end }]
 *   flows: [{ source: start, target: done }]
 */
import type { MilestonePayloadSchema } from '@wegwijs/domain';
import type { FactType, RetryProfileName } from '../runtime';

export interface SourceFact {
  type: FactType;
  required?: boolean;
  description?: string;
  values?: string[];
}

interface SourceNodeBase {
  id: string;
  name?: string;
  documentation?: string;
  /** Lanes by role: the role (lane) that owns the node; top-level nodes only. */
  lane?: string;
}

export interface SourceTimerBoundaryEvent {
  id: string;
  kind: 'timer';
  name?: string;
  duration?: string;
  date?: string;
  moment?: string;
  interrupting?: boolean;
  repeat?: { every: string; times?: number };
}

export interface SourceMilestoneBoundaryEvent {
  id: string;
  kind: 'milestone';
  name?: string;
  milestone: string;
  roles?: string[];
  interrupting?: boolean;
  output?: Record<string, string>;
}

export type SourceBoundaryEvent = SourceTimerBoundaryEvent | SourceMilestoneBoundaryEvent;

interface WithBoundaryEvents {
  boundaryEvents?: SourceBoundaryEvent[];
}

export type SourceNode =
  | (SourceNodeBase & { kind: 'start' | 'end' | 'terminateEnd' })
  | (SourceNodeBase &
      WithBoundaryEvents & {
        kind: 'serviceTask';
        activity: string;
        input?: Record<string, string>;
        output?: Record<string, string>;
        timeout: string;
        retry?: RetryProfileName;
      })
  | (SourceNodeBase &
      WithBoundaryEvents & {
        kind: 'milestoneWait';
        milestone: string;
        roles: string[];
        norm?: { within: string; from: string; description?: string };
        output?: Record<string, string>;
      })
  | (SourceNodeBase & { kind: 'timer'; duration?: string; date?: string; moment?: string })
  | (SourceNodeBase & { kind: 'exclusiveGateway' | 'parallelGateway' | 'eventBasedGateway' })
  | (SourceNodeBase & WithBoundaryEvents & { kind: 'subProcess'; nodes: SourceNode[]; flows: SourceFlow[] })
  | (SourceNodeBase & WithBoundaryEvents & { kind: 'callActivity'; definition: { key: string; version?: number } })
  | SourceInclusiveGateway
  | (SourceNodeBase &
      WithBoundaryEvents & {
        kind: 'humanTask';
        /** Optional when the node has a `lane`: the task is then for the lane's role. */
        role?: HumanTaskRole;
        title: string;
        due: { within?: string; date?: string };
        outcome?: MilestonePayloadSchema;
        output?: Record<string, string>;
        reminders?: { every: string; times?: number };
      });

/**
 * An inclusive gateway: as a split, every outgoing flow whose condition holds (a flow without a
 * condition always; the default flow when none does); as a join, it waits for exactly the branches
 * its split (the nearest inclusive split all its incoming branches come from) took.
 */
export interface SourceInclusiveGateway extends SourceNodeBase {
  kind: 'inclusiveGateway';
}

/** The roles a human task can be for (schema: HUMAN_TASK_ROLES). */
export type HumanTaskRole = 'klantmanager' | 'vluchtelingenwerk' | 'wijkteam' | 'schulddienstverlening' | 'supervisor';

export type SourceNodeKind = SourceNode['kind'];

export interface SourceFlow {
  id?: string;
  name?: string;
  source: string;
  target: string;
  condition?: string;
  default?: boolean;
}

export interface SourceLegalClock {
  id: string;
  name: string;
  start: string;
  term: string;
  warnings?: string[];
  suspendOn?: string[];
  resumeOn?: string[];
  extendOn?: Array<{ milestone: string; durationField: string }>;
  stopOn?: string[];
  notifyActivity?: string;
}

/** A rule the facts must satisfy, e.g. `housingDate >= permitGrantedDate`. */
export interface SourceFactRule {
  id: string;
  rule: string;
  facts: string[];
  message: string;
}

/** A step run when the trajectory is cancelled, in the order listed. */
export interface SourceCancellationStep {
  id: string;
  name?: string;
  activity: string;
  input?: Record<string, string>;
  timeout: string;
  retry?: RetryProfileName;
}

/** A milestone the definition declares itself, used exactly like one of the catalogue. */
export interface SourceMilestone {
  description: string;
  /** Roles that may signal it; a step may narrow them. */
  roles?: string[];
  /** The typed fields a report carries (the catalogue's payload type language). */
  payload?: MilestonePayloadSchema;
}

export interface SourceDefinition {
  key: string;
  version: number;
  name: string;
  description?: string;
  startsOn?: string;
  milestonesNotBefore?: string;
  correctionPeriod?: string;
  factRules?: SourceFactRule[];
  facts?: Record<string, SourceFact>;
  milestones?: Record<string, SourceMilestone>;
  /** Lanes by role: the order of the role lanes in a diagram, top to bottom (see SourceNodeBase.lane). */
  lanes?: string[];
  nodes: SourceNode[];
  flows: SourceFlow[];
  legalClocks?: SourceLegalClock[];
  onCancellation?: SourceCancellationStep[];
}

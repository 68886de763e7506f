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

/** Catches a business error `errorCode` the activity declares, or without it any failure (an incident). */
export interface SourceErrorBoundaryEvent {
  id: string;
  kind: 'error';
  name?: string;
  errorCode?: string;
}

/** Fires on the day the legal clock `clock` expires while the step is open. */
export interface SourceClockExpiredBoundaryEvent {
  id: string;
  kind: 'clockExpired';
  name?: string;
  clock: string;
  interrupting?: boolean;
}

export type SourceBoundaryEvent = SourceTimerBoundaryEvent | SourceMilestoneBoundaryEvent | SourceErrorBoundaryEvent | SourceClockExpiredBoundaryEvent;

/** A human task opened for another role too when it is still open `after` its opening (default: its due date). */
export interface SourceEscalation {
  after?: string;
  to: HumanTaskRole;
  title?: string;
}

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
  | (SourceNodeBase &
      WithBoundaryEvents & {
        kind: 'humanTask';
        role: HumanTaskRole;
        title: string;
        due: { within?: string; date?: string };
        outcome?: MilestonePayloadSchema;
        output?: Record<string, string>;
        reminders?: { every: string; times?: number };
        escalate?: SourceEscalation;
      })
  | (SourceNodeBase & { kind: 'clockExpired'; clock: string });

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
  nodes: SourceNode[];
  flows: SourceFlow[];
  legalClocks?: SourceLegalClock[];
  onCancellation?: SourceCancellationStep[];
}

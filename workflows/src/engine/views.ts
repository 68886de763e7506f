/**
 * What the trajectory says of itself (the state query, every Update's answer, `GET
 * /trajectories/{id}`): where it stands in business time, what it waits for and may be told now
 * (with each milestone's payload schema), its legal clocks with their history, its schedule ahead
 * and behind, incidents, and the path taken. Built from a derivation; the workflow adds what only
 * it knows (status, technical stalls, running calls).
 */
import type { CompiledDefinition, FactValue, Facts } from '@wegwijs/definitions/runtime';
import type { EventActor, PayloadFieldType } from '@wegwijs/domain';
import { clockMilestoneNames, type ClockChange } from './clocks';
import type { Derivation } from './derive';
import type { Listener } from './listeners';
import { isCaughtFailure } from './nodes/error-events';
import { earliestStepDate, milestoneDescriptionOf, milestoneSchemaOf } from './placement';
import { incidentIdOf, type RecordedMilestone, type TrajectoryRecord } from './record';
import { scheduleOf, wasLate, type ScheduleEntry } from './schedule';

export type TrajectoryStatus = 'running' | 'completed' | 'terminated' | 'cancelled';

export interface ActiveNodeView {
  readonly nodeId: string;
  readonly kind: string;
  readonly name?: string;
  /** Business date the token arrived. */
  readonly since: string;
  /** ISO instant from which that was known. */
  readonly knownSince: string;
  /** What it waits for: a milestone, a timer, a side effect, an incident, … */
  readonly waitingFor: string | null;
}

export interface WaitingMilestoneView {
  readonly milestone: string;
  readonly nodeId: string;
  readonly roles: readonly string[];
  /** Business date the step opened. */
  readonly since: string;
  readonly knownSince: string;
  readonly normDeadline: string | null;
  readonly overdue: boolean;
  readonly stuckReason: string | null;
  /** In a multi-instance or recurring step: the instance (1, 2, …) a report must name in payload.instanceNumber. */
  readonly instance?: number;
}

/** A callActivity whose called trajectory runs: its milestones go to `calledWorkflowId`. */
export interface WaitingOnCallView {
  readonly nodeId: string;
  readonly calledWorkflowId: string;
  readonly calledDefinition: { readonly key: string; readonly version: number };
  readonly since: string;
  readonly milestone?: undefined;
}

export interface PayloadFieldView {
  readonly name: string;
  readonly type: PayloadFieldType;
  readonly required: boolean;
  readonly values?: readonly string[];
  readonly description?: string;
}

/** A milestone that may be reported now, with what its report must carry. */
export interface ExpectedMilestoneView {
  readonly milestone: string;
  readonly description: string;
  readonly roles: readonly string[];
  readonly nodeId: string | null;
  readonly clockId: string | null;
  /** occurredOn must be on or after this date (null: no lower bound). */
  readonly earliestOn: string | null;
  readonly payload: readonly PayloadFieldView[];
  /** In a multi-instance or recurring step: the instance (1, 2, …) the report must name in payload.instanceNumber. */
  readonly instance?: number;
}

export interface ClockWarningView {
  readonly before: string;
  readonly on: string;
}

export interface LegalClockView {
  readonly clockId: string;
  readonly name: string;
  readonly status: 'running' | 'suspended' | 'stopped' | 'expired';
  readonly startDate: string;
  readonly deadline: string;
  readonly nextWarning: ClockWarningView | null;
  readonly warningsFired: ReadonlyArray<ClockWarningView & { readonly late: boolean }>;
  readonly changes: readonly ClockChange[];
}

export interface RecordedMilestoneView {
  readonly milestone: string;
  readonly milestoneId: string;
  /** The step that took it, or 'legal-clock' for one only clocks take. */
  readonly nodeId: string;
  readonly occurredOn: string;
  /** The business date it took effect (later than occurredOn when dated before its step opened). */
  readonly effectiveOn: string;
  readonly recordedAt: string;
  readonly actor: EventActor;
}

export interface DisplacedMilestoneView {
  readonly milestone: string;
  readonly milestoneId: string;
  readonly occurredOn: string;
  readonly recordedAt: string;
  readonly reason: string;
}

export interface IncidentView {
  readonly incidentId: string;
  readonly nodeId: string;
  readonly activity: string;
  readonly errorType: string;
  readonly attempts: number;
  /** Business date of the step, and when it failed. */
  readonly openedOn: string;
  readonly openedAt: string;
  readonly status: 'open' | 'resolved';
}

export interface DefinitionProblemView {
  readonly nodeId: string;
  readonly errorType: string;
  readonly message: string;
  readonly on: string;
}

/** The derived part of the state; the workflow completes it into a TrajectoryState. */
export interface DerivedStateView {
  readonly startOn: string;
  /** The business date it ended, and the day it closes to late input (after its correction period). */
  readonly endedOn: string | null;
  readonly closesOn: string | null;
  readonly activeNodes: readonly ActiveNodeView[];
  readonly waitingOn: readonly WaitingMilestoneView[];
  readonly expectedMilestones: readonly ExpectedMilestoneView[];
  readonly facts: Facts;
  readonly milestonesDone: readonly RecordedMilestoneView[];
  readonly displacedMilestones: readonly DisplacedMilestoneView[];
  readonly clocks: readonly LegalClockView[];
  readonly schedule: readonly ScheduleEntry[];
  readonly incidents: readonly IncidentView[];
  readonly problems: readonly DefinitionProblemView[];
  readonly phase: string | null;
  readonly visitedNodeIds: readonly string[];
  readonly takenFlowIds: readonly string[];
}

export function derivedStateView(definition: CompiledDefinition, record: TrajectoryRecord, derivation: Derivation): DerivedStateView {
  const today = derivation.today;
  const iso = (ms: number) => new Date(ms).toISOString();
  const openListeners = derivation.listeners.filter((listener) => listener.closedOn === null);
  const waitingOn: WaitingMilestoneView[] = openListeners.map((listener) => {
    const overdue = listener.normDeadline !== null && listener.normDeadline < today;
    return {
      milestone: listener.milestone,
      nodeId: listener.nodeId,
      roles: listener.roles,
      since: listener.since,
      knownSince: iso(listener.knownSince),
      normDeadline: listener.normDeadline,
      overdue,
      stuckReason: overdue ? stuckReasonOf(definition, listener) : null,
      ...(listener.instance !== undefined ? { instance: listener.instance } : {}),
    };
  });
  const clocks: LegalClockView[] = derivation.clocks.map(({ clock, timeline, status }) => {
    const fired = timeline.warnings.filter((warning) => warning.on <= today);
    const pending = timeline.warnings.filter((warning) => warning.on > today);
    return {
      clockId: clock.id,
      name: clock.name,
      status,
      startDate: timeline.startDate,
      deadline: timeline.deadline,
      nextWarning: status === 'running' && pending[0] ? { before: pending[0].offset, on: pending[0].on } : null,
      warningsFired: fired.map((warning) => {
        const performance = record.performances.find((candidate) => candidate.effect === `clock:${clock.id}#warning#${warning.offset}` && !candidate.superseded && candidate.on === warning.on);
        return { before: warning.offset, on: warning.on, late: performance ? wasLate(performance, warning.knownSince) : false };
      }),
      changes: timeline.changes.filter((change) => change.on <= today),
    };
  });
  const milestonesDone: RecordedMilestoneView[] = [];
  const displacedMilestones: DisplacedMilestoneView[] = [];
  for (const milestone of record.milestones) {
    const taken = derivation.taken.get(milestone.milestoneId);
    const byClock = takenByClock(derivation, milestone.milestoneId);
    const before = (record.resumeFrom?.milestonesBefore ?? 0) >= milestone.seq;
    if (taken || byClock || before) {
      milestonesDone.push({
        milestone: milestone.milestone,
        milestoneId: milestone.milestoneId,
        nodeId: taken?.listener.nodeId ?? 'legal-clock',
        occurredOn: milestone.occurredOn,
        effectiveOn: taken?.on ?? milestone.occurredOn,
        recordedAt: milestone.recordedAt,
        actor: milestone.actor,
      });
    } else {
      displacedMilestones.push({ milestone: milestone.milestone, milestoneId: milestone.milestoneId, occurredOn: milestone.occurredOn, recordedAt: milestone.recordedAt, reason: displacementReason(derivation, milestone) });
    }
  }
  const open = new Set(derivation.incidents.map((incident) => incident.performance));
  const incidents: IncidentView[] = record.performances.flatMap((performance) => {
    // A failure an error event caught took the error path: it never was an incident.
    if (performance.outcome.kind !== 'failed' || isCaughtFailure(definition, performance)) return [];
    const blocking = derivation.incidents.find((incident) => incident.performance === performance);
    const nodeId = blocking?.nodeId ?? performance.effect.replace(/^[a-z]+:/, '').split('#')[0];
    const node = definition.nodes[nodeId];
    const activity = blocking?.activity ?? (node?.kind === 'serviceTask' ? node.activity : node?.kind === 'callActivity' ? node.definitionKey : nodeId);
    return [{ incidentId: incidentIdOf(performance), nodeId, activity, errorType: performance.outcome.errorType, attempts: performance.outcome.attempts, openedOn: performance.on, openedAt: performance.settledAt, status: open.has(performance) ? 'open' : 'resolved' }];
  });
  return {
    startOn: derivation.startOn,
    endedOn: derivation.ended?.on ?? null,
    closesOn: derivation.ended?.closesOn ?? null,
    activeNodes: derivation.tokens.map((token) => {
      const node = definition.nodes[token.nodeId];
      return { nodeId: node.id, kind: node.kind, ...(node.name ? { name: node.name } : {}), since: token.since, knownSince: iso(token.knownSince), waitingFor: token.waitingFor };
    }),
    waitingOn,
    expectedMilestones: expectedMilestoneViews(definition, record, derivation),
    facts: derivation.facts,
    milestonesDone,
    displacedMilestones,
    clocks,
    schedule: scheduleOf(definition, derivation, record),
    incidents,
    problems: derivation.problems.map((problem) => ({ ...problem })),
    phase: phaseOf(definition, derivation),
    visitedNodeIds: derivation.visitedNodes,
    takenFlowIds: derivation.takenFlows,
  };
}

function expectedMilestoneViews(definition: CompiledDefinition, record: TrajectoryRecord, derivation: Derivation): ExpectedMilestoneView[] {
  const fields = (milestone: string): PayloadFieldView[] =>
    Object.entries(milestoneSchemaOf(definition, milestone) ?? {}).map(([name, field]) => ({
      name,
      type: field.type,
      required: field.required === true,
      ...(field.values ? { values: field.values } : {}),
      ...(field.description ? { description: field.description } : {}),
    }));
  const describe = (milestone: string) => milestoneDescriptionOf(definition, milestone)?.description ?? milestone;
  const earliest = earliestStepDate(definition, record);
  const fromSteps = derivation.listeners
    .filter((listener) => listener.closedOn === null)
    .map((listener) => ({
      milestone: listener.milestone,
      description: describe(listener.milestone),
      roles: listener.roles,
      nodeId: listener.nodeId,
      clockId: null,
      // A step's instance opened on a date of its own (a recurring cycle): no report before it.
      earliestOn: listener.instance !== undefined && (earliest === null || listener.since > earliest) ? listener.since : earliest,
      payload: fields(listener.milestone),
      ...(listener.instance !== undefined ? { instance: listener.instance } : {}),
    }));
  const fromClocks = derivation.clocks
    .filter((clock) => clock.status === 'running' || clock.status === 'suspended')
    .flatMap(({ clock, timeline, status }) =>
      clockMilestoneNames(clock)
        .filter((milestone) => (status === 'suspended' ? !clock.suspendOn.includes(milestone) : !clock.resumeOn.includes(milestone)))
        .map((milestone) => ({ milestone, description: describe(milestone), roles: milestoneDescriptionOf(definition, milestone)?.roles ?? [], nodeId: null, clockId: clock.id, earliestOn: timeline.startDate, payload: fields(milestone) })),
    );
  return [...fromSteps, ...fromClocks];
}

/** Whether a legal clock took the milestone (it moved, stopped or suspended the clock). */
export function takenByClock(derivation: Derivation, milestoneId: string): boolean {
  return derivation.clocks.some(({ timeline }) => timeline.changes.some((change) => change.milestoneId === milestoneId));
}

/** Why no step took a recorded milestone: another one decided its step first, or none waited for it that day. */
export function displacementReason(derivation: Derivation, milestone: Pick<RecordedMilestone, 'milestone' | 'occurredOn'>): string {
  const decided = derivation.listeners.find((listener) => listener.milestone === milestone.milestone && listener.since <= milestone.occurredOn && listener.closedOn !== null && listener.closedOn <= milestone.occurredOn);
  if (decided) return `its step was decided on ${decided.closedOn}${decided.closedBy ? ` by ${decided.closedBy}` : ''}`;
  return `no step of the trajectory waited for it on ${milestone.occurredOn}`;
}

/** "waiting for intake.noaAssessmentDone past its norm (NOA assessment within 6 weeks of housing), due 2027-01-12" */
export function stuckReasonOf(definition: CompiledDefinition, listener: Pick<Listener, 'nodeId' | 'milestone' | 'normDeadline'>): string {
  const node = definition.nodes[listener.nodeId];
  const description = node.kind === 'milestoneWait' && node.norm?.description ? ` (${node.norm.description})` : '';
  return `waiting for ${listener.milestone} past its norm${description}, due ${listener.normDeadline}`;
}

/** Where the trajectory is, in the definition's words: the top-level step of its longest wait. */
/** The top-level step of the token that has waited longest (the search attribute WegwijsPhase too). */
export function phaseOf(definition: CompiledDefinition, derivation: Derivation): string | null {
  const longest = [...derivation.tokens].sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.id - b.id))[0];
  if (!longest) return null;
  let node = definition.nodes[longest.nodeId];
  while (node.parentId !== null) node = definition.nodes[node.parentId];
  return node.name ?? node.id;
}

/** Used by the workflow to tell facts apart from their values for events. */
export type FactChanges = Readonly<Record<string, { readonly from: FactValue | null; readonly to: FactValue }>>;

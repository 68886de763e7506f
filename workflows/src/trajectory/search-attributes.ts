/**
 * The supervisors' search attributes, read off the derivation: where the trajectory waits and
 * since which business date, its next deadline, whether and why it is stuck. Upserted once per
 * step of the workflow, and only what changed, so histories stay small.
 *
 *   const publisher = new SearchAttributePublisher();
 *   publisher.publish(searchAttributesOf(derivation, state));
 */
import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { startOfDayInAmsterdam } from '@wegwijs/calendar';
import { WegwijsSearchAttributes } from '@wegwijs/domain';
import type { CompiledDefinition } from '@wegwijs/definitions/runtime';
import { stuckReasonOf, type Derivation, type TrajectoryStatus } from '../engine';
import type { TechnicalStallView } from './trajectory.messages';

export interface AttributeInputs {
  readonly definition: CompiledDefinition;
  readonly derivation: Derivation;
  readonly status: TrajectoryStatus;
  readonly phase: string | null;
  readonly stalls: readonly TechnicalStallView[];
  readonly failingActivities: readonly string[];
  /** Set when the trajectory now runs another version than it started with. */
  readonly migratedToVersion?: number;
}

/**
 * WegwijsStuckReason holds the most pressing reason: a technical stall first (someone can act on
 * it now), then an incident (its error type), then a problem of the definition, then the overdue
 * wait that has waited longest. Removed when nothing is stuck any more.
 */
export function searchAttributesOf(inputs: AttributeInputs): SearchAttributeUpdatePair[] {
  const { derivation } = inputs;
  const today = derivation.today;
  const open = derivation.listeners.filter((listener) => listener.closedOn === null);
  const overdue = open.filter((listener) => listener.normDeadline !== null && listener.normDeadline < today).sort((a, b) => (a.since < b.since ? -1 : 1));
  const reasons = [
    ...inputs.stalls.map((stall) => stall.reason),
    ...derivation.incidents.map((incident) => (incident.performance.outcome.kind === 'failed' ? incident.performance.outcome.errorType : 'incident')),
    ...derivation.problems.map((problem) => problem.errorType),
    ...overdue.map((listener) => stuckReasonOf(inputs.definition, listener)),
  ];
  const deadlines = [
    ...derivation.clocks.filter((clock) => clock.status === 'running' || clock.status === 'suspended').map((clock) => clock.timeline.deadline),
    ...open.flatMap((listener) => (listener.normDeadline ? [listener.normDeadline] : [])),
  ].sort();
  const since = open.map((listener) => listener.since).sort()[0];
  const running = inputs.status === 'running';
  const pairs: SearchAttributeUpdatePair[] = [
    { key: WegwijsSearchAttributes.status, value: inputs.status },
    { key: WegwijsSearchAttributes.phase, value: inputs.phase ?? (running ? (derivation.ended ? 'afgerond, correcties mogelijk' : 'waiting for legal clocks') : inputs.status) },
    { key: WegwijsSearchAttributes.waitingOn, value: [...new Set(open.map((listener) => listener.milestone))].sort() },
    { key: WegwijsSearchAttributes.stuck, value: running && reasons.length > 0 },
    { key: WegwijsSearchAttributes.stuckReason, value: running && reasons[0] ? reasons[0] : null },
    { key: WegwijsSearchAttributes.failingActivities, value: inputs.failingActivities.length > 0 ? [...inputs.failingActivities] : null },
    { key: WegwijsSearchAttributes.waitingSince, value: since ? new Date(startOfDayInAmsterdam(since)) : null },
    { key: WegwijsSearchAttributes.nextDeadline, value: deadlines[0] ? new Date(startOfDayInAmsterdam(deadlines[0])) : null },
  ];
  if (inputs.migratedToVersion !== undefined) pairs.push({ key: WegwijsSearchAttributes.definitionVersion, value: inputs.migratedToVersion });
  return pairs;
}

export class SearchAttributePublisher {
  private last = '';

  /** Upserts what changed; attributes that were never set are not removed (that would add a command for nothing). */
  publish(pairs: readonly SearchAttributeUpdatePair[]): void {
    const current = workflowInfo().typedSearchAttributes;
    const effective = pairs.filter((pair) => pair.value !== null || current.get(pair.key) !== undefined);
    const fingerprint = JSON.stringify(effective.map((pair) => [pair.key.name, pair.value instanceof Date ? pair.value.toISOString() : pair.value]));
    if (fingerprint === this.last) return;
    this.last = fingerprint;
    upsertSearchAttributes(effective);
  }
}

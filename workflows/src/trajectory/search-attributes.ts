/**
 * The supervisors' search attributes, read off the derivation: where the trajectory waits and
 * since which business date, its next deadline, whether and why it is stuck. Upserted only when
 * changed, and — from ONE_UPSERT_PER_ACTIVATION_PATCH on — once per workflow activation at most,
 * with what the run loop published last, so histories stay small; from LEAN_RUN_LOOP_PATCH
 * (trajectory.workflow.ts) on, when the run loop has handled what it was told and goes to sleep.
 *
 *   const publisher = new SearchAttributePublisher();
 *   publisher.holdUntilFlushed();
 *   publisher.publish(searchAttributesOf(derivation, state));
 *   publisher.flush(); // the run loop, before it sleeps
 */
import { CancellationScope, condition, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
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

/**
 * From this patch on, what the run loop publishes within one activation is upserted once, when the
 * activation's code has run; histories recorded before it upsert at every publication, and replay so.
 */
export const ONE_UPSERT_PER_ACTIVATION_PATCH = 'wegwijs-2026-12-one-upsert-per-activation';

export class SearchAttributePublisher {
  private last = '';
  /** Published, not yet upserted (when publications are held). */
  private pending: readonly SearchAttributeUpdatePair[] | undefined;
  private holding = false;

  /** Publications wait for `flush()`; the last one is upserted then. */
  holdUntilFlushed(): void {
    this.holding = true;
  }

  /**
   * Publications wait until the workflow's code has nothing left to do in this activation (the
   * SDK checks conditions only then); the last one is upserted. Not cancellable: a cancelled
   * trajectory still publishes how it ended.
   */
  batchPerActivation(): void {
    this.holding = true;
    void CancellationScope.nonCancellable(async () => {
      for (;;) {
        await condition(() => this.pending !== undefined);
        this.flush();
      }
    });
  }

  publish(pairs: readonly SearchAttributeUpdatePair[]): void {
    if (this.holding) this.pending = pairs;
    else this.upsertChanged(pairs);
  }

  /** Upserts what is pending now (before the run completes or continues as new, which no later activation follows). */
  flush(): void {
    const pairs = this.pending;
    this.pending = undefined;
    if (pairs) this.upsertChanged(pairs);
  }

  /** Upserts what changed; attributes that were never set are not removed (that would add a command for nothing). */
  private upsertChanged(pairs: readonly SearchAttributeUpdatePair[]): void {
    const current = workflowInfo().typedSearchAttributes;
    const effective = pairs.filter((pair) => pair.value !== null || current.get(pair.key) !== undefined);
    const fingerprint = JSON.stringify(effective.map((pair) => [pair.key.name, pair.value instanceof Date ? pair.value.toISOString() : pair.value]));
    if (fingerprint === this.last) return;
    this.last = fingerprint;
    upsertSearchAttributes(effective);
  }
}

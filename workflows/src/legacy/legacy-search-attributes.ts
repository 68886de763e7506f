/**
 * The legacy run's search attributes: status, phase, waits, deadlines and why it is stuck, upserted
 * only when they change.
 *
 * FROZEN, like the rest of this folder: part of the interpreter trajectories ran on before business
 * time (2026-12), kept only so that their histories replay. Moved here unchanged from the one-file
 * interpreter; do not change what it does (see legacy-trajectory.workflow.ts).
 */
import { patched, workflowInfo, upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { startOfDayInAmsterdam } from '@wegwijs/definitions/runtime';
import { WegwijsSearchAttributes } from '@wegwijs/domain';
import { LegacyRunState, stuckReasons } from './legacy-run-state';

const PATCH_CLEAR_STUCK_REASON = 'wegwijs-2026-11-clear-stuck-reason';

export abstract class LegacySearchAttributes extends LegacyRunState {
  /** Keeps the supervisors' search attributes current; upserts only what changed (small histories). */
  protected publishSearchAttributes(): void {
    const open = this.openWaiters();
    const running = [...this.clocks.values()].filter((record) => record.view.status === 'running' || record.view.status === 'suspended');
    const deadlines = [
      ...running.map((record) => record.view.deadline),
      ...open.flatMap((waiter) => (waiter.normDeadline ? [waiter.normDeadline] : [])),
    ].sort();
    const since = open.map((waiter) => waiter.since).sort()[0];
    const technicalStalls = this.technicalStalls.views();
    const pairs: SearchAttributeUpdatePair[] = [
      { key: WegwijsSearchAttributes.status, value: this.status },
      { key: WegwijsSearchAttributes.phase, value: this.phase() ?? (this.status === 'running' ? 'waiting for legal clocks' : this.status) },
      { key: WegwijsSearchAttributes.waitingOn, value: [...new Set(open.map((waiter) => waiter.listener.milestone))].sort() },
      { key: WegwijsSearchAttributes.stuck, value: technicalStalls.length > 0 || open.some((waiter) => waiter.overdue) },
      ...this.stallAttributes(technicalStalls, stuckReasons(open)),
    ];
    if (since) pairs.push({ key: WegwijsSearchAttributes.waitingSince, value: new Date(since) });
    // The start set the version; a migrated trajectory says which version it runs now.
    if (this.input.resume?.migratedFrom) pairs.push({ key: WegwijsSearchAttributes.definitionVersion, value: this.definition.version });
    if (deadlines[0]) pairs.push({ key: WegwijsSearchAttributes.nextDeadline, value: new Date(startOfDayInAmsterdam(deadlines[0])) });
    // Removals are left out: they follow from a change the fingerprint already sees.
    const fingerprint = JSON.stringify(pairs.filter((pair) => pair.value !== null).map((pair) => [pair.key.name, pair.value]));
    if (fingerprint === this.lastSearchAttributes) return;
    this.lastSearchAttributes = fingerprint;
    upsertSearchAttributes(pairs);
  }

  /**
   * WegwijsStuckReason holds the most pressing reason: a technical stall first (someone can act on
   * it now), the one failing longest; else the overdue wait that has waited longest. The state
   * query lists them all. WegwijsFailingActivities names the failing activity types. Both are set
   * only once something is stuck, so histories of trajectories that never were stay as they were,
   * and removed when nothing is stuck any more.
   */
  protected stallAttributes(technicalStalls: readonly { reason: string }[], businessReasons: readonly string[]): SearchAttributeUpdatePair[] {
    const pairs: SearchAttributeUpdatePair[] = [];
    const current = workflowInfo().typedSearchAttributes;
    const [reason] = [...technicalStalls.map((stall) => stall.reason), ...businessReasons];
    if (reason) pairs.push({ key: WegwijsSearchAttributes.stuckReason, value: reason });
    // Trajectories that ran before the reason was removed kept it: they replay as they ran.
    else if (current.get(WegwijsSearchAttributes.stuckReason) !== undefined && patched(PATCH_CLEAR_STUCK_REASON)) {
      pairs.push({ key: WegwijsSearchAttributes.stuckReason, value: null });
    }
    const failing = this.technicalStalls.failingActivities();
    if (failing.length > 0) pairs.push({ key: WegwijsSearchAttributes.failingActivities, value: failing });
    else if (current.get(WegwijsSearchAttributes.failingActivities) !== undefined) pairs.push({ key: WegwijsSearchAttributes.failingActivities, value: null });
    return pairs;
  }
}

/**
 * The legacy run's continue-as-new and migration: when a run may start afresh, the snapshot it hands
 * on, and the dry run of moving to a newer definition version (which moves at a continue-as-new).
 *
 * FROZEN, like the rest of this folder: part of the interpreter trajectories ran on before business
 * time (2026-12), kept only so that their histories replay. Moved here unchanged from the one-file
 * interpreter; do not change what it does (see legacy-trajectory.workflow.ts).
 */
import { workflowInfo } from '@temporalio/workflow';
import {
  addToInstant,
  calendarDateInAmsterdam,
  computeLegalClock,
  evaluateDate,
  normDeadline,
  startOfDayInAmsterdam,
  type CompiledDefinition,
  type TimerSpec,
} from '@wegwijs/definitions/runtime';
import { type MigrationPlan, type TrajectorySnapshot } from './legacy-messages';
import { LegacyTokens } from './legacy-tokens';

/** Kinds of node a token can be re-entered at in a new run without repeating any effect. */
const RESUMABLE_KINDS = new Set(['milestoneWait', 'timer', 'eventBasedGateway']);

export abstract class LegacyContinueAsNew extends LegacyTokens {
  /**
   * Whether the history is long enough to start afresh, and the trajectory quiet enough to do it:
   * no work in flight, every token parked at the top level where it can simply wait again.
   */
  protected readyToContinueAsNew(): boolean {
    const info = workflowInfo();
    const long = this.input.continueAsNewAfterEvents !== undefined ? info.historyLength >= this.input.continueAsNewAfterEvents : info.continueAsNewSuggested;
    if (!(long || this.pendingMigration) || this.work !== 0 || this.cancellation) return false;
    if (![...this.clocks.values()].every((record) => record.done || (!record.busy && record.seenRevision === this.revision))) return false;
    return [...this.tokens.values()].every(
      (token) => token.parked && token.scope === this.root && RESUMABLE_KINDS.has(this.definition.nodes[token.nodeId].kind),
    );
  }

  /**
   * The dry run of a migration: which waiting tokens have no place in the target version, and
   * which dates would move — clock deadlines and warnings, norms of open waits, date timers.
   */
  protected planMigration(target: CompiledDefinition): MigrationPlan {
    const blockers: Array<{ nodeId: string; reason: string }> = [];
    const shifts: Array<{ what: string; from: string | null; to: string | null }> = [];
    const dateOf = (compute: () => string | null): string | null => {
      try {
        return compute();
      } catch {
        return null;
      }
    };
    for (const token of this.tokens.values()) {
      const here = this.definition.nodes[token.nodeId];
      const there = target.nodes[token.nodeId];
      if (!there || there.kind !== here.kind) {
        blockers.push({ nodeId: token.nodeId, reason: there ? `is a ${there.kind} in version ${target.version}, not a ${here.kind}` : `does not exist in version ${target.version}` });
      } else if (token.scope !== this.root) {
        blockers.push({ nodeId: token.nodeId, reason: 'waits inside a sub-process; the move happens once the sub-process has ended' });
      }
      if (here.kind === 'milestoneWait' && there?.kind === 'milestoneWait') {
        const before = here.norm ? dateOf(() => normDeadline(here.norm!, this.facts, this.definition.facts)) : null;
        const after = there.norm ? dateOf(() => normDeadline(there.norm!, this.facts, target.facts)) : null;
        if (before !== after) shifts.push({ what: `norm of ${token.nodeId}`, from: before, to: after });
      }
      if (here.kind === 'timer' && there?.kind === 'timer') {
        const due = (timer: TimerSpec, facts: CompiledDefinition['facts']) =>
          dateOf(() => calendarDateInAmsterdam(timer.type === 'duration' ? addToInstant(Date.parse(token.since), timer.duration) : startOfDayInAmsterdam(evaluateDate(timer.date, this.facts, facts))));
        const before = due(here.timer, this.definition.facts);
        const after = due(there.timer, target.facts);
        if (before !== after) shifts.push({ what: `timer ${token.nodeId}`, from: before, to: after });
      }
    }
    const clocks = new Set([...this.definition.legalClocks.map((clock) => clock.id), ...target.legalClocks.map((clock) => clock.id)]);
    for (const clockId of clocks) {
      const view = (definition: CompiledDefinition) => {
        const clock = definition.legalClocks.find((candidate) => candidate.id === clockId);
        if (!clock) return null;
        try {
          return computeLegalClock(clock, evaluateDate(clock.start, this.facts, definition.facts), this.clockMilestones);
        } catch {
          // A clock whose start the facts cannot compute under that version: it has no deadline there.
          return null;
        }
      };
      const before = view(this.definition);
      const after = view(target);
      if (before?.deadline !== after?.deadline) shifts.push({ what: `deadline of ${clockId}`, from: before?.deadline ?? null, to: after?.deadline ?? null });
      const warningDates = (state: typeof before) => new Map((state?.warnings ?? []).map((warning) => [warning.before, warning.on]));
      const beforeWarnings = warningDates(before);
      const afterWarnings = warningDates(after);
      for (const offset of new Set([...beforeWarnings.keys(), ...afterWarnings.keys()])) {
        if (beforeWarnings.get(offset) !== afterWarnings.get(offset)) {
          shifts.push({ what: `${offset} warning of ${clockId}`, from: beforeWarnings.get(offset) ?? null, to: afterWarnings.get(offset) ?? null });
        }
      }
    }
    return {
      trajectoryId: this.input.trajectoryId,
      from: { key: this.definition.key, version: this.definition.version },
      to: { key: target.key, version: target.version },
      movable: blockers.every((blocker) => blocker.reason.startsWith('waits inside a sub-process')),
      blockers,
      shifts,
    };
  }

  protected snapshot(): TrajectorySnapshot {
    return {
      startedAt: this.startedAt,
      startedOn: this.startedOn,
      facts: this.facts,
      milestonesDone: this.milestonesDone,
      appliedMilestoneIds: [...this.appliedMilestoneIds],
      clockMilestones: this.clockMilestones as TrajectorySnapshot['clockMilestones'],
      clocksFired: Object.fromEntries([...this.clocks.values()].map((record) => [record.clock.id, record.view.warningsFired])),
      clocksExpired: [...this.clocks.values()].filter((record) => record.view.status === 'expired').map((record) => record.clock.id),
      joinArrivals: Object.fromEntries(this.joinArrivals),
      nodeVisits: Object.fromEntries(this.nodeVisits),
      nextTokenId: this.nextTokenId,
      revision: this.revision,
      tokens: [...this.tokens.values()].sort((a, b) => a.id - b.id).map((token) => ({ nodeId: token.nodeId, since: token.since })),
      run: (this.input.resume?.run ?? 0) + 1,
    };
  }
}

/**
 * The legacy run's legal clocks: each runs beside the tokens, recomputes when facts or clock
 * milestones change, records its changes, and sends its warnings and its expiry.
 *
 * FROZEN, like the rest of this folder: part of the interpreter trajectories ran on before business
 * time (2026-12), kept only so that their histories replay. Moved here unchanged from the one-file
 * interpreter; do not change what it does (see legacy-trajectory.workflow.ts).
 */
import { condition } from '@temporalio/workflow';
import {
  addToDate,
  calendarDateInAmsterdam,
  computeLegalClock,
  evaluateDate,
  startOfDayInAmsterdam,
  type CompiledLegalClock,
} from '@wegwijs/definitions/runtime';
import { workflowNow } from '../workflow-clock';
import { type LegalClockView } from './legacy-messages';
import { clockMilestoneNames, type ClockRecord } from './legacy-run-state';
import { LegacySearchAttributes } from './legacy-search-attributes';

export abstract class LegacyClocks extends LegacySearchAttributes {
  protected async runClock(
    clock: CompiledLegalClock,
    firedBefore: ReadonlyArray<{ before: string; on: string; late: boolean }>,
    expiredBefore: boolean,
  ): Promise<void> {
    const fired: Array<{ before: string; on: string; late: boolean }> = [...firedBefore];
    const record: ClockRecord = { clock, view: this.clockView(clock, fired, expiredBefore), done: expiredBefore, seenRevision: -1, busy: !expiredBefore };
    this.clocks.set(clock.id, record);
    if (expiredBefore) return;
    let previous = record.view;
    if (!this.input.resume) {
      await this.record([
        this.event('clock.started', `clock#${clock.id}#started`, {
          clockId: clock.id,
          name: clock.name,
          startDate: previous.startDate,
          deadline: previous.deadline,
          warnings: clock.warnings,
        }),
      ]);
    }
    try {
      for (;;) {
        const seen = this.revision;
        record.busy = true;
        const view = this.clockView(clock, fired, false);
        record.view = view;
        await this.recordClockChange(clock, previous, view);
        previous = view;
        this.publishSearchAttributes();
        if (view.status === 'stopped') return;
        if (view.status === 'suspended') {
          this.clockIdle(record, seen);
          await condition(() => this.revision !== seen);
          continue;
        }
        const today = calendarDateInAmsterdam(workflowNow());
        const state = computeLegalClock(clock, view.startDate, this.clockMilestones);
        for (const warning of state.warnings) {
          if (warning.on > today || fired.some((done) => done.before === warning.before)) continue;
          const late = warning.on < this.startedOn;
          fired.push({ ...warning, late });
          await this.notifyClock(clock, state.deadline, { before: warning.before, late });
        }
        if (state.deadline < today) {
          record.view = this.clockView(clock, fired, true);
          await this.notifyClock(clock, state.deadline, null);
          this.publishSearchAttributes();
          return;
        }
        const dueDates = [...state.warnings.filter((warning) => !fired.some((done) => done.before === warning.before)).map((warning) => warning.on), addToDate(state.deadline, 'P1D')];
        const nextDue = Math.min(...dueDates.map(startOfDayInAmsterdam));
        this.clockIdle(record, seen);
        await condition(() => this.revision !== seen, Math.max(1, nextDue - workflowNow()));
      }
    } finally {
      record.done = true;
      record.busy = false;
    }
  }

  protected clockIdle(record: ClockRecord, revision: number): void {
    record.seenRevision = revision;
    record.busy = false;
  }

  protected clockView(clock: CompiledLegalClock, fired: LegalClockView['warningsFired'], expired: boolean): LegalClockView {
    const startDate = evaluateDate(clock.start, this.facts, this.definition.facts);
    const state = computeLegalClock(clock, startDate, this.clockMilestones);
    const pending = state.warnings.filter((warning) => !fired.some((done) => done.before === warning.before));
    return {
      clockId: clock.id,
      name: clock.name,
      status: expired ? 'expired' : state.status,
      startDate,
      deadline: state.deadline,
      nextWarning: state.status === 'running' && !expired && pending.length > 0 ? pending[0] : null,
      warningsFired: [...fired],
    };
  }

  protected async recordClockChange(clock: CompiledLegalClock, before: LegalClockView, after: LegalClockView): Promise<void> {
    const last = this.clockMilestones[this.clockMilestones.length - 1];
    const milestone = last?.milestone ?? '';
    // The provision a clock change rests on belongs in its own event, not only in the milestone's.
    // Only an activity's input changes, so replaying older histories is unaffected.
    const basis = typeof last?.payload?.legalBasis === 'string' ? { legalBasis: last.payload.legalBasis } : {};
    const key = `clock#${clock.id}#${this.clockMilestones.length}`;
    if (after.status === 'stopped' && before.status !== 'stopped') {
      await this.record([this.event('clock.stopped', `${key}#stopped`, { clockId: clock.id, milestone, ...basis })]);
    } else if (after.status === 'suspended' && before.status !== 'suspended') {
      await this.record([this.event('clock.suspended', `${key}#suspended`, { clockId: clock.id, milestone, ...basis })]);
    } else if (after.status === 'running' && before.status === 'suspended') {
      await this.record([this.event('clock.resumed', `${key}#resumed`, { clockId: clock.id, milestone, deadline: after.deadline, ...basis })]);
    } else if (after.deadline !== before.deadline) {
      await this.record([
        this.event('clock.extended', `${key}#moved`, { clockId: clock.id, milestone, from: before.deadline, deadline: after.deadline, ...basis }),
      ]);
    }
  }

  /** A warning at one of the clock's offsets, or (no warning) the deadline passing. */
  protected async notifyClock(clock: CompiledLegalClock, deadline: string, warning: { readonly before: string; readonly late: boolean } | null): Promise<void> {
    const suffix = warning ? `warning#${warning.before}` : 'deadline';
    await this.record([
      warning
        ? this.event('clock.warning', `clock#${clock.id}#${suffix}`, { clockId: clock.id, offset: warning.before, deadline, late: warning.late })
        : this.event('clock.expired', `clock#${clock.id}#${suffix}`, { clockId: clock.id, deadline }),
    ]);
    if (!clock.notifyActivity) return;
    await this.activityFor(clock.notifyActivity, 'PT1M', 'standard')({
      trajectoryId: this.input.trajectoryId,
      nodeId: clock.id,
      idempotencyKey: `${this.keyPrefix}#clock#${clock.id}#${suffix}`,
      input: { clockId: clock.id, kind: warning ? 'warning' : 'deadline', deadline, before: warning?.before ?? null, late: warning?.late ?? false },
    });
  }

  protected runningClocksMovedBy(milestone: string): CompiledLegalClock[] {
    return [...this.clocks.values()]
      .filter((record) => !record.done && record.view.status !== 'stopped' && clockMilestoneNames(record.clock).includes(milestone))
      .map((record) => record.clock);
  }
}

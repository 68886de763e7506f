/**
 * The legacy run's milestone waiters: a wait node, a boundary milestone or an event-gateway branch
 * listening for a milestone, its norm, and the recording of the milestone when it arrives.
 *
 * FROZEN, like the rest of this folder: part of the interpreter trajectories ran on before business
 * time (2026-12), kept only so that their histories replay. Moved here unchanged from the one-file
 * interpreter; do not change what it does (see legacy-trajectory.workflow.ts).
 */
import { condition, patched } from '@temporalio/workflow';
import {
  addToDate,
  calendarDateInAmsterdam,
  evaluateOutput,
  normDeadline,
  startOfDayInAmsterdam,
  type MilestoneWaitNode,
} from '@wegwijs/definitions/runtime';
import { workflowNow, workflowNowIso } from '../workflow-clock';
import { type MilestoneSubmission } from './legacy-messages';
import { clockMilestoneNames, type MilestoneListener, type MilestoneWaiter, type Token } from './legacy-run-state';
import { LegacyClocks } from './legacy-clocks';

/**
 * Workflow-code changes that add commands are patched, so trajectories that started on older
 * worker code replay as they ran (test/fixtures/histories holds such histories).
 */
const PATCH_WAITING_EVENTS = 'wegwijs-2026-11-trajectory-waiting-events';

export abstract class LegacyMilestoneWaits extends LegacyClocks {
  protected addWaiter(listener: MilestoneListener & { norm?: MilestoneWaitNode['norm'] }, token?: Token, group?: { fired: boolean }): MilestoneWaiter {
    const waiter: MilestoneWaiter = {
      listener,
      since: token?.since ?? workflowNowIso(),
      token,
      group,
      normDeadline: listener.norm ? normDeadline(listener.norm, this.facts, this.definition.facts) : null,
      overdue: false,
    };
    this.waiters.push(waiter);
    if (token) this.park(token);
    this.publishSearchAttributes();
    return waiter;
  }

  protected removeWaiter(waiter: MilestoneWaiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) this.waiters.splice(index, 1);
  }

  protected async waitForMilestone(token: Token, node: MilestoneWaitNode): Promise<void> {
    // Recorded before the wait opens, so the history always says "waiting" before "recorded".
    if (this.recordsWaitingEvents(token)) await this.recordWaiting(node);
    const waiter = this.addWaiter(node, token);
    try {
      await this.awaitSubmission(waiter);
    } finally {
      this.removeWaiter(waiter);
      // acceptMilestone counted the submission as work; from here the token itself carries it.
      if (waiter.submission) this.work--;
      this.unpark(token);
    }
    await this.recordMilestone(waiter.submission as MilestoneSubmission, waiter);
  }

  /** Waits for the waiter's milestone; past its norm, marks the trajectory stuck and keeps waiting. */
  protected async awaitSubmission(waiter: MilestoneWaiter): Promise<void> {
    const submitted = () => waiter.submission !== undefined;
    if (waiter.normDeadline) {
      const overdueAt = startOfDayInAmsterdam(addToDate(waiter.normDeadline, 'P1D'));
      if (!(await condition(submitted, Math.max(1, overdueAt - workflowNow())))) {
        waiter.overdue = true;
        this.publishSearchAttributes();
      }
    }
    await condition(submitted);
  }

  protected async recordMilestone(submission: MilestoneSubmission, waiter: MilestoneWaiter | null): Promise<void> {
    const recordedAt = workflowNowIso();
    const occurredOn = submission.occurredOn ?? calendarDateInAmsterdam(workflowNow());
    const nodeId = waiter?.listener.id ?? null;
    this.milestonesDone.push({
      milestone: submission.milestone,
      milestoneId: submission.milestoneId,
      nodeId: nodeId ?? 'legal-clock',
      occurredOn,
      recordedAt,
      actor: submission.actor,
    });
    if (waiter) this.applyOutput(evaluateOutput(waiter.listener.output, this.facts, this.definition.facts, { payload: submission.payload ?? null }));
    await this.record([
      this.event(
        'milestone.recorded',
        `milestone#${submission.milestoneId}`,
        {
          milestone: submission.milestone,
          milestoneId: submission.milestoneId,
          nodeId,
          occurredOn,
          ...(submission.payload ? { payload: submission.payload } : {}),
        },
        submission.actor,
        new Date(startOfDayInAmsterdam(occurredOn)).toISOString(),
      ),
    ]);
  }

  /** Checked without awaiting, so older histories see their commands in the order they were made. */
  protected recordsWaitingEvents(token: Token): boolean {
    return !token.resumedSince && patched(PATCH_WAITING_EVENTS);
  }

  protected async recordWaiting(node: MilestoneWaitNode): Promise<void> {
    const normDeadlineDate = node.norm ? normDeadline(node.norm, this.facts, this.definition.facts) : undefined;
    await this.record([
      this.event('trajectory.waiting', `waiting#${node.id}#${this.nodeVisits.get(node.id) ?? 1}`, {
        nodeId: node.id,
        milestone: node.milestone,
        ...(node.name ? { nodeName: node.name } : {}),
        ...(normDeadlineDate ? { normDeadline: normDeadlineDate } : {}),
      }),
    ]);
  }

  protected openWaiterFor(milestone: string): MilestoneWaiter | undefined {
    return this.waiters.find((waiter) => waiter.listener.milestone === milestone && !waiter.submission && !waiter.group?.fired);
  }

  protected expectedMilestones(): string[] {
    const fromWaiters = this.waiters.filter((waiter) => !waiter.submission && !waiter.group?.fired).map((waiter) => waiter.listener.milestone);
    const fromClocks = [...this.clocks.values()].filter((record) => !record.done).flatMap((record) => clockMilestoneNames(record.clock));
    return [...new Set([...fromWaiters, ...fromClocks])];
  }
}

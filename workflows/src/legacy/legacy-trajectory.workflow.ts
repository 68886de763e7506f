/**
 * FROZEN: the interpreter trajectories ran on before business time (2026-12). Histories recorded
 * with it replay only against this exact code, so it is kept as it was and entered only for them
 * (see ../trajectory/trajectory.workflow.ts, patch `wegwijs-2026-12-business-time`). Delete it
 * once no trajectory started before then is running or retained. Do not change what it does.
 *
 * The trajectory workflow: one run per person, interpreting a compiled definition for years.
 *
 * Tokens move through the definition's nodes; each token is an async strand, so parallel
 * branches simply run side by side and everything stays deterministic under replay. Sub-processes
 * run inline, as a nested scope of tokens in the same workflow: one history per person keeps the
 * search attributes, the state query and the audit trail in one place, and costs fewer events
 * than a child workflow per sub-process. Legal clocks run beside the tokens; the trajectory ends
 * when no token and no running clock is left.
 *
 * A callActivity is the other case: it runs a separate, reusable definition, so it runs as a child
 * workflow of this same type, with its own history, tokens, clocks and cancellation path, under
 * a workflow id derived from the caller's (`<caller id>/<node id>/<visit>`). Its milestones are
 * reported to that child. It is cancelled with its caller, and the caller waits until the child's
 * cancellation path has run.
 *
 * This file is the workflow itself: its start, its end and its cancellation path. The run is split
 * along its seams into the other files of this folder, a chain of classes from legacy-run-state.ts
 * up to legacy-inbox.ts; the split moved code only, so a run issues the same commands in the same
 * order as the one-file interpreter the histories were recorded with.
 */
import { CancellationScope, allHandlersFinished, condition, continueAsNew, isCancellation } from '@temporalio/workflow';
import { evaluateInput } from '@wegwijs/definitions/runtime';
import { workflowNowIso } from '../workflow-clock';
import { type StartTrajectoryInput, type TrajectoryState } from './legacy-messages';
import { SYSTEM_ACTOR, ignoreCancellation } from './legacy-run-state';
import { LegacyInbox } from './legacy-inbox';

export async function legacyTrajectoryWorkflow(input: StartTrajectoryInput): Promise<TrajectoryState> {
  return new TrajectoryRun(input).execute();
}

class TrajectoryRun extends LegacyInbox {
  async execute(): Promise<TrajectoryState> {
    this.registerHandlers();
    // A called trajectory is part of its caller's, which records the start and the end.
    if (!this.input.resume && !this.input.calledFrom) await this.record([
      this.event(
        'trajectory.started',
        'started',
        {
          definitionKey: this.definition.key,
          definitionVersion: this.definition.version,
          contentHash: this.definition.contentHash,
          municipality: this.input.municipality,
          caseReference: this.input.caseReference,
        },
        this.input.startedBy,
      ),
    ]);
    this.publishSearchAttributes();

    let continuing = false;
    try {
      await this.root.cancellation.run(async () => {
        const resume = this.input.resume;
        for (const clock of this.definition.legalClocks) {
          void this.runClock(clock, resume?.clocksFired[clock.id] ?? [], resume?.clocksExpired.includes(clock.id) ?? false).catch(ignoreCancellation);
        }
        if (resume) for (const token of resume.tokens) this.spawnToken(token.nodeId, this.root, token.since);
        else this.spawnToken(this.definition.startNodeId, this.root);
        const finished = () => this.root.active === 0 && [...this.clocks.values()].every((record) => record.done);
        await condition(() => finished() || this.readyToContinueAsNew());
        continuing = !finished();
      });
    } catch (error) {
      if (isCancellation(error) && this.input.calledFrom && !this.root.terminated && !this.cancellation) {
        // The caller cancelled this call (it was cancelled, or a boundary event interrupted the call).
        this.cancellation = { reason: 'cancelled by the calling trajectory', actor: SYSTEM_ACTOR };
        return CancellationScope.nonCancellable(() => this.end());
      }
      // A terminate end or a cancellation stops every token and clock; that is an ending, not a failure.
      if (!(isCancellation(error) && (this.root.terminated || this.cancellation))) throw error;
    }
    if (continuing && !this.cancellation) {
      // Updates in flight finish first; then the trajectory goes on in a fresh history.
      await condition(allHandlersFinished);
      const next = this.pendingMigration;
      const migratedFrom = next ? { version: this.definition.version, contentHash: this.definition.contentHash } : this.input.resume?.migratedFrom;
      return continueAsNew<typeof legacyTrajectoryWorkflow>({
        ...this.input,
        definition: next ?? this.definition,
        resume: { ...this.snapshot(), ...(migratedFrom ? { migratedFrom } : {}) },
      });
    }
    return this.end();
  }

  /** Runs the cancellation path if cancelled, records how the trajectory ended, and answers its final state. */
  private async end(): Promise<TrajectoryState> {
    // Called trajectories close (their cancellation paths run) before their caller does.
    if (this.calls.size > 0) await Promise.allSettled([...this.calls].map((call) => call.closed));
    if (this.cancellation) await this.runCancellationSteps();
    this.endedAt = workflowNowIso();
    if (this.cancellation) this.status = 'cancelled';
    else this.status = this.root.terminated ? 'terminated' : 'completed';
    this.publishSearchAttributes();
    if (this.input.calledFrom) return this.state();
    await this.record([
      this.cancellation
        ? this.event('trajectory.cancelled', 'cancelled', { reason: this.cancellation.reason }, this.cancellation.actor)
        : this.event(this.status === 'terminated' ? 'trajectory.terminated' : 'trajectory.completed', this.status, {}),
    ]);
    return this.state();
  }

  /** The definition's own cancellation path (e.g. the handover to the new municipality), in order. */
  private async runCancellationSteps(): Promise<void> {
    for (const step of this.definition.onCancellation ?? []) {
      await this.activityFor(step.activity, step.timeout, step.retry)({
        trajectoryId: this.input.trajectoryId,
        nodeId: step.id,
        idempotencyKey: `${this.keyPrefix}#cancellation#${step.id}`,
        input: evaluateInput(step.input, this.facts, this.definition.facts),
      });
    }
  }
}

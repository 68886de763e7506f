/**
 * The legacy run's inbox: its Query, Signal and Update handlers, the validation of milestones, fact
 * corrections and cancellations, and the acceptance of what is valid.
 *
 * FROZEN, like the rest of this folder: part of the interpreter trajectories ran on before business
 * time (2026-12), kept only so that their histories replay. Moved here unchanged from the one-file
 * interpreter; do not change what it does (see legacy-trajectory.workflow.ts).
 */
import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import {
  calendarDateInAmsterdam,
  evaluateOutput,
  factValueProblem,
  isValidCalendarDate,
  isValidDuration,
  type CompiledLegalClock,
} from '@wegwijs/definitions/runtime';
import { workflowNow } from '../workflow-clock';
import {
  cancelTrajectoryUpdate,
  correctFactsUpdate,
  FactCorrectionRejection,
  getTrajectoryStateQuery,
  migrateDefinitionUpdate,
  MigrationRejection,
  MilestoneRejection,
  milestoneSignal,
  planMigrationQuery,
  recordMilestoneUpdate,
  technicalStallSignal,
  type FactCorrection,
  type MilestoneSubmission,
} from './legacy-messages';
import { clockMilestoneNames, ignoreCancellation, type MilestoneWaiter } from './legacy-run-state';
import { LegacyContinueAsNew } from './legacy-continue-as-new';

export abstract class LegacyInbox extends LegacyContinueAsNew {
  protected registerHandlers(): void {
    setHandler(getTrajectoryStateQuery, () => this.state());
    setHandler(technicalStallSignal, (report) => {
      if (this.technicalStalls.report(report)) this.publishSearchAttributes();
    });
    setHandler(planMigrationQuery, (target) => this.planMigration(target));
    setHandler(
      migrateDefinitionUpdate,
      (target) => {
        this.pendingMigration = target;
        return this.planMigration(target);
      },
      {
        validator: (target) => {
          this.throwIfEnded();
          const refuse = (type: string, message: string, details?: unknown) =>
            ApplicationFailure.create({ type, message, nonRetryable: true, ...(details ? { details: [details] } : {}) });
          if (target.key !== this.definition.key) throw refuse(MigrationRejection.otherDefinition, `Definition ${target.key} is not ${this.definition.key}`);
          if (target.version <= this.definition.version) {
            throw refuse(MigrationRejection.notNewer, `Version ${target.version} is not newer than ${this.definition.version}`);
          }
          const plan = this.planMigration(target);
          if (!plan.movable) throw refuse(MigrationRejection.notMovable, `Cannot move to version ${target.version}: ${plan.blockers.map((blocker) => `${blocker.nodeId}: ${blocker.reason}`).join('; ')}`, plan);
        },
      },
    );
    setHandler(
      recordMilestoneUpdate,
      async (submission) => {
        this.acceptMilestone(submission);
        await this.settled();
        return this.state();
      },
      { validator: (submission) => this.throwIfRejected(this.milestoneProblem(submission)) },
    );
    setHandler(milestoneSignal, (submission) => {
      // Fire-and-forget senders get no answer; what does not fit now has no effect, and the signal
      // stays visible in the history.
      if (this.milestoneProblem(submission) === undefined) this.acceptMilestone(submission);
    });
    setHandler(
      correctFactsUpdate,
      async (correction) => {
        await this.correctFacts(correction);
        await this.settled();
        return this.state();
      },
      { validator: (correction) => this.throwIfRejected(this.correctionProblem(correction)) },
    );
    setHandler(
      cancelTrajectoryUpdate,
      async (cancellation) => {
        this.cancellation = cancellation;
        this.root.cancellation.cancel();
        await condition(() => this.endedAt !== null);
        return this.state();
      },
      {
        validator: (cancellation) => {
          this.throwIfEnded();
          if (!cancellation.reason?.trim()) {
            throw ApplicationFailure.create({ type: FactCorrectionRejection.missingReason, message: 'A cancellation needs a reason', nonRetryable: true });
          }
        },
      },
    );
  }

  protected throwIfRejected(problem: ApplicationFailure | undefined): void {
    if (problem) throw problem;
  }

  protected throwIfEnded(): void {
    if (this.status !== 'running' || this.cancellation) {
      throw ApplicationFailure.create({
        type: MilestoneRejection.trajectoryEnded,
        message: `The trajectory has ended (${this.cancellation ? 'cancelled' : this.status})`,
        nonRetryable: true,
      });
    }
  }

  /** Resolves once the trajectory is quiet again: every token parked or ended, every milestone processed. */
  protected async settled(): Promise<void> {
    const clocksIdle = () => [...this.clocks.values()].every((record) => record.done || (!record.busy && record.seenRevision === this.revision));
    const ending = () => this.root.active === 0 && [...this.clocks.values()].every((record) => record.done);
    // When the last token and clock have ended, answer with the final state, not the one before it.
    await condition(() => this.work === 0 && clocksIdle() && (!ending() || this.endedAt !== null));
  }

  protected milestoneProblem(submission: MilestoneSubmission): ApplicationFailure | undefined {
    if (this.appliedMilestoneIds.has(submission.milestoneId)) return undefined;
    if (this.status !== 'running' || this.cancellation) {
      return ApplicationFailure.create({ type: MilestoneRejection.trajectoryEnded, message: 'The trajectory has ended', nonRetryable: true });
    }
    if (!this.isKnownMilestone(submission.milestone)) {
      return ApplicationFailure.create({
        type: MilestoneRejection.unknownMilestone,
        message: `Milestone '${submission.milestone}' does not occur in definition ${this.definition.key} v${this.definition.version}`,
        nonRetryable: true,
      });
    }
    const waiter = this.openWaiterFor(submission.milestone);
    const clocks = this.runningClocksMovedBy(submission.milestone);
    if (!waiter && clocks.length === 0) {
      const expected = this.expectedMilestones();
      return ApplicationFailure.create({
        type: MilestoneRejection.notExpectedNow,
        message: `Milestone '${submission.milestone}' is not expected now; expected: ${expected.join(', ') || 'none'}`,
        details: [{ expected }],
        nonRetryable: true,
      });
    }
    if (waiter && waiter.listener.roles.length > 0 && !waiter.listener.roles.includes(submission.actor.role)) {
      return ApplicationFailure.create({
        type: MilestoneRejection.roleNotAllowed,
        message: `Role '${submission.actor.role}' may not report '${submission.milestone}'; allowed: ${waiter.listener.roles.join(', ')}`,
        nonRetryable: true,
      });
    }
    return this.payloadProblem(submission, waiter, clocks);
  }

  protected payloadProblem(
    submission: MilestoneSubmission,
    waiter: MilestoneWaiter | undefined,
    clocks: readonly CompiledLegalClock[],
  ): ApplicationFailure | undefined {
    const invalid = (field: string, message: string) =>
      ApplicationFailure.create({ type: MilestoneRejection.invalidPayload, message, details: [{ field }], nonRetryable: true });
    if (submission.occurredOn !== undefined && !isValidCalendarDate(submission.occurredOn)) {
      return invalid('occurredOn', 'occurredOn must be a calendar date YYYY-MM-DD');
    }
    for (const [field, value] of Object.entries(submission.payload ?? {})) {
      if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
        return invalid(`payload.${field}`, `payload.${field} must be a string, number, boolean or null`);
      }
    }
    for (const clock of clocks) {
      const extension = clock.extendOn.find((candidate) => candidate.milestone === submission.milestone);
      const duration = extension ? submission.payload?.[extension.durationField] : undefined;
      if (extension && (typeof duration !== 'string' || !isValidDuration(duration))) {
        return invalid(`payload.${extension.durationField}`, `payload.${extension.durationField} must be an ISO 8601 duration such as P6M`);
      }
    }
    if (waiter) {
      try {
        evaluateOutput(waiter.listener.output, this.facts, this.definition.facts, { payload: submission.payload ?? null });
      } catch (error) {
        return invalid('payload', `payload does not fit the definition's output mapping: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return undefined;
  }

  protected isKnownMilestone(milestone: string): boolean {
    const inNodes = Object.values(this.definition.nodes).some(
      (node) => (node.kind === 'milestoneWait' || node.kind === 'boundaryMilestone') && node.milestone === milestone,
    );
    return inNodes || this.definition.legalClocks.some((clock) => clockMilestoneNames(clock).includes(milestone));
  }

  protected acceptMilestone(submission: MilestoneSubmission): void {
    if (this.appliedMilestoneIds.has(submission.milestoneId)) return;
    const waiter = this.openWaiterFor(submission.milestone);
    const clocks = this.runningClocksMovedBy(submission.milestone);
    if (!waiter && clocks.length === 0) return;
    this.appliedMilestoneIds.add(submission.milestoneId);
    if (clocks.length > 0) {
      this.clockMilestones.push({
        milestone: submission.milestone,
        on: submission.occurredOn ?? calendarDateInAmsterdam(workflowNow()),
        payload: submission.payload,
      });
      this.revision++;
    }
    if (waiter) {
      waiter.submission = submission;
      if (waiter.group) waiter.group.fired = true;
      // Counted as work until its waiter has recorded it and moved on.
      this.work++;
    } else {
      // Only clocks listen: record it here; the clocks recompute on the revision bump.
      this.work++;
      void this.recordMilestone(submission, null)
        .finally(() => this.work--)
        .catch(ignoreCancellation);
    }
  }

  protected correctionProblem(correction: FactCorrection): ApplicationFailure | undefined {
    if (this.status !== 'running' || this.cancellation) {
      return ApplicationFailure.create({ type: MilestoneRejection.trajectoryEnded, message: 'The trajectory has ended', nonRetryable: true });
    }
    if (!correction.reason?.trim()) {
      return ApplicationFailure.create({ type: FactCorrectionRejection.missingReason, message: 'A correction needs a reason', nonRetryable: true });
    }
    for (const [name, value] of Object.entries(correction.facts)) {
      const declared = this.definition.facts.find((fact) => fact.name === name);
      if (!declared) {
        return ApplicationFailure.create({
          type: FactCorrectionRejection.unknownFact,
          message: `Definition ${this.definition.key} declares no fact '${name}'`,
          details: [{ field: name }],
          nonRetryable: true,
        });
      }
      const problem = factValueProblem(declared, value);
      if (problem) {
        return ApplicationFailure.create({
          type: FactCorrectionRejection.invalidFactValue,
          message: `Fact '${name}' ${problem}`,
          details: [{ field: name }],
          nonRetryable: true,
        });
      }
    }
    return undefined;
  }

  protected async correctFacts(correction: FactCorrection): Promise<void> {
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [name, value] of Object.entries(correction.facts)) {
      if (this.facts[name] !== value) changes[name] = { from: this.facts[name] ?? null, to: value };
    }
    if (Object.keys(changes).length === 0) return;
    this.facts = { ...this.facts, ...correction.facts };
    // Timers and clocks computed from facts recompute on the next turn.
    this.revision++;
    this.work++;
    try {
      await this.record([
        this.event('facts.corrected', `facts#${this.revision}`, { changes, reason: correction.reason }, correction.actor),
      ]);
    } finally {
      this.work--;
    }
  }
}

/**
 * Performs the side effects a derivation finds due — activities and called trajectories — and
 * records each as a performance in the trajectory's record. A failure for good (non-retryable, or
 * retries used up) is recorded too: it becomes an incident for a supervisor, never a failed
 * workflow task. Performances the derivation no longer needs are superseded here: marked, with
 * what superseded them, and the tasks they opened closed.
 *
 *   const runner = new EffectRunner(run);
 *   for (const effect of derivation.wanted) runner.start(effect);
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  ParentClosePolicy,
  ChildWorkflowCancellationType,
  TimeoutFailure,
  executeChild,
  isCancellation,
  proxyActivities,
  type ActivityOptions,
} from '@temporalio/workflow';
import { RetryState } from '@temporalio/common';
import { exactDurationToMs } from '@wegwijs/calendar';
import { RETRY_PROFILES } from '@wegwijs/definitions/runtime';
import { WegwijsSearchAttributes, type ServiceTaskActivity } from '@wegwijs/domain';
import { wasLate, type CallResult, type Performance, type PerformanceOutcome, type WantedEffect } from '../engine';
import { workflowNowIso } from '../workflow-clock';
import type { TrajectoryRun } from './trajectory.workflow';
import type { StartTrajectoryInput, TrajectoryState } from './trajectory.messages';

/** A called trajectory that runs now. */
export interface RunningCall {
  readonly nodeId: string;
  readonly workflowId: string;
  readonly definition: { readonly key: string; readonly version: number };
  readonly since: string;
  readonly scope: CancellationScope;
}

export class EffectRunner {
  readonly inFlight = new Map<string, WantedEffect>();
  readonly calls = new Map<string, RunningCall>();

  constructor(private readonly run: TrajectoryRun) {}

  /** Starts an effect unless its key is already being performed (a later generation waits for it). */
  start(effect: WantedEffect): void {
    if (this.inFlight.has(effect.key)) return;
    // A derivation made before this generation settled still wants it (it settled while the run
    // loop awaited, e.g. a supersede): its performance answers it, and it must not run twice.
    if (this.run.record.performances.some((performance) => performance.effect === effect.key && performance.generation === effect.generation)) return;
    this.inFlight.set(effect.key, effect);
    const startedAt = workflowNowIso();
    const late = wasLate({ on: effect.on, startedAt }, effect.knownSince);
    const performed = effect.kind === 'call' ? this.performCall(effect) : this.performActivity(effect, late);
    void performed
      .then((outcome) => {
        if (!outcome) return;
        const performance: Performance = {
          effect: effect.key,
          generation: effect.generation,
          on: effect.on,
          input: effect.inputJson,
          outcome,
          startedAt,
          settledAt: workflowNowIso(),
          ...(effect.cause ? { cause: effect.cause } : {}),
        };
        this.run.record.performances.push(performance);
      })
      .finally(() => {
        this.inFlight.delete(effect.key);
        this.calls.delete(effect.key);
        this.run.changed();
      });
  }

  /** Cancels the called trajectories the derivation no longer wants; true while any of them is still closing. */
  cancelUnwantedCalls(wanted: ReadonlySet<string>): boolean {
    let closing = false;
    for (const [key, call] of this.calls) {
      if (wanted.has(key)) continue;
      call.scope.cancel();
      closing = true;
    }
    return closing;
  }

  /**
   * Effects under way that an answer should wait for: not called trajectories (they run for
   * months), and not activities that keep failing (a technical stall: the answer says so instead).
   */
  get busy(): boolean {
    return [...this.inFlight.values()].some((effect) => effect.kind !== 'call' && !this.run.stalls.isStalled(effect.activity, effect.nodeId));
  }

  private async performActivity(effect: WantedEffect, late: boolean): Promise<PerformanceOutcome | undefined> {
    const profile = RETRY_PROFILES[effect.retry];
    const options: ActivityOptions = {
      startToCloseTimeout: exactDurationToMs(effect.timeout),
      retry: {
        initialInterval: exactDurationToMs(profile.initialInterval),
        maximumInterval: exactDurationToMs(profile.maximumInterval),
        backoffCoefficient: profile.backoffCoefficient,
        // 0 means "until it works" (partners away for days); stall detection watches those.
        ...(profile.maximumAttempts > 0 ? { maximumAttempts: profile.maximumAttempts } : {}),
      },
    };
    const activity = proxyActivities<Record<string, ServiceTaskActivity>>(options)[effect.activity];
    const isNotice = effect.key.startsWith('clock:');
    const request = {
      trajectoryId: this.run.input.trajectoryId,
      nodeId: effect.nodeId,
      idempotencyKey: this.run.activityKey(effect),
      // A clock's notice has said whether it comes late in its input since it was first written.
      input: isNotice ? { ...effect.input, late } : effect.input,
      businessDate: effect.on,
      late,
    };
    try {
      const result = await this.run.stalls.watch(effect.activity, effect.nodeId, activity(request), () => this.run.changed());
      return { kind: 'completed', result: (result as Record<string, unknown> | undefined) ?? null };
    } catch (error) {
      // Cancelled with the trajectory: no performance; what is due is derived again.
      if (isCancellation(error)) return undefined;
      if (error instanceof ActivityFailure) return failureOutcome(error, profile.maximumAttempts);
      throw error;
    }
  }

  private async performCall(effect: WantedEffect): Promise<PerformanceOutcome | undefined> {
    const called = this.run.definition.calledDefinitions?.[effect.activity];
    if (!called) throw ApplicationFailure.create({ type: 'CalledDefinitionMissing', message: `${effect.activity} was not compiled in`, nonRetryable: true });
    const input = this.run.input;
    // From the input, not workflowInfo(): a replay of a recorded history runs under another workflow id.
    const [, visit] = effect.key.slice('call:'.length).split('#');
    const workflowId = `${input.calledFrom?.workflowId ?? input.trajectoryId}/${effect.nodeId}/${visit}`;
    const scope = new CancellationScope();
    this.calls.set(effect.key, { nodeId: effect.nodeId, workflowId, definition: { key: called.key, version: called.version }, since: effect.on, scope });
    const child: StartTrajectoryInput = {
      trajectoryId: input.trajectoryId,
      municipality: input.municipality,
      caseReference: input.caseReference,
      definition: called,
      facts: effect.input,
      startedBy: input.startedBy,
      startOn: effect.on,
      calledFrom: { workflowId, nodeId: effect.nodeId, eventKeyPrefix: `${this.run.keyPrefix}#call#${effect.nodeId}#${visit}` },
    };
    try {
      const state = await scope.run(() =>
        executeChild<(input: StartTrajectoryInput) => Promise<TrajectoryState>>('trajectoryWorkflow', {
          workflowId,
          args: [child],
          // However this trajectory closes, the call is cancelled and its cancellation path runs…
          parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
          // …and a cancelled call is waited for until it has run.
          cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
          typedSearchAttributes: [
            { key: WegwijsSearchAttributes.municipality, value: input.municipality },
            { key: WegwijsSearchAttributes.definitionKey, value: called.key },
            { key: WegwijsSearchAttributes.definitionVersion, value: called.version },
          ],
        }),
      );
      const result: CallResult = { facts: state.facts, endedOn: state.endedOn ?? effect.on };
      return { kind: 'completed', result: result as unknown as Record<string, unknown> };
    } catch (error) {
      // A call this trajectory cancelled leaves no performance: its step was withdrawn.
      if (isCancellation(error)) return undefined;
      if (error instanceof ChildWorkflowFailure) return { kind: 'failed', errorType: error.cause instanceof ApplicationFailure ? (error.cause.type ?? 'ApplicationFailure') : 'CalledTrajectoryFailed', attempts: 1 };
      throw error;
    }
  }
}

/** The error type and attempts of an activity that failed for good: what a supervisor needs, never the message. */
function failureOutcome(failure: ActivityFailure, maximumAttempts: number): PerformanceOutcome {
  const cause = failure.cause;
  const errorType =
    cause instanceof ApplicationFailure ? (cause.type ?? 'ApplicationFailure') : cause instanceof TimeoutFailure ? `Timeout${cause.timeoutType !== undefined ? `:${cause.timeoutType}` : ''}` : (cause?.name ?? 'ActivityFailure');
  const reported = cause instanceof ApplicationFailure ? cause.details?.find((detail): detail is { wegwijsAttempt: number } => typeof (detail as { wegwijsAttempt?: unknown })?.wegwijsAttempt === 'number') : undefined;
  const attempts = reported?.wegwijsAttempt ?? (failure.retryState === RetryState.MAXIMUM_ATTEMPTS_REACHED && maximumAttempts > 0 ? maximumAttempts : 1);
  return { kind: 'failed', errorType: errorType.replace(/[^A-Za-z0-9_.:-]/g, '').slice(0, 100) || 'ActivityFailure', attempts };
}

/**
 * The trajectory workflow: one run per person, for years. It keeps the trajectory's record —
 * what it was told, with business dates — and derives from it, by pure code (../engine), where the
 * trajectory stands and which side effects are due; it performs those, records what happened in
 * the event store, keeps the supervisors' search attributes, and sleeps until the next business
 * date something falls due. Late input changes the record, and the next derivation gives what
 * timely input would have: what was done and no longer holds is superseded, what is newly due is
 * done once.
 *
 * Trajectories that began on the interpreter before business time replay on it (../legacy),
 * behind the patch below; their next run (continue-as-new) continues here.
 */
import { allHandlersFinished, CancellationScope, condition, continueAsNew, isCancellation, patched, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import { calendarDateInAmsterdam, startOfDayInAmsterdam } from '@wegwijs/calendar';
import type { CompiledDefinition } from '@wegwijs/definitions/runtime';
import type { EngineActivities, EventToRecord } from '@wegwijs/domain';
import { derivedStateView, IncrementalDeriver, newRecord, phaseOf, type Derivation, type Performance, type TrajectoryRecord, type TrajectoryStatus, type WantedEffect } from '../engine';
import { legacyTrajectoryWorkflow } from '../legacy/legacy-trajectory.workflow';
import { workflowNow, workflowNowIso } from '../workflow-clock';
import { readyToContinue, recordFromLegacySnapshot, resumePointOf } from './continue-as-new';
import { EffectRunner } from './effect-runner';
import { engineEvents, SYSTEM_ACTOR, withdrawals } from './engine-events';
import { historyMilestones, registerInbox } from './inbox';
import { ONE_UPSERT_PER_ACTIVATION_PATCH, SearchAttributePublisher, searchAttributesOf } from './search-attributes';
import { TechnicalStalls } from './technical-stalls';
import type { StartTrajectoryInput, TrajectoryState } from './trajectory.messages';
import { WakeUpTimer } from './wake-up';

/** Histories recorded before this patch replay on the interpreter they were recorded with. */
export const BUSINESS_TIME_PATCH = 'wegwijs-2026-12-business-time';
/**
 * From this patch on the wake-up timer stays armed while its day does not move (wake-up.ts);
 * histories recorded before it re-arm it after every input, and replay so.
 */
export const STEADY_WAKE_UP_PATCH = 'wegwijs-2026-12-steady-wake-up';
/**
 * From this patch on the events are recorded by a local activity: it runs on this worker inside
 * the workflow task that derived them, so a start or a milestone is answered after one workflow
 * task, not after an activity task's round trip through the task queue and a second workflow task.
 * Histories recorded before it schedule `recordTrajectoryEvents` as an ordinary activity, and replay so.
 */
export const LOCAL_EVENT_RECORDING_PATCH = 'wegwijs-2026-12-local-event-recording';

/**
 * From this patch on a repeating timer (`repeat: { every, times }`, a human task's reminders) fires
 * `times` times in all; runs recorded before it fired it once more, and replay so (record.ts).
 */
export const EXACT_REPEAT_COUNT_PATCH = 'wegwijs-2026-12-exact-repeat-count';

/**
 * From this patch on the run loop makes fewer promises per pass: it upserts the search attributes
 * itself right before it sleeps (or ends, or continues as new), instead of a coroutine of the
 * publisher's own that waited on a condition for every publication (ONE_UPSERT_PER_ACTIVATION_PATCH),
 * and it awaits recording events and superseding performances only when there are some. Every
 * promise workflow code makes costs the SDK's stack capture (its promise hook); on Haarlem's work
 * route these passes were a good part of what the business-time interpreter cost more than the
 * legacy one (workflows/bench/README.md). Histories recorded before it replay the old way.
 */
export const LEAN_RUN_LOOP_PATCH = 'wegwijs-2026-12-lean-run-loop';

const engine = proxyActivities<EngineActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});

/**
 * The event store's append, as a local activity. Its retries run on this worker (after a minute's
 * backoff, through a timer); it is idempotent, so running it again after a failed workflow task
 * records nothing twice. Its input never enters the history (only its marker does).
 */
const localEngine = proxyLocalActivities<Pick<EngineActivities, 'recordTrajectoryEvents'>>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});

export async function trajectoryWorkflow(input: StartTrajectoryInput): Promise<TrajectoryState> {
  if (!patched(BUSINESS_TIME_PATCH)) return (await legacyTrajectoryWorkflow(input as never)) as unknown as TrajectoryState;
  return new TrajectoryRun(input).execute();
}

export class TrajectoryRun {
  readonly definition: CompiledDefinition;
  readonly record: TrajectoryRecord;
  readonly recordedEvents: Set<string>;
  readonly stalls = new TechnicalStalls();
  readonly effects = new EffectRunner(this);
  /** Idempotency keys start with this: the trajectory id, or the caller's prefix for a called trajectory. */
  readonly keyPrefix: string;
  status: TrajectoryStatus = 'running';
  endedAt: string | null = null;
  /** A newer version to move to at the next quiet moment (migrateDefinition). */
  pendingMigration: CompiledDefinition | undefined;
  /** What was told last: what supersedes the performances it makes unneeded. */
  lastInput = 'start';
  /** The start event is in the event store (a start's Update answers from then on). */
  startRecorded = false;
  private revision = 0;
  private derived: { revision: number; today: string; derivation: Derivation; performances: number } | undefined;
  /** Goes on from the last derivation when the record only grew by timely input (../engine/incremental.ts). */
  private readonly deriver: IncrementalDeriver;
  /** The revision the run loop has finished (events recorded, effects started) for. */
  private handledRevision = -1;
  private readonly attributes = new SearchAttributePublisher();
  /** LEAN_RUN_LOOP_PATCH: fewer promises per pass of the run loop, search attributes upserted before it sleeps. */
  private lean = false;
  private readonly wakeUp = new WakeUpTimer();
  /** The derivation whose events are in the event store: what the state shows, so it never runs ahead of the history. */
  private shown: Derivation | undefined;

  constructor(readonly input: StartTrajectoryInput) {
    this.keyPrefix = input.calledFrom?.eventKeyPrefix ?? input.trajectoryId;
    const continued = input.continued;
    if (continued) {
      this.definition = input.definition;
      this.record = continued.record;
      this.recordedEvents = new Set(continued.recordedEvents);
      this.startRecorded = true;
    } else if (input.resume) {
      this.definition = input.definition;
      const converted = recordFromLegacySnapshot(input, input.resume);
      this.record = converted.record;
      this.recordedEvents = new Set(converted.recordedEvents);
      this.startRecorded = true;
    } else {
      this.definition = input.definition;
      this.record = newRecord({ startedAt: workflowNowIso(), facts: input.facts, ...(input.startOn ? { startOn: input.startOn } : {}) });
      this.record.milestones.push(...historyMilestones(input, this.record));
      this.recordedEvents = new Set();
    }
    // Asked once, in the run's first activation: a run recorded before the fix replays with the
    // count of reminders it was recorded with, and its trajectory keeps that count.
    if (!this.record.repeatsOnceMore && !patched(EXACT_REPEAT_COUNT_PATCH)) Object.assign(this.record, { repeatsOnceMore: true });
    this.deriver = new IncrementalDeriver(this.definition);
  }

  today(): string {
    return calendarDateInAmsterdam(workflowNow());
  }

  /** The record or the world changed: derive again. */
  changed(): void {
    this.revision++;
  }

  derivation(): Derivation {
    const today = this.today();
    if (!this.derived || this.derived.revision !== this.revision || this.derived.today !== today) {
      this.derived = { revision: this.revision, today, derivation: this.deriver.derive(this.record, today), performances: this.record.performances.length };
    }
    return this.derived.derivation;
  }

  /** Quiet: everything told is handled, no side effect under way (called trajectories aside). */
  settled(): boolean {
    return this.handledRevision === this.revision && !this.effects.busy;
  }

  async execute(): Promise<TrajectoryState> {
    registerInbox(this);
    if (patched(LEAN_RUN_LOOP_PATCH)) {
      this.lean = true;
      this.attributes.holdUntilFlushed();
    } else if (patched(ONE_UPSERT_PER_ACTIVATION_PATCH)) this.attributes.batchPerActivation();
    try {
      return await this.runLoop();
    } catch (error) {
      if (!isCancellation(error)) throw error;
      // Cancelled through Temporal (a calling trajectory withdrew its call, or an operator): the
      // definition's cancellation path still runs, and the trajectory ends as cancelled.
      this.record.cancellation ??= {
        reason: this.input.calledFrom ? 'cancelled by the calling trajectory' : 'cancelled in Temporal',
        actor: SYSTEM_ACTOR,
        occurredOn: this.today(),
        recordedAt: workflowNowIso(),
      };
      this.lastInput = 'cancellation';
      this.changed();
      return CancellationScope.nonCancellable(() => this.runLoop());
    }
  }

  private async runLoop(): Promise<TrajectoryState> {
    for (;;) {
      const seen = this.revision;
      const derivation = this.derivation();
      if (this.lean) {
        const fresh = this.freshEvents(derivation);
        if (fresh.length > 0) await this.appendEvents(fresh);
        this.startRecorded = true;
      } else await this.recordEvents(derivation);
      this.shown = derivation;
      // A performance that settled meanwhile is not in this derivation: derive again first.
      if (seen !== this.revision) continue;
      if (this.lean) {
        const unneeded = this.unneededPerformances(derivation);
        if (unneeded.length > 0) {
          await this.supersedeEffects(unneeded);
          this.changed();
        }
      } else await this.supersede(derivation);
      this.startEffects(derivation);
      this.publishAttributes(derivation);
      if (seen !== this.revision) continue;
      this.handledRevision = seen;
      const ended = derivation.ended;
      if (ended && derivation.today >= ended.closesOn && this.effects.inFlight.size === 0 && derivation.wanted.length === 0) return this.end(ended.kind);
      if (readyToContinue(this)) return this.continueAsNew(derivation);
      const wakeAt = derivation.nextDue ? startOfDayInAmsterdam(derivation.nextDue) : null;
      const woken = () => this.revision !== seen || readyToContinue(this);
      if (this.lean) this.attributes.flush();
      if (patched(STEADY_WAKE_UP_PATCH)) await this.wakeUp.sleepUntil(wakeAt, woken);
      else if (wakeAt === null) await condition(woken);
      else await condition(woken, Math.max(1, wakeAt - workflowNow()));
    }
  }

  state(): TrajectoryState {
    const derivation = this.status === 'running' ? (this.shown ?? this.derivation()) : this.derivation();
    const view = derivedStateView(this.definition, this.record, derivation);
    const calls = [...this.effects.calls.values()].map((call) => ({ nodeId: call.nodeId, calledWorkflowId: call.workflowId, calledDefinition: call.definition, since: call.since }));
    const cancellation = this.record.cancellation;
    return {
      ...view,
      trajectoryId: this.input.trajectoryId,
      municipality: this.input.municipality,
      definition: { key: this.definition.key, version: this.definition.version, contentHash: this.definition.contentHash },
      status: this.status,
      startedAt: this.record.startedAt,
      endedAt: this.endedAt,
      waitingOn: [...view.waitingOn, ...calls],
      technicalStalls: this.stalls.views(),
      cancellation: cancellation ? { reason: cancellation.reason, actor: cancellation.actor, occurredOn: cancellation.occurredOn } : null,
    };
  }

  /** The idempotency key an effect's activity runs with (the same across its retries). */
  activityKey(effect: Pick<WantedEffect, 'key' | 'generation'>): string {
    const [kind, rest] = [effect.key.slice(0, effect.key.indexOf(':')), effect.key.slice(effect.key.indexOf(':') + 1)];
    const base = kind === 'task' ? rest : kind === 'clock' ? `clock#${rest}` : kind === 'cancel' ? `cancellation#${rest}` : `${kind}#${rest}`;
    return `${this.keyPrefix}#${base}${effect.generation > 1 ? `~${effect.generation}` : ''}`;
  }

  async appendEvents(events: readonly EventToRecord[]): Promise<void> {
    if (events.length === 0) return;
    const record = patched(LOCAL_EVENT_RECORDING_PATCH) ? localEngine.recordTrajectoryEvents : engine.recordTrajectoryEvents;
    await this.stalls.watch('recordTrajectoryEvents', null, record({ trajectoryId: this.input.trajectoryId, events }), () => this.changed());
    for (const event of events) this.recordedEvents.add(event.idempotencyKey);
  }

  /** Before LEAN_RUN_LOOP_PATCH: an `async` step of its own in every pass, events or not. */
  private async recordEvents(derivation: Derivation): Promise<void> {
    await this.appendEvents(this.freshEvents(derivation));
    this.startRecorded = true;
  }

  /** The derivation's events not yet in the event store, and withdrawals of recorded ones it no longer gives. */
  private freshEvents(derivation: Derivation): EventToRecord[] {
    const events = engineEvents(this, derivation, workflowNowIso(), this.recordedEvents);
    return [...events.fresh, ...withdrawals(this.recordedEvents, events.keys, this.lastInput, `${this.keyPrefix}#`)];
  }

  /** Before LEAN_RUN_LOOP_PATCH: an `async` step of its own in every pass, performances to supersede or not. */
  private async supersede(derivation: Derivation): Promise<void> {
    const unneeded = this.unneededPerformances(derivation);
    if (unneeded.length === 0) return;
    await this.supersedeEffects(unneeded);
    this.changed();
  }

  /** The performances the derivation no longer rests on. */
  private unneededPerformances(derivation: Derivation): Performance[] {
    const considered = this.record.performances.slice(0, this.derived?.derivation === derivation ? this.derived.performances : 0);
    return considered.filter((performance) => !performance.superseded && !derivation.used.has(performance));
  }

  /**
   * Marks performances superseded, and closes the tasks they opened (the activity, not awaited:
   * the caller awaits it, then calls `changed()`, so the old way's passes keep their microtask ticks).
   */
  private supersedeEffects(unneeded: readonly Performance[]): Promise<void> {
    const at = workflowNowIso();
    for (const performance of unneeded) performance.superseded = { at, by: this.lastInput };
    return engine.supersedeEffects({ trajectoryId: this.input.trajectoryId, activityKeys: unneeded.map((performance) => this.activityKey({ key: performance.effect, generation: performance.generation })), reason: `no longer needed after ${this.lastInput}` });
  }

  private startEffects(derivation: Derivation): void {
    // A withdrawn call closes first (its own cancellation path runs); what follows waits for it.
    if (this.effects.cancelUnwantedCalls(new Set(derivation.wanted.map((effect) => effect.key)))) return;
    for (const effect of derivation.wanted) this.effects.start(effect);
  }

  private publishAttributes(derivation: Derivation): void {
    this.attributes.publish(
      searchAttributesOf({
        definition: this.definition,
        derivation,
        status: this.status,
        // The phase alone: the whole state view (schedule, expected milestones) is built only when asked for.
        phase: phaseOf(this.definition, derivation),
        stalls: this.stalls.views(),
        failingActivities: this.stalls.failingActivities(),
        ...(this.input.continued?.migratedFrom ? { migratedToVersion: this.definition.version } : {}),
      }),
    );
  }

  private async end(kind: 'completed' | 'terminated' | 'cancelled'): Promise<TrajectoryState> {
    this.status = kind;
    this.endedAt = workflowNowIso();
    const derivation = this.derivation();
    this.publishAttributes(derivation);
    this.attributes.flush();
    if (!this.input.calledFrom) {
      const cancellation = this.record.cancellation;
      const on = derivation.ended?.on ?? derivation.today;
      const businessTime = new Date(startOfDayInAmsterdam(on)).toISOString();
      await this.appendEvents([
        kind === 'cancelled' && cancellation
          ? { type: 'trajectory.cancelled', schemaVersion: 1, payload: { reason: cancellation.reason }, actor: cancellation.actor, businessTime, idempotencyKey: `${this.keyPrefix}#cancelled` }
          : { type: `trajectory.${kind}`, schemaVersion: 1, payload: {}, actor: SYSTEM_ACTOR, businessTime, idempotencyKey: `${this.keyPrefix}#${kind}` },
      ]);
    }
    // Updates waiting for the end (a cancellation) answer before the run closes.
    await condition(allHandlersFinished);
    return this.state();
  }

  private async continueAsNew(derivation: Derivation): Promise<never> {
    // Updates in flight finish first; then the trajectory goes on in a fresh history.
    await condition(allHandlersFinished);
    this.attributes.flush();
    const next = this.pendingMigration;
    const record = next ? { ...this.record, resumeFrom: resumePointOf(this, derivation) } : this.record;
    const migratedFrom = next ? { version: this.definition.version, contentHash: this.definition.contentHash } : this.input.continued?.migratedFrom;
    return continueAsNew<typeof trajectoryWorkflow>({
      ...this.input,
      definition: next ?? this.definition,
      history: undefined,
      resume: undefined,
      continued: { record, recordedEvents: [...this.recordedEvents], run: (this.input.continued?.run ?? 0) + 1, ...(migratedFrom ? { migratedFrom } : {}) },
    });
  }

  /** History length as Temporal sees it, for continue-as-new. */
  historyIsLong(): boolean {
    const info = workflowInfo();
    return this.input.continueAsNewAfterEvents !== undefined ? info.historyLength >= this.input.continueAsNewAfterEvents : info.continueAsNewSuggested;
  }
}

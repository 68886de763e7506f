/**
 * For the engine's own tests: a trajectory driven the way the workflow drives it — derive, perform
 * what is due (with answers the test gives), supersede what is no longer needed, again until
 * quiet — without Temporal, so business-time behaviour can be checked in milliseconds and over
 * thousands of generated histories.
 *
 *   const trajectory = new PureTrajectory(haarlemV5, '2021-09-01T09:00:00.000Z', facts);
 *   trajectory.report('coa.warmHandoverDone', '2019-09-03', '2021-09-01T09:05:00.000Z');
 */
import { calendarDateInAmsterdam, startOfDayInAmsterdam } from '@wegwijs/calendar';
import type { CompiledDefinition, Facts, FactValue } from '@wegwijs/definitions/runtime';
import type { EventActor } from '@wegwijs/domain';
import { derive, type Derivation } from './derive';
import type { WantedEffect } from './effects';
import { placeMilestone } from './placement';
import { newRecord, type TrajectoryRecord } from './record';
import type { Refusal } from './refusals';

export type Answer = (effect: WantedEffect) => Record<string, unknown> | { fail: string };

/** How the trajectory derives itself as it runs (derive() unless a test says otherwise). */
export type Deriving = (definition: CompiledDefinition, record: TrajectoryRecord, today: string) => Derivation;

export const KLANTMANAGER: EventActor = { role: 'klantmanager', id: 'km-0007' };

/** What the Haarlem activity doubles answer: a complete TVS profile, an accept-by date 14 days on. */
export const haarlemAnswers: Answer = (effect) => {
  if (effect.activity === 'fetchTvsProfile') return { complete: true };
  if (effect.activity === 'requestWarmHandoverToWijkteam') return { acceptBy: new Date(Date.parse(effect.on) + 14 * 86_400_000).toISOString().slice(0, 10) };
  return {};
};

export class PureTrajectory {
  readonly record: TrajectoryRecord;
  /** Every effect performed, in order, with the instant it was performed. */
  readonly performed: Array<{ effect: WantedEffect; at: string }> = [];
  private lastInput = 'start';

  constructor(
    readonly definition: CompiledDefinition,
    startedAt: string,
    facts: Facts,
    history: ReadonlyArray<{ milestone: string; occurredOn: string; payload?: Record<string, FactValue> }> = [],
    private readonly answer: Answer = haarlemAnswers,
    private readonly deriving: Deriving = derive,
  ) {
    this.record = newRecord({ startedAt, facts });
    for (const [index, row] of history.entries()) {
      this.record.milestones.push({ seq: this.record.nextSeq++, milestoneId: `history-${index + 1}`, ...row, recordedAt: startedAt, actor: KLANTMANAGER, fromHistory: true });
    }
    this.settle(startedAt);
  }

  /** Performs what is due at `at` until nothing is; returns the quiet derivation. */
  settle(at: string): Derivation {
    this.now = at;
    const today = calendarDateInAmsterdam(Date.parse(at));
    for (let round = 0; round < 500; round++) {
      const derivation = this.deriving(this.definition, this.record, today);
      const unneeded = this.record.performances.filter((performance) => !performance.superseded && !derivation.used.has(performance));
      for (const performance of unneeded) performance.superseded = { at, by: this.lastInput };
      if (unneeded.length > 0) continue;
      if (derivation.wanted.length === 0) return derivation;
      for (const effect of derivation.wanted) {
        const answer = this.answer(effect);
        this.performed.push({ effect, at });
        this.record.performances.push({
          effect: effect.key,
          generation: effect.generation,
          on: effect.on,
          input: effect.inputJson,
          outcome: 'fail' in answer ? { kind: 'failed', errorType: String(answer.fail), attempts: 1 } : { kind: 'completed', result: answer },
          startedAt: at,
          settledAt: at,
          ...(effect.cause ? { cause: effect.cause } : {}),
        });
      }
    }
    throw new Error('the trajectory never became quiet');
  }

  /** Lets time pass until `until` as the workflow does: it wakes at the start of every day something falls due. */
  advance(until: string): Derivation {
    for (;;) {
      const derivation = this.settle(this.now ?? until);
      const next = derivation.nextDue ? new Date(startOfDayInAmsterdam(derivation.nextDue)).toISOString() : null;
      if (!next || next > until) return this.settle(until);
      this.now = next;
    }
  }

  private now: string | undefined;

  /** Reports a milestone at instant `at`, as the workflow's Update does; the refusal, if refused. */
  report(milestone: string, occurredOn: string, at: string, payload?: Record<string, FactValue>, actor: EventActor = KLANTMANAGER, milestoneId = `${milestone}@${occurredOn}#${this.record.nextSeq}`): Refusal | undefined {
    const today = calendarDateInAmsterdam(Date.parse(at));
    this.advance(at);
    const placed = placeMilestone(this.definition, this.record, today, { milestone, milestoneId, occurredOn, actor, ...(payload ? { payload } : {}) });
    if ('refusal' in placed) return placed.refusal;
    this.record.milestones.push({ seq: this.record.nextSeq++, milestoneId, milestone, occurredOn, recordedAt: at, actor, ...(payload ? { payload } : {}) });
    this.lastInput = `milestone:${milestoneId}`;
    this.settle(at);
    return undefined;
  }

  correct(facts: Record<string, FactValue>, at: string): void {
    this.advance(at);
    this.record.corrections.push({ seq: this.record.nextSeq++, facts, reason: 'test', actor: KLANTMANAGER, recordedAt: at, changes: {}, moved: [] });
    this.lastInput = 'correction';
    this.settle(at);
  }

  cancel(occurredOn: string, at: string): void {
    this.advance(at);
    this.record.cancellation = { reason: 'verhuisd', actor: KLANTMANAGER, occurredOn, recordedAt: at };
    this.lastInput = 'cancellation';
    this.settle(at);
  }

  derive(at: string): Derivation {
    return derive(this.definition, this.record, calendarDateInAmsterdam(Date.parse(at)));
  }

  /** The effects performed for an activity, each with the business date it was for. */
  performedOf(activity: string): Array<{ on: string; key: string; generation: number }> {
    return this.performed.filter(({ effect }) => effect.activity === activity).map(({ effect }) => ({ on: effect.on, key: effect.key, generation: effect.generation }));
  }
}

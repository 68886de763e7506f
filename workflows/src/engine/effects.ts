/**
 * Which side effects a derivation needs, and which performances it can use. A step's effect is
 * identified by its key (`task:<node>#<visit>`, `clock:<clock>#warning#P6M`, …); a performance
 * serves the derivation only while it was asked the same input for the same business date and has
 * not been superseded. Anything else is wanted anew, as the next generation of that key.
 *
 *   const book = new EffectBook(record);
 *   const use = book.lookup('task:fetchTvsProfile#1', canonicalInput(input), '2019-08-31');
 */
import { laterDate, calendarDateInAmsterdam } from '@wegwijs/calendar';
import type { FactValue, RetryProfileName } from '@wegwijs/definitions/runtime';
import { incidentIdOf, type Performance, type Repair, type TrajectoryRecord } from './record';

/** A side effect whose moment has come and that no usable performance covers. */
export interface WantedEffect {
  readonly key: string;
  readonly generation: number;
  readonly kind: 'activity' | 'call';
  /** The activity to run, or the called definition (`key@version`). */
  readonly activity: string;
  readonly input: Readonly<Record<string, FactValue>>;
  readonly inputJson: string;
  /** The business date it is for. */
  readonly on: string;
  /** Epoch ms from which it could have been known to be due then. */
  readonly knownSince: number;
  readonly nodeId: string;
  readonly timeout: string;
  readonly retry: RetryProfileName;
  /** The moment (a timer, a reminder) that led to it, if any. */
  readonly cause?: string;
}

export type Lookup =
  | { readonly use: 'result'; readonly result: Readonly<Record<string, unknown>> | null; readonly completedOn: string; readonly performance: Performance }
  | { readonly use: 'incident'; readonly performance: Performance }
  | { readonly use: 'want'; readonly generation: number };

/**
 * How a planning derivation (a dry run, "what would move") treats effects it cannot know the
 * outcome of: `previous` assumes an effect asked again with other input gives what it gave before;
 * `all` also assumes one never performed completes with an empty result. The workflow's own
 * derivations assume nothing.
 */
export type Speculation = 'none' | 'previous' | 'all';

export class EffectBook {
  private readonly byKey = new Map<string, Performance[]>();
  private readonly repairs = new Map<string, Repair>();
  readonly used = new Set<Performance>();
  /** A dry run: activities never performed count as completed with a result nobody knows yet. */
  readonly assumesUnknownResults: boolean;
  /** Dry runs: the effects assumed performed, by key, with their day — what a real start would run at once. */
  readonly assumedPerformed = new Map<string, string>();

  constructor(
    record: TrajectoryRecord,
    private readonly speculation: Speculation = 'none',
  ) {
    this.assumesUnknownResults = speculation === 'all';
    for (const performance of record.performances) this.admit(performance);
    // The latest repair of an incident counts.
    for (const repair of record.repairs) this.repairs.set(repair.incidentId, repair);
  }

  /** A performance that settled after the book was made (a continued derivation, incremental.ts). */
  admit(performance: Performance): void {
    const list = this.byKey.get(performance.effect) ?? [];
    list.push(performance);
    if (list.length > 1 && list[list.length - 2].generation > performance.generation) list.sort((a, b) => a.generation - b.generation);
    this.byKey.set(performance.effect, list);
  }

  /** `used` collects the performances the lookup relies on (the book's own set unless told otherwise). */
  lookup(key: string, input: string, on: string, used: Set<Performance> = this.used): Lookup {
    const all = this.byKey.get(key) ?? [];
    const nextGeneration = (all.at(-1)?.generation ?? 0) + 1;
    const live = [...all].reverse().find((performance) => !performance.superseded);
    if (!live || live.input !== input || live.on !== on) {
      if (live && this.speculation !== 'none' && live.outcome.kind === 'completed') return { use: 'result', result: live.outcome.result, completedOn: on, performance: live };
      if (!live && this.speculation === 'all') {
        this.assumedPerformed.set(key, on);
        return { use: 'result', result: {}, completedOn: on, performance: { effect: key, generation: 0, on, input, outcome: { kind: 'completed', result: {} }, startedAt: '1970-01-01T00:00:00.000Z', settledAt: '1970-01-01T00:00:00.000Z' } };
      }
      return { use: 'want', generation: nextGeneration };
    }
    used.add(live);
    if (live.outcome.kind === 'completed') {
      // A performance that came only after an incident was repaired completed when it came.
      const afterIncident = all.some((performance) => performance.generation < live.generation && performance.outcome.kind === 'failed' && this.repairs.get(incidentIdOf(performance))?.action === 'retry');
      const completedOn = afterIncident ? laterDate(on, calendarDateInAmsterdam(Date.parse(live.settledAt))) : on;
      return { use: 'result', result: live.outcome.result, completedOn, performance: live };
    }
    const repair = this.repairs.get(incidentIdOf(live));
    if (repair?.action === 'skip') {
      return { use: 'result', result: repair.result ?? {}, completedOn: laterDate(on, calendarDateInAmsterdam(Date.parse(repair.recordedAt))), performance: live };
    }
    if (repair?.action === 'retry') return { use: 'want', generation: nextGeneration };
    return { use: 'incident', performance: live };
  }

  /**
   * Takes back what a lookup of `key` relied on (an incident retried relies on its failed
   * performance until the retry settles), before the key is looked up again with a performance
   * that settled since (incremental.ts): a derivation looks each key up once.
   */
  forget(key: string): void {
    for (const performance of this.byKey.get(key) ?? []) this.used.delete(performance);
  }

  /** Whether an effect was ever performed under this key (any generation). */
  performed(key: string): boolean {
    return (this.byKey.get(key)?.length ?? 0) > 0;
  }

  repairOf(performance: Performance): Repair | undefined {
    return this.repairs.get(incidentIdOf(performance));
  }
}

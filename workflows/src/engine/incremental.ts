/**
 * Derivation that goes on from where the last one stopped, when it can. The workflow derives its
 * trajectory after every change — an activity's result, a report, a new day — and a derivation
 * from the start simulates the whole record again each time (about 30 times over a trajectory's
 * run). Most changes only add to the end of what was simulated: a result for the step the
 * simulation waits at, a milestone dated after everything simulated so far, a later day. Then the
 * kept simulation takes the new input in the place a derivation from the start would have given
 * it, and runs on to today. Anything else — a back-dated milestone, a correction, a repair, a
 * cancellation, a superseded performance, an earlier day — derives from the start. Either way the
 * result is what `derive()` gives (incremental.property.spec.ts checks it over generated histories).
 *
 *   const deriver = new IncrementalDeriver(definition);
 *   const derivation = deriver.derive(record, today); // same as derive(definition, record, today)
 */
import type { CompiledDefinition, Facts } from '@wegwijs/definitions/runtime';
import { concludeDerivation, runUntil, startDerivation, type Derivation, type RunningDerivation, type TimelineMemo } from './derive';
import type { Performance, RecordedCancellation, RecordedCorrection, RecordedMilestone, Repair, ResumePoint, TrajectoryRecord } from './record';

/** What a kept simulation was derived from, to tell what a record added since. */
interface Basis {
  readonly startedAt: string;
  readonly startOn: string | undefined;
  readonly facts: Facts;
  readonly resumeFrom: ResumePoint | undefined;
  readonly repeatsOnceMore: boolean;
  readonly cancellation: RecordedCancellation | null;
  readonly corrections: readonly RecordedCorrection[];
  readonly repairs: readonly Repair[];
  readonly milestones: readonly RecordedMilestone[];
  readonly performances: readonly Performance[];
  /** Performances marked superseded: one marked since changes what the effect book gives. */
  readonly superseded: number;
}

interface Kept {
  readonly running: RunningDerivation;
  readonly basis: Basis;
  readonly derivation: Derivation;
}

export class IncrementalDeriver {
  private kept: Kept | undefined;
  private readonly timelines: TimelineMemo = new Map();
  /** How the derivations were made: the last one again (nothing new), continued from the kept simulation, or from the start. */
  readonly counts = { again: 0, continued: 0, fromStart: 0 };

  /**
   * A clock-expiry event reads the clocks' whole timelines when the simulation starts, and a
   * repeated step routes reports per instance: neither takes a later input into a kept
   * simulation yet (nor does the property spec cover them), so such definitions derive from the start.
   */
  private readonly continuable: boolean;

  constructor(readonly definition: CompiledDefinition) {
    this.continuable = !Object.values(definition.nodes).some((node) => node.kind === 'clockExpired' || node.kind === 'boundaryClockExpired' || node.kind === 'multiInstance');
  }

  derive(record: TrajectoryRecord, today: string): Derivation {
    const kept = this.continuable ? this.kept : undefined;
    this.kept = undefined;
    if (kept) {
      const continued = this.continueFrom(kept, record, today);
      if (continued) return continued;
    }
    this.counts.fromStart++;
    const running = startDerivation(this.definition, record, today);
    runUntil(running, today);
    return this.keep(running, record, today);
  }

  private continueFrom(kept: Kept, record: TrajectoryRecord, today: string): Derivation | undefined {
    const { basis, running } = kept;
    if (today < running.sim.today || !sameUpToAdditions(basis, record)) return undefined;
    const newPerformances = record.performances.slice(basis.performances.length);
    const newMilestones = record.milestones.slice(basis.milestones.length);
    if (newPerformances.length === 0 && newMilestones.length === 0 && today === running.sim.today) {
      this.kept = { ...kept, basis: basisOf(record) };
      this.counts.again++;
      return kept.derivation;
    }
    // The kept simulation is changed from here on: when it cannot take an input, it is dropped.
    for (const performance of newPerformances) running.effects.admit(performance);
    for (const performance of newPerformances) {
      // Clock notices and cancellation steps are looked up when the derivation concludes, not in the simulation.
      const concludedOnly = performance.effect.startsWith('clock:') || performance.effect.startsWith('cancel:');
      if (!concludedOnly && !running.sim.settle(performance)) return undefined;
    }
    for (const milestone of newMilestones) if (!running.sim.listeners.admit(milestone)) return undefined;
    runUntil(running, today);
    this.counts.continued++;
    return this.keep(running, record, today);
  }

  private keep(running: RunningDerivation, record: TrajectoryRecord, today: string): Derivation {
    const derivation = concludeDerivation(running, record, today, { detached: true, timelines: this.timelines });
    this.kept = { running, basis: basisOf(record), derivation };
    return derivation;
  }
}

function basisOf(record: TrajectoryRecord): Basis {
  return {
    startedAt: record.startedAt,
    startOn: record.startOn,
    facts: record.facts,
    resumeFrom: record.resumeFrom,
    repeatsOnceMore: record.repeatsOnceMore === true,
    cancellation: record.cancellation,
    corrections: [...record.corrections],
    repairs: [...record.repairs],
    milestones: [...record.milestones],
    performances: [...record.performances],
    superseded: supersededCount(record.performances),
  };
}

/** True when `record` is the basis with milestones and performances added at the end, and nothing else changed. */
function sameUpToAdditions(basis: Basis, record: TrajectoryRecord): boolean {
  return (
    record.startedAt === basis.startedAt &&
    record.startOn === basis.startOn &&
    record.facts === basis.facts &&
    record.resumeFrom === basis.resumeFrom &&
    (record.repeatsOnceMore === true) === basis.repeatsOnceMore &&
    record.cancellation === basis.cancellation &&
    sameEntries(record.corrections, basis.corrections, true) &&
    sameEntries(record.repairs, basis.repairs, true) &&
    sameEntries(record.milestones, basis.milestones, false) &&
    sameEntries(record.performances, basis.performances, false) &&
    supersededCount(record.performances) === basis.superseded
  );
}

function sameEntries<T>(now: readonly T[], before: readonly T[], exactly: boolean): boolean {
  if (now.length < before.length || (exactly && now.length !== before.length)) return false;
  return before.every((entry, index) => now[index] === entry);
}

function supersededCount(performances: readonly Performance[]): number {
  let count = 0;
  for (const performance of performances) if (performance.superseded) count++;
  return count;
}

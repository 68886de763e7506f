/**
 * The trajectory's record: everything that was told to it, each with its business date and the
 * instant it was recorded. It is the only state a trajectory keeps; position, clocks, schedule and
 * the side effects due are derived from it (derive.ts) by pure code, so the same record always
 * gives the same trajectory, however late or in whatever order its parts arrived. It travels whole
 * through continue-as-new.
 *
 *   const record = newRecord({ startedAt: '2021-09-01T08:00:00.000Z', facts: { housingDate: '2019-08-31' } });
 */
import type { Facts, FactValue } from '@wegwijs/definitions/runtime';
import type { EventActor } from '@wegwijs/domain';

/** A milestone as accepted: what, on which business date, told when and by whom. The step that takes it follows from its date. */
export interface RecordedMilestone {
  /** Recording order, 1, 2, 3…: breaks ties between milestones of one business date. */
  readonly seq: number;
  readonly milestoneId: string;
  readonly milestone: string;
  /** YYYY-MM-DD in Europe/Amsterdam. */
  readonly occurredOn: string;
  /** ISO instant it reached Wegwijs. */
  readonly recordedAt: string;
  readonly actor: EventActor;
  readonly payload?: Readonly<Record<string, FactValue>>;
  /** A row of a start history (a case brought in mid-term), not a report. */
  readonly fromHistory?: true;
}

/** A correction of facts that were recorded wrongly: they are taken as if they had always been so. */
export interface RecordedCorrection {
  readonly seq: number;
  readonly facts: Readonly<Record<string, FactValue>>;
  /** What the facts were before, and which dated moments moved because of it. */
  readonly changes: Readonly<Record<string, { readonly from: FactValue | null; readonly to: FactValue }>>;
  readonly moved: ReadonlyArray<{ readonly what: string; readonly from: string | null; readonly to: string | null }>;
  readonly reason: string;
  readonly actor: EventActor;
  readonly recordedAt: string;
}

export type PerformanceOutcome =
  | { readonly kind: 'completed'; readonly result: Readonly<Record<string, unknown>> | null }
  | { readonly kind: 'failed'; readonly errorType: string; readonly attempts: number };

/**
 * One performance of a side effect (an activity, a clock's notice, a called trajectory). Its key
 * says which step and visit it was for; its input and business date say what was asked. A
 * performance the derivation no longer needs is superseded: it stays, marked, never reused.
 */
export interface Performance {
  readonly effect: string;
  readonly generation: number;
  readonly on: string;
  /** Canonical JSON of the input it was performed with. */
  readonly input: string;
  readonly outcome: PerformanceOutcome;
  readonly startedAt: string;
  readonly settledAt: string;
  /** The moment (timer, reminder) that led to it, for the schedule. */
  readonly cause?: string;
  superseded?: { readonly at: string; readonly by: string };
}

/** A supervisor's repair of an incident (a failed performance): run it again, or go on as if it gave `result`. */
export interface Repair {
  readonly seq: number;
  readonly incidentId: string;
  readonly action: 'retry' | 'skip';
  readonly result?: Readonly<Record<string, FactValue>>;
  readonly reason: string;
  readonly actor: EventActor;
  readonly recordedAt: string;
}

export interface RecordedCancellation {
  readonly reason: string;
  readonly actor: EventActor;
  /** The business date the trajectory ended (e.g. the day the person moved). */
  readonly occurredOn: string;
  readonly recordedAt: string;
}

/**
 * Where a trajectory continues from when its past cannot be derived again: after a move to another
 * version of its definition, or when it began on the interpreter before business time. Tokens
 * stand where they stood; facts are as they were.
 */
export interface ResumePoint {
  readonly on: string;
  readonly at: string;
  readonly facts: Facts;
  readonly tokens: ReadonlyArray<{ readonly nodeId: string; readonly since: string }>;
  readonly visits: Readonly<Record<string, number>>;
  readonly joinArrivals: Readonly<Record<string, number>>;
  /** Milestones up to this seq were applied before the resume point. */
  readonly milestonesBefore: number;
}

export interface TrajectoryRecord {
  readonly startedAt: string;
  /** The business date it begins on when its caller decides it (a called trajectory starts where the call was made). */
  readonly startOn?: string;
  readonly facts: Facts;
  readonly corrections: RecordedCorrection[];
  readonly milestones: RecordedMilestone[];
  readonly performances: Performance[];
  readonly repairs: Repair[];
  cancellation: RecordedCancellation | null;
  readonly resumeFrom?: ResumePoint;
  /**
   * Trajectories begun before the fix fire a repeating timer `times` + 1 times (a reminder
   * `{ every: P1W, times: 2 }` went out three times) and keep doing so, so that their histories
   * replay; every trajectory begun since fires it exactly `times` times, as the language says.
   */
  readonly repeatsOnceMore?: true;
  /** The next seq to hand out (milestones, corrections and repairs share one order). */
  nextSeq: number;
}

export function newRecord(start: { startedAt: string; facts: Facts; startOn?: string; resumeFrom?: ResumePoint }): TrajectoryRecord {
  return {
    startedAt: start.startedAt,
    ...(start.startOn ? { startOn: start.startOn } : {}),
    facts: { ...start.facts },
    corrections: [],
    milestones: [],
    performances: [],
    repairs: [],
    cancellation: null,
    ...(start.resumeFrom ? { resumeFrom: start.resumeFrom } : {}),
    nextSeq: 1,
  };
}

/** The facts as given at start with every correction applied: what they are taken to have been all along. */
export function correctedFacts(record: TrajectoryRecord): Record<string, FactValue> {
  const facts: Record<string, FactValue> = { ...(record.resumeFrom?.facts ?? record.facts) };
  for (const correction of record.corrections) Object.assign(facts, correction.facts);
  return facts;
}

/** When each fact became known as it now is (epoch ms): the start, or the correction that last set it. */
export function factsKnownSince(record: TrajectoryRecord): Map<string, number> {
  const known = new Map<string, number>();
  const started = Date.parse(record.resumeFrom?.at ?? record.startedAt);
  for (const name of Object.keys(record.resumeFrom?.facts ?? record.facts)) known.set(name, started);
  for (const correction of record.corrections) {
    for (const name of Object.keys(correction.facts)) known.set(name, Date.parse(correction.recordedAt));
  }
  return known;
}

/**
 * The id supervisors repair an incident by: the performance that failed, in characters a URL
 * takes as they are — `fetchTvsProfile.1.1` is visit 1 of node fetchTvsProfile, first attempt.
 */
export function incidentIdOf(performance: Pick<Performance, 'effect' | 'generation'>): string {
  return `${performance.effect.replace(/^task:/, '').replace(/[:#]/g, '.')}.${performance.generation}`;
}

/** Canonical JSON (sorted keys), so the same input always compares equal. */
export function canonicalInput(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalInput).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, entry]) => entry !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalInput(entry)}`).join(',')}}`;
}

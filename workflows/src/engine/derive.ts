/**
 * The business-time interpreter: a pure function from a definition, the trajectory's record and
 * today's date (Europe/Amsterdam) to where the trajectory stands — tokens, open steps, legal
 * clocks, the moments of its schedule — and which side effects are due. It replays the record in
 * business-date order every time, so a milestone entered late gives exactly what it would have
 * given on time; the wall clock decides only how far (up to which day) the replay runs.
 *
 *   const derivation = derive(definition, record, '2021-09-01');
 *   derivation.wanted;   // side effects due and not yet performed, e.g. task:fetchTvsProfile#1
 *   derivation.nextDue;  // the next day something falls due, or null
 */
import { addToDate, addDays, calendarDateInAmsterdam } from '@wegwijs/calendar';
import { evaluateDate, type CompiledDefinition, type CompiledLegalClock, type Facts } from '@wegwijs/definitions/runtime';
import { Rank } from './agenda';
import { clockMilestoneNames, clockStatusOn, clockTimeline, type ClockTimeline } from './clocks';
import { EffectBook, type Speculation, type WantedEffect } from './effects';
import type { Listener } from './listeners';
import { nodeHandlerFor } from './nodes';
import { canonicalInput, correctedFacts, factsKnownSince, type Performance, type RecordedMilestone, type TrajectoryRecord } from './record';
import { Simulation, type BlockingIncident, type DefinitionProblem, type Moment, type Token } from './simulation';

export interface DerivedClock {
  readonly clock: CompiledLegalClock;
  readonly timeline: ClockTimeline;
  readonly status: 'running' | 'suspended' | 'stopped' | 'expired';
}

export interface Ending {
  readonly kind: 'completed' | 'terminated' | 'cancelled';
  /** The business date it ended. */
  readonly on: string;
  /** From this day on it takes no late input and closes (completed: `on` + the correction period). */
  readonly closesOn: string;
}

export interface Derivation {
  readonly today: string;
  readonly startOn: string;
  readonly facts: Facts;
  readonly tokens: readonly Token[];
  readonly listeners: readonly Listener[];
  /** Milestone id → the step that took it and the business date it took effect. */
  readonly taken: ReadonlyMap<string, { readonly listener: Listener; readonly on: string }>;
  readonly clocks: readonly DerivedClock[];
  readonly moments: readonly Moment[];
  readonly wanted: readonly WantedEffect[];
  /** The performances this derivation rests on; the others are superseded. */
  readonly used: ReadonlySet<Performance>;
  readonly incidents: readonly BlockingIncident[];
  readonly problems: readonly DefinitionProblem[];
  readonly visitedNodes: readonly string[];
  readonly takenFlows: readonly string[];
  /** Dry runs only: the paths taken on results nobody knows before the activities run. */
  readonly assumptions: readonly string[];
  /** Dry runs only: effect key → day of each side effect assumed performed. */
  readonly assumedPerformed: ReadonlyMap<string, string>;
  readonly ended: Ending | null;
  /** The first day after today on which the derivation would change by itself, or null. */
  readonly nextDue: string | null;
  readonly visits: Readonly<Record<string, number>>;
  readonly joinArrivals: Readonly<Record<string, number>>;
}

export interface DeriveOptions {
  /** For planning (dry runs, what a correction would move); see `Speculation`. */
  readonly speculation?: Speculation;
}

export function derive(definition: CompiledDefinition, record: TrajectoryRecord, today: string, options: DeriveOptions = {}): Derivation {
  const running = startDerivation(definition, record, today, options);
  runUntil(running, today);
  return concludeDerivation(running, record, today);
}

/**
 * A derivation under way: the simulation of the record in business time, run up to some day.
 * derive() runs one to today and concludes it; incremental.ts keeps one to run it further.
 */
export interface RunningDerivation {
  readonly definition: CompiledDefinition;
  readonly sim: Simulation;
  readonly effects: EffectBook;
  readonly facts: Facts;
  readonly startOn: string;
  /** Problems found before the simulation ran (the start date). */
  readonly startProblems: readonly DefinitionProblem[];
  /** The day the record's cancellation took effect, once the simulation has come to it. */
  cancelledOn: string | null;
}

export function startDerivation(definition: CompiledDefinition, record: TrajectoryRecord, today: string, options: DeriveOptions = {}): RunningDerivation {
  const facts = correctedFacts(record);
  const startProblems: DefinitionProblem[] = [];
  const startOn = startDate(definition, record, facts, startProblems);
  const effects = new EffectBook(record, options.speculation);
  const sim = new Simulation(definition, record, today, effects, facts, startOn, nodeHandlerFor);
  const running: RunningDerivation = { definition, sim, effects, facts, startOn, startProblems, cancelledOn: null };
  sim.clockExpiries = clockExpiriesFor(definition, record, facts, today);

  const resume = record.resumeFrom;
  if (resume) {
    sim.restoreVisits(resume.visits, resume.joinArrivals);
    for (const token of resume.tokens) sim.spawn(sim.root, token.nodeId, token.since, Date.parse(resume.at));
  } else {
    sim.spawn(sim.root, definition.startNodeId, startOn, Date.parse(record.startedAt));
  }
  const cancellation = record.cancellation;
  if (cancellation) {
    sim.agenda.add({
      on: cancellation.occurredOn,
      rank: Rank.completion,
      live: () => true,
      fire: () => {
        running.cancelledOn = cancellation.occurredOn;
        sim.cancelScope(sim.root, cancellation.occurredOn);
      },
    });
  }
  return running;
}

/** Runs the simulation through every day up to `today`, on from where it stands. */
export function runUntil(running: RunningDerivation, today: string): void {
  const { sim } = running;
  sim.today = today;
  for (let item = sim.agenda.takeUntil(today); item; item = sim.agenda.takeUntil(today)) item.fire();
}

export interface Concluding {
  /** Nothing in the result is shared with the simulation, so running it further leaves the result as it was (incremental.ts). */
  readonly detached?: boolean;
  /** Clock timelines of earlier conclusions, reused while what they rest on is the same. */
  readonly timelines?: TimelineMemo;
}

/** A clock's timeline rests on its start, its own milestones and the day the trajectory was cut off, nothing else. */
export type TimelineMemo = Map<string, { readonly start: string; readonly cutAfter: string | null; readonly startKnownSince: number; readonly milestones: readonly RecordedMilestone[]; readonly timeline: ClockTimeline }>;

/** What the simulation gives as of `today`: its state, the legal clocks and what is due. The simulation itself is left as it stands. */
export function concludeDerivation(running: RunningDerivation, record: TrajectoryRecord, today: string, { detached = false, timelines }: Concluding = {}): Derivation {
  const { definition, sim, effects, facts, cancelledOn } = running;
  const problems = [...running.startProblems];
  const cutAfter = sim.terminatedOn ?? cancelledOn;
  const clocks = deriveClocks(definition, record, facts, today, cutAfter, problems, timelines);
  // Effects of the clocks and of the cancellation are this conclusion's own, not the simulation's.
  const extra: Extra = { wanted: [], problems: [], used: new Set() };
  for (const { clock, timeline } of clocks) wantClockNotices(effects, extra, clock, timeline, today);
  const cancellation = record.cancellation;
  const cancellationDone = cancelledOn !== null && wantCancellationSteps(sim, effects, extra, definition, cancelledOn, Date.parse(cancellation!.recordedAt));

  const ended = endingOf(definition, sim, clocks, cancelledOn, cancellationDone, today);
  const used = new Set([...effects.used, ...extra.used]);
  const shared = detached ? detachedState(sim) : { tokens: [...sim.tokens], listeners: sim.listeners.all, taken: sim.listeners.taken, moments: sim.moments };
  return {
    today,
    startOn: running.startOn,
    facts: { ...sim.facts },
    ...shared,
    clocks,
    wanted: [...sim.wanted, ...extra.wanted],
    used,
    incidents: sim.incidents,
    problems: [...problems, ...sim.problems, ...extra.problems],
    visitedNodes: [...sim.visitedNodes],
    takenFlows: [...sim.takenFlows],
    assumptions: [...sim.assumptions],
    assumedPerformed: detached ? new Map(effects.assumedPerformed) : effects.assumedPerformed,
    ended,
    nextDue: nextDueDate(sim, clocks, ended, today),
    visits: sim.visitCounts(),
    joinArrivals: sim.joinCounts(),
  };
}

/** Copies of what a simulation changes as it runs on: tokens, steps listening, moments. */
function detachedState(sim: Simulation): Pick<Derivation, 'tokens' | 'listeners' | 'taken' | 'moments'> {
  const copies = new Map<Listener, Listener>(sim.listeners.all.map((listener) => [listener, { ...listener, taken: [...listener.taken] }]));
  return {
    tokens: [...sim.tokens].map((token) => ({ ...token })),
    listeners: [...copies.values()],
    taken: new Map([...sim.listeners.taken].map(([milestoneId, taken]) => [milestoneId, { listener: copies.get(taken.listener) ?? taken.listener, on: taken.on }])),
    moments: sim.moments.map((moment) => ({ ...moment })),
  };
}

/** Side effects and problems a conclusion finds besides the simulation's (clock notices, the cancellation path). */
interface Extra {
  readonly wanted: WantedEffect[];
  readonly problems: DefinitionProblem[];
  readonly used: Set<Performance>;
}

/** The business date the trajectory begins: `startsOn` on the facts, else the day it was started. */
function startDate(definition: CompiledDefinition, record: TrajectoryRecord, facts: Facts, problems: DefinitionProblem[]): string {
  const recordedOn = record.startOn ?? calendarDateInAmsterdam(Date.parse(record.startedAt));
  if (!definition.startsOn) return recordedOn;
  try {
    return evaluateDate(definition.startsOn, facts, definition.facts);
  } catch (error) {
    problems.push({ nodeId: definition.startNodeId, errorType: 'StartDateError', message: error instanceof Error ? error.message : String(error), on: recordedOn });
    return recordedOn;
  }
}

function deriveClocks(definition: CompiledDefinition, record: TrajectoryRecord, facts: Facts, today: string, cutAfter: string | null, problems: DefinitionProblem[], memo?: TimelineMemo): DerivedClock[] {
  const known = factsKnownSince(record);
  return definition.legalClocks.flatMap((clock) => {
    let start: string;
    try {
      start = evaluateDate(clock.start, facts, definition.facts);
    } catch (error) {
      problems.push({ nodeId: clock.id, errorType: 'ClockStartError', message: error instanceof Error ? error.message : String(error), on: today });
      return [];
    }
    const startKnownSince = Math.max(Date.parse(record.startedAt), ...[...known].filter(([name]) => clock.start.includes(name)).map(([, at]) => at));
    const timeline = memo ? rememberedTimeline(memo, clock, start, record.milestones, cutAfter, startKnownSince) : clockTimeline(clock, start, record.milestones, { cutAfter, startKnownSince });
    return [{ clock, timeline, status: clockStatusOn(timeline, today) }];
  });
}

function rememberedTimeline(memo: TimelineMemo, clock: CompiledLegalClock, start: string, milestones: readonly RecordedMilestone[], cutAfter: string | null, startKnownSince: number): ClockTimeline {
  const names = new Set(clockMilestoneNames(clock));
  const own = milestones.filter((milestone) => names.has(milestone.milestone));
  const known = memo.get(clock.id);
  if (known && known.start === start && known.cutAfter === cutAfter && known.startKnownSince === startKnownSince && known.milestones.length === own.length && known.milestones.every((milestone, index) => own[index] === milestone)) {
    return known.timeline;
  }
  const timeline = clockTimeline(clock, start, own, { cutAfter, startKnownSince });
  memo.set(clock.id, { start, cutAfter, startKnownSince, milestones: own, timeline });
  return timeline;
}

/**
 * When each clock a clock-expiry event listens to expires, read from its whole timeline before
 * the tokens move (a clock runs beside them, moved only by dated milestones). Only a cancellation
 * cuts it here; a trajectory that terminates has no token left to catch the expiry anyway.
 */
function clockExpiriesFor(definition: CompiledDefinition, record: TrajectoryRecord, facts: Facts, today: string): Map<string, { on: string; knownSince: number } | null> {
  const listened = new Set(Object.values(definition.nodes).flatMap((node) => (node.kind === 'boundaryClockExpired' || node.kind === 'clockExpired' ? [node.clock] : [])));
  if (listened.size === 0) return new Map();
  const clocks = deriveClocks({ ...definition, legalClocks: definition.legalClocks.filter((clock) => listened.has(clock.id)) }, record, facts, today, record.cancellation?.occurredOn ?? null, []);
  return new Map(clocks.map(({ clock, timeline }) => [clock.id, timeline.expiry ? { on: timeline.expiry.on, knownSince: timeline.expiry.knownSince } : null]));
}

/** A warning or the expiry whose day has come is the clock's notify activity, performed once. */
function wantClockNotices(effects: EffectBook, extra: Extra, clock: CompiledLegalClock, timeline: ClockTimeline, today: string): void {
  if (!clock.notifyActivity) return;
  const notices = [
    ...timeline.warnings.map((warning) => ({ key: `clock:${clock.id}#warning#${warning.offset}`, on: warning.on, knownSince: warning.knownSince, input: { clockId: clock.id, kind: 'warning', deadline: warning.deadline, before: warning.offset } })),
    ...(timeline.expiry ? [{ key: `clock:${clock.id}#deadline`, on: timeline.expiry.on, knownSince: timeline.expiry.knownSince, input: { clockId: clock.id, kind: 'deadline', deadline: timeline.expiry.deadline, before: null } }] : []),
  ];
  for (const notice of notices) {
    if (notice.on > today) continue;
    const inputJson = canonicalInput(notice.input);
    const found = effects.lookup(notice.key, inputJson, notice.on, extra.used);
    if (found.use !== 'want') continue;
    extra.wanted.push({ key: notice.key, generation: found.generation, kind: 'activity', activity: clock.notifyActivity, input: notice.input, inputJson, on: notice.on, knownSince: notice.knownSince, nodeId: clock.id, timeout: 'PT1M', retry: 'standard' });
  }
}

/** The definition's cancellation path, one step after the other; true when every step is done. */
function wantCancellationSteps(sim: Simulation, effects: EffectBook, extra: Extra, definition: CompiledDefinition, on: string, knownSince: number): boolean {
  for (const step of definition.onCancellation ?? []) {
    let input;
    try {
      input = sim.input(step.input);
    } catch (error) {
      extra.problems.push(problemOf(sim, step.id, 'FeelEvaluationError', error));
      return false;
    }
    const key = `cancel:${step.id}`;
    const inputJson = canonicalInput(input);
    const found = effects.lookup(key, inputJson, on, extra.used);
    if (found.use === 'result') continue;
    if (found.use === 'want') extra.wanted.push({ key, generation: found.generation, kind: 'activity', activity: step.activity, input, inputJson, on, knownSince, nodeId: step.id, timeout: step.timeout, retry: step.retry });
    else extra.problems.push(problemOf(sim, step.id, found.performance.outcome.kind === 'failed' ? found.performance.outcome.errorType : 'Failed', new Error(`cancellation step ${step.id} failed`)));
    return false;
  }
  return true;
}

function problemOf(sim: Simulation, nodeId: string, errorType: string, error: unknown): DefinitionProblem {
  return { nodeId, errorType, message: error instanceof Error ? error.message : String(error), on: sim.now };
}

function endingOf(definition: CompiledDefinition, sim: Simulation, clocks: readonly DerivedClock[], cancelledOn: string | null, cancellationDone: boolean, today: string): Ending | null {
  if (cancelledOn !== null) return cancellationDone ? { kind: 'cancelled', on: cancelledOn, closesOn: cancelledOn } : null;
  if (sim.terminatedOn) return { kind: 'terminated', on: sim.terminatedOn, closesOn: sim.terminatedOn };
  if (sim.tokens.size > 0 || clocks.some((clock) => clock.status === 'running' || clock.status === 'suspended')) return null;
  const days = [...sim.ends.map((end) => end.on), ...clocks.flatMap(({ timeline }) => [timeline.stoppedOn, timeline.expiry?.on ?? null].filter((day): day is string => day !== null))];
  const on = days.sort().at(-1) ?? today;
  return { kind: 'completed', on, closesOn: definition.correctionPeriod ? addToDate(on, definition.correctionPeriod) : on };
}

function nextDueDate(sim: Simulation, clocks: readonly DerivedClock[], ended: Ending | null, today: string): string | null {
  const candidates = [
    sim.agenda.nextAfter(today),
    ...clocks.flatMap(({ timeline }) => [...timeline.warnings.map((warning) => warning.on), timeline.expiry?.on ?? '']),
    // The day after a norm a wait becomes overdue: the trajectory is stuck from then on.
    ...sim.listeners.openListeners().flatMap((listener) => (listener.normDeadline ? [addDays(listener.normDeadline, 1)] : [])),
    ended?.closesOn ?? '',
  ].filter((day): day is string => day !== null && day > today);
  return candidates.sort()[0] ?? null;
}

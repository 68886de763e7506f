/**
 * The trajectory's schedule: every dated moment ahead and behind — legal warnings and deadlines,
 * norms of waits, timers, reminders, the handover and meeting dates — each with its business date
 * and whether it fired (on time or late), is still due, was superseded (it happened, and later
 * input showed it should not have), or was cancelled (it will not happen). Moments the tokens have
 * not reached yet are projected from the definition where the facts already fix their date.
 *
 *   scheduleOf(definition, derivation, record).filter((entry) => entry.status === 'due');
 */
import { addToDate, subtractFromDate, calendarDateInAmsterdam } from '@wegwijs/calendar';
import { evaluateDate, type CompiledDefinition, type CompiledNode } from '@wegwijs/definitions/runtime';
import type { Derivation } from './derive';
import type { Performance, TrajectoryRecord } from './record';

export type ScheduleStatus = 'due' | 'fired' | 'late' | 'superseded' | 'cancelled';

export interface ScheduleEntry {
  readonly id: string;
  /** warning, deadline, norm, reminder, timeout, timer, or the definition's own word (handoverMeeting, guidanceEnd, …). */
  readonly kind: string;
  readonly label: string;
  /** Business date, YYYY-MM-DD. */
  readonly date: string;
  readonly status: ScheduleStatus;
  /** False for a moment projected from the definition, not yet armed by a token. */
  readonly armed: boolean;
  readonly nodeId?: string;
  readonly clockId?: string;
  /** When what it caused was performed (ISO instant). */
  readonly firedAt?: string;
  /** What made it no longer hold (a milestone id, a correction). */
  readonly supersededBy?: string;
  /** For norms: whether the step was done within it. */
  readonly outcome?: 'met' | 'missed';
}

/** Whether a performance came later than the day it could first have been done. */
export function wasLate(performance: Pick<Performance, 'on' | 'startedAt'>, knownSince: number): boolean {
  const performedOn = calendarDateInAmsterdam(Date.parse(performance.startedAt));
  const knownOn = calendarDateInAmsterdam(knownSince);
  return performedOn > (performance.on > knownOn ? performance.on : knownOn);
}

export function scheduleOf(definition: CompiledDefinition, derivation: Derivation, record: TrajectoryRecord): ScheduleEntry[] {
  const entries: ScheduleEntry[] = [];
  const today = derivation.today;
  const causedBy = (id: string) => record.performances.filter((performance) => performance.superseded === undefined && derivation.used.has(performance) && performanceCause(performance) === id);
  for (const moment of derivation.moments) {
    const caused = causedBy(moment.id);
    const late = caused.some((performance) => wasLate(performance, moment.knownSince));
    const status = moment.state === 'cancelled' ? 'cancelled' : moment.state === 'armed' ? 'due' : late ? 'late' : 'fired';
    entries.push({ id: moment.id, kind: moment.kind, label: moment.label, date: moment.on, status, armed: true, nodeId: moment.nodeId, ...(caused[0] ? { firedAt: caused[0].startedAt } : {}) });
  }
  // What a moment caused and later input superseded stays listed on the date it happened — also when
  // the moment now falls on another date (a corrected fact moved it). Done again on the same date, it is listed once, as it now stands.
  // Cancelled since (the step it belonged to was done before its date, told late), it is listed once too: as superseded, for it did happen.
  for (const performance of record.performances) {
    const cause = performanceCause(performance);
    if (!performance.superseded || !cause || entries.some((entry) => entry.id === cause && entry.date === performance.on && entry.status !== 'cancelled')) continue;
    const id = `${cause}~${performance.on}`;
    if (entries.some((entry) => entry.id === id)) continue;
    const cancelled = entries.findIndex((entry) => entry.id === cause && entry.date === performance.on);
    if (cancelled >= 0) entries.splice(cancelled, 1);
    const node = definition.nodes[cause.split('#')[0].replace(/^timer:/, '')];
    entries.push({ id, kind: kindOf(node), label: node?.name ?? cause, date: performance.on, status: 'superseded', armed: true, firedAt: performance.startedAt, supersededBy: performance.superseded.by });
  }
  for (const listener of derivation.listeners) {
    if (!listener.normDeadline) continue;
    const node = definition.nodes[listener.nodeId];
    const label = (node.kind === 'milestoneWait' && node.norm?.description) || `Norm: ${node.name ?? node.id}`;
    const doneOn = listener.taken.length > 0 ? derivation.taken.get(listener.taken[0])?.on : undefined;
    const missed = doneOn ? doneOn > listener.normDeadline : listener.normDeadline < today;
    const status = listener.closedOn === null ? (missed ? 'fired' : 'due') : doneOn ? (missed ? 'fired' : 'cancelled') : 'cancelled';
    entries.push({ id: `norm:${listener.key}`, kind: 'norm', label, date: listener.normDeadline, status, armed: true, nodeId: listener.nodeId, ...(doneOn || missed ? { outcome: missed ? 'missed' : 'met' } : {}) });
  }
  entries.push(...clockEntries(derivation, record));
  entries.push(...projectedEntries(definition, derivation, entries));
  return entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
}

function performanceCause(performance: Performance): string | undefined {
  return performance.cause;
}

function kindOf(node: CompiledNode | undefined): string {
  if (!node) return 'timer';
  if (node.kind === 'timer') return node.moment ?? 'timer';
  if (node.kind === 'boundaryTimer') return node.moment ?? (node.interrupting ? 'timeout' : 'reminder');
  return 'timer';
}

function clockEntries(derivation: Derivation, record: TrajectoryRecord): ScheduleEntry[] {
  const entries: ScheduleEntry[] = [];
  const today = derivation.today;
  for (const { clock, timeline, status } of derivation.clocks) {
    const performancesOf = (key: string) => record.performances.filter((performance) => performance.effect === key);
    const momentEntries = [
      ...timeline.warnings.map((warning) => ({ key: `clock:${clock.id}#warning#${warning.offset}`, kind: 'warning', label: `${clock.name}: ${warning.offset} voor de termijn`, date: warning.on, knownSince: warning.knownSince })),
      ...(timeline.expiry ? [{ key: `clock:${clock.id}#deadline`, kind: 'deadline', label: `${clock.name}: termijn verstreken`, date: timeline.expiry.on, knownSince: timeline.expiry.knownSince }] : []),
    ];
    // Notices that went out and later input showed were never due.
    for (const gone of record.performances.filter((performance) => performance.superseded && performance.effect.startsWith(`clock:${clock.id}#`))) {
      const offset = gone.effect.split('#').at(-1)!;
      const deadline = offset === 'deadline';
      entries.push({
        id: `${gone.effect}~${gone.generation}`,
        kind: deadline ? 'deadline' : 'warning',
        label: deadline ? `${clock.name}: termijn verstreken` : `${clock.name}: ${offset} voor de termijn`,
        date: gone.on,
        status: 'superseded',
        armed: true,
        clockId: clock.id,
        firedAt: gone.startedAt,
        supersededBy: gone.superseded!.by,
      });
    }
    for (const moment of momentEntries) {
      const all = performancesOf(moment.key);
      const live = all.find((performance) => !performance.superseded && performance.on === moment.date);
      const status = moment.date > today ? 'due' : live && wasLate(live, moment.knownSince) ? 'late' : 'fired';
      entries.push({ id: moment.key, kind: moment.kind, label: moment.label, date: moment.date, status, armed: true, clockId: clock.id, ...(live ? { firedAt: live.startedAt } : {}) });
    }
    // Offsets that will not fall due any more (the clock stopped, or the trajectory ended first), and a deadline that will not pass.
    if (status === 'stopped' || (status !== 'expired' && derivation.ended)) {
      for (const offset of clock.warnings.filter((offset) => !timeline.warnings.some((warning) => warning.offset === offset))) {
        const date = subtractFromDate(timeline.deadline, offset);
        // One that was sent and then superseded is listed as that already.
        if (performancesOf(`clock:${clock.id}#warning#${offset}`).some((performance) => performance.superseded && performance.on === date)) continue;
        entries.push({ id: `clock:${clock.id}#warning#${offset}`, kind: 'warning', label: `${clock.name}: ${offset} voor de termijn`, date, status: 'cancelled', armed: true, clockId: clock.id });
      }
      const expiryDate = addToDate(timeline.deadline, 'P1D');
      const expirySentAndSuperseded = performancesOf(`clock:${clock.id}#deadline`).some((performance) => performance.superseded && performance.on === expiryDate);
      if (!timeline.expiry && !expirySentAndSuperseded) entries.push({ id: `clock:${clock.id}#deadline`, kind: 'deadline', label: `${clock.name}: termijn verstreken`, date: expiryDate, status: 'cancelled', armed: true, clockId: clock.id });
    }
  }
  return entries;
}

/** Date timers and norms on the way ahead of the tokens, whose date the facts already fix. */
function projectedEntries(definition: CompiledDefinition, derivation: Derivation, known: readonly ScheduleEntry[]): ScheduleEntry[] {
  const ahead = new Set<string>();
  const queue = derivation.tokens.flatMap((token) => definition.nodes[token.nodeId].outgoing.map((flowId) => definition.flows[flowId].target));
  while (queue.length > 0) {
    const nodeId = queue.shift()!;
    if (ahead.has(nodeId)) continue;
    ahead.add(nodeId);
    const node = definition.nodes[nodeId];
    queue.push(...node.outgoing.map((flowId) => definition.flows[flowId].target), ...node.boundaryEventIds);
    if (node.kind === 'subProcess') queue.push(node.startNodeId);
  }
  const armedNodes = new Set(known.filter((entry) => entry.status === 'due').map((entry) => entry.nodeId));
  const entries: ScheduleEntry[] = [];
  const dateOf = (expression: string) => {
    try {
      return evaluateDate(expression, derivation.facts, definition.facts);
    } catch {
      return null;
    }
  };
  // Alternative routes may each hold the same moment (Haarlem closes both the work route and the
  // klantmanager route 24 months after housing): ahead of the choice it is one date to the reader.
  const push = (entry: ScheduleEntry) => {
    if (!entries.some((other) => other.kind === entry.kind && other.label === entry.label && other.date === entry.date)) entries.push(entry);
  };
  for (const nodeId of ahead) {
    const node = definition.nodes[nodeId];
    if (armedNodes.has(nodeId)) continue;
    if ((node.kind === 'timer' || node.kind === 'boundaryTimer') && node.timer.type === 'date') {
      const date = dateOf(node.timer.date);
      if (date && date >= derivation.today) push({ id: `projected:${nodeId}`, kind: kindOf(node), label: node.name ?? node.id, date, status: 'due', armed: false, nodeId });
    }
    if (node.kind === 'milestoneWait' && node.norm) {
      const from = dateOf(node.norm.from);
      const date = from ? addToDate(from, node.norm.within) : null;
      if (date && date >= derivation.today) push({ id: `projected:norm:${nodeId}`, kind: 'norm', label: node.norm.description ?? `Norm: ${node.name ?? node.id}`, date, status: 'due', armed: false, nodeId });
    }
  }
  return entries;
}

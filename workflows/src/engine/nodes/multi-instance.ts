import { addToDate } from '@wegwijs/calendar';
import { evaluateCondition, evaluateFeel, toFeelContext, type MultiInstanceNode } from '@wegwijs/definitions/runtime';
import type { Moment, NodeHandler, Scope, Simulation, Token } from '../simulation';
import { armBoundaryEvents } from './boundary-events';
import { knownSinceOf } from './timer';

/**
 * A multi-instance or recurring step: each instance runs the body (the step, compiled as the
 * node's children) in a scope of its own, numbered 1, 2, … (simulation.ts InstanceContext).
 * - parallel: every instance starts on the business date the token arrived;
 * - sequential: instance n+1 starts on the date instance n ended;
 * - recurring: cycle n starts on `from` + (n-1) × `every` (or on the day the token arrived, when
 *   that is later) — dates from the facts and the arrival, never from when input came, so a late
 *   report gives the same cycles. Each cycle is a moment of the schedule (kind `cycle`).
 * The token goes on, on the date the last instance ended, when all have ended — or earlier, when
 * `completionCondition` holds after one ends; the others are then cancelled, as they are when an
 * interrupting boundary event on the step fires.
 */
export const multiInstanceHandler: NodeHandler<MultiInstanceNode> = {
  enter(sim, token, node) {
    sim.park(token, 'scope');
    armBoundaryEvents(sim, token, node);
    const items = instanceItems(sim, token, node);
    if (items === null) return;
    if (items.length === 0) return sim.continueAlong(token, node, token.since);
    new Instances(sim, token, node, items).begin();
  },
};

/** What the instances are: the collection's items, or nulls for a count or the cycles. Null when it cannot be computed (the token is blocked). */
function instanceItems(sim: Simulation, token: Token, node: MultiInstanceNode): unknown[] | null {
  const { loop } = node;
  if (loop.type === 'recurring') return Array.from({ length: loop.times }, () => null);
  try {
    const context = toFeelContext(sim.facts, sim.definition.facts);
    if (loop.collection !== null) {
      const value = evaluateFeel(loop.collection, context);
      if (!Array.isArray(value)) throw new Error(`multiInstance collection '${loop.collection}' of ${node.id} is not a list`);
      return value.map((item) => (item !== null && typeof item === 'object' && 'iso' in item ? (item as { iso: string }).iso : item));
    }
    const count = evaluateFeel(loop.count ?? '0', context);
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 1000) {
      throw new Error(`multiInstance count '${loop.count}' of ${node.id} is not a whole number from 0 to 1000`);
    }
    return Array.from({ length: count }, () => null);
  } catch (error) {
    sim.blockByProblem(token, 'MultiInstanceError', error);
    return null;
  }
}

/** The instances of one visit to a multi-instance step. */
class Instances {
  private readonly scopes: Scope[] = [];
  private readonly cycles: Moment[] = [];
  private readonly stillHere: () => boolean;
  /** `1` of `checkIn#1`: the instances' tags are `1.1`, `1.2`, … */
  private readonly hostVisit: string;
  private completed = 0;
  private active = 0;
  private done = false;

  constructor(
    private readonly sim: Simulation,
    private readonly token: Token,
    private readonly node: MultiInstanceNode,
    private readonly items: readonly unknown[],
  ) {
    this.stillHere = sim.whileHere(token);
    this.hostVisit = token.visitKey.slice(token.visitKey.indexOf('#') + 1);
    token.onLeave.push((left) => {
      for (const scope of this.scopes) sim.cancelScope(scope, left);
      for (const cycle of this.cycles) sim.cancelMoment(cycle, left);
    });
  }

  begin(): void {
    const { sim, token, node } = this;
    const { loop } = node;
    if (loop.type !== 'recurring') {
      const count = loop.type === 'sequential' ? 1 : this.items.length;
      for (let index = 1; index <= count && this.stillHere() && !this.done; index++) this.start(index, token.since, token.knownSince);
      return;
    }
    let from = token.since;
    let knownSince = token.knownSince;
    if (loop.from !== null) {
      try {
        from = sim.date(loop.from);
      } catch (error) {
        return sim.blockByProblem(token, 'MultiInstanceError', error);
      }
      knownSince = knownSinceOf(sim, token, { type: 'date', date: loop.from });
    }
    for (let index = 1; index <= loop.times; index++) {
      const date = index === 1 ? from : addToDate(from, timesDuration(loop.every, index - 1));
      const on = date < token.since ? token.since : date;
      const moment = sim.addMoment(
        { id: `${node.id}#${this.hostVisit}.${index}`, kind: 'cycle', label: `${node.name ?? node.id} (${index}/${loop.times})`, on, nodeId: node.id, knownSince },
        () => this.start(index, on, knownSince, moment.id),
        () => this.stillHere() && !this.done,
      );
      this.cycles.push(moment);
    }
  }

  private start(index: number, on: string, knownSince: number, cause?: string): void {
    const { sim, token, node } = this;
    const instance = { tag: `${this.hostVisit}.${index}`, index, item: this.items[index - 1] ?? null, nrOfInstances: this.items.length };
    const scope = sim.newScope(`${token.scope.id}/${token.visitKey}/${index}`, token.scope, token, (ended, endKnownSince) => this.ended(index, ended, endKnownSince), instance);
    this.scopes.push(scope);
    this.active++;
    sim.spawn(scope, node.startNodeId, on, knownSince, cause);
  }

  private ended(index: number, on: string, endKnownSince: number): void {
    const { sim, token, node } = this;
    if (!this.stillHere() || this.done) return;
    this.active--;
    this.completed++;
    const knownSince = Math.max(token.knownSince, endKnownSince);
    if (this.completed === this.items.length || this.completionConditionHolds()) {
      this.done = true;
      return sim.continueAlong(token, node, on, knownSince);
    }
    if (node.loop.type === 'sequential') this.start(index + 1, on, knownSince);
  }

  private completionConditionHolds(): boolean {
    const condition = this.node.loop.completionCondition;
    if (condition === null) return false;
    const counts = { nrOfInstances: this.items.length, nrOfCompletedInstances: this.completed, nrOfActiveInstances: this.active };
    try {
      return evaluateCondition(condition, { ...this.sim.facts, ...counts }, this.sim.definition.facts);
    } catch (error) {
      this.sim.noteProblem(this.node.id, 'FeelEvaluationError', error);
      return false;
    }
  }
}

/** `every` taken `times` times: P1M × 3 = P3M, so cycles count from `from` and do not drift at month ends. */
export function timesDuration(every: string, times: number): string {
  return every.replace(/(\d+)([YMWD])/g, (_match, amount: string, unit: string) => `${Number(amount) * times}${unit}`);
}

/**
 * The state of one derivation while it runs: tokens on the definition's nodes, their scopes, the
 * agenda of what happens next in business time, facts as they evolve, the steps that listen for
 * milestones, and what the derivation found due (effects) or blocking (incidents). The node
 * handlers (nodes/) move tokens through it; derive.ts runs it.
 *
 * Everything is dated in business time: a token arrives at a node on a calendar date, and moves
 * on at the date of the milestone, timer or completion that releases it — never at the moment a
 * message arrived.
 */
import type { CompiledDefinition, CompiledNode, FactValue } from '@wegwijs/definitions/runtime';
import { evaluateCondition, evaluateDate, evaluateInput, evaluateOutput, type OutputMapping } from '@wegwijs/definitions/runtime';
import { Agenda, Rank } from './agenda';
import type { EffectBook, Lookup, WantedEffect } from './effects';
import { Listeners } from './listeners';
import { factsKnownSince, type Performance, type TrajectoryRecord } from './record';

export interface Scope {
  readonly id: string;
  readonly parent: Scope | null;
  /** The token on the sub-process node this scope runs for (null: the trajectory itself). */
  readonly host: Token | null;
  readonly tokens: Set<Token>;
  terminated: boolean;
  /** Called when the last token of the scope has ended. */
  readonly onEmpty: (on: string, knownSince: number) => void;
  /** In an instance of a multi-instance or recurring step (and the sub-processes inside it): which one. */
  readonly instance?: InstanceContext;
}

/**
 * One instance of a multi-instance or recurring step (nodes/multi-instance.ts). Its nodes' visit
 * keys — and so effect keys, listener keys and moment ids — are `<node>#<tag>.<n>`, counted per
 * instance: `checkIn.open#1.3.1` is the first visit to checkIn.open in instance 3 of the first
 * visit to checkIn. So an instance keeps its keys whatever the other instances do, and when.
 */
export interface InstanceContext {
  /** `<visit of the multi-instance step>.<instance>`, e.g. `1.3`. */
  readonly tag: string;
  /** 1, 2, …: the instance (the cycle of a recurring step); a milestone names it in payload.instanceNumber. */
  readonly index: number;
  /** The collection's item (null for a count or a cycle). */
  readonly item: unknown;
  readonly nrOfInstances: number;
}

export type TokenWait = 'effect' | 'incident' | 'milestone' | 'timer' | 'join' | 'scope' | 'call' | 'definition';

export interface Token {
  readonly id: number;
  nodeId: string;
  readonly scope: Scope;
  /** Business date it arrived at its node. */
  since: string;
  /** Epoch ms from which what put it there was known. */
  knownSince: number;
  /** `<node>#<visit>` of its current node. */
  visitKey: string;
  alive: boolean;
  waitingFor: TokenWait | null;
  /** The timer or reminder that moved it last (for the schedule), if that is what did. */
  cause?: string;
  /** Undone when the token leaves its node, by moving on or by being cancelled. */
  readonly onLeave: Array<(on: string) => void>;
}

/** A moment in business time a timer, reminder or deadline of a node falls on. */
export interface Moment {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly on: string;
  readonly nodeId: string;
  readonly knownSince: number;
  state: 'armed' | 'fired' | 'cancelled';
  closedOn?: string;
}

/** Something in the definition that cannot be done with these facts (a FEEL error, no gateway flow). */
export interface DefinitionProblem {
  readonly nodeId: string;
  readonly errorType: string;
  readonly message: string;
  readonly on: string;
}

/** A failed performance that keeps a token at its step until a supervisor repairs it. */
export interface BlockingIncident {
  readonly performance: Performance;
  readonly nodeId: string;
  readonly activity: string;
}

export interface TokenEnd {
  readonly nodeId: string;
  readonly on: string;
}

/** Guards against a definition that loops without ever waiting. */
const MAX_STEPS = 100_000;

export class Simulation {
  readonly agenda = new Agenda();
  readonly facts: Record<string, FactValue>;
  /** When each fact became known as it now stands (epoch ms), for the "could have known" of dates. */
  readonly factKnownSince: Map<string, number>;
  readonly listeners: Listeners;
  readonly root: Scope;
  readonly tokens = new Set<Token>();
  readonly moments: Moment[] = [];
  /** Effects and problems hold only while their token is still where it found them. */
  private readonly wantedWhile: WantedWhile[] = [];
  private readonly problemsWhile: Array<{ problem: DefinitionProblem; holds: () => boolean }> = [];
  private readonly incidentsWhile: Array<{ incident: BlockingIncident; holds: () => boolean }> = [];
  readonly visitedNodes = new Set<string>();
  readonly takenFlows = new Set<string>();
  /** What a dry run assumed where it could not know (see EffectBook.assumesUnknownResults). */
  readonly assumptions: string[] = [];
  readonly ends: TokenEnd[] = [];
  terminatedOn: string | null = null;
  /** The day each legal clock expires as the record has it (null: it does not), for clock-expiry events. */
  clockExpiries: ReadonlyMap<string, { readonly on: string; readonly knownSince: number } | null> = new Map();
  /** The business date being processed. */
  now: string;
  private readonly visits = new Map<string, number>();
  private readonly instanceVisits = new Map<string, number>();
  private readonly joins = new Map<string, { arrived: number; knownSince: number }>();
  private nextTokenId = 1;
  private steps = 0;

  constructor(
    readonly definition: CompiledDefinition,
    readonly record: TrajectoryRecord,
    /** How far the derivation runs; a continued derivation (incremental.ts) moves it on. */
    public today: string,
    readonly effects: EffectBook,
    facts: Record<string, FactValue>,
    startOn: string,
    private readonly handlerFor: (node: CompiledNode) => NodeHandler,
  ) {
    this.facts = { ...facts };
    this.factKnownSince = factsKnownSince(record);
    this.now = startOn;
    this.listeners = new Listeners(this);
    this.root = this.newScope('root', null, null, (on) => this.ends.push({ nodeId: '(trajectory)', on }));
  }

  node(nodeId: string): CompiledNode {
    return this.definition.nodes[nodeId];
  }

  newScope(id: string, parent: Scope | null, host: Token | null, onEmpty: Scope['onEmpty'], instance = parent?.instance): Scope {
    return { id, parent, host, tokens: new Set(), terminated: false, onEmpty, ...(instance ? { instance } : {}) };
  }

  /** Counts a visit to a node: `<node>#<n>` (in an instance: `<node>#<tag>.<n>`), stable for the same record. */
  visit(nodeId: string, scope?: Scope): string {
    if (scope?.instance) {
      const key = `${scope.instance.tag}/${nodeId}`;
      const count = (this.instanceVisits.get(key) ?? 0) + 1;
      this.instanceVisits.set(key, count);
      return `${nodeId}#${scope.instance.tag}.${count}`;
    }
    const count = (this.visits.get(nodeId) ?? 0) + 1;
    this.visits.set(nodeId, count);
    return `${nodeId}#${count}`;
  }

  restoreVisits(visits: Readonly<Record<string, number>>, joins: Readonly<Record<string, number>>): void {
    for (const [nodeId, count] of Object.entries(visits)) this.visits.set(nodeId, count);
    for (const [nodeId, arrived] of Object.entries(joins)) this.joins.set(`root/${nodeId}`, { arrived, knownSince: 0 });
  }

  visitCounts(): Record<string, number> {
    return Object.fromEntries(this.visits);
  }

  joinCounts(): Record<string, number> {
    return Object.fromEntries([...this.joins].filter(([key]) => key.startsWith('root/')).map(([key, join]) => [key.slice(5), join.arrived]));
  }

  /** A new token on `nodeId`, arriving on `on`. */
  spawn(scope: Scope, nodeId: string, on: string, knownSince: number, cause?: string): Token {
    const token: Token = { id: this.nextTokenId++, nodeId, scope, since: on, knownSince, visitKey: '', alive: true, waitingFor: null, cause, onLeave: [] };
    this.tokens.add(token);
    scope.tokens.add(token);
    this.arrive(token, nodeId, on, knownSince);
    return token;
  }

  /** The token arrives at a node and the node's handler takes it. */
  arrive(token: Token, nodeId: string, on: string, knownSince: number): void {
    if (++this.steps > MAX_STEPS) throw new Error(`Definition ${this.definition.key} v${this.definition.version} keeps moving without waiting (at ${nodeId})`);
    this.leave(token, on);
    token.nodeId = nodeId;
    token.since = on;
    token.knownSince = Math.max(token.knownSince, knownSince);
    token.waitingFor = null;
    this.visitedNodes.add(nodeId);
    token.visitKey = this.visit(nodeId, token.scope);
    this.handlerFor(this.node(nodeId)).enter(this, token, this.node(nodeId));
  }

  /** Leaves along the node's outgoing flows: the first takes the token, the others start tokens of their own. */
  continueAlong(token: Token, from: CompiledNode, on: string, knownSince = token.knownSince): void {
    const [first, ...others] = from.outgoing;
    if (first === undefined) return this.end(token, on);
    for (const flowId of others) {
      this.takenFlows.add(flowId);
      this.spawn(token.scope, this.definition.flows[flowId].target, on, knownSince, token.cause);
    }
    this.takenFlows.add(first);
    this.arrive(token, this.definition.flows[first].target, on, knownSince);
  }

  /** Starts a token along each outgoing flow of `from` (a boundary event firing). */
  startAlong(scope: Scope, from: CompiledNode, on: string, knownSince: number, cause?: string): void {
    this.visitedNodes.add(from.id);
    for (const flowId of from.outgoing) {
      this.takenFlows.add(flowId);
      this.spawn(scope, this.definition.flows[flowId].target, on, knownSince, cause);
    }
  }

  park(token: Token, waitingFor: TokenWait): void {
    token.waitingFor = waitingFor;
  }

  /** The token is done; when its scope has no token left, the scope's owner hears of it. */
  end(token: Token, on: string): void {
    this.leave(token, on);
    this.remove(token);
    if (token.scope.tokens.size === 0) token.scope.onEmpty(on, token.knownSince);
  }

  /** Stops a token where it is (its scope ended, or a boundary event interrupted its step). */
  cancel(token: Token, on: string): void {
    this.leave(token, on);
    this.remove(token);
  }

  /** Cancels every token of a scope, its sub-scopes' included. */
  cancelScope(scope: Scope, on: string, except?: Token): void {
    for (const token of [...scope.tokens]) if (token !== except) this.cancel(token, on);
  }

  private remove(token: Token): void {
    token.alive = false;
    this.tokens.delete(token);
    token.scope.tokens.delete(token);
  }

  private leave(token: Token, on: string): void {
    const undo = token.onLeave.splice(0);
    for (const step of undo.reverse()) step(on);
  }

  /** A join of a parallel gateway: true when the last of its incoming branches arrives. */
  arriveAtJoin(token: Token, nodeId: string, expected: number): { complete: boolean; knownSince: number } {
    const key = `${token.scope.id}/${nodeId}`;
    const join = this.joins.get(key) ?? { arrived: 0, knownSince: 0 };
    const next = { arrived: join.arrived + 1, knownSince: Math.max(join.knownSince, token.knownSince) };
    if (next.arrived < expected) {
      this.joins.set(key, next);
      return { complete: false, knownSince: next.knownSince };
    }
    this.joins.delete(key);
    return { complete: true, knownSince: next.knownSince };
  }

  addMoment(moment: Omit<Moment, 'state'>, fire: () => void, live: () => boolean): Moment {
    const entry: Moment = { ...moment, state: 'armed' };
    this.moments.push(entry);
    this.agenda.add({
      on: moment.on,
      rank: Rank.timer,
      live: () => entry.state === 'armed' && live(),
      fire: () => {
        entry.state = 'fired';
        this.now = moment.on;
        fire();
      },
    });
    return entry;
  }

  cancelMoment(moment: Moment, on: string): void {
    if (moment.state !== 'armed') return;
    moment.state = 'cancelled';
    moment.closedOn = on;
  }

  /** True while the token stays at the node (and visit) it is at now. */
  whileHere(token: Token): () => boolean {
    const visitKey = token.visitKey;
    return () => token.alive && token.visitKey === visitKey;
  }

  /**
   * The token needs a side effect performed before it can go on. `goOn` is what the node does
   * with a performance that settles later (incremental.ts): what it would have done with it on
   * entry, in the agenda's place it would have had then; false when that place has passed.
   */
  want(token: Token, effect: WantedEffect, goOn?: (found: Lookup, order: number) => boolean): void {
    this.wantedWhile.push({ effect, holds: this.whileHere(token), goOn, order: this.agenda.mark() - 0.5, settled: false });
    this.park(token, effect.kind === 'call' ? 'call' : 'effect');
  }

  /**
   * A performance of an effect this simulation wanted has settled: the step takes it as if it had
   * been there from the start. False when this simulation cannot take it so (another effect,
   * another outcome, or the agenda has run past the step's completion): derive from the start.
   */
  settle(performance: Performance): boolean {
    const entry = this.wantedWhile.find((candidate) => !candidate.settled && candidate.effect.key === performance.effect && candidate.effect.generation === performance.generation);
    if (!entry) return false;
    this.effects.forget(entry.effect.key);
    const found = this.effects.lookup(entry.effect.key, entry.effect.inputJson, entry.effect.on);
    entry.settled = true;
    // A token that has left its step would have found the result and gone nowhere with it.
    if (!entry.holds()) return true;
    return entry.goOn !== undefined && found.use === 'result' && entry.goOn(found, entry.order);
  }

  blockByIncident(token: Token, incident: BlockingIncident): void {
    this.incidentsWhile.push({ incident, holds: this.whileHere(token) });
    this.park(token, 'incident');
  }

  /** A definition problem blocks the token; it clears itself once facts make the node workable. */
  blockByProblem(token: Token, errorType: string, error: unknown): void {
    const problem = { nodeId: token.nodeId, errorType, message: error instanceof Error ? error.message : String(error), on: token.since };
    this.problemsWhile.push({ problem, holds: this.whileHere(token) });
    this.park(token, 'definition');
  }

  /** A problem that blocks no token (a boundary timer whose date cannot be computed). */
  noteProblem(nodeId: string, errorType: string, error: unknown): void {
    const problem = { nodeId, errorType, message: error instanceof Error ? error.message : String(error), on: this.now };
    this.problemsWhile.push({ problem, holds: () => true });
  }

  get wanted(): WantedEffect[] {
    return this.wantedWhile.filter((entry) => !entry.settled && entry.holds()).map((entry) => entry.effect);
  }

  get problems(): DefinitionProblem[] {
    return this.problemsWhile.filter((entry) => entry.holds()).map((entry) => entry.problem);
  }

  get incidents(): BlockingIncident[] {
    return this.incidentsWhile.filter((entry) => entry.holds()).map((entry) => entry.incident);
  }

  // --- FEEL over the facts as they stand in business time ---------------------------------

  condition(expression: string): boolean {
    return evaluateCondition(expression, this.facts, this.definition.facts);
  }

  date(expression: string): string {
    return evaluateDate(expression, this.facts, this.definition.facts);
  }

  /** An input mapping over the facts; in an instance of a repeated step also `item`, `loopCounter` (the instance: 1, 2, …) and `nrOfInstances`. */
  input(mapping: Readonly<Record<string, string>>, token?: Token): Record<string, FactValue> {
    const instance = token?.scope.instance;
    if (!instance) return evaluateInput(mapping, this.facts, this.definition.facts);
    const variables = { item: instance.item as FactValue, loopCounter: instance.index, nrOfInstances: instance.nrOfInstances };
    return evaluateInput(mapping, { ...this.facts, ...variables }, this.definition.facts);
  }

  /** Sets the facts an output mapping produces; they are known from `knownSince` on. */
  applyOutput(mapping: OutputMapping, produced: { result?: unknown; payload?: unknown }, knownSince: number): void {
    const values = evaluateOutput(mapping, this.facts, this.definition.facts, produced);
    Object.assign(this.facts, values);
    for (const name of Object.keys(values)) this.factKnownSince.set(name, knownSince);
  }
}

interface WantedWhile {
  readonly effect: WantedEffect;
  readonly holds: () => boolean;
  readonly goOn?: (found: Lookup, order: number) => boolean;
  /** The agenda order the step's completion would have had, had the result been there on entry. */
  readonly order: number;
  /** A performance for it came after it was wanted (a continued derivation). */
  settled: boolean;
}

export interface NodeHandler<N extends CompiledNode = CompiledNode> {
  /** A token arrives at the node: move it on, park it, or end it. */
  enter(sim: Simulation, token: Token, node: N): void;
}

import { calledDefinitionRef, type CallActivityNode, type FactValue } from '@wegwijs/definitions/runtime';
import { Rank } from '../agenda';
import { canonicalInput } from '../record';
import type { NodeHandler } from '../simulation';
import { armBoundaryEvents } from './boundary-events';
import { catchFailure } from './error-events';

/** What a called trajectory hands back when it ends. */
export interface CallResult {
  readonly facts: Readonly<Record<string, FactValue>>;
  /** The business date the called trajectory ended. */
  readonly endedOn: string;
}

/**
 * A call activity: another definition runs as a child trajectory, from the business date the
 * token arrived, with the facts it declares; when it ends, the facts it changed that this
 * definition declares come back, and the token goes on on the date it ended.
 */
export const callActivityHandler: NodeHandler<CallActivityNode> = {
  enter(sim, token, node) {
    armBoundaryEvents(sim, token, node);
    const ref = calledDefinitionRef(node);
    const called = sim.definition.calledDefinitions?.[ref];
    if (!called) return sim.blockByProblem(token, 'CalledDefinitionMissing', new Error(`Node ${node.id} calls ${ref}, which was not compiled into this definition`));
    const declared = new Set(called.facts.map((fact) => fact.name));
    const factsIn = Object.fromEntries(Object.entries(sim.facts).filter(([name]) => declared.has(name)));
    const key = `call:${token.visitKey}`;
    const inputJson = canonicalInput(factsIn);
    const found = sim.effects.lookup(key, inputJson, token.since);
    if (found.use === 'want') {
      return sim.want(token, { key, generation: found.generation, kind: 'call', activity: ref, input: factsIn, inputJson, on: token.since, knownSince: token.knownSince, nodeId: node.id, timeout: 'PT1M', retry: 'standard' });
    }
    if (found.use === 'incident') {
      if (catchFailure(sim, token, node, found.performance)) return;
      return sim.blockByIncident(token, { performance: found.performance, nodeId: node.id, activity: ref });
    }
    sim.park(token, 'call');
    const result = (found.result ?? { facts: {}, endedOn: token.since }) as unknown as CallResult;
    const on = result.endedOn > found.completedOn ? result.endedOn : found.completedOn;
    const mine = new Set(sim.definition.facts.map((fact) => fact.name));
    sim.agenda.add({
      on,
      rank: Rank.completion,
      live: sim.whileHere(token),
      fire: () => {
        sim.now = on;
        const known = Math.max(token.knownSince, Date.parse(found.performance.settledAt));
        for (const [name, value] of Object.entries(result.facts)) {
          if (mine.has(name) && factsIn[name] !== value) {
            sim.facts[name] = value;
            sim.factKnownSince.set(name, known);
          }
        }
        sim.continueAlong(token, node, on, known);
      },
    });
  },
};

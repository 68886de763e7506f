import type { ServiceTaskNode } from '@wegwijs/definitions/runtime';
import { Rank } from '../agenda';
import type { Lookup } from '../effects';
import { canonicalInput } from '../record';
import type { NodeHandler, Simulation, Token } from '../simulation';
import { armBoundaryEvents } from './boundary-events';
import { catchFailure } from './error-events';

/**
 * A service task: its activity is a side effect for the business date the token arrived. With a
 * performance that fits (same input, same date), the token goes on with its result; otherwise the
 * task is wanted — the workflow performs it and derives again. A performance that failed for good
 * takes the path of the error event that catches it (error-events.ts); with none, it is an
 * incident: the token stays until a supervisor retries or skips it.
 */
export const serviceTaskHandler: NodeHandler<ServiceTaskNode> = {
  enter(sim, token, node) {
    armBoundaryEvents(sim, token, node);
    let input;
    try {
      input = sim.input(node.input, token);
    } catch (error) {
      return sim.blockByProblem(token, 'FeelEvaluationError', error);
    }
    const key = `task:${token.visitKey}`;
    const inputJson = canonicalInput(input);
    const found = sim.effects.lookup(key, inputJson, token.since);
    if (found.use === 'want') {
      const goOn = (later: Lookup, order: number) => later.use === 'result' && awaitCompletion(sim, token, node, later, order);
      return sim.want(token, {
        key,
        generation: found.generation,
        kind: 'activity',
        activity: node.activity,
        input,
        inputJson,
        on: token.since,
        knownSince: token.knownSince,
        nodeId: node.id,
        timeout: node.timeout,
        retry: node.retry,
        ...(token.cause ? { cause: token.cause } : {}),
      }, goOn);
    }
    if (found.use === 'incident') {
      if (catchFailure(sim, token, node, found.performance)) return;
      return sim.blockByIncident(token, { performance: found.performance, nodeId: node.id, activity: node.activity });
    }
    awaitCompletion(sim, token, node, found);
  },
};

/** The token goes on with the performance's result on the day it completed; `order`: the agenda place it would have had (see Agenda.addInPlace). */
function awaitCompletion(sim: Simulation, token: Token, node: ServiceTaskNode, found: Extract<Lookup, { use: 'result' }>, order?: number): boolean {
  sim.park(token, 'effect');
  const knownSince = Math.max(token.knownSince, Date.parse(found.performance.settledAt));
  const completion = {
    on: found.completedOn,
    rank: Rank.completion,
    live: sim.whileHere(token),
    fire: () => {
      sim.now = found.completedOn;
      try {
        sim.applyOutput(node.output, { result: found.result ?? null }, knownSince);
      } catch (error) {
        return sim.blockByProblem(token, 'FeelEvaluationError', error);
      }
      sim.continueAlong(token, node, found.completedOn, knownSince);
    },
  };
  if (order === undefined) {
    sim.agenda.add(completion);
    return true;
  }
  return sim.agenda.addInPlace(completion, order);
}

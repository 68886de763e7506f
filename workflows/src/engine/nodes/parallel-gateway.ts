import type { CompiledNode, ParallelGatewayNode } from '@wegwijs/definitions/runtime';
import type { NodeHandler, Simulation, Token } from '../simulation';

/**
 * A parallel gateway: as a split, a token along every outgoing flow; as a join, one token goes on
 * when the last incoming branch arrives — on that branch's business date, the latest of them.
 */
export const parallelGatewayHandler: NodeHandler<ParallelGatewayNode> = {
  enter(sim, token, node) {
    if (node.incoming.length > 1) return joinBranches(sim, token, node);
    sim.continueAlong(token, node, token.since);
  },
};

/** A join (parallel, or inclusive counting the branches not taken as arrived): the last branch to arrive goes on, the others end here. */
export function joinBranches(sim: Simulation, token: Token, node: CompiledNode): void {
  const join = sim.arriveAtJoin(token, node.id, node.incoming.length);
  if (!join.complete) return sim.cancel(token, token.since);
  return sim.continueAlong(token, node, token.since, join.knownSince);
}

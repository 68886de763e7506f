import type { InclusiveGatewayNode } from '@wegwijs/definitions/runtime';
import type { NodeHandler, Simulation, Token } from '../simulation';
import { joinBranches } from './parallel-gateway';

/**
 * An inclusive gateway. As a split: a token along every outgoing flow whose condition holds on the
 * facts as they stand that day (a flow without a condition always), else along the default flow;
 * the branches it does not take are counted as arrived at its join (`joinId`, paired when the
 * definition was validated), so the join waits for exactly the branches taken — on the business
 * date of the last of them, as the parallel join does. When no flow applies, or a condition
 * cannot be evaluated, the token stays here as a definition problem until a correction lets it go
 * on; a dry run takes what it cannot decide as not holding, as the exclusive gateway does, and
 * says so in its assumptions.
 */
export const inclusiveGatewayHandler: NodeHandler<InclusiveGatewayNode> = {
  enter(sim, token, node) {
    if (node.incoming.length > 1) return joinBranches(sim, token, node);
    if (node.outgoing.length <= 1) return sim.continueAlong(token, node, token.since);
    const taken = flowsToTake(sim, token, node);
    if (taken === null) return;
    if (node.joinId !== null) {
      // The join counts every incoming flow; the branches not taken will never deliver theirs.
      for (let skipped = node.outgoing.length - taken.length; skipped > 0; skipped--) sim.arriveAtJoin(token, node.joinId, Number.POSITIVE_INFINITY);
    }
    const [first, ...others] = taken;
    for (const flowId of others) {
      sim.takenFlows.add(flowId);
      sim.spawn(token.scope, sim.definition.flows[flowId].target, token.since, token.knownSince, token.cause);
    }
    sim.takenFlows.add(first);
    sim.arrive(token, sim.definition.flows[first].target, token.since, token.knownSince);
  },
};

/** The flows the split takes, in `outgoing` order; null when it cannot go on (the token is blocked). */
function flowsToTake(sim: Simulation, token: Token, node: InclusiveGatewayNode): string[] | null {
  const taken: string[] = [];
  const undecided: string[] = [];
  for (const flowId of node.outgoing) {
    const flow = sim.definition.flows[flowId];
    if (flow.isDefault) continue;
    try {
      if (flow.condition === null || sim.condition(flow.condition)) taken.push(flowId);
    } catch (error) {
      if (sim.effects.assumesUnknownResults) {
        undecided.push(flowId);
        continue;
      }
      sim.blockByProblem(token, 'FeelEvaluationError', error);
      return null;
    }
  }
  if (taken.length > 0) return taken;
  if (node.defaultFlowId !== null) return [node.defaultFlowId];
  if (undecided.length > 0) {
    const flow = sim.definition.flows[undecided[0]];
    sim.assumptions.push(`${node.id}: took ${flow.name ? `'${flow.name}'` : `the flow to ${flow.target}`}, not knowing the result it depends on before the activities run`);
    return [undecided[0]];
  }
  sim.blockByProblem(token, 'NoGatewayFlowApplies', new Error(`No condition of inclusive gateway ${node.id} holds and it has no default flow`));
  return null;
}

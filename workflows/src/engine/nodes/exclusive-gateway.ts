import type { ExclusiveGatewayNode } from '@wegwijs/definitions/runtime';
import type { NodeHandler } from '../simulation';

/**
 * An exclusive gateway: the first outgoing flow whose condition holds on the facts as they stand
 * that day, else the default flow. When none applies, or a condition cannot be evaluated, the
 * token stays here as a definition problem until a correction of the facts lets it go on.
 */
export const exclusiveGatewayHandler: NodeHandler<ExclusiveGatewayNode> = {
  enter(sim, token, node) {
    let target: string | undefined;
    for (const flowId of node.outgoing) {
      const flow = sim.definition.flows[flowId];
      if (flow.isDefault) continue;
      try {
        // A flow without a condition out of a gateway used as a merge is always taken.
        if (flow.condition === null || sim.condition(flow.condition)) {
          target = flowId;
          break;
        }
      } catch (error) {
        return sim.blockByProblem(token, 'FeelEvaluationError', error);
      }
    }
    target ??= node.defaultFlowId ?? undefined;
    if (target === undefined) return sim.blockByProblem(token, 'NoGatewayFlowApplies', new Error(`No condition of gateway ${node.id} holds and it has no default flow`));
    sim.takenFlows.add(target);
    sim.arrive(token, sim.definition.flows[target].target, token.since, token.knownSince);
  },
};

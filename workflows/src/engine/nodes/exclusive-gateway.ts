import type { ExclusiveGatewayNode } from '@wegwijs/definitions/runtime';
import type { NodeHandler } from '../simulation';

/**
 * An exclusive gateway: the first outgoing flow whose condition holds on the facts as they stand
 * that day, else the default flow. When none applies, or a condition cannot be evaluated, the
 * token stays here as a definition problem until a correction of the facts lets it go on —
 * except in a dry run, which cannot know an activity's result: there a condition that cannot be
 * evaluated does not hold, and when no condition holds the plan follows the default flow, or else
 * the first flow it could not decide — and says so in the derivation's assumptions.
 */
export const exclusiveGatewayHandler: NodeHandler<ExclusiveGatewayNode> = {
  enter(sim, token, node) {
    let target: string | undefined;
    let undecided: string | undefined;
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
        if (sim.effects.assumesUnknownResults) {
          undecided ??= flowId;
          continue;
        }
        return sim.blockByProblem(token, 'FeelEvaluationError', error);
      }
    }
    target ??= node.defaultFlowId ?? undefined;
    if (target === undefined && undecided !== undefined) {
      target = undecided;
      const flow = sim.definition.flows[undecided];
      sim.assumptions.push(`${node.id}: took ${flow.name ? `'${flow.name}'` : `the flow to ${flow.target}`}, not knowing the result it depends on before the activities run`);
    }
    if (target === undefined) return sim.blockByProblem(token, 'NoGatewayFlowApplies', new Error(`No condition of gateway ${node.id} holds and it has no default flow`));
    sim.takenFlows.add(target);
    sim.arrive(token, sim.definition.flows[target].target, token.since, token.knownSince);
  },
};

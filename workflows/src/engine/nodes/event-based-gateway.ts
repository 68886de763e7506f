import type { EventBasedGatewayNode, MilestoneWaitNode, TimerNode } from '@wegwijs/definitions/runtime';
import type { NodeHandler } from '../simulation';
import { openWait } from './milestone-wait';
import { dueDate, knownSinceOf } from './timer';

/**
 * An event-based gateway: every branch (a wait or a timer) is armed on the day the token arrives,
 * and the first in business time wins — a timer at the start of its day, before a milestone of
 * that day. The others are withdrawn.
 */
export const eventBasedGatewayHandler: NodeHandler<EventBasedGatewayNode> = {
  enter(sim, token, node) {
    sim.park(token, 'milestone');
    const branches = node.outgoing.map((flowId) => ({ flowId, branch: sim.node(sim.definition.flows[flowId].target) }));
    const win = (flowId: string, branch: MilestoneWaitNode | TimerNode, on: string, knownSince: number) => {
      sim.takenFlows.add(flowId);
      sim.visitedNodes.add(branch.id);
      sim.continueAlong(token, branch, on, knownSince);
    };
    for (const { flowId, branch } of branches) {
      if (branch.kind === 'milestoneWait') {
        openWait(sim, token, branch, 'branch', (on, knownSince) => win(flowId, branch, on, knownSince), sim.visit(branch.id));
      } else if (branch.kind === 'timer') {
        const due = dueDate(sim, token, branch.timer);
        if (due === null) return;
        const on = due < token.since ? token.since : due;
        const moment = sim.addMoment(
          { id: `timer:${sim.visit(branch.id)}`, kind: branch.moment ?? 'timer', label: branch.name ?? branch.id, on, nodeId: branch.id, knownSince: knownSinceOf(sim, token, branch.timer) },
          () => {
            token.cause = moment.id;
            win(flowId, branch, on, moment.knownSince);
          },
          sim.whileHere(token),
        );
        token.onLeave.push((left) => sim.cancelMoment(moment, left));
      }
    }
  },
};

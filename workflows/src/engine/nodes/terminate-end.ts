import type { TerminateEndNode } from '@wegwijs/definitions/runtime';
import type { NodeHandler } from '../simulation';

/** A terminate end: every other token of its scope stops, and the scope (or the whole trajectory) ends here. */
export const terminateEndHandler: NodeHandler<TerminateEndNode> = {
  enter(sim, token) {
    const on = token.since;
    token.scope.terminated = true;
    if (token.scope === sim.root) sim.terminatedOn = on;
    sim.cancelScope(token.scope, on, token);
    sim.ends.push({ nodeId: token.nodeId, on });
    sim.end(token, on);
  },
};

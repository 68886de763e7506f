import type { EndNode } from '@wegwijs/definitions/runtime';
import type { NodeHandler } from '../simulation';

/** An end event: this token is done; its scope ends when it was the last one. */
export const endHandler: NodeHandler<EndNode> = {
  enter(sim, token) {
    sim.ends.push({ nodeId: token.nodeId, on: token.since });
    sim.end(token, token.since);
  },
};

import type { StartNode } from '@wegwijs/definitions/runtime';
import type { NodeHandler } from '../simulation';

/** A start event: the token goes straight on. */
export const startHandler: NodeHandler<StartNode> = {
  enter(sim, token, node) {
    sim.continueAlong(token, node, token.since);
  },
};

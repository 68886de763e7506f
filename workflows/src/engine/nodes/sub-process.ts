import type { SubProcessNode } from '@wegwijs/definitions/runtime';
import type { NodeHandler } from '../simulation';
import { armBoundaryEvents } from './boundary-events';

/**
 * An embedded sub-process: its own scope of tokens, started at its start node; the host moves on
 * on the business date its last token ends (or a terminate end inside ends it). An interrupting
 * boundary event stops every token inside.
 */
export const subProcessHandler: NodeHandler<SubProcessNode> = {
  enter(sim, token, node) {
    sim.park(token, 'scope');
    const stillHere = sim.whileHere(token);
    const scope = sim.newScope(`${token.scope.id}/${token.visitKey}`, token.scope, token, (on, knownSince) => {
      if (stillHere()) sim.continueAlong(token, node, on, Math.max(token.knownSince, knownSince));
    });
    token.onLeave.push((left) => sim.cancelScope(scope, left));
    armBoundaryEvents(sim, token, node);
    sim.spawn(scope, node.startNodeId, token.since, token.knownSince, token.cause);
  },
};

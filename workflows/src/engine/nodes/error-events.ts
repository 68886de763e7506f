/**
 * Error boundary events: a failed performance (a business error the activity raised, or an
 * activity whose retries are spent, or a call that failed) is caught by the nearest error event
 * that matches it — on the failing step itself, else on the sub-processes around it, innermost
 * first — instead of blocking the token as an incident for a supervisor. A code-specific event
 * wins over a catch-all one on the same step. The step (or the sub-process, with every token in
 * it) ends, and the flow leaves by the error event's outgoing flows on the business date the step
 * was for: like a completion, a failure that settles late is taken as timely.
 */
import type { BoundaryErrorNode, CompiledNode } from '@wegwijs/definitions/runtime';
import { Rank } from '../agenda';
import type { Performance } from '../record';
import type { Simulation, Token } from '../simulation';

/** The error type a failed performance carries (the ApplicationFailure type, or Timeout:…). */
const errorTypeOf = (performance: Performance) => (performance.outcome.kind === 'failed' ? performance.outcome.errorType : null);

function catcherOn(sim: Simulation, host: CompiledNode, errorType: string): BoundaryErrorNode | undefined {
  const errors = host.boundaryEventIds.map((id) => sim.node(id)).filter((node): node is BoundaryErrorNode => node.kind === 'boundaryError');
  return errors.find((node) => node.errorCode === errorType) ?? errors.find((node) => node.errorCode === null);
}

/**
 * Routes the token's failed performance to an error event if one catches it; true when it does
 * (the failure is then no incident). The catch happens on the agenda, at the step's business date.
 */
export function catchFailure(sim: Simulation, token: Token, step: CompiledNode, performance: Performance): boolean {
  const errorType = errorTypeOf(performance);
  if (errorType === null) return false;
  let catching: { host: Token; boundary: BoundaryErrorNode } | null = null;
  const own = catcherOn(sim, step, errorType);
  if (own) catching = { host: token, boundary: own };
  for (let scope = token.scope; !catching && scope.host; scope = scope.host.scope) {
    const around = catcherOn(sim, sim.node(scope.host.nodeId), errorType);
    if (around) catching = { host: scope.host, boundary: around };
  }
  if (!catching) return false;
  const { host, boundary } = catching;
  const on = token.since;
  const knownSince = Math.max(token.knownSince, Date.parse(performance.settledAt));
  sim.park(token, 'effect');
  const failingHere = sim.whileHere(token);
  const hostHere = sim.whileHere(host);
  sim.agenda.add({
    on,
    rank: Rank.completion,
    live: () => failingHere() && hostHere(),
    fire: () => {
      sim.now = on;
      sim.visitedNodes.add(boundary.id);
      host.cause = undefined;
      // Moving the host on cancels what is inside it (a sub-process's scope) through its onLeave.
      sim.continueAlong(host, boundary, on, knownSince);
    },
  });
  return true;
}

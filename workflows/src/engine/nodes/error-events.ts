/**
 * Error boundary events: a failed performance (a business error the activity raised, or an
 * activity whose retries are spent, or a call that failed) is caught by the nearest error event
 * that matches it — on the failing step itself, else on the sub-processes around it, innermost
 * first — instead of blocking the token as an incident for a supervisor. A code-specific event
 * wins over a catch-all one on the same step. The step (or the sub-process, with every token in
 * it) ends, and the flow leaves by the error event's outgoing flows on the business date the step
 * was for: like a completion, a failure that settles late is taken as timely.
 */
import type { BoundaryErrorNode, CompiledDefinition, CompiledNode } from '@wegwijs/definitions/runtime';
import { Rank } from '../agenda';
import type { Performance } from '../record';
import type { Simulation, Token } from '../simulation';

/** The error type a failed performance carries (the ApplicationFailure type, or Timeout:…). */
const errorTypeOf = (performance: Pick<Performance, 'outcome'>) => (performance.outcome.kind === 'failed' ? performance.outcome.errorType : null);

function catcherOn(definition: CompiledDefinition, host: CompiledNode, errorType: string): BoundaryErrorNode | undefined {
  const errors = host.boundaryEventIds.map((id) => definition.nodes[id]).filter((node): node is BoundaryErrorNode => node.kind === 'boundaryError');
  return errors.find((node) => node.errorCode === errorType) ?? errors.find((node) => node.errorCode === null);
}

/**
 * The error event that catches a failure of `nodeId` with `errorType`: on the step, else on the
 * nearest sub-process around it; undefined when nothing does (the failure is an incident).
 */
export function errorCatcher(definition: CompiledDefinition, nodeId: string, errorType: string): BoundaryErrorNode | undefined {
  for (let node: CompiledNode | undefined = definition.nodes[nodeId]; node; node = node.parentId === null ? undefined : definition.nodes[node.parentId]) {
    const catcher = catcherOn(definition, node, errorType);
    if (catcher) return catcher;
  }
  return undefined;
}

/** Whether a failed performance is caught by an error event, and so is no incident (for the views and events). */
export function isCaughtFailure(definition: CompiledDefinition, performance: Pick<Performance, 'effect' | 'outcome'>): boolean {
  const errorType = errorTypeOf(performance);
  if (errorType === null || !/^(task|call):/.test(performance.effect)) return false;
  return errorCatcher(definition, performance.effect.replace(/^[a-z]+:/, '').split('#')[0], errorType) !== undefined;
}

/**
 * Routes the token's failed performance to an error event if one catches it; true when it does
 * (the failure is then no incident). The catch happens on the agenda, at the step's business date.
 */
export function catchFailure(sim: Simulation, token: Token, step: CompiledNode, performance: Performance): boolean {
  const errorType = errorTypeOf(performance);
  if (errorType === null) return false;
  const boundary = errorCatcher(sim.definition, step.id, errorType);
  if (!boundary) return false;
  // The token at the error event's host: this one, or the one on the sub-process around it.
  let host: Token | null = token;
  while (host && host.nodeId !== boundary.attachedTo) host = host.scope.host;
  if (!host) return false;
  const caughtBy: Token = host;
  const on = token.since;
  const knownSince = Math.max(token.knownSince, Date.parse(performance.settledAt));
  sim.park(token, 'effect');
  const failingHere = sim.whileHere(token);
  const hostHere = sim.whileHere(caughtBy);
  sim.agenda.add({
    on,
    rank: Rank.completion,
    live: () => failingHere() && hostHere(),
    fire: () => {
      sim.now = on;
      sim.visitedNodes.add(boundary.id);
      caughtBy.cause = undefined;
      // Moving the host on cancels what is inside it (a sub-process's scope) through its onLeave.
      sim.continueAlong(caughtBy, boundary, on, knownSince);
    },
  });
  return true;
}

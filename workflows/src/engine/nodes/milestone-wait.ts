import { addToDate } from '@wegwijs/calendar';
import { INSTANCE_PAYLOAD_FIELD, type MilestoneWaitNode } from '@wegwijs/definitions/runtime';
import type { NodeHandler, Simulation, Token } from '../simulation';
import { armBoundaryEvents } from './boundary-events';

/**
 * A wait for a milestone (a user task): the step listens from the day the token arrived; the
 * milestone reported for it moves the token on on its business date (or on the day the step
 * opened, when it is dated earlier). Its norm, if any, is a date computed from the facts.
 */
export const milestoneWaitHandler: NodeHandler<MilestoneWaitNode> = {
  enter(sim, token, node) {
    sim.park(token, 'milestone');
    openWait(sim, token, node, 'wait', (on, knownSince) => sim.continueAlong(token, node, on, knownSince));
    armBoundaryEvents(sim, token, node);
  },
};

/** Opens the listener of a wait (also a branch of an event-based gateway); `done` moves the token on. */
export function openWait(sim: Simulation, token: Token, node: MilestoneWaitNode, kind: 'wait' | 'branch', done: (on: string, knownSince: number) => void, key = token.visitKey) {
  const listener = sim.listeners.open({
    key,
    kind,
    nodeId: node.id,
    milestone: node.milestone,
    roles: node.roles,
    since: token.since,
    knownSince: token.knownSince,
    normDeadline: normOf(sim, node),
    repeatable: false,
    ...instanceRouting(sim, token, node.milestone),
    take: (milestone, on) => {
      sim.listeners.close(listener, on, milestone.milestoneId);
      const knownSince = Math.max(token.knownSince, Date.parse(milestone.recordedAt));
      token.cause = undefined;
      try {
        sim.applyOutput(node.output, { payload: milestone.payload ?? null }, knownSince);
      } catch (error) {
        return sim.blockByProblem(token, 'FeelEvaluationError', error);
      }
      done(on, knownSince);
    },
  });
  token.onLeave.push((left) => sim.listeners.close(listener, left, 'step ended'));
  return listener;
}

/** The last day the milestone meets the wait's norm, on the facts as they stand; null without a norm. */
function normOf(sim: Simulation, node: MilestoneWaitNode): string | null {
  if (!node.norm) return null;
  try {
    return addToDate(sim.date(node.norm.from), node.norm.within);
  } catch {
    return null;
  }
}

/**
 * In an instance of a repeated step, a wait for a milestone that declares payload.instanceNumber takes
 * only the reports naming its instance; other milestones go to the instance that opened first.
 */
function instanceRouting(sim: Simulation, token: Token, milestone: string): { instance?: number } {
  const instance = token.scope.instance;
  const declares = sim.definition.milestones?.[milestone]?.payload?.[INSTANCE_PAYLOAD_FIELD] !== undefined;
  return instance && declares ? { instance: instance.index } : {};
}

import { addToDate } from '@wegwijs/calendar';
import type { TimerNode, TimerSpec } from '@wegwijs/definitions/runtime';
import type { NodeHandler, Simulation, Token } from '../simulation';
import { factsReadBy } from './facts-read';

/**
 * An intermediate timer: the token goes on at the timer's business date — `duration` after it
 * arrived, or the date the FEEL `date` gives on the facts — or at once when that date had passed
 * before the token got there. Corrected facts move it, because the derivation reads them anew.
 */
export const timerHandler: NodeHandler<TimerNode> = {
  enter(sim, token, node) {
    const due = dueDate(sim, token, node.timer);
    if (due === null) return;
    const on = due < token.since ? token.since : due;
    sim.park(token, 'timer');
    const moment = sim.addMoment(
      { id: `timer:${token.visitKey}`, kind: node.moment ?? 'timer', label: node.name ?? node.id, on, nodeId: node.id, knownSince: knownSinceOf(sim, token, node.timer) },
      () => {
        token.cause = moment.id;
        sim.continueAlong(token, node, on, moment.knownSince);
      },
      sim.whileHere(token),
    );
    token.onLeave.push((left) => sim.cancelMoment(moment, left));
  },
};

/** The date a timer spec gives for a token that arrived on `token.since`; null (and the token blocked) when it cannot be computed. */
export function dueDate(sim: Simulation, token: Token, timer: TimerSpec): string | null {
  try {
    return timer.type === 'duration' ? addToDate(token.since, timer.duration) : sim.date(timer.date);
  } catch (error) {
    sim.blockByProblem(token, 'TimerDateError', error);
    return null;
  }
}

/** When a timer's date became known: when the token arrived, or when the facts it reads last changed. */
export function knownSinceOf(sim: Simulation, token: Token, timer: TimerSpec): number {
  if (timer.type === 'duration') return token.knownSince;
  return Math.max(token.knownSince, ...factsReadBy(sim, timer.date));
}

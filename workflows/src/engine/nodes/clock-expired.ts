/**
 * A legal clock's expiry as an event: a boundary event on a step (`kind: clockExpired`), and an
 * intermediate node that waits for it. Both fall on the day the clock expires as the record has
 * it — extensions and suspensions move that day, a stop dated before it (however late it was
 * recorded) means it never comes — because the derivation reads the whole clock timeline anew
 * (derive.ts `clockExpiries`). What a firing caused is superseded when later input undoes it, as
 * for the clock's warnings. A step entered after its clock expired fires at once.
 */
import type { BoundaryClockExpiredNode, ClockExpiredNode } from '@wegwijs/definitions/runtime';
import type { NodeHandler, Simulation, Token } from '../simulation';

/** Arms a clock-expiry boundary event for the token at its host; it disarms when the token leaves. */
export function armClockExpired(sim: Simulation, token: Token, boundary: BoundaryClockExpiredNode, hostVisit: string, stillHere: () => boolean): void {
  const expiry = sim.clockExpiries.get(boundary.clock);
  if (!expiry) return;
  const on = expiry.on < token.since ? token.since : expiry.on;
  const knownSince = Math.max(token.knownSince, expiry.knownSince);
  const moment = sim.addMoment(
    { id: `${boundary.id}#${hostVisit.split('#')[1]}`, kind: 'clockExpired', label: boundary.name ?? boundary.id, on, nodeId: boundary.id, knownSince },
    () => {
      if (!boundary.interrupting) return sim.startAlong(token.scope, boundary, on, knownSince, moment.id);
      sim.visitedNodes.add(boundary.id);
      token.cause = moment.id;
      sim.continueAlong(token, boundary, on, knownSince);
    },
    stillHere,
  );
  token.onLeave.push((left) => sim.cancelMoment(moment, left));
}

/** Waits until the clock expires; with a clock that stopped (or does not expire), it waits until cancelled. */
export const clockExpiredHandler: NodeHandler<ClockExpiredNode> = {
  enter(sim, token, node) {
    sim.park(token, 'timer');
    const expiry = sim.clockExpiries.get(node.clock);
    if (!expiry) return;
    const on = expiry.on < token.since ? token.since : expiry.on;
    const moment = sim.addMoment(
      { id: `clockExpired:${token.visitKey}`, kind: 'clockExpired', label: node.name ?? node.id, on, nodeId: node.id, knownSince: Math.max(token.knownSince, expiry.knownSince) },
      () => {
        token.cause = moment.id;
        sim.continueAlong(token, node, on, moment.knownSince);
      },
      sim.whileHere(token),
    );
    token.onLeave.push((left) => sim.cancelMoment(moment, left));
  },
};

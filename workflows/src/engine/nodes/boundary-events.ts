/**
 * Boundary events on a step (a task, a wait, a sub-process, a call), armed while a token is at the
 * step. A timer falls `duration` after the token arrived (or on its FEEL date); a milestone is
 * taken like any report. An interrupting event that comes first in business time ends the step and
 * the token leaves along the event's flow; a non-interrupting one starts a token of its own (a
 * repeating reminder fires every `repeat.every`, `repeat.times` times in all, or until the host ends).
 */
import { addToDate } from '@wegwijs/calendar';
import type { BoundaryMilestoneNode, BoundaryTimerNode, CompiledNode } from '@wegwijs/definitions/runtime';
import type { Simulation, Token } from '../simulation';
import { knownSinceOf } from './timer';

/** Arms the step's boundary events for the token now at it; they disarm when it leaves. */
export function armBoundaryEvents(sim: Simulation, token: Token, host: CompiledNode): void {
  const stillHere = sim.whileHere(token);
  const hostVisit = token.visitKey;
  for (const boundaryId of host.boundaryEventIds) {
    const boundary = sim.node(boundaryId);
    if (boundary.kind === 'boundaryTimer') armTimer(sim, token, boundary, hostVisit, stillHere);
    if (boundary.kind === 'boundaryMilestone') armMilestone(sim, token, boundary, hostVisit);
  }
}

function interrupt(sim: Simulation, token: Token, boundary: CompiledNode, on: string, knownSince: number, cause?: string): void {
  sim.visitedNodes.add(boundary.id);
  token.cause = cause;
  sim.continueAlong(token, boundary, on, knownSince);
}

function armTimer(sim: Simulation, token: Token, boundary: BoundaryTimerNode, hostVisit: string, stillHere: () => boolean): void {
  let first: string;
  try {
    first = boundary.timer.type === 'duration' ? addToDate(token.since, boundary.timer.duration) : sim.date(boundary.timer.date);
  } catch (error) {
    return sim.noteProblem(boundary.id, 'TimerDateError', error);
  }
  const knownSince = knownSinceOf(sim, token, boundary.timer);
  const kind = boundary.moment ?? (boundary.interrupting ? 'timeout' : 'reminder');
  const arm = (on: string, firing: number) => {
    const due = on < token.since ? token.since : on;
    const moment = sim.addMoment(
      { id: `${boundary.id}#${hostVisit.split('#')[1]}${boundary.repeat ? `#${firing}` : ''}`, kind, label: boundary.name ?? boundary.id, on: due, nodeId: boundary.id, knownSince },
      () => {
        if (boundary.interrupting) return interrupt(sim, token, boundary, due, knownSince, moment.id);
        sim.startAlong(token.scope, boundary, due, knownSince, moment.id);
        const firings = boundary.repeat?.times ?? null;
        const more = boundary.repeat && (firings === null || firing < firings + (sim.record.repeatsOnceMore ? 1 : 0));
        if (boundary.repeat && more) arm(addToDate(due, boundary.repeat.every), firing + 1);
      },
      stillHere,
    );
    token.onLeave.push((left) => sim.cancelMoment(moment, left));
  };
  arm(first, 1);
}

function armMilestone(sim: Simulation, token: Token, boundary: BoundaryMilestoneNode, hostVisit: string): void {
  const listener = sim.listeners.open({
    key: `${boundary.id}#${hostVisit.split('#')[1]}`,
    kind: 'boundary',
    nodeId: boundary.id,
    milestone: boundary.milestone,
    roles: boundary.roles,
    since: token.since,
    knownSince: token.knownSince,
    normDeadline: null,
    repeatable: !boundary.interrupting,
    take: (milestone, on) => {
      const knownSince = Math.max(token.knownSince, Date.parse(milestone.recordedAt));
      try {
        sim.applyOutput(boundary.output, { payload: milestone.payload ?? null }, knownSince);
      } catch (error) {
        return sim.noteProblem(boundary.id, 'FeelEvaluationError', error);
      }
      if (boundary.interrupting) {
        sim.listeners.close(listener, on, milestone.milestoneId);
        return interrupt(sim, token, boundary, on, knownSince);
      }
      sim.startAlong(token.scope, boundary, on, knownSince);
    },
  });
  token.onLeave.push((left) => sim.listeners.close(listener, left, 'step ended'));
}

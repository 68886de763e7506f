/**
 * Continue-as-new: a long history goes on in a fresh one. The record travels whole, so the next
 * run derives exactly the same trajectory. A move to another definition version continues from a
 * resume point instead — tokens where they stand, facts as they are — because the old version's
 * past cannot be derived on the new one. So does a trajectory that began on the interpreter before
 * business time: its snapshot becomes a record with a resume point.
 */
import { calendarDateInAmsterdam } from '@wegwijs/calendar';
import { evaluateDate } from '@wegwijs/definitions/runtime';
import { canonicalInput, clockTimeline, newRecord, type Derivation, type Performance, type RecordedMilestone, type ResumePoint, type TrajectoryRecord } from '../engine';
import type { TrajectorySnapshot } from '../legacy/legacy-messages';
import { workflowNow, workflowNowIso } from '../workflow-clock';
import type { StartTrajectoryInput } from './trajectory.messages';
import type { TrajectoryRun } from './trajectory.workflow';

/** Kinds of node a token can be re-entered at in a new run without repeating any effect. */
export const RESUMABLE_KINDS: ReadonlySet<string> = new Set(['milestoneWait', 'timer', 'eventBasedGateway']);

/** Whether to continue as new now: the history is long (or a move is due) and the trajectory is quiet. */
export function readyToContinue(run: TrajectoryRun): boolean {
  if (!(run.historyIsLong() || run.pendingMigration) || !run.settled() || run.record.cancellation) return false;
  // A called trajectory runs as a child of this run: it must not be orphaned.
  if (run.effects.inFlight.size > 0) return false;
  if (!run.pendingMigration) return true;
  return run.derivation().tokens.every((token) => token.scope.parent === null && token.scope.id === 'root' && RESUMABLE_KINDS.has(run.definition.nodes[token.nodeId].kind));
}

export function resumePointOf(run: TrajectoryRun, derivation: Derivation): ResumePoint {
  return {
    on: derivation.today,
    at: workflowNowIso(),
    facts: derivation.facts,
    tokens: derivation.tokens.map((token) => ({ nodeId: token.nodeId, since: token.since })),
    visits: derivation.visits,
    joinArrivals: derivation.joinArrivals,
    milestonesBefore: run.record.nextSeq - 1,
  };
}

/**
 * The record of a trajectory that ran on the interpreter before business time, from the snapshot
 * its last run continued with: its milestones (clocks still read them), the warnings it sent as
 * performances (so none is sent twice), and a resume point where its tokens stood.
 */
export function recordFromLegacySnapshot(input: StartTrajectoryInput, snapshot: TrajectorySnapshot): { record: TrajectoryRecord; recordedEvents: string[] } {
  const today = calendarDateInAmsterdam(workflowNow());
  const clockPayloads = [...snapshot.clockMilestones];
  const milestones: RecordedMilestone[] = snapshot.milestonesDone.map((done, index) => {
    const clockIndex = clockPayloads.findIndex((clock) => clock.milestone === done.milestone && clock.on === done.occurredOn);
    const payload = clockIndex >= 0 ? clockPayloads.splice(clockIndex, 1)[0].payload : undefined;
    return { seq: index + 1, milestoneId: done.milestoneId, milestone: done.milestone, occurredOn: done.occurredOn, recordedAt: done.recordedAt, actor: done.actor, ...(payload ? { payload } : {}) };
  });
  const resumeFrom: ResumePoint = {
    on: today,
    at: workflowNowIso(),
    facts: snapshot.facts,
    tokens: snapshot.tokens.map((token) => ({ nodeId: token.nodeId, since: calendarDateInAmsterdam(Date.parse(token.since)) })),
    visits: snapshot.nodeVisits,
    joinArrivals: snapshot.joinArrivals,
    milestonesBefore: milestones.length,
  };
  const record = newRecord({ startedAt: snapshot.startedAt, facts: snapshot.facts, resumeFrom });
  record.milestones.push(...milestones);
  record.nextSeq = milestones.length + 1;
  const recordedEvents = [`${input.trajectoryId}#started`];
  for (const clock of input.definition.legalClocks) {
    recordedEvents.push(`${input.trajectoryId}#clock#${clock.id}#started`);
    let start: string;
    try {
      start = evaluateDate(clock.start, snapshot.facts, input.definition.facts);
    } catch {
      continue;
    }
    const timeline = clockTimeline(clock, start, milestones, { cutAfter: null, startKnownSince: Date.parse(snapshot.startedAt) });
    const notice = (key: string, on: string, input: Record<string, unknown>): Performance => ({ effect: key, generation: 1, on, input: canonicalInput(input), outcome: { kind: 'completed', result: null }, startedAt: resumeFrom.at, settledAt: resumeFrom.at });
    for (const fired of snapshot.clocksFired[clock.id] ?? []) {
      const warning = timeline.warnings.find((candidate) => candidate.offset === fired.before);
      if (!warning) continue;
      if (clock.notifyActivity) record.performances.push(notice(`clock:${clock.id}#warning#${warning.offset}`, warning.on, { clockId: clock.id, kind: 'warning', deadline: warning.deadline, before: warning.offset }));
      recordedEvents.push(`${input.trajectoryId}#clock#${clock.id}#warning#${warning.offset}#${warning.on}`);
    }
    if (snapshot.clocksExpired.includes(clock.id) && timeline.expiry) {
      if (clock.notifyActivity) record.performances.push(notice(`clock:${clock.id}#deadline`, timeline.expiry.on, { clockId: clock.id, kind: 'deadline', deadline: timeline.expiry.deadline, before: null }));
      recordedEvents.push(`${input.trajectoryId}#clock#${clock.id}#deadline#${timeline.expiry.on}`);
    }
  }
  return { record, recordedEvents };
}

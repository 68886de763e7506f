/**
 * What the trajectory can be told, and when it refuses: milestones (an Update that answers, and a
 * Signal for systems), fact corrections, a cancellation, a supervisor's repair of an incident, a
 * move to a newer definition version, and the start's own Update (Update-with-Start). Validators
 * are pure: they derive the trajectory with what is told and refuse with a typed failure that names
 * the field. Accepted input goes into the record; the run loop derives anew, and the Update answers
 * once everything that follows from it on the same day has happened.
 */
import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import type { CompiledDefinition, FactValue } from '@wegwijs/definitions/runtime';
import {
  correctedFacts,
  correctionProblems,
  derive,
  FactCorrectionRejection,
  incidentIdOf,
  MilestoneRejection,
  placeMilestone,
  RepairRejection,
  scheduleOf,
  type Derivation,
  type RecordedMilestone,
  type Refusal,
  type TrajectoryRecord,
} from '../engine';
import { workflowNowIso } from '../workflow-clock';
import { resumePointOf, RESUMABLE_KINDS } from './continue-as-new';
import {
  cancelTrajectoryUpdate,
  correctFactsUpdate,
  getTrajectoryStateQuery,
  migrateDefinitionUpdate,
  MigrationRejection,
  milestoneSignal,
  planMigrationQuery,
  recordMilestoneUpdate,
  repairIncidentUpdate,
  startTrajectoryUpdate,
  technicalStallSignal,
  type FactCorrection,
  type IncidentRepair,
  type MigrationPlan,
  type MilestoneSubmission,
  type StartTrajectoryInput,
  type TrajectoryCancellation,
} from './trajectory.messages';
import type { TrajectoryRun } from './trajectory.workflow';

export function registerInbox(run: TrajectoryRun): void {
  const answer = async () => {
    await condition(() => run.settled() || run.status !== 'running');
    return run.state();
  };
  setHandler(getTrajectoryStateQuery, () => run.state());
  setHandler(technicalStallSignal, (report) => {
    if (run.stalls.report(report)) run.changed();
  });
  setHandler(startTrajectoryUpdate, async () => {
    // The start is recorded (so the holder of the case is known), its history applied, and — unless
    // an activity is slow or failing — what was due has run: the answer shows the trajectory caught
    // up, so the milestones a client sends next meet the steps that are open, not a catch-up under way.
    await condition(() => run.startRecorded);
    await condition(() => run.settled() || run.status !== 'running', CATCH_UP_WAIT);
    return run.state();
  });
  setHandler(
    recordMilestoneUpdate,
    async (submission) => {
      accept(run, submission);
      return answer();
    },
    { validator: (submission) => throwIf(milestoneRefusal(run, submission)) },
  );
  setHandler(milestoneSignal, (submission) => {
    // Fire-and-forget senders get no answer; what does not fit has no effect, and the signal stays in the history.
    if (!milestoneRefusal(run, submission)) accept(run, submission);
  });
  setHandler(
    correctFactsUpdate,
    async (correction) => {
      correct(run, correction);
      return answer();
    },
    { validator: (correction) => throwIf(correctionRefusal(run, correction)) },
  );
  setHandler(
    cancelTrajectoryUpdate,
    async (cancellation) => {
      run.record.cancellation = { reason: cancellation.reason, actor: cancellation.actor, occurredOn: cancellation.occurredOn ?? run.today(), recordedAt: workflowNowIso() };
      run.lastInput = 'cancellation';
      run.changed();
      await condition(() => run.status !== 'running');
      return run.state();
    },
    { validator: (cancellation) => throwIf(cancellationRefusal(run, cancellation)) },
  );
  setHandler(
    repairIncidentUpdate,
    async (repair) => {
      run.record.repairs.push({ ...repair, seq: run.record.nextSeq++, recordedAt: workflowNowIso() });
      run.lastInput = `repair:${repair.incidentId}`;
      run.changed();
      return answer();
    },
    { validator: (repair) => throwIf(repairRefusal(run, repair)) },
  );
  setHandler(planMigrationQuery, (target) => planMigration(run, target));
  setHandler(
    migrateDefinitionUpdate,
    (target) => {
      run.pendingMigration = target;
      run.changed();
      return planMigration(run, target);
    },
    { validator: (target) => throwIf(migrationRefusal(run, target)) },
  );
}

/** The rows of a start history as milestones of the record: each taken by the first step that waits for it. */
export function historyMilestones(input: StartTrajectoryInput, record: TrajectoryRecord): RecordedMilestone[] {
  return (input.history ?? []).map((row, index) => ({
    seq: record.nextSeq++,
    milestoneId: row.milestoneId ?? `${input.trajectoryId}#history#${index + 1}`,
    milestone: row.milestone,
    occurredOn: row.occurredOn,
    recordedAt: record.startedAt,
    actor: input.startedBy,
    ...(row.payload ? { payload: row.payload } : {}),
    fromHistory: true,
  }));
}

/** How long the answer to a start waits for the catch-up; a slower one goes on after it (a technical stall shows why). */
const CATCH_UP_WAIT = '5 seconds';

function throwIf(refusal: Refusal | undefined): void {
  if (refusal) {
    throw ApplicationFailure.create({ type: refusal.type, message: refusal.message, nonRetryable: true, details: [{ fields: refusal.fields ?? [], expected: refusal.expected ?? [] }] });
  }
}

function ended(run: TrajectoryRun): Refusal | undefined {
  if (run.status === 'running' && !run.record.cancellation && !run.derivation().ended) return undefined;
  return { type: MilestoneRejection.trajectoryEnded, message: `The trajectory has ended (${run.record.cancellation ? 'cancelled' : (run.derivation().ended?.kind ?? run.status)})` };
}

/** A report is refused when the trajectory has closed, its id was used for another report, or it fits nowhere. */
function milestoneRefusal(run: TrajectoryRun, submission: MilestoneSubmission): Refusal | undefined {
  const known = run.record.milestones.find((milestone) => milestone.milestoneId === submission.milestoneId);
  if (known) {
    const same = known.milestone === submission.milestone && known.occurredOn === (submission.occurredOn ?? known.occurredOn) && JSON.stringify(known.payload ?? {}) === JSON.stringify(submission.payload ?? {});
    return same ? undefined : { type: MilestoneRejection.idempotencyKeyReused, message: `Report ${submission.milestoneId} was already recorded with another body` };
  }
  // Within its correction period a completed trajectory still takes late input.
  const closed = run.status !== 'running' || run.record.cancellation;
  if (closed) return ended(run);
  const placed = placeMilestone(run.definition, run.record, run.today(), { ...submission, occurredOn: submission.occurredOn ?? run.today() }, run.derivation());
  return 'refusal' in placed ? placed.refusal : undefined;
}

/**
 * Records a report that `milestoneRefusal` let through, in the same activation (the Update's
 * validator, or the Signal handler just before): placing it again would derive the trajectory once
 * more for the same answer. A replay runs no validators, and needs none: a refused Update never
 * reaches its handler, then or now.
 */
function accept(run: TrajectoryRun, submission: MilestoneSubmission): void {
  if (run.record.milestones.some((milestone) => milestone.milestoneId === submission.milestoneId)) return;
  const report = { ...submission, occurredOn: submission.occurredOn ?? run.today() };
  run.record.milestones.push({
    seq: run.record.nextSeq++,
    milestoneId: report.milestoneId,
    milestone: report.milestone,
    occurredOn: report.occurredOn,
    recordedAt: workflowNowIso(),
    actor: report.actor,
    ...(report.payload ? { payload: report.payload } : {}),
  });
  run.lastInput = `milestone:${report.milestoneId}`;
  run.changed();
}

function correctionRefusal(run: TrajectoryRun, correction: FactCorrection): Refusal | undefined {
  if (run.status !== 'running' || run.record.cancellation) return ended(run);
  if (!correction.reason?.trim()) return { type: FactCorrectionRejection.missingReason, message: 'A correction needs a reason', fields: [{ field: 'reason', message: 'is required' }] };
  const problems = correctionProblems(run.definition, correctedFacts(run.record), correction.facts, run.today());
  if (problems.length === 0) return displacingCorrection(run, correction);
  const unknown = problems.some((problem) => problem.message.startsWith('definition '));
  return {
    type: unknown ? FactCorrectionRejection.unknownFact : FactCorrectionRejection.invalidFactValue,
    message: problems.map((problem) => `Fact '${problem.field}' ${problem.message}`).join('; '),
    fields: problems.map((problem) => ({ field: `facts.${problem.field}`, message: problem.message })),
  };
}

/**
 * A correction that would leave recorded milestones without their step — dated before the
 * corrected housing date, say — is refused: the milestones or the correction are wrong, and a
 * person has to say which.
 */
function displacingCorrection(run: TrajectoryRun, correction: FactCorrection): Refusal | undefined {
  const today = run.today();
  const entry = { seq: run.record.nextSeq, facts: correction.facts, reason: correction.reason, actor: correction.actor, recordedAt: workflowNowIso(), changes: {}, moved: [] };
  const before = derive(run.definition, run.record, today, { speculation: 'previous' });
  const after = derive(run.definition, { ...run.record, corrections: [...run.record.corrections, entry] }, today, { speculation: 'previous' });
  const lost = run.record.milestones.filter((milestone) => before.taken.has(milestone.milestoneId) && !after.taken.has(milestone.milestoneId));
  if (lost.length === 0) return undefined;
  const fields = Object.keys(correction.facts).map((name) => ({ field: `facts.${name}`, message: `would leave ${lost.map((milestone) => `${milestone.milestone} (${milestone.occurredOn})`).join(', ')} without its step; correct those first or choose another value` }));
  return { type: FactCorrectionRejection.invalidFactValue, message: `The correction would leave ${lost.length} recorded milestone(s) without their step`, fields };
}

/** Records the correction with what it changed and which dated moments it moved. */
function correct(run: TrajectoryRun, correction: FactCorrection): void {
  const before = correctedFacts(run.record);
  const changes: Record<string, { from: FactValue | null; to: FactValue }> = {};
  for (const [name, value] of Object.entries(correction.facts)) if (before[name] !== value) changes[name] = { from: before[name] ?? null, to: value };
  if (Object.keys(changes).length === 0) return;
  const today = run.today();
  const entry = { seq: run.record.nextSeq, facts: correction.facts, reason: correction.reason, actor: correction.actor, recordedAt: workflowNowIso(), changes, moved: [] as Array<{ what: string; from: string | null; to: string | null }> };
  const trial: TrajectoryRecord = { ...run.record, corrections: [...run.record.corrections, entry] };
  entry.moved = movedMoments(run, derive(run.definition, run.record, today, { speculation: 'previous' }), derive(run.definition, trial, today, { speculation: 'previous' }), trial);
  run.record.corrections.push(entry);
  run.record.nextSeq++;
  run.lastInput = `correction:${entry.seq}`;
  run.changed();
}

/** The schedule's dates that differ between two derivations, by moment. */
function movedMoments(run: TrajectoryRun, before: Derivation, after: Derivation, afterRecord: TrajectoryRecord): Array<{ what: string; from: string | null; to: string | null }> {
  // By moment: what it is in the definition's words, and the date it falls on before and after. A
  // timer or norm is the same moment whether a token armed it or it is projected ahead of the tokens
  // (the correction may move it from one to the other): it is known by its node and how many of its
  // kind came before it there.
  const dated = (entries: ReturnType<typeof scheduleOf>) => {
    const seen = new Map<string, number>();
    return new Map(
      entries
        .filter((entry) => entry.status === 'due' || entry.status === 'fired' || entry.status === 'late')
        .map((entry) => {
          const moment = entry.nodeId ? `${entry.kind}:${entry.nodeId}` : entry.id;
          const occurrence = (seen.get(moment) ?? 0) + 1;
          seen.set(moment, occurrence);
          return [`${moment}#${occurrence}`, entry] as const;
        }),
    );
  };
  const was = dated(scheduleOf(run.definition, before, run.record));
  const now = dated(scheduleOf(run.definition, after, afterRecord));
  const moved: Array<{ what: string; from: string | null; to: string | null }> = [];
  for (const id of new Set([...was.keys(), ...now.keys()])) {
    const from = was.get(id);
    const to = now.get(id);
    if (from?.date !== to?.date) moved.push({ what: (from ?? to)!.label, from: from?.date ?? null, to: to?.date ?? null });
  }
  return moved;
}

function cancellationRefusal(run: TrajectoryRun, cancellation: TrajectoryCancellation): Refusal | undefined {
  if (run.status !== 'running' || run.record.cancellation) return ended(run);
  if (!cancellation.reason?.trim()) return { type: FactCorrectionRejection.missingReason, message: 'A cancellation needs a reason', fields: [{ field: 'reason', message: 'is required' }] };
  const on = cancellation.occurredOn;
  if (on !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(on) && on <= run.today() && on >= run.derivation().startOn)) {
    return { type: MilestoneRejection.invalidPayload, message: `occurredOn must be a date between ${run.derivation().startOn} and today`, fields: [{ field: 'occurredOn', message: `must be between ${run.derivation().startOn} and ${run.today()}` }] };
  }
  return undefined;
}

function repairRefusal(run: TrajectoryRun, repair: IncidentRepair): Refusal | undefined {
  if (run.status !== 'running' || run.record.cancellation) return ended(run);
  const incident = run.derivation().incidents.find((candidate) => incidentIdOf(candidate.performance) === repair.incidentId);
  if (!incident) return { type: RepairRejection.unknownIncident, message: `No open incident ${repair.incidentId}` };
  if (!repair.reason?.trim()) return { type: FactCorrectionRejection.missingReason, message: 'A repair needs a reason', fields: [{ field: 'reason', message: 'is required' }] };
  if (repair.action === 'skip') {
    const node = run.definition.nodes[incident.nodeId];
    const reads = node.kind === 'serviceTask' ? [...Object.values(node.output).join(' ').matchAll(/\bresult\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]) : [];
    const given = Object.keys(repair.result ?? {});
    const missing = reads.filter((name) => !given.includes(name));
    const extra = given.filter((name) => !reads.includes(name));
    if (missing.length > 0 || extra.length > 0) {
      return {
        type: RepairRejection.invalidSkipResult,
        message: `Skipping ${incident.nodeId} needs exactly the result fields its output reads: ${reads.join(', ') || 'none'}`,
        fields: [...missing.map((name) => ({ field: `result.${name}`, message: 'is required' })), ...extra.map((name) => ({ field: `result.${name}`, message: 'is not read by this step' }))],
      };
    }
  }
  return undefined;
}

function migrationRefusal(run: TrajectoryRun, target: CompiledDefinition): Refusal | undefined {
  if (run.status !== 'running' || run.record.cancellation) return ended(run);
  if (target.key !== run.definition.key) return { type: MigrationRejection.otherDefinition, message: `Definition ${target.key} is not ${run.definition.key}` };
  if (target.version <= run.definition.version) return { type: MigrationRejection.notNewer, message: `Version ${target.version} is not newer than ${run.definition.version}` };
  const plan = planMigration(run, target);
  if (!plan.movable) return { type: MigrationRejection.notMovable, message: `Cannot move to version ${target.version}: ${plan.blockers.map((blocker) => `${blocker.nodeId}: ${blocker.reason}`).join('; ')}` };
  return undefined;
}

/** The dry run of a move: which waiting tokens have no place in the target version, and which dates would move. */
export function planMigration(run: TrajectoryRun, target: CompiledDefinition): MigrationPlan {
  const derivation = run.derivation();
  const blockers: Array<{ nodeId: string; reason: string }> = [];
  for (const token of derivation.tokens) {
    const here = run.definition.nodes[token.nodeId];
    const there = target.nodes[token.nodeId];
    if (!there || there.kind !== here.kind) blockers.push({ nodeId: token.nodeId, reason: there ? `is a ${there.kind} in version ${target.version}, not a ${here.kind}` : `does not exist in version ${target.version}` });
    else if (token.scope.id !== 'root' || !RESUMABLE_KINDS.has(here.kind)) blockers.push({ nodeId: token.nodeId, reason: 'waits inside a sub-process or a step under way; the move happens once it waits at the top level' });
  }
  const movable = blockers.every((blocker) => blocker.reason.startsWith('waits inside'));
  const shifts: Array<{ what: string; from: string | null; to: string | null }> = [];
  {
    // Tokens with no place in the target are left out: the dates that would move are still worth knowing.
    const resume = resumePointOf(run, derivation);
    const moved: TrajectoryRecord = { ...run.record, resumeFrom: { ...resume, tokens: resume.tokens.filter((token) => target.nodes[token.nodeId]?.kind === run.definition.nodes[token.nodeId].kind) } };
    const after = derive(target, moved, derivation.today, { speculation: 'previous' });
    const datesOf = (d: Derivation) => {
      const dates = new Map<string, string>();
      for (const clock of d.clocks) {
        dates.set(`deadline of ${clock.clock.id}`, clock.timeline.deadline);
        for (const warning of clock.timeline.warnings) dates.set(`${warning.offset} warning of ${clock.clock.id}`, warning.on);
      }
      for (const listener of d.listeners) if (listener.closedOn === null && listener.normDeadline) dates.set(`norm of ${listener.nodeId}`, listener.normDeadline);
      for (const moment of d.moments) if (moment.state === 'armed') dates.set(`timer ${moment.nodeId}`, moment.on);
      return dates;
    };
    const was = datesOf(derivation);
    const will = datesOf(after);
    for (const what of new Set([...was.keys(), ...will.keys()])) if (was.get(what) !== will.get(what)) shifts.push({ what, from: was.get(what) ?? null, to: will.get(what) ?? null });
  }
  return {
    trajectoryId: run.input.trajectoryId,
    from: { key: run.definition.key, version: run.definition.version },
    to: { key: target.key, version: target.version },
    movable,
    blockers,
    shifts,
  };
}


/**
 * Where a reported milestone belongs, decided when it is reported: the step that was open on its
 * business date (or, dated before the step opened, the step open now), and the legal clocks that
 * listen to it and were running that day. A milestone that fits nowhere is refused with what is
 * expected instead; one dated in the future, before the trajectory's own start facts allow, or with
 * a payload its schema does not declare, is refused naming the field. Pure: it derives the
 * trajectory with and without the milestone.
 *
 *   const placed = placeMilestone(definition, record, '2021-09-01', report);
 *   if ('refusal' in placed) throw …; else record.milestones.push({ ...report, listener: placed.listener, … });
 */
import { isValidCalendarDate } from '@wegwijs/calendar';
import { evaluateDate, type CompiledDefinition, type FactValue } from '@wegwijs/definitions/runtime';
import { MILESTONE_CAPABILITIES, milestonePayloadProblems, type EventActor, type MilestonePayloadSchema } from '@wegwijs/domain';
import { clockMilestoneNames, clockTimeline } from './clocks';
import { derive, type Derivation } from './derive';
import { correctedFacts, type RecordedMilestone, type TrajectoryRecord } from './record';
import { MilestoneRejection, refusal, type Refusal } from './refusals';

export interface MilestoneReport {
  readonly milestone: string;
  readonly milestoneId: string;
  readonly occurredOn: string;
  readonly actor: EventActor;
  readonly payload?: Readonly<Record<string, FactValue>>;
}

export type Placement = { readonly listener?: string; readonly clocks: readonly string[]; readonly derivation: Derivation } | { readonly refusal: Refusal };

/** The payload schema of a milestone (the shared catalogue). */
export function milestoneSchemaOf(_definition: CompiledDefinition, milestone: string): MilestonePayloadSchema | undefined {
  return MILESTONE_CAPABILITIES[milestone]?.payload;
}

/** Whether the definition listens to the milestone anywhere (a step, a boundary event, a clock). */
export function definitionKnowsMilestone(definition: CompiledDefinition, milestone: string): boolean {
  const inNodes = Object.values(definition.nodes).some((node) => (node.kind === 'milestoneWait' || node.kind === 'boundaryMilestone') && node.milestone === milestone);
  return inNodes || definition.legalClocks.some((clock) => clockMilestoneNames(clock).includes(milestone));
}

/** Checks that depend on the report alone: known, payload, date. */
export function reportProblem(definition: CompiledDefinition, report: MilestoneReport, today: string): Refusal | undefined {
  if (!definitionKnowsMilestone(definition, report.milestone)) {
    return refusal(MilestoneRejection.unknownMilestone, `Milestone '${report.milestone}' does not occur in definition ${definition.key} v${definition.version}`, { fields: [{ field: 'milestone', message: `'${report.milestone}' is not a milestone of this trajectory` }] });
  }
  const fields = milestonePayloadProblems(milestoneSchemaOf(definition, report.milestone), report.payload);
  if (!isValidCalendarDate(report.occurredOn)) fields.unshift({ field: 'occurredOn', message: 'must be a date YYYY-MM-DD' });
  if (fields.length > 0) return refusal(MilestoneRejection.invalidPayload, `The report of '${report.milestone}' does not fit its schema: ${fields.map((field) => `${field.field} ${field.message}`).join('; ')}`, { fields });
  if (report.occurredOn > today) {
    return refusal(MilestoneRejection.dateInFuture, `occurredOn ${report.occurredOn} lies after today (${today} in Europe/Amsterdam)`, { fields: [{ field: 'occurredOn', message: `must be on or before ${today}` }] });
  }
  return undefined;
}

export function placeMilestone(definition: CompiledDefinition, record: TrajectoryRecord, today: string, report: MilestoneReport, current = derive(definition, record, today)): Placement {
  const problem = reportProblem(definition, report, today);
  if (problem) return { refusal: problem };
  const on = report.occurredOn;
  const candidate = stepFor(current, report.milestone, on);
  const earliest = earliestStepDate(definition, record);
  if (candidate && earliest && on < earliest) {
    return { refusal: refusal(MilestoneRejection.dateTooEarly, `occurredOn ${on} lies before ${earliest}, the earliest date this trajectory's steps can have (${definition.milestonesNotBefore})`, { fields: [{ field: 'occurredOn', message: `must be on or after ${earliest}` }] }) };
  }
  const clockReasons: string[] = [];
  const clocks = definition.legalClocks.filter((clock) => {
    if (!clockMilestoneNames(clock).includes(report.milestone)) return false;
    const derived = current.clocks.find((entry) => entry.clock.id === clock.id);
    if (!derived) return false;
    const trial = clockTimeline(clock, derived.timeline.startDate, [...record.milestones, asRecorded(record, report, undefined)], { cutAfter: null, startKnownSince: 0 });
    const refused = trial.refused.find((entry) => entry.milestoneId === report.milestoneId);
    if (refused) clockReasons.push(`${clock.name}: ${refused.reason}`);
    return !refused;
  });
  if (!candidate && clocks.length === 0) {
    const expected = expectedMilestones(current);
    const why = clockReasons.length ? ` (${clockReasons.join('; ')})` : '';
    return { refusal: refusal(MilestoneRejection.notExpectedNow, `Milestone '${report.milestone}' on ${on} is not expected${why}; expected now: ${expected.join(', ') || 'none'}`, { expected }) };
  }
  if (candidate && candidate.roles.length > 0 && !candidate.roles.includes(report.actor.role)) {
    return { refusal: refusal(MilestoneRejection.roleNotAllowed, `Role '${report.actor.role}' may not report '${report.milestone}'; allowed: ${candidate.roles.join(', ')}`) };
  }
  const trial: TrajectoryRecord = { ...record, milestones: [...record.milestones, asRecorded(record, report, candidate?.key)] };
  const derivation = derive(definition, trial, today);
  if (candidate && !derivation.taken.has(report.milestoneId) && clocks.length === 0) {
    const winner = derivation.listeners.find((listener) => listener.key === candidate.key)?.closedBy;
    return { refusal: refusal(MilestoneRejection.notExpectedNow, `Milestone '${report.milestone}' on ${on} comes too late for its step: it was decided earlier${winner ? ` (${winner})` : ''}`, { expected: expectedMilestones(current) }) };
  }
  return { ...(candidate ? { listener: candidate.key } : {}), clocks: clocks.map((clock) => clock.id), derivation };
}

/** The step for a milestone dated `on`: one that was open that day, else one open now that opened later. */
function stepFor(derivation: Derivation, milestone: string, on: string) {
  const forMilestone = derivation.listeners.filter((listener) => listener.milestone === milestone);
  const openThatDay = forMilestone.filter((listener) => listener.since <= on && (listener.closedOn === null || on < listener.closedOn || (listener.repeatable && on <= listener.closedOn)));
  if (openThatDay.length > 0) return openThatDay.sort((a, b) => (a.since < b.since ? 1 : -1))[0];
  return forMilestone.filter((listener) => listener.closedOn === null && listener.since > on).sort((a, b) => (a.since < b.since ? -1 : 1))[0];
}

/** The earliest business date a step's milestone may carry (`milestonesNotBefore`), if the definition says. */
export function earliestStepDate(definition: CompiledDefinition, record: TrajectoryRecord): string | null {
  if (!definition.milestonesNotBefore) return null;
  try {
    return evaluateDate(definition.milestonesNotBefore, correctedFacts(record), definition.facts);
  } catch {
    return null;
  }
}

/** What can be reported now: the milestones of open steps and of running clocks. */
export function expectedMilestones(derivation: Derivation): string[] {
  const fromSteps = derivation.listeners.filter((listener) => listener.closedOn === null).map((listener) => listener.milestone);
  const fromClocks = derivation.clocks.filter((clock) => clock.status === 'running' || clock.status === 'suspended').flatMap((clock) => clockMilestoneNames(clock.clock));
  return [...new Set([...fromSteps, ...fromClocks])];
}

function asRecorded(record: TrajectoryRecord, report: MilestoneReport, listener: string | undefined): RecordedMilestone {
  return {
    seq: record.nextSeq,
    milestoneId: report.milestoneId,
    milestone: report.milestone,
    occurredOn: report.occurredOn,
    recordedAt: new Date(0).toISOString(),
    actor: report.actor,
    ...(report.payload ? { payload: report.payload } : {}),
    ...(listener ? { listener } : {}),
  };
}

/**
 * Whether a reported milestone fits: a step open on its business date takes it (listeners.ts), or
 * a legal clock that listens to it and was running that day does. A milestone that fits nowhere is refused with what is
 * expected instead; one dated in the future, before the trajectory's own start facts allow, or with
 * a payload its schema does not declare, is refused naming the field. Pure: it derives the
 * trajectory with and without the milestone.
 *
 *   const placed = placeMilestone(definition, record, '2021-09-01', report);
 *   if ('refusal' in placed) throw …; else record.milestones.push({ ...report, seq, recordedAt });
 */
import { isValidCalendarDate } from '@wegwijs/calendar';
import { evaluateDate, INSTANCE_PAYLOAD_FIELD, type CompiledDefinition, type FactValue } from '@wegwijs/definitions/runtime';
import { MILESTONE_CAPABILITIES, milestonePayloadProblems, type EventActor, type MilestoneDescription, type MilestonePayloadSchema } from '@wegwijs/domain';
import { clockMilestoneNames } from './clocks';
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

/** A milestone as the definition knows it: its own declaration (compiled in), else the shared catalogue's. */
export function milestoneDescriptionOf(definition: CompiledDefinition, milestone: string): MilestoneDescription | undefined {
  const own = definition.milestones && Object.prototype.hasOwnProperty.call(definition.milestones, milestone) ? definition.milestones[milestone] : undefined;
  if (own) return { description: own.description, ...(own.roles.length ? { roles: own.roles } : {}), payload: own.payload };
  return MILESTONE_CAPABILITIES[milestone];
}

/** The payload schema of a milestone (the definition's own, or the shared catalogue). */
export function milestoneSchemaOf(definition: CompiledDefinition, milestone: string): MilestonePayloadSchema | undefined {
  return milestoneDescriptionOf(definition, milestone)?.payload;
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
  const earliest = earliestStepDate(definition, record);
  if (definitionListensInSteps(definition, report.milestone) && earliest && on < earliest) {
    return { refusal: refusal(MilestoneRejection.dateTooEarly, `occurredOn ${on} lies before ${earliest}, the earliest date this trajectory's steps can have (${definition.milestonesNotBefore})`, { fields: [{ field: 'occurredOn', message: `must be on or after ${earliest}` }] }) };
  }
  const trial: TrajectoryRecord = { ...record, milestones: [...record.milestones, asRecorded(record, report)] };
  const derivation = derive(definition, trial, today);
  const taken = derivation.taken.get(report.milestoneId);
  const clocks = derivation.clocks.filter(({ timeline }) => timeline.changes.some((change) => change.milestoneId === report.milestoneId));
  if (!taken && clocks.length === 0) return { refusal: notTaken(current, report, derivation) };
  if (taken && taken.listener.roles.length > 0 && !taken.listener.roles.includes(report.actor.role)) {
    return { refusal: refusal(MilestoneRejection.roleNotAllowed, `Role '${report.actor.role}' may not report '${report.milestone}'; allowed: ${taken.listener.roles.join(', ')}`) };
  }
  return { ...(taken ? { listener: taken.listener.key } : {}), clocks: clocks.map(({ clock }) => clock.id), derivation };
}

/** Why a milestone fits nowhere on its date, in words a klantmanager can act on. */
function notTaken(current: Derivation, report: MilestoneReport, trial: Derivation): Refusal {
  const on = report.occurredOn;
  const expected = expectedMilestones(current);
  const named = report.payload?.[INSTANCE_PAYLOAD_FIELD];
  const laterStep = current.listeners.find((listener) => listener.milestone === report.milestone && listener.closedOn === null && listener.since > on && (listener.instance === undefined || listener.instance === named));
  if (laterStep) {
    return refusal(MilestoneRejection.dateTooEarly, `'${report.milestone}' is expected from ${laterStep.since}, when its step began; occurredOn ${on} lies before that`, {
      fields: [{ field: 'occurredOn', message: `must be on or after ${laterStep.since}, when its step began` }],
      expected,
    });
  }
  const decided = trial.listeners.find((listener) => listener.milestone === report.milestone && listener.since <= on && listener.closedOn !== null && listener.closedOn <= on);
  const clockReasons = trial.clocks.flatMap(({ clock, timeline }) => timeline.refused.filter((refused) => refused.milestoneId === report.milestoneId).map((refused) => `${clock.name}: ${refused.reason}`));
  const why = clockReasons.length ? ` (${clockReasons.join('; ')})` : decided ? ` (its step was decided on ${decided.closedOn}${decided.closedBy ? ` by ${decided.closedBy}` : ''})` : '';
  return refusal(MilestoneRejection.notExpectedNow, `Milestone '${report.milestone}' on ${on} is not expected${why}; expected now: ${expected.join(', ') || 'none'}`, { expected });
}

function definitionListensInSteps(definition: CompiledDefinition, milestone: string): boolean {
  return Object.values(definition.nodes).some((node) => (node.kind === 'milestoneWait' || node.kind === 'boundaryMilestone') && node.milestone === milestone);
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

function asRecorded(record: TrajectoryRecord, report: MilestoneReport): RecordedMilestone {
  return {
    seq: record.nextSeq,
    milestoneId: report.milestoneId,
    milestone: report.milestone,
    occurredOn: report.occurredOn,
    recordedAt: new Date(0).toISOString(),
    actor: report.actor,
    ...(report.payload ? { payload: report.payload } : {}),
  };
}

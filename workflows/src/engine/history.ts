/**
 * Bringing in a case that started before Wegwijs: its facts and the milestones that already
 * happened. `historyProblems` refuses rows that could never fit — unknown milestones, payloads
 * outside their schema, dates in the future or before the trajectory's own start facts allow —
 * naming the row; `planStart` is the dry run: the trajectory derived as it would start, with
 * every activity assumed to complete, so a municipality sees each case's deadlines, what would go
 * out at once, and which rows no step would take, before anything is started.
 *
 *   const plan = planStart(definition, facts, history, '2026-12-04');
 *   plan.dueNow;     // what would run at once: reminders, warnings, tasks whose day has passed
 *   plan.unplaced;   // rows no step takes, with why
 */
import { evaluateDate, type CompiledDefinition, type Facts, type FactValue } from '@wegwijs/definitions/runtime';
import { clockMilestoneNames } from './clocks';
import { derive } from './derive';
import { reportProblem } from './placement';
import { newRecord, type RecordedMilestone } from './record';
import type { FieldProblem } from './refusals';
import { scheduleOf, type ScheduleEntry } from './schedule';
import { derivedStateView } from './views';

export interface HistoryInput {
  readonly milestone: string;
  readonly occurredOn: string;
  readonly payload?: Readonly<Record<string, FactValue>>;
}

/** Problems of each row on its own, as fields `history[<i>].<field>`. */
export function historyProblems(definition: CompiledDefinition, facts: Facts, rows: readonly HistoryInput[], today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const earliest = dateOrNull(definition.milestonesNotBefore, facts, definition);
  rows.forEach((row, index) => {
    const at = (field: string) => `history[${index}].${field}`;
    const refusal = reportProblem(definition, { ...row, milestoneId: `row-${index}`, actor: { role: 'system', id: 'import' } }, today);
    if (refusal) {
      for (const field of refusal.fields ?? [{ field: 'milestone', message: refusal.message }]) problems.push({ field: at(field.field), message: field.message });
      return;
    }
    const clocks = definition.legalClocks.filter((clock) => clockMilestoneNames(clock).includes(row.milestone));
    const onlyClocks = clocks.length > 0 && !Object.values(definition.nodes).some((node) => (node.kind === 'milestoneWait' || node.kind === 'boundaryMilestone') && node.milestone === row.milestone);
    const bound = onlyClocks ? clocks.map((clock) => dateOrNull(clock.start, facts, definition)).filter((day): day is string => day !== null).sort()[0] ?? null : earliest;
    if (bound && row.occurredOn < bound) problems.push({ field: at('occurredOn'), message: `must be on or after ${bound}` });
  });
  return problems;
}

export interface StartPlan {
  /** The schedule as the trajectory would have it once started. */
  readonly schedule: readonly ScheduleEntry[];
  /** Side effects whose day has passed: they would run at once. */
  readonly dueNow: ReadonlyArray<{ readonly what: string; readonly on: string; readonly late: boolean }>;
  /** Rows no step of the trajectory would take. */
  readonly unplaced: ReadonlyArray<{ readonly row: number; readonly milestone: string; readonly occurredOn: string; readonly reason: string }>;
  readonly waitingOn: readonly string[];
  readonly clocks: ReadonlyArray<{ readonly clockId: string; readonly status: string; readonly deadline: string }>;
  /** Where the plan chose a path on an activity result it cannot know (the real start may go another way). */
  readonly assumptions: readonly string[];
}

export function planStart(definition: CompiledDefinition, facts: Facts, rows: readonly HistoryInput[], today: string, startedAt: string): StartPlan {
  const record = newRecord({ startedAt, facts });
  record.milestones.push(
    ...rows.map((row, index): RecordedMilestone => ({ seq: record.nextSeq++, milestoneId: `row-${index}`, milestone: row.milestone, occurredOn: row.occurredOn, recordedAt: startedAt, actor: { role: 'system', id: 'import' }, ...(row.payload ? { payload: row.payload } : {}), fromHistory: true })),
  );
  const derivation = derive(definition, record, today, { speculation: 'all' });
  // Nothing ran before the start: every side effect the dry run assumed performed would run at once.
  const schedule = scheduleOf(definition, derivation, record);
  const labels = new Map(schedule.map((entry) => [entry.id, entry.label]));
  const assumed = [...derivation.assumedPerformed].map(([key, on]) => ({ what: effectLabel(definition, key, labels), on, late: false }));
  const performed = derivation.moments.filter((moment) => moment.state === 'fired').map((moment) => ({ what: moment.label, on: moment.on, late: false }));
  const view = derivedStateView(definition, record, derivation);
  return {
    schedule,
    dueNow: [...performed, ...assumed].sort((a, b) => (a.on < b.on ? -1 : 1)),
    unplaced: view.displacedMilestones.map((displaced) => ({ row: Number(displaced.milestoneId.slice(4)), milestone: displaced.milestone, occurredOn: displaced.occurredOn, reason: displaced.reason })),
    waitingOn: view.waitingOn.map((wait) => wait.milestone),
    clocks: view.clocks.map((clock) => ({ clockId: clock.clockId, status: clock.status, deadline: clock.deadline })),
    // A date computed from an activity's result (the wijkteam's accept-by date) is unknown until it has run.
    assumptions: [...derivation.assumptions, ...derivation.problems.map((problem) => `${problem.nodeId}: not planned on ${problem.on}, ${problem.message}`)],
  };
}

/** What a side effect is, in the words of the schedule or the definition: `Inburgeringstermijn (3 jaar): P12M voor de termijn`, `TVS-profiel ophalen`. */
function effectLabel(definition: CompiledDefinition, key: string, scheduleLabels: ReadonlyMap<string, string>): string {
  const scheduled = scheduleLabels.get(key);
  if (scheduled) return scheduled;
  const nodeId = /^(?:task|cancel):([^#]+)/.exec(key)?.[1];
  const node = nodeId ? definition.nodes[nodeId] : undefined;
  return node?.name ?? nodeId ?? key;
}

function dateOrNull(expression: string | undefined, facts: Facts, definition: CompiledDefinition): string | null {
  if (!expression) return null;
  try {
    return evaluateDate(expression, facts, definition.facts);
  } catch {
    return null;
  }
}

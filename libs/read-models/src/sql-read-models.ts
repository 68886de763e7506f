/**
 * The read models on PostgreSQL: `ReadModels` answered from the rm_* tables the projections
 * keep, with one mapper per row shape. `snapshotReadModels` dumps every row, for the rebuild test.
 *
 *   const summary = await new SqlReadModels(dataSource).trajectorySummary('GM0392.HLM-2019-0042');
 */
import type { DataSource } from 'typeorm';
import type { DeadlineView, HandoverView, TaskView, TrajectorySummaryView } from './read-models.port';
import { ReadModels } from './read-models.port';
import { WEGWIJS_PROJECTIONS } from './projector';

interface SummaryRow {
  trajectory_id: string;
  municipality: string | null;
  definition_key: string | null;
  definition_version: number | null;
  status: TrajectorySummaryView['status'];
  phase: string | null;
  route: string | null;
  client_manager_id: string | null;
  waiting_on: string[];
  waiting_since: Date | null;
  next_deadline: string | null;
  started_at: Date | null;
  ended_at: Date | null;
}

const SUMMARY_COLUMNS = `trajectory_id, municipality, definition_key, definition_version, status, phase, route, client_manager_id,
  waiting_on, waiting_since, to_char(next_deadline, 'YYYY-MM-DD') AS next_deadline, started_at, ended_at`;

export class SqlReadModels extends ReadModels {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async trajectorySummary(trajectoryId: string): Promise<TrajectorySummaryView | undefined> {
    const rows: SummaryRow[] = await this.dataSource.query(`SELECT ${SUMMARY_COLUMNS} FROM rm_trajectory_summaries WHERE trajectory_id = $1`, [trajectoryId]);
    return rows.map(toSummaryView)[0];
  }

  async caseload(clientManagerId: string): Promise<TrajectorySummaryView[]> {
    const rows: SummaryRow[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM rm_trajectory_summaries
        WHERE client_manager_id = $1 AND status = 'running' ORDER BY waiting_since NULLS LAST, trajectory_id`,
      [clientManagerId],
    );
    return rows.map(toSummaryView);
  }

  async openTasksOf(assigneeId: string): Promise<TaskView[]> {
    const rows = await this.dataSource.query(
      `SELECT task_id, trajectory_id, title, assignee_id, team, to_char(due_on, 'YYYY-MM-DD') AS due_on, status FROM rm_tasks
        WHERE assignee_id = $1 AND status = 'open' ORDER BY due_on NULLS LAST, task_id`,
      [assigneeId],
    );
    return rows.map(
      (row: Record<string, string | null>): TaskView => ({
        taskId: row.task_id!,
        trajectoryId: row.trajectory_id!,
        title: row.title!,
        assigneeId: row.assignee_id,
        team: row.team,
        dueOn: row.due_on,
        status: row.status as TaskView['status'],
      }),
    );
  }

  async deadlineCalendar(clientManagerId: string, range: { until: string }): Promise<DeadlineView[]> {
    const rows = await this.dataSource.query(
      `SELECT d.trajectory_id, d.kind, d.name, to_char(d.due_on, 'YYYY-MM-DD') AS due_on, d.suspended, o.client_manager_id, o.municipality
         FROM rm_deadlines d JOIN rm_deadline_owners o USING (trajectory_id)
        WHERE o.client_manager_id = $1 AND d.due_on <= $2 AND NOT d.suspended
        ORDER BY d.due_on, d.trajectory_id, d.deadline_key`,
      [clientManagerId, range.until],
    );
    return rows.map(
      (row: Record<string, string | boolean | null>): DeadlineView => ({
        trajectoryId: row.trajectory_id as string,
        kind: row.kind as DeadlineView['kind'],
        name: row.name as string,
        dueOn: row.due_on as string,
        suspended: row.suspended as boolean,
        clientManagerId: row.client_manager_id as string | null,
        municipality: row.municipality as string | null,
      }),
    );
  }

  async pendingHandovers(municipality: string): Promise<HandoverView[]> {
    const rows = await this.dataSource.query(
      `SELECT * FROM rm_handovers WHERE done_on IS NULL AND trajectory_id LIKE $1 ORDER BY pending_since, trajectory_id`,
      [`${municipality}.%`],
    );
    return rows.map(toHandoverView);
  }

  async handoversOf(trajectoryId: string): Promise<HandoverView[]> {
    const rows = await this.dataSource.query(
      `SELECT * FROM rm_handovers WHERE trajectory_id = $1 ORDER BY coalesce(done_on, pending_since::date), handover_key`,
      [trajectoryId],
    );
    return rows.map(toHandoverView);
  }
}

function toSummaryView(row: SummaryRow): TrajectorySummaryView {
  return {
    trajectoryId: row.trajectory_id,
    municipality: row.municipality,
    definitionKey: row.definition_key,
    definitionVersion: row.definition_version,
    status: row.status,
    phase: row.phase,
    route: row.route,
    clientManagerId: row.client_manager_id,
    waitingOn: row.waiting_on,
    waitingSince: row.waiting_since ? new Date(row.waiting_since).toISOString() : null,
    nextDeadline: row.next_deadline,
    startedAt: row.started_at ? new Date(row.started_at).toISOString() : null,
    endedAt: row.ended_at ? new Date(row.ended_at).toISOString() : null,
  };
}

function toHandoverView(row: Record<string, unknown>): HandoverView {
  return {
    trajectoryId: row.trajectory_id as string,
    kind: row.kind as string,
    from: row.from_party as string,
    to: row.to_party as string,
    pendingSince: row.pending_since ? new Date(row.pending_since as string).toISOString() : null,
    dueOn: row.due_on ? toIsoDate(row.due_on) : null,
    doneOn: row.done_on ? toIsoDate(row.done_on) : null,
  };
}

/** `pg` returns `date` columns as local-midnight Dates; read the calendar date back from its parts. */
function toIsoDate(value: unknown): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const date = value as Date;
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/**
 * Every row of every read model table, as JSON text sorted: equal snapshots mean equal read
 * models. `trajectoryIdPrefix` limits it to some trajectories (tests sharing a database).
 */
export async function snapshotReadModels(dataSource: DataSource, trajectoryIdPrefix = ''): Promise<Record<string, string[]>> {
  const snapshot: Record<string, string[]> = {};
  for (const table of WEGWIJS_PROJECTIONS.flatMap((projection) => projection.tables)) {
    const rows: Array<{ row: string }> = await dataSource.query(`SELECT row_to_json(t)::text AS row FROM ${table} t WHERE trajectory_id LIKE $1`, [
      `${trajectoryIdPrefix.replace(/[\\%_]/g, (character) => `\\${character}`)}%`,
    ]);
    snapshot[table] = rows.map(({ row }) => row).sort();
  }
  return snapshot;
}

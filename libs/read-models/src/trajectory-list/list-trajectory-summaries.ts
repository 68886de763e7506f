/**
 * Lists trajectories from the summary read model (rm_trajectory_summaries), filtered and in a
 * stable order — by trajectory id — a page at a time with a keyset cursor, so a page never
 * repeats or skips a row because others changed meanwhile. Rows hold ids, codes, phase and
 * dates only: no personal data.
 *
 *   const page = await listTrajectorySummaries(dataSource, { municipalities: ['GM0392'], overdue: true, today: '2019-10-01', limit: 50 });
 *   page.items;     // up to 50 summaries
 *   page.hasMore;   // ask again with after: page.items.at(-1).trajectoryId
 */
import type { DataSource } from 'typeorm';
import type { TrajectoryStatus } from '../projections/trajectory-summary.projection';

export interface TrajectoryListQuery {
  /** The municipalities (CBS codes) to list; the caller's scope. Empty lists nothing. */
  readonly municipalities: readonly string[];
  readonly clientManagerId?: string;
  /** The phase as the summary names it, e.g. 'brede intake'. */
  readonly phase?: string;
  /** A milestone the trajectory waits on, e.g. 'intake.noaAssessmentDone'. */
  readonly waitingOn?: string;
  readonly status?: TrajectoryStatus;
  /** Overdue: its next deadline (a norm or a legal clock) lies before `today`. */
  readonly overdue?: boolean;
  /** Today in Europe/Amsterdam (YYYY-MM-DD), what `overdue` compares with. */
  readonly today: string;
  /** Only trajectories whose id sorts after this one (the previous page's last). */
  readonly after?: string;
  readonly limit: number;
}

export interface TrajectoryListItem {
  readonly trajectoryId: string;
  readonly municipality: string | null;
  readonly definitionKey: string | null;
  readonly definitionVersion: number | null;
  readonly status: TrajectoryStatus;
  readonly phase: string | null;
  readonly clientManagerId: string | null;
  readonly waitingOn: readonly string[];
  /** ISO instant the longest open wait began. */
  readonly waitingSince: string | null;
  /** YYYY-MM-DD: the earliest norm deadline of an open wait or deadline of a running legal clock. */
  readonly nextDeadline: string | null;
  readonly overdue: boolean;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
}

export interface TrajectoryListPage {
  readonly items: readonly TrajectoryListItem[];
  /** More rows match after the last item. */
  readonly hasMore: boolean;
}

interface ListRow {
  trajectory_id: string;
  municipality: string | null;
  definition_key: string | null;
  definition_version: number | null;
  status: TrajectoryStatus;
  phase: string | null;
  client_manager_id: string | null;
  waiting_on: string[];
  waiting_since: Date | null;
  next_deadline: string | null;
  started_at: Date | null;
  ended_at: Date | null;
}

export async function listTrajectorySummaries(dataSource: DataSource, query: TrajectoryListQuery): Promise<TrajectoryListPage> {
  const parameters: unknown[] = [];
  const parameter = (value: unknown) => `$${parameters.push(value)}`;
  // Rows written before the projection knew the municipality still have it in their id.
  const conditions = [`coalesce(municipality, split_part(trajectory_id, '.', 1)) = ANY(${parameter([...query.municipalities])}::text[])`];
  if (query.clientManagerId !== undefined) conditions.push(`client_manager_id = ${parameter(query.clientManagerId)}`);
  if (query.phase !== undefined) conditions.push(`phase = ${parameter(query.phase)}`);
  if (query.waitingOn !== undefined) conditions.push(`${parameter(query.waitingOn)} = ANY(waiting_on)`);
  if (query.status !== undefined) conditions.push(`status = ${parameter(query.status)}`);
  if (query.overdue !== undefined) {
    const today = parameter(query.today);
    conditions.push(query.overdue ? `next_deadline < ${today}::date` : `(next_deadline IS NULL OR next_deadline >= ${today}::date)`);
  }
  if (query.after !== undefined) conditions.push(`trajectory_id COLLATE "C" > ${parameter(query.after)}`);
  const rows: ListRow[] = await dataSource.query(
    `SELECT trajectory_id, municipality, definition_key, definition_version, status, phase, client_manager_id, waiting_on, waiting_since,
            to_char(next_deadline, 'YYYY-MM-DD') AS next_deadline, started_at, ended_at
       FROM rm_trajectory_summaries
      WHERE ${conditions.join(' AND ')}
      ORDER BY trajectory_id COLLATE "C"
      LIMIT ${parameter(query.limit + 1)}`,
    parameters,
  );
  return { items: rows.slice(0, query.limit).map((row) => toItem(row, query.today)), hasMore: rows.length > query.limit };
}

function toItem(row: ListRow, today: string): TrajectoryListItem {
  return {
    trajectoryId: row.trajectory_id,
    municipality: row.municipality,
    definitionKey: row.definition_key,
    definitionVersion: row.definition_version,
    status: row.status,
    phase: row.phase,
    clientManagerId: row.client_manager_id,
    waitingOn: row.waiting_on,
    waitingSince: row.waiting_since ? new Date(row.waiting_since).toISOString() : null,
    nextDeadline: row.next_deadline,
    overdue: row.next_deadline !== null && row.next_deadline < today,
    startedAt: row.started_at ? new Date(row.started_at).toISOString() : null,
    endedAt: row.ended_at ? new Date(row.ended_at).toISOString() : null,
  };
}

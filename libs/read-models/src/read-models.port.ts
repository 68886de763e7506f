/**
 * What the API and supervisors' tools ask of the read models. A port, so that callers do not
 * depend on the tables; `SqlReadModels` answers from PostgreSQL.
 *
 *   const readModels: ReadModels = new SqlReadModels(dataSource);
 *   const calendar = await readModels.deadlineCalendar('km-0007', { until: '2019-12-31' });
 */
import type { TrajectorySummary } from './projections/trajectory-summary.projection';

export type TrajectorySummaryView = Omit<TrajectorySummary, 'openWaits' | 'openClocks' | 'lastSequence'>;

export interface TaskView {
  readonly taskId: string;
  readonly trajectoryId: string;
  readonly title: string;
  readonly assigneeId: string | null;
  readonly team: string | null;
  readonly dueOn: string | null;
  readonly status: 'open' | 'completed';
}

export interface DeadlineView {
  readonly trajectoryId: string;
  readonly kind: 'clock' | 'warning' | 'norm' | 'task';
  readonly name: string;
  readonly dueOn: string;
  readonly suspended: boolean;
  readonly clientManagerId: string | null;
  readonly municipality: string | null;
}

export interface HandoverView {
  readonly trajectoryId: string;
  readonly kind: string;
  readonly from: string;
  readonly to: string;
  readonly pendingSince: string | null;
  readonly dueOn: string | null;
  readonly doneOn: string | null;
}

export abstract class ReadModels {
  abstract trajectorySummary(trajectoryId: string): Promise<TrajectorySummaryView | undefined>;
  /** The running trajectories a client manager holds the regie over, longest waiting first. */
  abstract caseload(clientManagerId: string): Promise<TrajectorySummaryView[]>;
  /** Open tasks of one person, earliest due first. */
  abstract openTasksOf(assigneeId: string): Promise<TaskView[]>;
  /** A client manager's deadlines and warnings due up to `until` (YYYY-MM-DD), suspended ones left out. */
  abstract deadlineCalendar(clientManagerId: string, range: { until: string }): Promise<DeadlineView[]>;
  /** Handovers still pending, oldest first. */
  abstract pendingHandovers(municipality: string): Promise<HandoverView[]>;
  abstract handoversOf(trajectoryId: string): Promise<HandoverView[]>;
}

/**
 * The shapes of the API's answers that the pages read. docs/openapi.json describes these answers
 * by example only (no schema), so the generated types stop at `unknown` there; these mirror the
 * read model's list item and the workflow's state view (workflows/src/engine/views.ts).
 */
export interface TrajectoryListItem {
  readonly trajectoryId: string;
  readonly municipality: string;
  readonly definitionKey: string;
  readonly definitionVersion: number;
  readonly status: string;
  readonly phase: string | null;
  readonly clientManagerId: string | null;
  readonly waitingOn: readonly string[];
  readonly waitingSince: string | null;
  readonly nextDeadline: string | null;
  readonly overdue: boolean;
  readonly startedAt: string;
}

export interface TrajectoryPage {
  readonly items: readonly TrajectoryListItem[];
  readonly nextCursor: string | null;
}

export interface PayloadField {
  readonly name: string;
  readonly type: 'date' | 'string' | 'number' | 'boolean' | 'duration';
  readonly required: boolean;
  readonly values?: readonly string[];
  readonly description?: string;
}

export interface ExpectedMilestone {
  readonly milestone: string;
  readonly description: string;
  readonly roles: readonly string[];
  readonly nodeId: string | null;
  readonly clockId: string | null;
  readonly earliestOn: string | null;
  readonly payload: readonly PayloadField[];
}

export interface TrajectoryState {
  readonly trajectoryId: string;
  readonly municipality: string;
  readonly definition: { readonly key: string; readonly version: number };
  readonly status: string;
  readonly startOn: string;
  readonly phase: string | null;
  readonly activeNodes: ReadonlyArray<{ readonly nodeId: string; readonly kind: string; readonly name?: string; readonly since: string }>;
  /** Every node the trajectory has passed through or stands at, in the definition's ids (the BPMN element ids). */
  readonly visitedNodeIds: readonly string[];
  readonly waitingOn: ReadonlyArray<{ readonly milestone: string; readonly since: string; readonly normDeadline: string | null; readonly overdue: boolean }>;
  readonly expectedMilestones: readonly ExpectedMilestone[];
  /** The facts as they stand (after corrections), by name. */
  readonly facts: Readonly<Record<string, string | number | boolean | null>>;
  readonly milestonesDone: ReadonlyArray<{ readonly milestone: string; readonly milestoneId: string; readonly nodeId?: string; readonly occurredOn: string; readonly effectiveOn: string; readonly actor: { readonly role: string; readonly id: string } }>;
  readonly clocks: ReadonlyArray<{
    readonly clockId: string;
    readonly name: string;
    readonly status: string;
    readonly startDate: string;
    readonly deadline: string;
    readonly changes: ReadonlyArray<{ readonly kind?: string; readonly on: string; readonly deadline?: string; readonly legalBasis?: string }>;
  }>;
  readonly schedule: ReadonlyArray<{ readonly id: string; readonly kind: string; readonly label: string; readonly date: string; readonly status: string; readonly outcome?: string }>;
  /** Steps whose activity failed for good: open ones wait for a supervisor's repair. */
  readonly incidents: ReadonlyArray<{
    readonly incidentId: string;
    readonly nodeId: string;
    readonly activity: string;
    readonly errorType: string;
    readonly attempts: number;
    readonly openedOn: string;
    readonly openedAt: string;
    readonly status: 'open' | 'resolved';
  }>;
}

/** GET /trajectories/{id}: the state and the trajectory's recorded events, oldest first. */
export interface TrajectoryView {
  readonly state: TrajectoryState;
  readonly events: ReadonlyArray<{ readonly type: string; readonly sequence: number; readonly recordedAt: string; readonly payload: Readonly<Record<string, unknown>>; readonly actor: { readonly role: string; readonly id: string } }>;
}

/** A `facts.corrected` event's payload (libs/domain trajectory-event-types): what changed, why, and the dated moments it moved. */
export interface FactsCorrected {
  readonly changes: Readonly<Record<string, { readonly from: unknown; readonly to: unknown }>>;
  readonly reason: string;
  readonly moved?: ReadonlyArray<{ readonly what: string; readonly from: string | null; readonly to: string | null }>;
}

/** GET /trajectories/{id}/person (apps/api people PersonView); BSN and birth date are there too, but the pages do not show them. */
export interface PersonRecordView {
  readonly personId: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly language: string;
}

export interface StuckList {
  readonly webUiUrl: string;
  readonly trajectories: ReadonlyArray<{
    readonly trajectoryId: string;
    readonly phase: string | null;
    readonly reason: string;
    readonly failingActivities: readonly string[];
    readonly waitingSince: string | null;
    readonly webUiUrl: string;
  }>;
}

/** GET /supervision/incidents (apps/api/src/supervision/supervision.service.ts OpenIncidents), oldest first. */
export interface IncidentList {
  readonly incidents: ReadonlyArray<{
    readonly trajectoryId: string;
    readonly municipality: string | null;
    readonly incidentId: string;
    readonly nodeId: string;
    readonly activity: string;
    /** The failure's type, never its message (which may name the person). */
    readonly errorType: string;
    readonly attempts: number;
    readonly openedOn: string;
    readonly openedAt: string;
    readonly webUiUrl: string;
  }>;
  readonly truncated: boolean;
}

/** Counts of 1–4 come as the string '<5' (small-number suppression). */
export type ReportCount = number | string;

export interface ReportRow {
  readonly id: string;
  readonly label: string;
  readonly counts: Record<string, ReportCount>;
  readonly total: ReportCount;
}

export interface ReportSection {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly rows: readonly ReportRow[];
}

/** Per arrival cohort: how many were housed, and per milestone how many reached it and the median days (null under 5). */
export interface ReportCohort {
  readonly cohort: string;
  readonly housed: ReportCount;
  readonly milestones: Record<string, { readonly label: string; readonly reached: ReportCount; readonly medianDays: number | null }>;
}

/** The progress report as the API sends it (libs/read-models SuppressedProgressReport). */
export interface ProgressReport {
  readonly period: { readonly from: string; readonly to: string };
  readonly referenceDate: string;
  readonly municipalities: readonly string[];
  readonly sections: readonly ReportSection[];
  readonly cohortBy: 'quarter' | 'month';
  readonly cohorts: readonly ReportCohort[];
}

/** A task in a work list (libs/domain PersonTask, dates as JSON strings). */
export interface PersonTask {
  readonly taskId: string;
  readonly trajectoryId: string;
  readonly kind: string;
  readonly title: string;
  readonly assignee: { readonly team: string; readonly userId?: string };
  readonly dueOn: string | null;
  /** The milestone completing the task reports; its payload is what the completion asks. */
  readonly completionMilestone: string | null;
  readonly status: 'open' | 'completed';
}

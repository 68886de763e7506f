/**
 * Tasks for people and notifications: the work an activity hands to a klantmanager, a team or a
 * supervisor, and the messages it sends. Shared by the activities (which create them), the API
 * (which lists, completes and reassigns tasks) and the read models. No personal data: a task
 * names the trajectory, never the person.
 *
 *   const task: NewPersonTask = { idempotencyKey, trajectoryId, kind: 'coa.callAboutTvsProfile',
 *     title: 'Bel COA over onvolledig TVS-profiel', assignee: { team: 'klantmanagers' }, dueOn: '2019-09-14',
 *     completionMilestone: 'coa.warmHandoverDone' };
 */

/** The built-in teams a task can be put in front of; a role a definition declares brings its own team (./roles.ts). */
export const TASK_TEAMS = ['klantmanagers', 'schulddienstverlening', 'vluchtelingenwerk', 'wijkteam', 'supervisors'] as const;
/** A built-in team or a declared role's team; a task may also name one person in the team. */
export type TaskTeam = (typeof TASK_TEAMS)[number] | (string & NonNullable<unknown>);

export const TASK_STATUSES = ['open', 'completed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Who a task waits on: a team, and within it optionally one pseudonymous user id. */
export interface TaskAssignee {
  readonly team: TaskTeam;
  readonly userId?: string;
}

/** A task as an activity asks for it. */
export interface NewPersonTask {
  /** Unique across all tasks: the activity's idempotency key (plus a suffix), so a retry creates nothing twice. */
  readonly idempotencyKey: string;
  readonly trajectoryId: string;
  /** Stable machine name, e.g. `basis.applyLivingAllowance`; projections group by it. */
  readonly kind: string;
  /** Dutch, for the work list; never holds personal data. */
  readonly title: string;
  readonly assignee: TaskAssignee;
  /** YYYY-MM-DD in Europe/Amsterdam, or null when the task has no term. */
  readonly dueOn: string | null;
  /**
   * The milestone the API sends to the trajectory when the task is completed (payload = the
   * completion's outcome), so that a definition waiting on it wakes up; null for tasks that wake
   * nothing (e.g. an escalation the supervisor handles outside the trajectory).
   */
  readonly completionMilestone: string | null;
  /**
   * For the task of one instance of a repeated step (a multi-instance or recurring human task):
   * which one (1, 2, …). Completing the task reports it as the milestone's payload.instanceNumber,
   * so the person completing it need not know. Absent or null for every other task.
   */
  readonly instanceNumber?: number | null;
}

/** A task as stored. */
export interface PersonTask extends NewPersonTask {
  readonly taskId: string;
  readonly status: TaskStatus;
  readonly createdAt: Date;
  readonly completedAt: Date | null;
  /** Pseudonymous user id of whoever completed it. */
  readonly completedBy: string | null;
  /** Answers given at completion (e.g. `{ followUp: 'budgetCoach' }`), passed on as the milestone payload. */
  readonly outcome: Readonly<Record<string, string | number | boolean | null>> | null;
}

/** Who a notification goes to. The address is looked up at delivery time, never stored with the message. */
export const NOTIFICATION_AUDIENCES = ['person', 'klantmanager', 'vluchtelingenwerk', 'wijkteam', 'taalschool', 'supervisor'] as const;
export type NotificationAudience = (typeof NOTIFICATION_AUDIENCES)[number];

/** An e-mail to send once: written to the outbox with the event that causes it. */
export interface NewNotification {
  /** Unique per recipient: the cause's idempotency key plus the audience, so a retry queues nothing twice. */
  readonly messageKey: string;
  readonly trajectoryId: string;
  readonly audience: NotificationAudience;
  /** Template language actually used (`nl`, `en`, `ar`, `ti`, …). */
  readonly language: string;
  readonly subject: string;
  /** Plain text; rendered from templates that hold no personal data. */
  readonly body: string;
}

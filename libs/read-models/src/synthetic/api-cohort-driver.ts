/**
 * Drives a synthetic person's history through the real API: starts the trajectory with the
 * Haarlem definition, then answers whatever milestone the workflow waits on — from the person's
 * planned history (date and payload), or with a plain default for the arrangements the plan does
 * not spell out (living allowance, consent, participatieverklaring, …) — until nothing left is
 * answerable. Milestones the definition does not know (the assumed `work.*` steps) stay unsent,
 * and so do those whose date lies after `until`. No real people: everything comes from the
 * synthetic cohort.
 *
 *   const driven = await driveThroughApi(history, { baseUrl: 'http://127.0.0.1:3000', until: '2019-03-31' });
 *   driven.sent; // ['coa.warmHandoverDone', 'basis.livingAllowanceArranged', …]
 */
import type { EventActor } from '@wegwijs/domain';
import { subtractDuration } from '../projections/deadline-calendar.projection';
import type { TrajectoryHistory } from './trajectory-history';

export interface ApiDriverOptions {
  readonly baseUrl: string;
  /** Nothing dated after this is reported. */
  readonly until: string;
  readonly definitionKey?: string;
  /** How many times to look again when the workflow waits on nothing answerable yet (activities may be running). */
  readonly idlePolls?: number;
  readonly pollPauseMs?: number;
  /** The Authorization header for an actor of the person's municipality: a token from the test or development identity provider. */
  readonly authorize: (actor: ApiActor) => Record<string, string> | Promise<Record<string, string>>;
}

export interface ApiActor {
  readonly role: EventActor['role'];
  readonly id: string;
  readonly municipalities: readonly string[];
}

export interface DrivenTrajectory {
  readonly trajectoryId: string;
  /** Milestones the API accepted, in order. */
  readonly sent: readonly string[];
  readonly rejected: ReadonlyArray<{ readonly milestone: string; readonly status: number; readonly problem: string }>;
  /** Planned milestones never sent: the workflow did not wait on them (branch not taken, or unknown to the definition). */
  readonly unsent: readonly string[];
}

/** Thrown when the API refuses to start a trajectory. */
export class TrajectoryNotStartedError extends Error {
  constructor(
    readonly trajectoryId: string,
    readonly status: number,
    readonly problem: string,
  ) {
    super(`The API did not start ${trajectoryId}: ${status} ${problem}`);
    this.name = 'TrajectoryNotStartedError';
  }
}

interface PlannedMilestone {
  readonly milestone: string;
  readonly on: string;
  readonly payload?: Record<string, string | number | boolean | null>;
}

/** Arrangements a plan leaves implicit: a default answer, some days after housing. */
const DEFAULT_ANSWERS: Readonly<Record<string, { readonly daysAfterHousing: number; readonly payload?: Record<string, string | boolean> }>> = {
  'basis.livingAllowanceArranged': { daysAfterHousing: 5 },
  'basis.furnishingAllowanceArranged': { daysAfterHousing: 8 },
  'basis.languageSchoolConsentRecorded': { daysAfterHousing: 10, payload: { consent: true } },
  'basis.budgetManagementConsentRecorded': { daysAfterHousing: 12, payload: { consent: false } },
  'finance.followUpDecided': { daysAfterHousing: 200, payload: { followUp: 'none' } },
  'participatieverklaring.completed': { daysAfterHousing: 150 },
  'mindfit.completed': { daysAfterHousing: 190 },
};

const CLOCK_MILESTONES = new Set(['inburgering.diplomaObtained', 'inburgering.exemptionGranted', 'inburgering.extensionGranted']);

export async function driveThroughApi(history: TrajectoryHistory, options: ApiDriverOptions): Promise<DrivenTrajectory> {
  const [municipality, caseReference] = history.trajectoryId.split('.');
  const housingDate = history.events.find((event) => event.type === 'programme.started')?.payload.housingDate as string;
  const plan = plannedMilestones(history).filter((planned) => planned.on <= options.until);
  const clockDeadline = history.events.find((event) => event.type === 'clock.started')?.payload.deadline as string | undefined;
  const route = plan.find((planned) => planned.milestone === 'intake.planAgreed')?.payload?.route;
  const facts = {
    housingDate,
    permitGrantedDate: clockDeadline ? subtractDuration(clockDeadline, 'P3Y')! : housingDate,
    age: route === 'onderwijs' ? 22 : 34,
  };
  const headersFor = (role: EventActor['role']) => options.authorize({ role, id: history.events[0].actor.id, municipalities: [municipality] });
  const klantmanager = await headersFor('klantmanager');
  const started = await call(options.baseUrl, 'POST', '/trajectories', klantmanager, { municipality, caseReference, definitionKey: options.definitionKey ?? 'haarlem-statushouders', facts });
  if (started.status !== 201) throw new TrajectoryNotStartedError(history.trajectoryId, started.status, problemOf(started.body));

  const sent: string[] = [];
  const rejected: Array<{ milestone: string; status: number; problem: string }> = [];
  const pending = [...plan];
  let lastDate = housingDate;
  let idle = 0;
  while (idle <= (options.idlePolls ?? 20)) {
    const view = await call(options.baseUrl, 'GET', `/trajectories/${history.trajectoryId}`, klantmanager);
    const state = view.body?.state;
    const answer = firstAnswer(state?.waitingOn ?? [], pending, housingDate, lastDate, options.until);
    if (!answer) {
      if (state?.status && state.status !== 'running') break;
      idle += 1;
      await new Promise((resolve) => setTimeout(resolve, options.pollPauseMs ?? 150));
      continue;
    }
    idle = 0;
    const { milestone, on, payload } = answer.answer;
    const role = answer.wait.roles.includes('klantmanager') ? 'klantmanager' : (answer.wait.roles[0] ?? 'klantmanager');
    const recorded = await recordMilestone(options.baseUrl, history.trajectoryId, await headersFor(role as EventActor['role']), milestone, on, payload, sent.length);
    if (recorded.status === 200) sent.push(milestone);
    else {
      rejected.push({ milestone, status: recorded.status, problem: problemOf(recorded.body) });
      break;
    }
    lastDate = on > lastDate ? on : lastDate;
  }
  // Clock milestones are taken whenever they come, not waited on.
  for (const planned of pending.filter((candidate) => CLOCK_MILESTONES.has(candidate.milestone))) {
    const recorded = await recordMilestone(options.baseUrl, history.trajectoryId, klantmanager, planned.milestone, planned.on, planned.payload, sent.length);
    if (recorded.status === 200) {
      sent.push(planned.milestone);
      pending.splice(pending.indexOf(planned), 1);
    } else rejected.push({ milestone: planned.milestone, status: recorded.status, problem: problemOf(recorded.body) });
  }
  return { trajectoryId: history.trajectoryId, sent, rejected, unsent: pending.map((planned) => planned.milestone) };
}

interface WaitingOn {
  readonly milestone: string;
  readonly roles: readonly string[];
}

interface ApiAnswer {
  readonly status: number;
  readonly body?: {
    readonly type?: string;
    readonly detail?: string;
    readonly state?: { readonly status?: string; readonly waitingOn?: readonly WaitingOn[] };
  };
}

/** The first waited milestone that has an answer; only that one's planned occurrence is used up. */
function firstAnswer(waitingOn: readonly WaitingOn[], pending: PlannedMilestone[], housingDate: string, lastDate: string, until: string) {
  for (const wait of waitingOn) {
    const answer = answerFor(wait.milestone, pending, housingDate, lastDate, until);
    if (answer) return { wait, answer };
  }
  return undefined;
}

function plannedMilestones(history: TrajectoryHistory): PlannedMilestone[] {
  return history.events
    .filter((event) => event.type === 'milestone.recorded')
    .map((event) => ({
      milestone: event.payload.milestone as string,
      on: event.payload.occurredOn as string,
      payload: event.payload.payload as PlannedMilestone['payload'],
    }));
}

/** The planned occurrence of a waited milestone (taken from `pending`), else a default answer, else nothing. */
function answerFor(milestone: string, pending: PlannedMilestone[], housingDate: string, lastDate: string, until: string): PlannedMilestone | undefined {
  const planned = pending.find((candidate) => candidate.milestone === milestone);
  if (planned) {
    pending.splice(pending.indexOf(planned), 1);
    return planned.on < lastDate ? { ...planned, on: lastDate } : planned;
  }
  const fallback = DEFAULT_ANSWERS[milestone];
  if (!fallback) return undefined;
  const byOffset = addDays(housingDate, fallback.daysAfterHousing);
  const on = byOffset < lastDate ? lastDate : byOffset;
  return on <= until ? { milestone, on, ...(fallback.payload ? { payload: fallback.payload } : {}) } : undefined;
}

function recordMilestone(
  baseUrl: string,
  trajectoryId: string,
  headers: Record<string, string>,
  milestone: string,
  occurredOn: string,
  payload: PlannedMilestone['payload'],
  attempt: number,
) {
  return call(baseUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, { ...headers, 'idempotency-key': `${trajectoryId}.${milestone}.${attempt}`.replace(/[^A-Za-z0-9_.:-]/g, '-') }, {
    milestone,
    occurredOn,
    ...(payload ? { payload } : {}),
  });
}

async function call(baseUrl: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<ApiAnswer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

function problemOf(body: ApiAnswer['body']): string {
  return body?.type ? `${body.type}${body.detail ? `: ${body.detail}` : ''}` : JSON.stringify(body);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}


/**
 * Drives synthetic people (no real people: see synthetic-cohort.ts) through the real HTTP API:
 * starts their trajectories on the newest published Haarlem definition, then reports the planned
 * milestones, earliest first, as the workflow comes to wait on them. Every accepted milestone
 * answers with the trajectory's settled state, which says what it waits on next, so after the
 * first wait nothing is polled. Many trajectories run at once, a bounded number at a time.
 *
 *   const people = planSyntheticCohort({ size: 300, seed: 42 });
 *   const run = await driveCohortThroughApi(people, { baseUrl: 'http://127.0.0.1:3000', concurrency: 16, authorize });
 *   run.driven[0].accepted; // [{ milestone: 'coa.warmHandoverDone', on: '2025-09-14' }, …]
 *
 * Planned milestones the workflow never waits on are returned as `neverAwaited`; a refused one
 * (a 4xx problem) ends that trajectory's drive and is returned as `rejected`.
 */
import pLimit from 'p-limit';
import type { ActorRole } from '@wegwijs/domain';
import type { PlannedMilestone, SyntheticPerson } from './synthetic-cohort';

export interface ApiDriverOptions {
  readonly baseUrl: string;
  /** The Authorization header for an actor of the person's municipality: a token from the test or development identity provider. */
  readonly authorize: (actor: ApiActor) => Record<string, string> | Promise<Record<string, string>>;
  /** Default `haarlem-statushouders`: the API starts its newest published version. */
  readonly definitionKey?: string;
  /** How long to wait for a started trajectory to reach its first wait (default 60 s). */
  readonly firstWaitTimeoutMs?: number;
}

/** Who makes a request: a role, a pseudonymous user id and the municipalities they work for. */
export interface ApiActor {
  readonly role: ActorRole;
  readonly id: string;
  readonly municipalities: readonly string[];
}

export interface DrivenTrajectory {
  readonly trajectoryId: string;
  readonly municipality: string;
  /** Milestones the API accepted, in the order sent, with the date and payload sent. */
  readonly accepted: readonly PlannedMilestone[];
  readonly rejected: ReadonlyArray<{ readonly milestone: string; readonly status: number; readonly problem: string }>;
  /** Planned milestones the workflow never waited on. */
  readonly neverAwaited: readonly PlannedMilestone[];
  /** The definition version the API started. */
  readonly definitionVersion: number;
  /** HTTP requests made for this trajectory, looking for its first wait included. */
  readonly requests: number;
}

export interface CohortDriveOptions extends ApiDriverOptions {
  /** Trajectories driven at the same time (default 16). */
  readonly concurrency?: number;
  /** Called after each trajectory, e.g. for progress output. */
  readonly onDriven?: (done: number, total: number) => void;
}

export interface CohortDrive {
  readonly driven: readonly DrivenTrajectory[];
  /** Trajectories that could not be driven (not started, or the API failed), with the reason. */
  readonly failed: ReadonlyArray<{ readonly trajectoryId: string; readonly reason: string }>;
  readonly milliseconds: number;
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

/** Thrown when a started trajectory does not come to wait on anything in time. */
export class FirstWaitTimeoutError extends Error {
  constructor(
    readonly trajectoryId: string,
    readonly waitedMs: number,
  ) {
    super(`${trajectoryId} did not wait on a milestone within ${waitedMs} ms of its start`);
    this.name = 'FirstWaitTimeoutError';
  }
}

/**
 * Drives every person, `concurrency` at a time; a failure of one does not stop the others. Each
 * trajectory is started `concurrency` places ahead of its turn, so that it has reached its first
 * wait by the time it is driven and the driver rarely has to look twice — and so that the worker
 * never faces the first steps of the whole cohort at once.
 */
export async function driveCohortThroughApi(people: readonly SyntheticPerson[], options: CohortDriveOptions): Promise<CohortDrive> {
  const concurrency = options.concurrency ?? 16;
  const limit = pLimit(concurrency);
  const starts = new Map<number, Promise<StartedTrajectory>>();
  const startOf = (index: number) => {
    if (!starts.has(index)) {
      const start = startTrajectory(people[index], options);
      start.catch(() => undefined); // awaited, and its failure reported, when its turn comes
      starts.set(index, start);
    }
    return starts.get(index)!;
  };
  const driven: DrivenTrajectory[] = [];
  const failed: Array<{ trajectoryId: string; reason: string }> = [];
  const started = performance.now();
  await Promise.all(
    people.map((person, index) =>
      limit(async () => {
        if (index + concurrency < people.length) void startOf(index + concurrency);
        try {
          driven.push(await driveStarted(await startOf(index), options));
        } catch (error) {
          failed.push({ trajectoryId: person.trajectoryId, reason: error instanceof Error ? error.message : String(error) });
        }
        options.onDriven?.(driven.length + failed.length, people.length);
      }),
    ),
  );
  return { driven, failed, milliseconds: performance.now() - started };
}

/** Starts one person's trajectory and reports their plan as the workflow asks for it. */
export async function driveThroughApi(person: SyntheticPerson, options: ApiDriverOptions): Promise<DrivenTrajectory> {
  return driveStarted(await startTrajectory(person, options), options);
}

interface StartedTrajectory {
  readonly person: SyntheticPerson;
  readonly api: WegwijsApi;
  readonly definitionVersion: number;
}

async function startTrajectory(person: SyntheticPerson, options: ApiDriverOptions): Promise<StartedTrajectory> {
  const api = new WegwijsApi(options.baseUrl, { id: person.klantmanagerId, municipalities: [person.municipality] }, options.authorize);
  const started = await api.send('POST', '/trajectories', {
    body: { municipality: person.municipality, caseReference: person.caseReference, definitionKey: options.definitionKey ?? 'haarlem-statushouders', facts: person.facts },
  });
  // Sent again after a 503 whose first attempt did start it: it exists, as this client meant.
  if (started.status === 409 && started.attempts > 1 && (started.body as { type?: string } | undefined)?.type === '/problems/trajectory-already-exists') {
    const existing = await api.send('GET', `/trajectories/${person.trajectoryId}`);
    if (existing.status === 200) return { person, api, definitionVersion: (existing.body as { state?: { definition?: { version?: number } } }).state?.definition?.version ?? 0 };
  }
  if (started.status !== 201) throw new TrajectoryNotStartedError(person.trajectoryId, started.status, problemOf(started.body));
  return { person, api, definitionVersion: (started.body as { definition?: { version?: number } }).definition?.version ?? 0 };
}

async function driveStarted({ person, api, definitionVersion }: StartedTrajectory, options: ApiDriverOptions): Promise<DrivenTrajectory> {
  let state = await firstWait(api, person.trajectoryId, options.firstWaitTimeoutMs ?? 60_000);
  const pending = [...person.milestones];
  const accepted: PlannedMilestone[] = [];
  const rejected: Array<{ milestone: string; status: number; problem: string }> = [];
  while (state.status === 'running') {
    // The plan is in date order: the first planned milestone the trajectory listens for now.
    const next = pending.find((planned) => planned.anyTime || state.waitingOn.some((wait) => wait.milestone === planned.milestone));
    if (!next) break;
    pending.splice(pending.indexOf(next), 1);
    const roles = state.waitingOn.find((wait) => wait.milestone === next.milestone)?.roles ?? [];
    // The client manager reports what they may; otherwise the first role the step names does.
    const role = roles.length === 0 || roles.includes('klantmanager') ? 'klantmanager' : roles[0];
    const answer = await api.send('POST', `/trajectories/${person.trajectoryId}/milestones`, {
      role,
      idempotencyKey: `${person.trajectoryId}.${accepted.length}.${next.milestone}`,
      body: { milestone: next.milestone, occurredOn: next.on, ...(next.payload ? { payload: next.payload } : {}) },
    });
    if (answer.status !== 200) {
      rejected.push({ milestone: next.milestone, status: answer.status, problem: problemOf(answer.body) });
      break;
    }
    accepted.push(next);
    state = answer.body as TrajectoryStateAnswer;
  }
  return {
    trajectoryId: person.trajectoryId,
    municipality: person.municipality,
    accepted,
    rejected,
    neverAwaited: rejected.length > 0 ? [] : pending,
    definitionVersion,
    requests: api.requests,
  };
}

interface TrajectoryStateAnswer {
  readonly status: string;
  readonly waitingOn: ReadonlyArray<{ readonly milestone: string; readonly roles: readonly ActorRole[] }>;
}

/**
 * The state once the new trajectory first waits on a milestone. The start answers before the
 * workflow has run its first steps (activities), so this is the one place that looks again, with
 * a short, growing pause.
 */
async function firstWait(api: WegwijsApi, trajectoryId: string, timeoutMs: number): Promise<TrajectoryStateAnswer> {
  const started = performance.now();
  for (let pauseMs = 100; ; pauseMs = Math.min(pauseMs * 2, 1_000)) {
    const view = await api.send('GET', `/trajectories/${trajectoryId}`);
    const state = (view.body as { state?: TrajectoryStateAnswer } | undefined)?.state;
    if (view.status === 200 && state && (state.waitingOn.length > 0 || state.status !== 'running')) return state;
    if (performance.now() - started > timeoutMs) throw new FirstWaitTimeoutError(trajectoryId, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

/** How often a request answered 503 is sent in all. */
const MAX_ATTEMPTS_ON_503 = 4;

/** The Wegwijs HTTP API as one person's case team uses it: the client manager, or whoever a step names. */
class WegwijsApi {
  /** Requests sent so far. */
  requests = 0;
  private readonly headers = new Map<ActorRole, Promise<Record<string, string>>>();

  constructor(
    private readonly baseUrl: string,
    private readonly actor: Omit<ApiActor, 'role'>,
    private readonly authorize: ApiDriverOptions['authorize'],
  ) {}

  /**
   * Sends a request as a real client does: a 503 (no worker answered in time, under load) is sent
   * again after its Retry-After, a few times — the API records a milestone sent again with the same
   * Idempotency-Key once.
   */
  async send(
    method: 'GET' | 'POST',
    path: string,
    request: { readonly body?: unknown; readonly role?: ActorRole; readonly idempotencyKey?: string } = {},
  ): Promise<{ readonly status: number; readonly body: unknown; readonly attempts: number }> {
    for (let attempt = 1; ; attempt++) {
      const answer = await this.sendOnce(method, path, request);
      if (answer.status !== 503 || attempt === MAX_ATTEMPTS_ON_503) return { ...answer, attempts: attempt };
      await new Promise((resolve) => setTimeout(resolve, Math.min(answer.retryAfterSeconds, 10) * 1000));
    }
  }

  private async sendOnce(
    method: 'GET' | 'POST',
    path: string,
    request: { readonly body?: unknown; readonly role?: ActorRole; readonly idempotencyKey?: string },
  ): Promise<{ readonly status: number; readonly body: unknown; readonly retryAfterSeconds: number }> {
    this.requests += 1;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(await this.authorizationFor(request.role ?? 'klantmanager')),
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(request.idempotencyKey ? { 'idempotency-key': request.idempotencyKey.replace(/[^A-Za-z0-9_.:-]/g, '-') } : {}),
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, retryAfterSeconds: Number(response.headers.get('retry-after') ?? 5) || 5 };
  }

  /** Who acts, as the API learns it (one token per role and trajectory). */
  private authorizationFor(role: ActorRole): Promise<Record<string, string>> {
    let headers = this.headers.get(role);
    if (!headers) {
      headers = Promise.resolve(this.authorize({ ...this.actor, role }));
      this.headers.set(role, headers);
    }
    return headers;
  }
}

function problemOf(body: unknown): string {
  const problem = body as { type?: string; detail?: string } | undefined;
  return problem?.type ? `${problem.type}${problem.detail ? `: ${problem.detail}` : ''}` : JSON.stringify(body);
}

/**
 * The trajectory summary: one row per trajectory with what a client manager or supervisor asks
 * first — where is it (phase), what does it wait on and since when, what is the next deadline,
 * who holds the regie, which municipality, which route.
 *
 * The row is folded by `evolveTrajectorySummary`, a pure function, so the rules are testable
 * without a database:
 *   - client manager: the actor of `trajectory.started` when a klantmanager started it, then
 *     `trajectory.reassigned.klantmanagerId`;
 *   - route: `payload.route` of the milestones `intake.planAgreed` and `intake.planRevised`;
 *   - waiting on: every open `trajectory.waiting` until a `milestone.recorded` for its node;
 *   - phase: the phase (by milestone prefix, `PHASES`) of the least advanced open wait;
 *   - next deadline: the earliest of the open waits' norm deadlines and the running legal clocks.
 */
import { municipalityOfTrajectory, type RecordedTrajectoryEvent } from '@wegwijs/domain';
import { START_OF_FEED, type ProjectedEvent } from '../projected-event';
import type { EntityManager } from 'typeorm';
import { payloadString, type Projection } from '../projection';
import { WEGWIJS_UPCASTERS } from '../upcasting/upcaster-registry';

/** The trajectory's parts in the order a person goes through them (Haarlem's programme, §2). */
export const PHASES: ReadonlyArray<readonly [milestonePrefix: string, phase: string]> = [
  ['coa.', 'warme overdracht COA'],
  ['basis.', 'basis op orde'],
  ['intake.', 'brede intake'],
  ['work.', 'route werk'],
  ['education.', 'route onderwijs'],
  ['finance.', 'financieel ontzorgen'],
  ['introduction.', 'introductieprogramma'],
  ['participatieverklaring.', 'participatieverklaring'],
  ['mindfit.', 'Mindfit'],
  ['guidance.', 'overdracht sociaal wijkteam'],
  ['inburgering.', 'inburgering'],
];

export type TrajectoryStatus = 'running' | 'completed' | 'terminated' | 'cancelled';

export interface OpenWait {
  readonly nodeId: string;
  readonly milestone: string;
  /** ISO instant. */
  readonly since: string;
  /** YYYY-MM-DD */
  readonly normDeadline?: string;
}

export interface OpenClock {
  /** YYYY-MM-DD */
  readonly deadline: string;
  readonly suspended: boolean;
  /** Passed its deadline; kept until a stop, or until later input withdraws the expiry. */
  readonly expired?: boolean;
}

export interface TrajectorySummaryState {
  readonly trajectoryId: string;
  readonly municipality: string | null;
  readonly definitionKey: string | null;
  readonly definitionVersion: number | null;
  readonly status: TrajectoryStatus;
  readonly route: string | null;
  readonly clientManagerId: string | null;
  readonly openWaits: readonly OpenWait[];
  readonly openClocks: Readonly<Record<string, OpenClock>>;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly lastSequence: number;
}

export interface TrajectorySummary extends TrajectorySummaryState {
  readonly phase: string | null;
  readonly waitingOn: readonly string[];
  readonly waitingSince: string | null;
  readonly nextDeadline: string | null;
}

export const TRAJECTORY_SUMMARY_EVENTS = [
  'trajectory.started',
  'trajectory.reassigned',
  'trajectory.waiting',
  'milestone.recorded',
  'clock.started',
  'clock.suspended',
  'clock.resumed',
  'clock.extended',
  'clock.stopped',
  'clock.expired',
  'clock.expiryWithdrawn',
  'trajectory.waitEnded',
  'trajectory.completed',
  'trajectory.terminated',
  'trajectory.cancelled',
] as const;

export function emptyTrajectorySummary(trajectoryId: string): TrajectorySummaryState {
  return {
    trajectoryId,
    municipality: null,
    definitionKey: null,
    definitionVersion: null,
    status: 'running',
    route: null,
    clientManagerId: null,
    openWaits: [],
    openClocks: {},
    startedAt: null,
    endedAt: null,
    lastSequence: 0,
  };
}

/** The summary after one more event of its stream; events at or before `lastSequence` change nothing. */
export function evolveTrajectorySummary(state: TrajectorySummaryState, event: ProjectedEvent): TrajectorySummaryState {
  if (event.sequence <= state.lastSequence) return state;
  const next = { ...state, lastSequence: event.sequence };
  const payload = event.payload;
  const clockId = payloadString(payload, 'clockId');
  switch (event.type) {
    case 'trajectory.started':
      // The engine's start carries the definition and municipality; a definition's own
      // `recordTrajectoryEvent` start carries facts only: take what each one has.
      return {
        ...next,
        municipality: payloadString(payload, 'municipality') ?? next.municipality ?? municipalityOfTrajectoryId(event.streamId),
        definitionKey: payloadString(payload, 'definitionKey') ?? next.definitionKey,
        definitionVersion: typeof payload.definitionVersion === 'number' ? payload.definitionVersion : next.definitionVersion,
        clientManagerId: next.clientManagerId ?? (event.actor.role === 'klantmanager' ? event.actor.id : null),
        startedAt: next.startedAt ?? event.businessTime.toISOString(),
      };
    case 'trajectory.reassigned':
      return { ...next, clientManagerId: payloadString(payload, 'klantmanagerId') ?? next.clientManagerId };
    case 'trajectory.waiting': {
      const nodeId = payloadString(payload, 'nodeId');
      const milestone = payloadString(payload, 'milestone');
      if (!nodeId || !milestone) return next;
      const normDeadline = payloadString(payload, 'normDeadline')?.slice(0, 10);
      const wait: OpenWait = { nodeId, milestone, since: event.businessTime.toISOString(), ...(normDeadline ? { normDeadline } : {}) };
      return { ...next, openWaits: [...next.openWaits.filter((open) => open.nodeId !== nodeId), wait] };
    }
    case 'milestone.recorded': {
      const nodeId = payloadString(payload, 'nodeId');
      const milestone = payloadString(payload, 'milestone');
      const route = milestone === 'intake.planAgreed' || milestone === 'intake.planRevised' ? milestonePayloadString(payload, 'route') : undefined;
      return {
        ...next,
        openWaits: next.openWaits.filter((open) => open.nodeId !== nodeId),
        route: route ?? next.route,
      };
    }
    case 'clock.started':
    case 'clock.resumed':
    case 'clock.extended': {
      const deadline = payloadString(payload, 'deadline')?.slice(0, 10);
      if (!clockId || !deadline) return next;
      return { ...next, openClocks: { ...next.openClocks, [clockId]: { deadline, suspended: false } } };
    }
    case 'clock.suspended': {
      const clock = clockId ? next.openClocks[clockId] : undefined;
      if (!clockId || !clock) return next;
      return { ...next, openClocks: { ...next.openClocks, [clockId]: { ...clock, suspended: true } } };
    }
    case 'trajectory.waitEnded': {
      const nodeId = payloadString(payload, 'nodeId');
      return { ...next, openWaits: next.openWaits.filter((open) => open.nodeId !== nodeId) };
    }
    case 'clock.stopped': {
      if (!clockId) return next;
      const { [clockId]: _ended, ...running } = next.openClocks;
      return { ...next, openClocks: running };
    }
    // An expired clock is kept, marked: later input dated before its deadline (an extension, a
    // diploma) can show it never expired, and then it runs again on the deadline it had.
    case 'clock.expired': {
      const clock = clockId ? next.openClocks[clockId] : undefined;
      if (!clockId || !clock) return next;
      return { ...next, openClocks: { ...next.openClocks, [clockId]: { ...clock, expired: true } } };
    }
    case 'clock.expiryWithdrawn': {
      const clock = clockId ? next.openClocks[clockId] : undefined;
      if (!clockId || !clock) return next;
      return { ...next, openClocks: { ...next.openClocks, [clockId]: { deadline: clock.deadline, suspended: clock.suspended } } };
    }
    case 'trajectory.completed':
    case 'trajectory.terminated':
    case 'trajectory.cancelled':
      return {
        ...next,
        status: event.type.slice('trajectory.'.length) as TrajectoryStatus,
        openWaits: [],
        openClocks: {},
        endedAt: next.endedAt ?? event.businessTime.toISOString(),
      };
    default:
      return next;
  }
}

/** Phase, waiting on, since and next deadline, derived from the folded state. */
export function describeTrajectorySummary(state: TrajectorySummaryState): TrajectorySummary {
  const waits = [...state.openWaits].sort((a, b) => a.since.localeCompare(b.since) || a.milestone.localeCompare(b.milestone));
  const deadlines = [
    ...waits.flatMap((wait) => (wait.normDeadline ? [wait.normDeadline] : [])),
    ...Object.values(state.openClocks).flatMap((clock) => (clock.suspended || clock.expired ? [] : [clock.deadline])),
  ].sort();
  return {
    ...state,
    phase: phaseOf(state),
    waitingOn: waits.map((wait) => wait.milestone),
    waitingSince: waits[0]?.since ?? null,
    nextDeadline: deadlines[0] ?? null,
  };
}

function phaseOf(state: TrajectorySummaryState): string | null {
  if (state.status !== 'running') return 'afgerond';
  const ranks = state.openWaits.map((wait) => PHASES.findIndex(([prefix]) => wait.milestone.startsWith(prefix))).filter((rank) => rank >= 0);
  return ranks.length > 0 ? PHASES[Math.min(...ranks)][1] : null;
}

/** Trajectory ids are `<municipality>.<case reference>` (GM0392.HLM-2019-0042). */
export function municipalityOfTrajectoryId(trajectoryId: string): string | null {
  return municipalityOfTrajectory(trajectoryId) ?? null;
}

function milestonePayloadString(payload: Readonly<Record<string, unknown>>, field: string): string | undefined {
  const milestonePayload = payload.payload;
  if (!milestonePayload || typeof milestonePayload !== 'object') return undefined;
  return payloadString(milestonePayload as Record<string, unknown>, field);
}

interface SummaryRow {
  trajectory_id: string;
  municipality: string | null;
  definition_key: string | null;
  definition_version: number | null;
  status: TrajectoryStatus;
  route: string | null;
  client_manager_id: string | null;
  open_waits: OpenWait[];
  open_clocks: Record<string, OpenClock>;
  started_at: Date | null;
  ended_at: Date | null;
  last_sequence: number;
}

export const trajectorySummaryProjection: Projection = {
  name: 'trajectory-summary',
  handles: TRAJECTORY_SUMMARY_EVENTS,
  tables: ['rm_trajectory_summaries'],
  apply(event: ProjectedEvent, manager: EntityManager): Promise<void> {
    return applySummaryBatch([event], manager);
  },
  applyBatch: applySummaryBatch,
};

/** Loads the batch's summaries once, folds every event in memory, and writes each changed row once. */
async function applySummaryBatch(events: readonly ProjectedEvent[], manager: EntityManager): Promise<void> {
  const trajectoryIds = [...new Set(events.map((event) => event.streamId))];
  const rows: SummaryRow[] = await manager.query('SELECT * FROM rm_trajectory_summaries WHERE trajectory_id = ANY($1)', [trajectoryIds]);
  const states = new Map(rows.map((row) => [row.trajectory_id, fromRow(row)]));
  const changed = new Set<string>();
  for (const event of events) {
    const state = states.get(event.streamId) ?? emptyTrajectorySummary(event.streamId);
    const next = evolveTrajectorySummary(state, event);
    if (next !== state) {
      states.set(event.streamId, next);
      changed.add(event.streamId);
    }
  }
  if (changed.size === 0) return;
  const records = [...changed].map((trajectoryId) => toRecord(describeTrajectorySummary(states.get(trajectoryId)!)));
  await manager.query(
    `INSERT INTO rm_trajectory_summaries
     SELECT * FROM json_populate_recordset(null::rm_trajectory_summaries, $1::json)
     ON CONFLICT (trajectory_id) DO UPDATE SET municipality = EXCLUDED.municipality, definition_key = EXCLUDED.definition_key,
       definition_version = EXCLUDED.definition_version, status = EXCLUDED.status, phase = EXCLUDED.phase, route = EXCLUDED.route,
       client_manager_id = EXCLUDED.client_manager_id, waiting_on = EXCLUDED.waiting_on, waiting_since = EXCLUDED.waiting_since,
       next_deadline = EXCLUDED.next_deadline, open_waits = EXCLUDED.open_waits, open_clocks = EXCLUDED.open_clocks,
       started_at = EXCLUDED.started_at, ended_at = EXCLUDED.ended_at, last_sequence = EXCLUDED.last_sequence`,
    [JSON.stringify(records)],
  );
}

/** The row as JSON whose keys are the table's columns. */
function toRecord(summary: TrajectorySummary): Record<string, unknown> {
  return {
    trajectory_id: summary.trajectoryId,
    municipality: summary.municipality,
    definition_key: summary.definitionKey,
    definition_version: summary.definitionVersion,
    status: summary.status,
    phase: summary.phase,
    route: summary.route,
    client_manager_id: summary.clientManagerId,
    waiting_on: summary.waitingOn,
    waiting_since: summary.waitingSince,
    next_deadline: summary.nextDeadline,
    open_waits: summary.openWaits,
    open_clocks: summary.openClocks,
    started_at: summary.startedAt,
    ended_at: summary.endedAt,
    last_sequence: summary.lastSequence,
  };
}

function fromRow(row: SummaryRow): TrajectorySummaryState {
  return {
    trajectoryId: row.trajectory_id,
    municipality: row.municipality,
    definitionKey: row.definition_key,
    definitionVersion: row.definition_version,
    status: row.status,
    route: row.route,
    clientManagerId: row.client_manager_id,
    openWaits: row.open_waits,
    openClocks: row.open_clocks,
    startedAt: row.started_at ? new Date(row.started_at).toISOString() : null,
    endedAt: row.ended_at ? new Date(row.ended_at).toISOString() : null,
    lastSequence: row.last_sequence,
  };
}

/**
 * The klantmanager who holds the case, straight from a trajectory's stored events (the same rule
 * as the summary: the starting klantmanager, then each reassignment). For decisions that cannot
 * wait for the projector, such as whether a klantmanager may open the case they just started.
 */
export function clientManagerFromEvents(trajectoryId: string, events: readonly RecordedTrajectoryEvent[]): string | null {
  let state = emptyTrajectorySummary(trajectoryId);
  for (const event of events) {
    state = evolveTrajectorySummary(state, { ...WEGWIJS_UPCASTERS.upcast(event), feedPosition: START_OF_FEED });
  }
  return state.clientManagerId;
}

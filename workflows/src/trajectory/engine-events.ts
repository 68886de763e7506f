/**
 * The engine's events for the event store, read off the derivation: what the trajectory was told
 * (milestones, corrections, repairs), what it waits on, how its clocks moved, what was superseded,
 * how it ended. Each has an idempotency key that says what it is about, and the business time it
 * is about; the workflow records those not yet recorded. Events are never withdrawn — what no
 * longer holds gets an event of its own (a displaced milestone, a withdrawn warning).
 *
 *   const { fresh, keys } = engineEvents(run, derivation, now, recorded);
 *   append([...fresh, ...withdrawals(recorded, keys, by, prefix)]);
 */
import { calendarDateInAmsterdam, startOfDayInAmsterdam } from '@wegwijs/calendar';
import type { CompiledDefinition } from '@wegwijs/definitions/runtime';
import type { EngineEventPayloads, EngineEventType, EventActor, EventToRecord } from '@wegwijs/domain';
import { displacementReason, incidentIdOf, isCaughtFailure, takenByClock, wasLate, type Derivation, type TrajectoryRecord } from '../engine';
import type { TrajectoryRun } from './trajectory.workflow';

const EVENT_SCHEMA_VERSION = 1;
export const SYSTEM_ACTOR: EventActor = { role: 'system', id: 'wegwijs' };

/** The derivation's events: those not in `recorded` in full (`fresh`), and the keys of all of them. */
export interface EngineEvents {
  readonly fresh: EventToRecord[];
  readonly keys: ReadonlySet<string>;
}

export function engineEvents(run: TrajectoryRun, derivation: Derivation, now: string, recorded: ReadonlySet<string> = new Set()): EngineEvents {
  const fresh: EventToRecord[] = [];
  const keys = new Set<string>();
  const record = run.record;
  // Nearly all of a long trajectory's events are recorded already: only their keys are needed.
  const event = <T extends EngineEventType>(type: T, key: string, payload: () => EngineEventPayloads[T], onDate: string, actor: EventActor = SYSTEM_ACTOR) => {
    const idempotencyKey = `${run.keyPrefix}#${key}`;
    keys.add(idempotencyKey);
    if (recorded.has(idempotencyKey)) return;
    fresh.push({ type, schemaVersion: EVENT_SCHEMA_VERSION, payload: payload(), actor, businessTime: new Date(startOfDayInAmsterdam(onDate)).toISOString(), idempotencyKey });
  };
  const definition = run.definition;

  // A called trajectory belongs to its caller's, which records the start and the end.
  if (!run.input.calledFrom) {
    event(
      'trajectory.started',
      'started',
      () => ({
        definitionKey: definition.key,
        definitionVersion: definition.version,
        contentHash: definition.contentHash,
        municipality: run.input.municipality,
        caseReference: run.input.caseReference,
        startOn: derivation.startOn,
        ...(run.input.history?.length ? { history: run.input.history.length } : {}),
      }),
      derivation.startOn,
      run.input.startedBy,
    );
  }
  for (const correction of record.corrections) {
    event('facts.corrected', `facts#${correction.seq}`, () => ({ changes: correction.changes, reason: correction.reason, ...(correction.moved.length > 0 ? { moved: correction.moved } : {}) }), dateOf(correction.recordedAt), correction.actor);
  }
  for (const milestone of record.milestones) {
    const taken = derivation.taken.get(milestone.milestoneId);
    const nodeId = taken?.listener.nodeId ?? null;
    event('milestone.recorded', `milestone#${milestone.milestoneId}`, () => ({ milestone: milestone.milestone, milestoneId: milestone.milestoneId, nodeId, occurredOn: milestone.occurredOn, ...(milestone.payload ? { payload: { ...milestone.payload } } : {}) }), milestone.occurredOn, milestone.actor);
  }
  listenerEvents(definition, derivation, record, event);
  clockEvents(derivation, event, now);
  for (const performance of record.performances) {
    const { superseded, outcome } = performance;
    if (superseded) {
      event('effect.superseded', `superseded#${performance.effect}~${performance.generation}`, () => ({ effect: performance.effect, generation: performance.generation, on: performance.on, by: superseded.by }), performance.on);
    }
    if (outcome.kind === 'failed' && !isCaughtFailure(definition, performance)) {
      const incidentId = incidentIdOf(performance);
      event(
        'incident.opened',
        `incident#${incidentId}#opened`,
        () => {
          const nodeId = performance.effect.replace(/^[a-z]+:/, '').split('#')[0];
          const blocking = derivation.incidents.find((incident) => incident.performance === performance);
          return { incidentId, nodeId, activity: blocking?.activity ?? nodeId, errorType: outcome.errorType, attempts: outcome.attempts };
        },
        performance.on,
      );
    }
  }
  for (const repair of record.repairs) {
    event('incident.resolved', `incident#${repair.incidentId}#${repair.seq}`, () => ({ incidentId: repair.incidentId, action: repair.action, reason: repair.reason }), dateOf(repair.recordedAt), repair.actor);
  }
  return { fresh, keys };
}

/** Emits an event; its payload is built only when the event is not recorded yet. */
type Emit = <T extends EngineEventType>(type: T, key: string, payload: () => EngineEventPayloads[T], onDate: string, actor?: EventActor) => void;

function listenerEvents(definition: CompiledDefinition, derivation: Derivation, record: TrajectoryRecord, event: Emit): void {
  for (const listener of derivation.listeners) {
    if (listener.kind === 'boundary') continue;
    const nodeName = definition.nodes[listener.nodeId].name;
    event('trajectory.waiting', `waiting#${listener.key}`, () => ({ nodeId: listener.nodeId, milestone: listener.milestone, ...(nodeName ? { nodeName } : {}), ...(listener.normDeadline ? { normDeadline: listener.normDeadline } : {}) }), listener.since);
    if (listener.closedOn !== null && listener.taken.length === 0) {
      event('trajectory.waitEnded', `waitEnded#${listener.key}`, () => ({ nodeId: listener.nodeId, milestone: listener.milestone, reason: listener.closedBy ?? 'ended' }), listener.closedOn);
    }
  }
  for (const milestone of record.milestones) {
    if (derivation.taken.has(milestone.milestoneId) || takenByClock(derivation, milestone.milestoneId)) continue;
    if ((record.resumeFrom?.milestonesBefore ?? 0) >= milestone.seq) continue;
    event('milestone.displaced', `displaced#${milestone.milestoneId}`, () => ({ milestone: milestone.milestone, milestoneId: milestone.milestoneId, reason: displacementReason(derivation, milestone) }), milestone.occurredOn);
  }
}

function clockEvents(derivation: Derivation, event: Emit, now: string): void {
  const today = derivation.today;
  for (const { clock, timeline } of derivation.clocks) {
    event('clock.started', `clock#${clock.id}#started`, () => ({ clockId: clock.id, name: clock.name, startDate: timeline.startDate, deadline: timeline.changes[0].deadline, warnings: clock.warnings }), timeline.startDate);
    for (const change of timeline.changes) {
      if (change.on > today || change.kind === 'started' || change.kind === 'expired') continue;
      const about = () => ({ clockId: clock.id, milestone: change.milestone ?? '', ...(change.legalBasis ? { legalBasis: change.legalBasis } : {}) });
      const key = `clock#${clock.id}#${change.milestoneId}#${change.kind}`;
      if (change.kind === 'stopped') event('clock.stopped', key, about, change.on);
      if (change.kind === 'suspended') event('clock.suspended', key, about, change.on);
      if (change.kind === 'resumed') event('clock.resumed', key, () => ({ ...about(), deadline: change.deadline }), change.on);
      if (change.kind === 'extended') event('clock.extended', key, () => ({ ...about(), from: change.from ?? '', deadline: change.deadline }), change.on);
    }
    for (const warning of timeline.warnings) {
      if (warning.on > today) continue;
      event('clock.warning', `clock#${clock.id}#warning#${warning.offset}#${warning.on}`, () => ({ clockId: clock.id, offset: warning.offset, deadline: warning.deadline, late: wasLate({ on: warning.on, startedAt: now }, warning.knownSince) }), warning.on);
    }
    const expiry = timeline.expiry;
    if (expiry && expiry.on <= today) event('clock.expired', `clock#${clock.id}#deadline#${expiry.on}`, () => ({ clockId: clock.id, deadline: expiry.deadline }), expiry.on);
  }
}

/** Events recorded before that the derivation no longer has: a warning or expiry that, as it turned out, never fell due. */
export function withdrawals(recorded: ReadonlySet<string>, now: ReadonlySet<string>, by: string, keyPrefix: string): EventToRecord[] {
  const gone: EventToRecord[] = [];
  for (const key of recorded) {
    if (now.has(key) || recorded.has(`${key}#withdrawn`)) continue;
    const warning = /#clock#([^#]+)#warning#([^#]+)#(\d{4}-\d{2}-\d{2})$/.exec(key);
    const expiry = /#clock#([^#]+)#deadline#(\d{4}-\d{2}-\d{2})$/.exec(key);
    if (!key.startsWith(keyPrefix) || (!warning && !expiry)) continue;
    const on = (warning ? warning[3] : expiry![2]) as string;
    const businessTime = new Date(startOfDayInAmsterdam(on)).toISOString();
    gone.push(
      warning
        ? { type: 'clock.warningWithdrawn', schemaVersion: EVENT_SCHEMA_VERSION, payload: { clockId: warning[1], offset: warning[2], on, by }, actor: SYSTEM_ACTOR, businessTime, idempotencyKey: `${key}#withdrawn` }
        : { type: 'clock.expiryWithdrawn', schemaVersion: EVENT_SCHEMA_VERSION, payload: { clockId: expiry![1], deadline: '', on, by }, actor: SYSTEM_ACTOR, businessTime, idempotencyKey: `${key}#withdrawn` },
    );
  }
  return gone;
}

function dateOf(instant: string): string {
  return calendarDateInAmsterdam(Date.parse(instant));
}

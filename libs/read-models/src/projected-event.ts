/**
 * An event as a projection sees it: the stored event, upcast to the current schema version,
 * with its place in the global order. `readEventsAfter` is the only query over the event table
 * that the read models make, so that every reader gets the same gap-free order.
 *
 *   const batch = await readEventsAfter(manager, { transactionId: 0, position: 0 }, { types: ['milestone.recorded'], limit: 500 });
 */
import type { ActorRole, RecordedTrajectoryEvent } from '@wegwijs/domain';
import type { EntityManager } from 'typeorm';

/** Where a reader is in the global order: the appending transaction, then the position. */
export interface FeedPosition {
  readonly transactionId: number;
  readonly position: number;
}

export const START_OF_FEED: FeedPosition = Object.freeze({ transactionId: 0, position: 0 });

export interface ProjectedEvent extends RecordedTrajectoryEvent {
  readonly feedPosition: FeedPosition;
}

export interface FeedQuery {
  /** Only these types; all when omitted. */
  readonly types?: readonly string[];
  readonly limit: number;
  /**
   * Everything committed in the caller's snapshot, instead of stopping before the oldest
   * transaction still running. For one-off readers (a report) inside a REPEATABLE READ
   * transaction, which must not miss events that a long transaction elsewhere holds back; a
   * follower that keeps its position (a projection) must never use it.
   */
  readonly wholeSnapshot?: boolean;
}

interface EventRow {
  position: string;
  transaction_id: string;
  stream_id: string;
  sequence: number;
  type: string;
  schema_version: number;
  payload: Record<string, unknown>;
  actor_role: string;
  actor_id: string;
  business_time: Date | string;
  recorded_at: Date | string;
  idempotency_key: string;
}

/**
 * The next events after `after`, in (transaction, position) order, and only from transactions
 * that ended before the oldest one still running: a later read can never turn up an event that
 * sorts before one already returned.
 */
export async function readEventsAfter(manager: EntityManager, after: FeedPosition, query: FeedQuery): Promise<ProjectedEvent[]> {
  const typeFilter = query.types ? 'AND type = ANY($4)' : '';
  const parameters: unknown[] = [after.transactionId, after.position, query.limit];
  if (query.types) parameters.push(query.types);
  const rows: EventRow[] = await manager.query(
    `SELECT position, transaction_id, stream_id, sequence, type, schema_version, payload, actor_role, actor_id,
            business_time, recorded_at, idempotency_key
       FROM trajectory_events
      WHERE (transaction_id, position) > ($1, $2)
        ${query.wholeSnapshot ? '' : 'AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint'}
        ${typeFilter}
      ORDER BY transaction_id, position
      LIMIT $3`,
    parameters,
  );
  return rows.map(toProjectedEvent);
}

function toProjectedEvent(row: EventRow): ProjectedEvent {
  return {
    feedPosition: { transactionId: Number(row.transaction_id), position: Number(row.position) },
    streamId: row.stream_id,
    sequence: row.sequence,
    type: row.type,
    schemaVersion: row.schema_version,
    payload: row.payload,
    actor: { role: row.actor_role as ActorRole, id: row.actor_id },
    businessTime: new Date(row.business_time),
    recordedAt: new Date(row.recorded_at),
    idempotencyKey: row.idempotency_key,
  };
}

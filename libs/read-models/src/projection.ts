/**
 * A projection: a read model kept from the events. It names the event types it handles and the
 * tables it owns, and applies one event at a time inside the transaction that also advances its
 * checkpoint — so an event is applied exactly once, or the whole batch is retried.
 *
 *   const worklist: Projection = { name: 'task-worklist', handles: ['task.created'], tables: ['rm_tasks'],
 *     apply: async (event, manager) => { await manager.query('INSERT …', […]); } };
 */
import type { EntityManager } from 'typeorm';
import type { ProjectedEvent } from './projected-event';

export interface Projection {
  /** Stable: it keys the checkpoint. */
  readonly name: string;
  readonly handles: readonly string[];
  /** Tables this projection alone writes; a rebuild empties them. Children before parents. */
  readonly tables: readonly string[];
  /** Applies one event; must also be harmless when applied twice (the transaction is the guarantee, this the belt). */
  apply(event: ProjectedEvent, manager: EntityManager): Promise<void>;
  /** Applies a batch in order, with the same outcome as `apply` one by one but fewer round trips; optional. */
  applyBatch?(events: readonly ProjectedEvent[], manager: EntityManager): Promise<void>;
}

/** A non-empty string field of a payload, or undefined (payloads are JSON from the store, typed loosely). */
export function payloadString(payload: Readonly<Record<string, unknown>>, field: string): string | undefined {
  const value = payload[field];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Keeps the projections up to date with the event store, and rebuilds them from scratch.
 *
 * Each projection has its own checkpoint. One batch = one transaction: lock the checkpoint row,
 * read the next events the projection handles (upcast to their current schema version), apply
 * them in global order, move the checkpoint. A crash rolls back the batch and it is read again;
 * two projector processes take turns on the row lock, so running one per API replica is safe.
 *
 *   const projector = new Projector(dataSource);
 *   await projector.catchUp();                        // once, e.g. in a test or a cron job
 *   await projector.run(abortController.signal);      // or continuously, polling
 *   await rebuildProjections(dataSource);             // `wegwijs read-models rebuild`
 */
import type { DataSource, EntityManager } from 'typeorm';
import { type FeedPosition, type ProjectedEvent, readEventsAfter, START_OF_FEED } from './projected-event';
import type { Projection } from './projection';
import { deadlineCalendarProjection } from './projections/deadline-calendar.projection';
import { handoverRegisterProjection } from './projections/handover-register.projection';
import { taskWorklistProjection } from './projections/task-worklist.projection';
import { trajectorySummaryProjection } from './projections/trajectory-summary.projection';
import { UpcasterRegistry, WEGWIJS_UPCASTERS } from './upcasting/upcaster-registry';

/** Every projection Wegwijs maintains. */
export const WEGWIJS_PROJECTIONS: readonly Projection[] = [
  trajectorySummaryProjection,
  taskWorklistProjection,
  deadlineCalendarProjection,
  handoverRegisterProjection,
];

export interface ProjectorOptions {
  readonly projections?: readonly Projection[];
  readonly upcasters?: UpcasterRegistry;
  /** Events per transaction. */
  readonly batchSize?: number;
  /** Called after each committed batch, e.g. to measure lag. */
  readonly onBatchApplied?: (projection: string, events: readonly ProjectedEvent[]) => void;
}

/** Thrown when a projection's handler fails; the batch is rolled back and the checkpoint stays. */
export class ProjectionFailedError extends Error {
  constructor(
    readonly projection: string,
    readonly streamId: string,
    readonly sequence: number,
    override readonly cause: unknown,
  ) {
    super(`Projection ${projection} failed on ${streamId}#${sequence}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ProjectionFailedError';
  }
}

export class Projector {
  private readonly projections: readonly Projection[];
  private readonly upcasters: UpcasterRegistry;
  private readonly batchSize: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: ProjectorOptions = {},
  ) {
    this.projections = options.projections ?? WEGWIJS_PROJECTIONS;
    this.upcasters = options.upcasters ?? WEGWIJS_UPCASTERS;
    this.batchSize = options.batchSize ?? 500;
  }

  /** Applies every event visible now to every projection; returns how many were applied. */
  async catchUp(): Promise<number> {
    let applied = 0;
    for (const projection of this.projections) {
      for (let batch = await this.applyNextBatch(projection); batch > 0; batch = await this.applyNextBatch(projection)) {
        applied += batch;
      }
    }
    return applied;
  }

  /**
   * Catches up, then polls every `pollIntervalMs` until `signal` aborts. A failed batch is rolled
   * back; with `onError` the loop reports it and tries again after the interval (a database
   * restart, a deadlock), without it the error ends the loop.
   */
  async run(signal: AbortSignal, pollIntervalMs = 200, onError?: (error: unknown) => void): Promise<void> {
    while (!signal.aborted) {
      let applied = 0;
      try {
        applied = await this.catchUp();
      } catch (error) {
        if (!onError) throw error;
        onError(error);
      }
      if (applied === 0) await sleep(pollIntervalMs, signal);
    }
  }

  /** Empties every projection's tables and applies the whole history again, one transaction per projection. */
  async rebuild(): Promise<RebuiltProjection[]> {
    const rebuilt: RebuiltProjection[] = [];
    for (const projection of this.projections) {
      const startedAt = performance.now();
      const events = await this.dataSource.transaction(async (manager) => {
        await lockCheckpoint(manager, projection.name);
        // DELETE, not TRUNCATE: readers keep seeing the old rows until this transaction commits.
        for (const table of projection.tables) await manager.query(`DELETE FROM ${table}`);
        let position = START_OF_FEED;
        let total = 0;
        for (;;) {
          const batch = await this.applyBatch(manager, projection, position);
          if (batch.length === 0) break;
          total += batch.length;
          position = batch[batch.length - 1].feedPosition;
        }
        await saveCheckpoint(manager, projection.name, position);
        return total;
      });
      rebuilt.push({ projection: projection.name, events, milliseconds: Math.round(performance.now() - startedAt) });
    }
    return rebuilt;
  }

  private async applyNextBatch(projection: Projection): Promise<number> {
    const applied = await this.dataSource.transaction(async (manager) => {
      const checkpoint = await lockCheckpoint(manager, projection.name);
      const batch = await this.applyBatch(manager, projection, checkpoint);
      if (batch.length > 0) await saveCheckpoint(manager, projection.name, batch[batch.length - 1].feedPosition);
      return batch;
    });
    if (applied.length > 0) this.options.onBatchApplied?.(projection.name, applied);
    return applied.length;
  }

  private async applyBatch(manager: EntityManager, projection: Projection, after: FeedPosition): Promise<ProjectedEvent[]> {
    const stored = await readEventsAfter(manager, after, { types: projection.handles, limit: this.batchSize });
    const events = stored.map((event) => this.upcasters.upcast(event));
    if (projection.applyBatch && events.length > 0) {
      try {
        await projection.applyBatch(events, manager);
      } catch (error) {
        throw new ProjectionFailedError(projection.name, events[0].streamId, events[0].sequence, error);
      }
      return stored;
    }
    for (const event of events) {
      try {
        await projection.apply(event, manager);
      } catch (error) {
        throw new ProjectionFailedError(projection.name, event.streamId, event.sequence, error);
      }
    }
    return stored;
  }
}

export interface RebuiltProjection {
  readonly projection: string;
  readonly events: number;
  readonly milliseconds: number;
}

/** `wegwijs read-models rebuild`: every projection emptied and rebuilt from the events. */
export function rebuildProjections(dataSource: DataSource, options: ProjectorOptions = {}): Promise<RebuiltProjection[]> {
  return new Projector(dataSource, options).rebuild();
}

async function lockCheckpoint(manager: EntityManager, projection: string): Promise<FeedPosition> {
  await manager.query('INSERT INTO projection_checkpoints (projection) VALUES ($1) ON CONFLICT (projection) DO NOTHING', [projection]);
  const [row] = await manager.query('SELECT transaction_id, position FROM projection_checkpoints WHERE projection = $1 FOR UPDATE', [projection]);
  return { transactionId: Number(row.transaction_id), position: Number(row.position) };
}

async function saveCheckpoint(manager: EntityManager, projection: string, position: FeedPosition): Promise<void> {
  await manager.query('UPDATE projection_checkpoints SET transaction_id = $2, position = $3, updated_at = now() WHERE projection = $1', [
    projection,
    position.transactionId,
    position.position,
  ]);
}

function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, milliseconds);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

import type { DataSource } from 'typeorm';

/** How often a polling worker touches its row. */
export const WORKER_HEARTBEAT_INTERVAL_SECONDS = 2;
/** A task queue with no worker seen for this long has none: a few missed beats, on a busy machine. */
export const WORKER_SILENT_AFTER_SECONDS = 10;

/**
 * Which workers are alive, as far as the database can tell: each worker process touches its row
 * while it polls; the API asks whether any worker of its task queue was seen lately. Times are
 * the database's clock on both sides, so the worker's and the API's clocks need not agree.
 */
export class WorkerHeartbeats {
  constructor(private readonly dataSource: DataSource) {}

  async touch(workerId: string, taskQueue: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO worker_heartbeats (worker_id, task_queue, last_seen_at) VALUES ($1, $2, now())
       ON CONFLICT (worker_id) DO UPDATE SET last_seen_at = now()`,
      [workerId, taskQueue],
    );
  }

  /** A worker that stops in an orderly way removes its row, so it counts as gone at once. */
  async remove(workerId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM worker_heartbeats WHERE worker_id = $1', [workerId]);
  }

  /** Removes the rows of workers not seen for `days` days (crashed ones never remove their own). */
  async forgetSilentFor(days: number): Promise<void> {
    await this.dataSource.query('DELETE FROM worker_heartbeats WHERE last_seen_at < now() - make_interval(days => $1)', [days]);
  }

  /** Whether a worker of the task queue was seen within the last `seconds`. */
  async anySeenWithin(taskQueue: string, seconds: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM worker_heartbeats WHERE task_queue = $1 AND last_seen_at >= now() - make_interval(secs => $2) LIMIT 1',
      [taskQueue, seconds],
    );
    return rows.length > 0;
  }
}

/**
 * How a worker takes on workflow tasks: one set, from the configuration (WORKER_* variables), for
 * the worker process and for the benchmark that measures a burst with it (tools/bench/scale.bench.ts).
 *
 *   Worker.create({ ..., ...workflowTaskTuning(config) });
 *
 * What the burst of the scale benchmark showed (docs/deploy/capacity.md, month-end burst):
 * - the cache decides most: a task whose workflow was evicted fetches and replays its whole
 *   history, and a burst of those drains far slower than the sticky queue waits.
 *   WORKER_MAX_CACHED_WORKFLOWS should hold the workflows of one worker that wake together.
 * - a task for a workflow the worker has cached waits on that worker's sticky queue, for 10 s by
 *   the SDK's default; a minute lets a burst wait there longer. Longer has a price: when a worker
 *   dies, tasks already on its sticky queue wait that long before another worker takes them.
 * - the slots (the SDK's 40) stay: with cached workflows a task's time is mostly the round trip to
 *   the server, and fewer slots drained a burst slower, so more tasks outwaited the sticky queue.
 *   Lower them only when tasks time out start-to-close (a worker short of CPU for full replays).
 */
import type { WorkerOptions } from '@temporalio/worker';
import type { WegwijsConfiguration } from '@wegwijs/config';

export type WorkflowTaskTuning = Pick<WorkerOptions, 'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions' | 'workflowTaskPollerBehavior' | 'stickyQueueScheduleToStartTimeout'>;

export function workflowTaskTuning(config: Pick<WegwijsConfiguration, 'worker'>): WorkflowTaskTuning {
  const { maxCachedWorkflows, maxConcurrentWorkflowTaskExecutions, workflowTaskPollers, stickyQueueScheduleToStartTimeoutMs } = config.worker;
  // A task needs its workflow in the cache: the SDK would lower the slots to the cache's size anyway, with a warning.
  const slots = maxCachedWorkflows ? Math.min(maxConcurrentWorkflowTaskExecutions, Math.max(2, maxCachedWorkflows)) : maxConcurrentWorkflowTaskExecutions;
  return {
    ...(maxCachedWorkflows !== undefined ? { maxCachedWorkflows } : {}),
    maxConcurrentWorkflowTaskExecutions: slots,
    ...(workflowTaskPollers !== undefined ? { workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: Math.min(workflowTaskPollers, slots) } } : {}),
    stickyQueueScheduleToStartTimeout: stickyQueueScheduleToStartTimeoutMs,
  };
}

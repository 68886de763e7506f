/**
 * How a worker takes on workflow tasks: one set, from the configuration (WORKER_* variables), for
 * the worker process and for the benchmark that measures a burst with it (tools/bench/scale.bench.ts).
 *
 *   Worker.create({ ..., ...workflowTaskTuning(config) });
 *
 * Why these and not the SDK's defaults (measured with the benchmark's burst, docs/deploy/capacity.md):
 * - workflow tasks run one at a time on the worker's workflow thread, yet each task's timeout
 *   (10 s) runs from the moment it is taken. With the SDK's 40 slots a burst of wake-ups that miss
 *   the cache (each fetches and replays its whole history) times out inside the worker, to be
 *   taken and run again. 10 slots leave the rest waiting on the queue instead.
 * - a task for a workflow that the worker has cached waits on that worker's sticky queue, for 10 s
 *   by the SDK's default; a minute lets a burst wait there. Longer has a price: when a worker dies,
 *   tasks already on its sticky queue wait that long before another worker takes them.
 * - the cache decides the rest: a task whose workflow was evicted replays its whole history, and a
 *   burst of those drains far slower than the sticky queue waits. WORKER_MAX_CACHED_WORKFLOWS
 *   should hold the workflows of a worker that wake together.
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

/**
 * How a worker takes on workflow tasks: one set, from the configuration (WORKER_* variables), for
 * the worker process and for the benchmark that measures a burst with it (tools/bench/scale.bench.ts).
 *
 *   Worker.create({ ..., ...workflowTaskTuning(config) });
 *
 * Why these and not the SDK's defaults: workflow tasks run one at a time on the worker's workflow
 * thread, yet each task's timeout (10 s) runs from the moment it is taken. With the SDK's 40 slots
 * and a burst of wake-ups that each replay a long history, the last of 40 waits for 39 others and
 * times out, to be taken and run again. Fewer slots leave the rest waiting on the task queue, where
 * no start-to-close timeout runs; the sticky queue's schedule-to-start timeout is raised so that a
 * queue of tasks waiting for the worker that caches their workflows does not time out either.
 * Raising it has a price: when a worker dies, tasks already on its sticky queue wait that long
 * before another worker takes them. See docs/deploy/capacity.md for the measurements.
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

import { InvalidConfigurationError, loadConfiguration } from '@wegwijs/config';
import { workflowTaskTuning } from './worker-tuning';

describe('how a worker takes on workflow tasks (WORKER_* variables)', () => {
  it('keeps the SDK’s 40 slots and waits a minute on the sticky queue unless told otherwise, leaving cache and pollers to the SDK', () => {
    expect(workflowTaskTuning(loadConfiguration({}))).toEqual({ maxConcurrentWorkflowTaskExecutions: 40, stickyQueueScheduleToStartTimeout: 10_000 });
  });

  it('passes what is set on to the SDK', () => {
    const config = loadConfiguration({
      WORKER_MAX_CACHED_WORKFLOWS: '5000',
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '20',
      WORKER_WORKFLOW_TASK_POLLERS: '6',
      WORKER_STICKY_QUEUE_TIMEOUT: 'PT5M',
    });
    expect(workflowTaskTuning(config)).toEqual({
      maxCachedWorkflows: 5000,
      maxConcurrentWorkflowTaskExecutions: 20,
      workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: 6 },
      stickyQueueScheduleToStartTimeout: 300_000,
    });
  });

  it('never has more slots than cached workflows, nor more pollers than slots', () => {
    const tuning = workflowTaskTuning(loadConfiguration({ WORKER_MAX_CACHED_WORKFLOWS: '4', WORKER_WORKFLOW_TASK_POLLERS: '8' }));
    expect(tuning).toMatchObject({ maxCachedWorkflows: 4, maxConcurrentWorkflowTaskExecutions: 4, workflowTaskPollerBehavior: { maximum: 4 } });
  });

  it('keeps every slot with the cache off (each task then replays its whole history)', () => {
    expect(workflowTaskTuning(loadConfiguration({ WORKER_MAX_CACHED_WORKFLOWS: '0' }))).toMatchObject({ maxCachedWorkflows: 0, maxConcurrentWorkflowTaskExecutions: 40 });
  });

  it.each([
    ['WORKER_MAX_CACHED_WORKFLOWS', 'many'],
    ['WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', '1'],
    ['WORKER_WORKFLOW_TASK_POLLERS', '1'],
    ['WORKER_STICKY_QUEUE_TIMEOUT', '120'],
  ])('refuses %s=%s, naming the variable', (variable, value) => {
    expect(() => loadConfiguration({ [variable]: value })).toThrow(InvalidConfigurationError);
    expect(() => loadConfiguration({ [variable]: value })).toThrow(new RegExp(variable));
  });
});

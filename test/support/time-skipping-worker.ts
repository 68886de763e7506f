/**
 * Temporal's time-skipping test server and a trajectory worker (the real workflow bundle) on a
 * task queue of its own, for one test file: started before its tests, stopped after them.
 *
 *   const server = timeSkippingWorker('late-input', activityDoubles);
 *   it('…', async () => { await server.env.sleep(DAY); });
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createTimeSkippingEnvironment } from '@wegwijs/devstack';
import { createTrajectoryWorker } from '@wegwijs/temporal';

export interface TimeSkippingWorker {
  /** Set once the file's tests run. */
  readonly env: TestWorkflowEnvironment;
  readonly taskQueue: string;
}

export function timeSkippingWorker(name: string, activities: object): TimeSkippingWorker {
  const server = { env: undefined as unknown as TestWorkflowEnvironment, taskQueue: `${name}-${randomUUID()}` };
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  // The JVM test server and the workflow bundle take a while on a busy machine.
  beforeAll(async () => {
    server.env = await createTimeSkippingEnvironment();
    worker = await createTrajectoryWorker({ connection: server.env.nativeConnection, namespace: 'default', taskQueue: server.taskQueue, activities });
    running = worker.run();
  }, 300_000);
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await server.env?.teardown();
  });
  return server;
}

/**
 * Proves that the time-skipping environment from @wegwijs/devstack really skips time on the real
 * Java test server: a workflow sleeping three years completes within seconds.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTimeSkippingEnvironment } from '@wegwijs/devstack';
import { sleepThreeYears } from './workflows';

const THREE_YEARS_MS = 1095 * 24 * 60 * 60 * 1000;
// Explicit, because Jest ignores `testTimeout` inside a `projects` entry. Setting up may include a
// first install of the server with Maven; the test itself mostly waits for the workflow bundle.
const SETUP_TIMEOUT_MS = 300_000;
const TEST_TIMEOUT_MS = 120_000;

describe('the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await env?.teardown();
  });

  it('supports time skipping', () => {
    expect(env.supportsTimeSkipping).toBe(true);
  });

  it(
    'completes a workflow that sleeps three years within seconds of real time, its clock advanced by three years',
    async () => {
      const taskQueue = `time-skipping-${randomUUID()}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowsPath: require.resolve('./workflows'),
      });
      const serverTimeBefore = await env.currentTimeMs();
      const realStart = Date.now();

      const reading = await worker.runUntil(
        env.client.workflow.execute(sleepThreeYears, { taskQueue, workflowId: `sleep-three-years-${randomUUID()}` }),
      );

      const realElapsedMs = Date.now() - realStart;
      expect(reading.afterMs - reading.beforeMs).toBeGreaterThanOrEqual(THREE_YEARS_MS);
      expect((await env.currentTimeMs()) - serverTimeBefore).toBeGreaterThanOrEqual(THREE_YEARS_MS);
      expect(realElapsedMs).toBeLessThan(60_000);
    },
    TEST_TIMEOUT_MS,
  );
});

/**
 * Test-only workflow for the time-skipping server's integration test: it sleeps three years and
 * reports the workflow clock before and after. Bundled by the worker, so it imports only
 * `@temporalio/workflow`.
 */
import { sleep } from '@temporalio/workflow';

export const THREE_YEARS = '1095 days';

export interface WorkflowClockReading {
  beforeMs: number;
  afterMs: number;
}

export async function sleepThreeYears(): Promise<WorkflowClockReading> {
  // Date.now() inside a workflow is the deterministic workflow clock, i.e. the server's time.
  const beforeMs = Date.now();
  await sleep(THREE_YEARS);
  return { beforeMs, afterMs: Date.now() };
}

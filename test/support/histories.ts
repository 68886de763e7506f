/**
 * Recorded workflow histories for replay: with WEGWIJS_RECORD_HISTORIES=1, a workflow test keeps
 * its run's history in test/fixtures/histories, and CI replays every fixture against the current
 * workflow code (test/workflows/replay.test.ts), so a change that would break running
 * trajectories fails there.
 *
 *   await keepHistory(handle, 'haarlem-work-route-extension-expired');
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const HISTORY_FIXTURES_DIR = join(__dirname, '../fixtures/histories');

export async function keepHistory(handle: { fetchHistory: () => Promise<Parameters<typeof historyToJSON>[0]> }, name: string): Promise<void> {
  if (process.env.WEGWIJS_RECORD_HISTORIES !== '1') return;
  mkdirSync(HISTORY_FIXTURES_DIR, { recursive: true });
  writeFileSync(join(HISTORY_FIXTURES_DIR, `${name}.json`), historyToJSON(await handle.fetchHistory()));
}

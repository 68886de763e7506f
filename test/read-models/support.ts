/**
 * Shared by the read model tests: a data source on the test database and fresh ids, so tests
 * sharing the database never meet each other's trajectories.
 */
import { randomUUID } from 'node:crypto';
import { createWegwijsDataSource } from '@wegwijs/persistence';
import { Projector } from '@wegwijs/read-models';
import type { DataSource } from 'typeorm';

export async function connectToTestDatabase(): Promise<DataSource> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is unset: run these tests through jest, whose global setup creates the database');
  const dataSource = createWegwijsDataSource({ url, poolSize: 3, applicationName: 'test-read-models' });
  await dataSource.initialize();
  return dataSource;
}

/** A case reference prefix no other test uses, e.g. 'RM-1a2b3c4d'. */
export function freshPrefix(): string {
  return `RM-${randomUUID().slice(0, 8)}`;
}

/**
 * Lets the projector catch up past the newest event of `streamIds`. One `catchUp` is not enough
 * while other processes write: the feed stops before the oldest transaction still open anywhere
 * (the test stack's worker and API append all the time), so a catch-up can end short of events
 * committed a moment ago — right for a follower, and what a test must wait out rather than read
 * as a result. Once the feed's horizon has passed those events, one more catch-up takes them.
 */
export async function projectPast(dataSource: DataSource, streamIds: readonly string[], projector: Projector = new Projector(dataSource)): Promise<void> {
  const [newest] = await dataSource.query('SELECT max(transaction_id) AS transaction_id FROM trajectory_events WHERE stream_id = ANY($1)', [streamIds]);
  for (let attempt = 0; attempt < 200; attempt++) {
    const [{ visible }] = await dataSource.query('SELECT $1::bigint < pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS visible', [newest.transaction_id ?? 0]);
    if (visible) {
      await projector.catchUp();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`transaction ${newest.transaction_id} stayed behind a transaction still open for 200 tries`);
}

/**
 * Shared by the read model tests: a data source on the test database and fresh ids, so tests
 * sharing the database never meet each other's trajectories.
 */
import { randomUUID } from 'node:crypto';
import { createWegwijsDataSource } from '@wegwijs/persistence';
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

/**
 * Wegwijs as it runs, for end-to-end tests: the API and worker processes that global-setup
 * started against the real Temporal dev server and PostgreSQL, reached over HTTP, plus a direct
 * database connection for assertions about what was stored.
 *
 *   const wegwijs = await connectToWegwijsUnderTest();
 *   await request(wegwijs.baseUrl, 'POST', '/trajectories', { body });
 *   await wegwijs.close();
 */
import { createWegwijsDataSource } from '@wegwijs/persistence';
import type { DataSource } from 'typeorm';

export interface WegwijsUnderTest {
  readonly baseUrl: string;
  /** Read-only use, for assertions: the API is the only way tests change anything. */
  readonly dataSource: DataSource;
  close(): Promise<void>;
}

export async function connectToWegwijsUnderTest(): Promise<WegwijsUnderTest> {
  const baseUrl = process.env.WEGWIJS_API_URL;
  const databaseUrl = process.env.DATABASE_URL;
  if (!baseUrl || !databaseUrl) {
    throw new Error('WEGWIJS_API_URL and DATABASE_URL are unset: run end-to-end tests through jest, whose global setup starts Wegwijs');
  }
  const dataSource = createWegwijsDataSource({ url: databaseUrl, poolSize: 2, applicationName: 'wegwijs-test-assertions' });
  await dataSource.initialize();
  return { baseUrl, dataSource, close: () => dataSource.destroy() };
}

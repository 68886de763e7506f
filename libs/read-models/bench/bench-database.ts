/**
 * A throw-away database for a benchmark run on the PostgreSQL server in DATABASE_URL (default:
 * the local CI server), migrated, and dropped afterwards; plus a bulk loader for setup data.
 *
 *   const bench = await createBenchDatabase('report');
 *   await bulkInsert(bench.dataSource, histories);
 *   await bench.drop();
 */
import { Client } from 'pg';
import { createWegwijsDataSource, migrateDatabase } from '@wegwijs/persistence';
import type { DataSource } from 'typeorm';
import type { TrajectoryHistory } from '../src/synthetic/trajectory-history';

export interface BenchDatabase {
  readonly url: string;
  readonly dataSource: DataSource;
  drop(): Promise<void>;
}

const DEFAULT_SERVER = 'postgres://wegwijs_ci:wegwijs_ci@127.0.0.1:5432/postgres';

export async function createBenchDatabase(name: string, poolSize = 4): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL ?? DEFAULT_SERVER;
  const database = `wegwijs_bench_${name}_${Date.now()}`;
  await withAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${database}`));
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const dataSource = createWegwijsDataSource({ url: url.toString(), poolSize, applicationName: `bench-${name}` });
  await dataSource.initialize();
  await migrateDatabase(dataSource);
  return {
    url: url.toString(),
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      await withAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    },
  };
}

/** Inserts whole histories with multi-row INSERTs (setup only: no stream lock, no sequence check). */
export async function bulkInsert(dataSource: DataSource, histories: readonly TrajectoryHistory[], rowsPerStatement = 2_000): Promise<number> {
  const rows = histories.flatMap((history) => history.recorded());
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const chunk = rows.slice(start, start + rowsPerStatement);
    await dataSource.query(
      `INSERT INTO trajectory_events (stream_id, sequence, type, schema_version, payload, actor_role, actor_id, business_time, idempotency_key)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::jsonb[], $6::text[], $7::text[], $8::timestamptz[], $9::text[])`,
      [
        chunk.map((event) => event.streamId),
        chunk.map((event) => event.sequence),
        chunk.map((event) => event.type),
        chunk.map((event) => event.schemaVersion),
        chunk.map((event) => JSON.stringify(event.payload)),
        chunk.map((event) => event.actor.role),
        chunk.map((event) => event.actor.id),
        chunk.map((event) => event.businessTime.toISOString()),
        chunk.map((event) => event.idempotencyKey),
      ],
    );
  }
  return rows.length;
}

export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

async function withAdmin(url: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

import { DataSource } from 'typeorm';
import { TrajectoryEventEntity } from './event-store/trajectory-event.entity';
import { MIGRATIONS } from './migrations';
import { PersonTaskEntity } from './tasks/person-task.entity';
import { OutboxMessageEntity } from './outbox/outbox-message.entity';
import { PublishedDefinitionEntity } from './definitions/published-definition.entity';

export interface DatabaseConnectionOptions {
  readonly url: string;
  readonly poolSize: number;
  /** A name for `pg_stat_activity`, so operators see which process holds which connection. */
  readonly applicationName: string;
}

/** Every entity Wegwijs maps; only persistence adapters use them. */
export const ENTITIES = [TrajectoryEventEntity, PersonTaskEntity, OutboxMessageEntity, PublishedDefinitionEntity];

/** A TypeORM data source for Wegwijs's schema. The schema only changes through `MIGRATIONS`. */
export function createWegwijsDataSource(options: DatabaseConnectionOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    applicationName: options.applicationName,
    // Migrating holds one connection for the advisory lock while TypeORM migrates on another.
    poolSize: Math.max(2, options.poolSize),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    // TypeORM's own logging prints query parameters, which can hold personal data: errors are
    // reported by the callers instead, by class and message.
    logging: false,
  });
}

/**
 * Runs pending migrations under a session-level advisory lock, so that the API and the worker
 * starting at the same moment do not both try to create the schema.
 */
export async function migrateDatabase(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', ['wegwijs-schema-migrations']);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', ['wegwijs-schema-migrations']).catch(() => undefined);
    await runner.release();
  }
}

import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import type { WegwijsConfiguration } from '@wegwijs/config';
import { AccessLog, createWegwijsDataSource, EventStore, migrateDatabase, TaskStore, TypeOrmAccessLog, TypeOrmEventStore, TypeOrmTaskStore } from '@wegwijs/persistence';
import { DataSource } from 'typeorm';
import { WEGWIJS_CONFIGURATION } from './tokens';

/**
 * The PostgreSQL connection pool (migrated at start-up) and the stores several features share:
 * the event store, the task store and the access log. Stores only one feature uses belong to
 * that feature's module.
 */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [WEGWIJS_CONFIGURATION],
      useFactory: async (config: WegwijsConfiguration) => {
        if (!config.database.url) throw new Error('DATABASE_URL is required for the API (npm start sets it for the embedded database)');
        const dataSource = createWegwijsDataSource({ url: config.database.url, poolSize: config.database.poolSize, applicationName: 'wegwijs-api' });
        await dataSource.initialize();
        await migrateDatabase(dataSource);
        return dataSource;
      },
    },
    { provide: EventStore, inject: [DataSource], useFactory: (dataSource: DataSource) => new TypeOrmEventStore(dataSource) },
    { provide: TaskStore, inject: [DataSource], useFactory: (dataSource: DataSource) => new TypeOrmTaskStore(dataSource) },
    { provide: AccessLog, inject: [DataSource], useFactory: (dataSource: DataSource) => new TypeOrmAccessLog(dataSource) },
  ],
  exports: [DataSource, EventStore, TaskStore, AccessLog],
})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

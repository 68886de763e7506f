/**
 * Persistence on PostgreSQL: the data source, the migrations, and adapters behind ports.
 *
 *   const dataSource = createWegwijsDataSource({ url, poolSize: 5, applicationName: 'wegwijs-api' });
 *   await dataSource.initialize();
 *   await migrateDatabase(dataSource);
 *   const store: EventStore = new TypeOrmEventStore(dataSource);
 */
export * from './data-source';
export * from './event-store/event-store.port';
export * from './event-store/typeorm-event-store';
export * from './tasks/task-store.port';
export * from './tasks/typeorm-task-store';
export * from './outbox/notification-outbox.port';
export * from './outbox/typeorm-notification-outbox';
export * from './access-log/access-log';
export * from './definitions/published-definition-store.port';
export * from './definitions/typeorm-published-definition-store';
export * from './people/person-data-cipher';
export * from './people/person-key-vault';
export * from './people/person-records';
export * from './worker-heartbeats/worker-heartbeats';
export * from './shared-api-state/shared-api-state';

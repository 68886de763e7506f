/**
 * The Wegwijs worker process: runs trajectory workflows and activities until SIGINT/SIGTERM.
 *
 *   DATABASE_URL=postgres://… TEMPORAL_ADDRESS=temporal:7233 node -r @swc-node/register apps/worker/src/main.ts
 */
import { Logger } from '@nestjs/common';
import { createActivities } from '@wegwijs/activities';
import { loadConfiguration } from '@wegwijs/config';
import { createWegwijsDataSource, migrateDatabase, TypeOrmEventStore } from '@wegwijs/persistence';
import { connectWorkerConnection, createTrajectoryWorker, temporalAddress } from '@wegwijs/temporal';

async function main(): Promise<void> {
  const logger = new Logger('worker');
  const config = loadConfiguration(process.env);
  if (!config.database.url) throw new Error('DATABASE_URL is required for the worker (npm start sets it for the embedded database)');

  const dataSource = createWegwijsDataSource({ url: config.database.url, poolSize: config.database.poolSize, applicationName: 'wegwijs-worker' });
  await dataSource.initialize();
  await migrateDatabase(dataSource);
  const connection = await connectWorkerConnection(config);
  const worker = await createTrajectoryWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities({ eventStore: new TypeOrmEventStore(dataSource), now: () => new Date() }),
  });
  logger.log(`polling task queue ${config.temporal.taskQueue} on ${temporalAddress(config)}`);
  try {
    await worker.run();
  } finally {
    await connection.close();
    await dataSource.destroy();
    logger.log('stopped');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

/**
 * The Wegwijs worker process: runs trajectory workflows and activities until SIGINT/SIGTERM.
 * Logs JSON lines on stdout (the SDK's too), exports spans when OTEL_EXPORTER_OTLP_ENDPOINT is set,
 * and serves Prometheus metrics on WORKER_METRICS_PORT when set.
 *
 *   DATABASE_URL=postgres://… TEMPORAL_ADDRESS=temporal:7233 node -r @swc-node/register apps/worker/src/main.ts
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Runtime, type TelemetryOptions } from '@temporalio/worker';
import {
  createActivities,
  FileMailTransportDevelopmentStandIn,
  FileTvsProfileSourceDevelopmentStandIn,
  NotificationDeliveryLoop,
  RecipientAddresses,
  SmtpMailTransport,
  InMemoryNoaAgendaDevelopmentStandIn,
  PersonRecordDirectory,
  StaticCaseTeamDirectoryDevelopmentStandIn,
} from '@wegwijs/activities';
import { loadConfiguration, servedNamespaces } from '@wegwijs/config';
import { Projector } from '@wegwijs/read-models';
import {
  createWegwijsDataSource,
  MasterKeyring,
  migrateDatabase,
  TypeOrmEventStore,
  TypeOrmNotificationOutbox,
  TypeOrmPersonKeyVault,
  TypeOrmPersonRecords,
  TypeOrmTaskStore,
  WORKER_HEARTBEAT_INTERVAL_SECONDS,
  WorkerHeartbeats,
} from '@wegwijs/persistence';
import { connectWorkerConnection, createPayloadCodec, createTrajectoryWorker, encryptedDataConverter, PinoTemporalLogger, temporalAddress, trajectoryWorkflowCode, workflowTaskTuning } from '@wegwijs/temporal';
import { createLogger, errorClass, installTracing } from '@wegwijs/telemetry';
import { reserveLoopbackAddress, startWorkerMetricsEndpoint } from './worker-metrics';

async function main(): Promise<void> {
  const config = loadConfiguration(process.env);
  const service = config.observability.serviceName ?? 'wegwijs-worker';
  const logger = createLogger(config.logLevel, service);
  const tracing = installTracing({ serviceName: service, otlpEndpoint: config.observability.otlpEndpoint });
  // The SDK's metrics are served by its core on a loopback port and forwarded by our endpoint.
  const coreMetricsAddress = config.observability.workerMetricsPort === undefined ? undefined : await reserveLoopbackAddress();
  const telemetryOptions: TelemetryOptions | undefined = coreMetricsAddress ? { metrics: { prometheus: { bindAddress: coreMetricsAddress } } } : undefined;
  Runtime.install({ logger: new PinoTemporalLogger(logger), ...(telemetryOptions ? { telemetryOptions } : {}) });
  if (!config.database.url) throw new Error('DATABASE_URL is required for the worker (npm start sets it for the embedded database)');
  // Refuses to start without WEGWIJS_PERSON_DATA_KEYS: contacts are read from the encrypted person record.
  const masterKeys = new MasterKeyring(config.personData.masterKeys);

  const dataSource = createWegwijsDataSource({ url: config.database.url, poolSize: config.database.poolSize, applicationName: 'wegwijs-worker' });
  await dataSource.initialize();
  await migrateDatabase(dataSource);
  const connection = await connectWorkerConnection(config);
  const outbox = new TypeOrmNotificationOutbox(dataSource);
  const people = new PersonRecordDirectory(new TypeOrmPersonRecords(dataSource, new TypeOrmPersonKeyVault(dataSource, masterKeys)));
  // Development stand-ins until case assignment, COA's TVS and NOA's agenda are connected.
  const caseTeam = new StaticCaseTeamDirectoryDevelopmentStandIn({
    klantmanager: 'klantmanagers@wegwijs.invalid',
    vluchtelingenwerk: 'vluchtelingenwerk@wegwijs.invalid',
    wijkteam: 'wijkteam@wegwijs.invalid',
    taalschool: 'taalschool@wegwijs.invalid',
    supervisor: 'supervisors@wegwijs.invalid',
  });
  const activities = createActivities({
    eventStore: new TypeOrmEventStore(dataSource),
    now: () => new Date(),
    taskStore: new TypeOrmTaskStore(dataSource),
    outbox,
    people,
    caseTeam,
    tvsProfiles: new FileTvsProfileSourceDevelopmentStandIn(`${config.dataDir}/tvs-profiles`),
    noaAgenda: new InMemoryNoaAgendaDevelopmentStandIn(),
  });
  // The prebuilt bundle in production; elsewhere bundled once here, for every namespace's worker.
  const workflowBundle = await trajectoryWorkflowCode({ bundlePath: config.temporal.workflowBundlePath, production: process.env.NODE_ENV === 'production' });
  // One worker per namespace (TEMPORAL_NAMESPACES): each municipality's trajectories run in its own.
  const namespaces = servedNamespaces(config);
  const workers = await Promise.all(
    namespaces.map((namespace) =>
      createTrajectoryWorker({
        connection,
        namespace,
        taskQueue: config.temporal.taskQueue,
        // Payloads bound to this namespace: another municipality's codec cannot read them.
        dataConverter: encryptedDataConverter(config, createPayloadCodec(config, namespace)),
        technicalStallAfterMs: config.supervision.technicalStallAfterMs,
        tracing,
        logger,
        activities,
        workflowBundle,
        tuning: workflowTaskTuning(config),
      }),
    ),
  );
  // Mail goes out from the outbox, never from inside an activity: a message is sent once even
  // when an activity is retried, and a send that may have happened is never repeated.
  const mailTransport = config.notifications.smtp
    ? new SmtpMailTransport(config.notifications.smtp)
    : new FileMailTransportDevelopmentStandIn(`${config.dataDir}/sent-mail`);
  const delivery = new NotificationDeliveryLoop({
    outbox,
    transport: mailTransport,
    addresses: new RecipientAddresses(people, caseTeam),
    now: () => new Date(),
    onError: (error) => logger.error({ error: errorClass(error) }, 'notification delivery failed'),
  });
  delivery.start(config.notifications.intervalSeconds * 1000);
  // The read models (caseloads, worklists, deadline calendar, handovers) follow the event store.
  const projection = new AbortController();
  const projecting = new Projector(dataSource).run(projection.signal, 500, (error) => logger.error({ error: errorClass(error) }, 'read-model projection failed'));
  // Bundling is done once the workers exist: from now on they poll, and the API's readiness sees it.
  const heartbeats = new WorkerHeartbeats(dataSource);
  const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const beat = () =>
    heartbeats.touch(workerId, config.temporal.taskQueue).catch((error: unknown) => logger.warn({ error: errorClass(error) }, 'heartbeat failed'));
  await beat();
  await heartbeats.forgetSilentFor(1);
  const heartbeat = setInterval(() => void beat(), WORKER_HEARTBEAT_INTERVAL_SECONDS * 1000);
  const metrics = coreMetricsAddress ? await startWorkerMetricsEndpoint(config, coreMetricsAddress, logger) : undefined;
  if (metrics) logger.info({ metrics: `http://${metrics.address}/metrics` }, 'serving metrics');
  logger.info({ taskQueue: config.temporal.taskQueue, namespaces, workflowTasks: config.worker, temporal: temporalAddress(config), tracesTo: config.observability.otlpEndpoint ?? 'nowhere' }, 'polling');
  try {
    // SIGINT/SIGTERM stop them all (the SDK's Runtime); one failing stops the others, and the process.
    await Promise.all(
      workers.map((worker) =>
        worker.run().catch((error: unknown) => {
          for (const other of workers) if (other !== worker && other.getState() === 'RUNNING') other.shutdown();
          throw error;
        }),
      ),
    );
  } finally {
    clearInterval(heartbeat);
    await heartbeats.remove(workerId).catch(() => undefined);
    await delivery.stop();
    projection.abort();
    await projecting;
    await connection.close();
    await dataSource.destroy();
    await metrics?.close();
    await tracing.shutdown();
    logger.info('stopped');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

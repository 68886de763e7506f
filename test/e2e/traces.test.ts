/**
 * One trace from an API request into the workflow it starts and the activity that workflow runs:
 * the API (its application, as main.ts builds it) and a trajectory worker (as the worker process
 * assembles it, real activities on the test database) run in this process, so that their spans
 * land in one in-memory exporter; Temporal and PostgreSQL are the tests' real ones, and the
 * request goes over HTTP with a W3C traceparent, as a gateway in front of Wegwijs would send it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NativeConnection, type Worker } from '@temporalio/worker';
import {
  createActivities,
  FileTvsProfileSourceDevelopmentStandIn,
  InMemoryNoaAgendaDevelopmentStandIn,
  InMemoryPersonDirectoryDevelopmentStandIn,
  StaticCaseTeamDirectoryDevelopmentStandIn,
} from '@wegwijs/activities';
import { loadConfiguration } from '@wegwijs/config';
import { createWegwijsDataSource, TypeOrmEventStore, TypeOrmNotificationOutbox, TypeOrmTaskStore } from '@wegwijs/persistence';
import { createTrajectoryWorker, encryptedDataConverter } from '@wegwijs/temporal';
import { createLogger, installTracing, type InstalledTracing } from '@wegwijs/telemetry';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DataSource } from 'typeorm';
/* eslint-disable @nx/enforce-module-boundaries -- the API application is built in this process, as
   main.ts builds it, so its spans reach this test's exporter; an app has no @wegwijs/* alias. */
import { createApiApplication } from '../../apps/api/src/app.factory';
import { loadRepositoryDefinitions } from '../../apps/api/src/definitions/repository-definitions';
/* eslint-enable @nx/enforce-module-boundaries */
import { newCaseReference } from '../support/case-references';
import { freePort } from '../support/free-port';
import { KLANTMANAGER, pollUntil, request } from '../support/http';

const exporter = new InMemorySpanExporter();
let tracing: InstalledTracing;
let api: NestExpressApplication;
let apiUrl: string;
let worker: Worker;
let running: Promise<void>;
let connection: NativeConnection;
let dataSource: DataSource;
let profiles: string;

beforeAll(async () => {
  tracing = installTracing({ serviceName: 'wegwijs-trace-test', spanProcessor: new SimpleSpanProcessor(exporter) });
  // A task queue of its own, so the stack's worker never takes these workflows; no metrics ports, no development provider.
  const config = loadConfiguration({ ...process.env, TEMPORAL_TASK_QUEUE: `traces-${randomUUID()}`, API_METRICS_PORT: '', WORKER_METRICS_PORT: '', WEGWIJS_DEVELOPMENT_IDP: 'off', AUTH_JWKS_URL: '' });
  const quiet = createLogger('error', 'wegwijs-trace-test');

  dataSource = createWegwijsDataSource({ url: config.database.url!, poolSize: 2, applicationName: 'test-traces' });
  await dataSource.initialize();
  profiles = await mkdtemp(join(tmpdir(), 'wegwijs-traces-'));
  connection = await NativeConnection.connect({ address: config.temporal.address! });
  worker = await createTrajectoryWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    dataConverter: encryptedDataConverter(config),
    tracing,
    logger: quiet,
    activities: createActivities({
      eventStore: new TypeOrmEventStore(dataSource),
      taskStore: new TypeOrmTaskStore(dataSource),
      outbox: new TypeOrmNotificationOutbox(dataSource),
      people: new InMemoryPersonDirectoryDevelopmentStandIn(),
      caseTeam: new StaticCaseTeamDirectoryDevelopmentStandIn({ klantmanager: 'km@example.org' }, 'km-0007'),
      tvsProfiles: new FileTvsProfileSourceDevelopmentStandIn(profiles),
      noaAgenda: new InMemoryNoaAgendaDevelopmentStandIn(),
      now: () => new Date(),
    }),
  });
  running = worker.run();

  api = await createApiApplication({ config, definitions: await loadRepositoryDefinitions(), logger: quiet });
  const port = await freePort();
  await api.listen(port, '127.0.0.1');
  apiUrl = `http://127.0.0.1:${port}`;
}, 300_000);

afterAll(async () => {
  await api?.close();
  worker?.shutdown();
  await running;
  await connection?.close();
  await dataSource?.destroy();
  await tracing?.shutdown();
  if (profiles) await rm(profiles, { recursive: true, force: true });
}, 60_000);

describe('a trace', () => {
  it('runs from the API request through the workflow into its activity', async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const started = await request(apiUrl, 'POST', '/trajectories', {
      body: { municipality: 'GM0392', caseReference: newCaseReference(), definitionKey: 'walking-skeleton', facts: { housingDate: '2026-11-02' } },
      headers: { ...KLANTMANAGER, traceparent: `00-${traceId}-${callerSpanId}-01` },
    });
    expect(started.status).toBe(201);

    const inTrace = () => exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
    await pollUntil(
      async () => inTrace(),
      (found) => found.some((span) => span.name === 'RunActivity:recordTrajectoryEvent'),
      300,
      100,
    );
    // The workflow's span ends with the workflow: cancelled (a request of its own), it is exported.
    const cancelled = await request(apiUrl, 'POST', `/trajectories/${started.body.trajectoryId}/cancel`, { body: { reason: 'einde van de test' }, headers: KLANTMANAGER });
    expect(cancelled.status).toBe(200);
    const spans = await pollUntil(
      async () => inTrace(),
      (found) => found.some((span) => span.name === 'RunWorkflow:trajectoryWorkflow'),
      300,
      100,
    );
    const byName = (name: string) => spans.find((span) => span.name === name);
    const server = byName('POST /trajectories');
    const startWorkflow = spans.find((span) => span.name.startsWith('StartWorkflow:') || span.name.startsWith('UpdateWithStartWorkflow:') || span.name.startsWith('StartUpdateWithStart'));
    const runWorkflow = byName('RunWorkflow:trajectoryWorkflow');
    const startActivity = byName('StartActivity:recordTrajectoryEvent');
    const runActivity = byName('RunActivity:recordTrajectoryEvent');
    expect({ server, startWorkflow, runWorkflow, startActivity, runActivity }).toEqual({
      server: expect.anything(),
      startWorkflow: expect.anything(),
      runWorkflow: expect.anything(),
      startActivity: expect.anything(),
      runActivity: expect.anything(),
    });
    const parentOf = (span: ReadableSpan) => span.parentSpanId;
    // The caller's span → the API's server span → the client's start → the workflow → scheduling the activity → running it.
    expect(parentOf(server!)).toBe(callerSpanId);
    expect(parentOf(startWorkflow!)).toBe(server!.spanContext().spanId);
    expect(parentOf(runWorkflow!)).toBe(startWorkflow!.spanContext().spanId);
    expect(parentOf(startActivity!)).toBe(runWorkflow!.spanContext().spanId);
    expect(parentOf(runActivity!)).toBe(startActivity!.spanContext().spanId);
    expect(server!.attributes).toMatchObject({ 'http.route': '/trajectories', 'http.response.status_code': 201 });
  });
});

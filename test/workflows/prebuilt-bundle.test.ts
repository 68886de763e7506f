/**
 * A production worker's workflow code: bundled once at build time (`npm run build:workflows`,
 * here into a temporary directory) and loaded from that file with `workflowBundle: { codePath }`
 * — no webpack at start. The worker runs on the tests' real Temporal dev server, in Amsterdam's
 * namespace, with the encrypting data converter (whose failure converter the bundle carries), and
 * runs a trajectory through its Update and milestone.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { ACTIVITY_CAPABILITIES } from '@wegwijs/activities';
import { loadConfiguration } from '@wegwijs/config';
import { compileCommittedDefinition } from '@wegwijs/definitions';
import {
  buildTrajectoryWorkflowBundle,
  connectNamespaceClients,
  connectWorkerConnection,
  createPayloadCodec,
  createTrajectoryWorker,
  encryptedDataConverter,
  trajectoryWorkflowCode,
  type NamespaceClients,
} from '@wegwijs/temporal';
import { MILESTONE_CAPABILITIES, recordMilestoneUpdate } from '@wegwijs/workflows';
import { recordingActivityDoubles } from '../support/activity-doubles';
import { newCaseReference } from '../support/case-references';
import { TEST_AMSTERDAM_NAMESPACE } from '../support/namespaces';
import { startCaughtUp, stateWhen } from '../support/start-trajectory';

const config = loadConfiguration(process.env);
const taskQueue = `prebuilt-bundle-${randomUUID()}`;
const { activities, calls } = recordingActivityDoubles(['recordTrajectoryEvent']);
const KLANTMANAGER = { role: 'klantmanager' as const, id: 'km-0363' };

let dir: string;
let bundlePath: string;
let connection: NativeConnection;
let clients: NamespaceClients;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wegwijs-workflow-bundle-'));
  ({ path: bundlePath } = await buildTrajectoryWorkflowBundle(join(dir, 'trajectory-workflows.js')));
  connection = await connectWorkerConnection(config);
  clients = await connectNamespaceClients(config);
}, 300_000);

afterAll(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running;
  await connection?.close();
  await clients?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Polls the state query until `ready` holds. */

describe('a worker on the prebuilt workflow bundle', () => {
  it('loads the bundle from its file and runs a trajectory with it', async () => {
    expect((await stat(bundlePath)).size).toBeGreaterThan(0);
    const workflowBundle = await trajectoryWorkflowCode({ bundlePath, production: true });
    expect(workflowBundle).toEqual({ codePath: bundlePath });
    worker = await createTrajectoryWorker({
      connection,
      namespace: TEST_AMSTERDAM_NAMESPACE,
      taskQueue,
      activities,
      dataConverter: encryptedDataConverter(config, createPayloadCodec(config, TEST_AMSTERDAM_NAMESPACE)),
      workflowBundle,
    });
    running = worker.run();

    const trajectoryId = `GM0363.${newCaseReference()}`;
    const handle = await startCaughtUp(clients.forNamespace(TEST_AMSTERDAM_NAMESPACE), taskQueue, {
      trajectoryId,
      municipality: 'GM0363',
      caseReference: trajectoryId.slice('GM0363.'.length),
      definition: compileCommittedDefinition('walking-skeleton/v1.yaml', { activities: ACTIVITY_CAPABILITIES, milestones: MILESTONE_CAPABILITIES }),
      facts: { housingDate: '2026-11-02' },
      startedBy: KLANTMANAGER,
    });
    const waiting = await stateWhen(handle, (state) => state.waitingOn.length > 0);
    expect(waiting.waitingOn.map((wait) => wait.milestone)).toEqual(['intake.completed']);
    // The service task before the wait ran, as an activity of this worker.
    expect(calls.map((call) => call.name)).toEqual(['recordTrajectoryEvent']);

    await handle.executeUpdate(recordMilestoneUpdate, {
      args: [{ milestone: 'intake.completed', milestoneId: randomUUID(), actor: KLANTMANAGER }],
    });
    const ended = await stateWhen(handle, (state) => state.status !== 'running');
    expect(ended.status).toBe('completed');
    expect(ended.milestonesDone.map((done) => done.milestone)).toEqual(['intake.completed']);
  });
});

/**
 * Tenancy over HTTP, on the test stack's two namespaces (global-setup: Amsterdam, GM0363, in a
 * namespace of its own; Haarlem, GM0392, in `default`): each trajectory lives in its
 * municipality's namespace and is started, moved, read and listed there; the codec decrypts only
 * in a namespace of the caller's municipalities, and never another namespace's payload.
 */
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { loadConfiguration } from '@wegwijs/config';
import { temporalAddress } from '@wegwijs/temporal';
import { newCaseReference } from '../support/case-references';
import { authHeaders, pollUntil, request } from '../support/http';
import { TEST_AMSTERDAM_NAMESPACE } from '../support/namespaces';
import { clockedDefinitionYaml, newDefinitionKey, publishDefinition } from '../support/published-definitions';

const config = loadConfiguration(process.env);
const apiUrl = process.env.WEGWIJS_API_URL ?? '';
const webUi = config.temporal.uiUrl ?? `http://127.0.0.1:${config.temporal.uiPort}`;
const HAARLEM = 'GM0392';
const AMSTERDAM = 'GM0363';
const actor = (role: 'klantmanager' | 'supervisor' | 'admin', ...municipalities: string[]) => authHeaders({ role, id: `${role}-${municipalities.join('-')}`, municipalities });
const definitionKey = newDefinitionKey('tenancy');

let connection: Connection;
/** Clients WITHOUT the codec, one per namespace: what Temporal itself holds there. */
let rawClients: Record<string, Client>;
let haarlemId: string;
let amsterdamId: string;

/** Housed on 2019-08-31, the NOA assessment was due by 2019-10-12: stuck as soon as it waits. */
async function startStuck(municipality: string): Promise<string> {
  const answer = await request(apiUrl, 'POST', '/trajectories', {
    body: { municipality, caseReference: newCaseReference(), definitionKey, facts: { housingDate: '2019-08-31', permitGrantedDate: '2026-06-01' } },
    headers: actor('klantmanager', municipality),
  });
  expect(answer.status).toBe(201);
  return answer.body.trajectoryId;
}

beforeAll(async () => {
  expect(config.temporal.namespacesByMunicipality).toEqual({ [AMSTERDAM]: TEST_AMSTERDAM_NAMESPACE });
  connection = await Connection.connect({ address: temporalAddress(config) });
  rawClients = Object.fromEntries(['default', TEST_AMSTERDAM_NAMESPACE].map((namespace) => [namespace, new Client({ connection, namespace })]));
  await publishDefinition(apiUrl, clockedDefinitionYaml(definitionKey), authHeaders({ role: 'beleid', id: 'bl-0001' }));
  [haarlemId, amsterdamId] = await Promise.all([startStuck(HAARLEM), startStuck(AMSTERDAM)]);
});

afterAll(async () => {
  await connection?.close();
});

/** The encrypted start input, as it lies in the namespace's history. */
async function startPayload(namespace: string, trajectoryId: string): Promise<Payload> {
  const history = await rawClients[namespace].workflow.getHandle(trajectoryId).fetchHistory();
  return history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
}

function toJson(payload: Payload): { metadata: Record<string, string>; data: string } {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([name, value]) => [name, Buffer.from(value!).toString('base64')])),
    data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
  };
}

function decode(namespace: string, payload: Payload, headers: Record<string, string>) {
  return request(apiUrl, 'POST', '/codec/decode', { body: { payloads: [toJson(payload)] }, headers: { ...headers, 'x-namespace': namespace } });
}

/** What the codec answered, as the workflow's start input, or undefined while it is still encrypted. */
function startInputOf(answer: { body: { payloads: Array<{ metadata: Record<string, string>; data: string }> } }): Record<string, unknown> | undefined {
  const [payload] = answer.body.payloads;
  const metadata = Object.fromEntries(Object.entries(payload.metadata).map(([name, value]) => [name, Buffer.from(value, 'base64')]));
  if (metadata.encoding.toString() === 'binary/encrypted') return undefined;
  return defaultPayloadConverter.fromPayload({ metadata, data: Buffer.from(payload.data, 'base64') });
}

describe('a namespace per municipality', () => {
  it("starts each trajectory in its municipality's namespace, and only there", async () => {
    await expect(rawClients[TEST_AMSTERDAM_NAMESPACE].workflow.getHandle(amsterdamId).describe()).resolves.toMatchObject({ workflowId: amsterdamId, status: { name: 'RUNNING' } });
    await expect(rawClients.default.workflow.getHandle(amsterdamId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    await expect(rawClients.default.workflow.getHandle(haarlemId).describe()).resolves.toMatchObject({ workflowId: haarlemId });
    await expect(rawClients[TEST_AMSTERDAM_NAMESPACE].workflow.getHandle(haarlemId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it("reads and moves a trajectory in its own namespace (the worker polls it), and nobody else's", async () => {
    const klantmanager = actor('klantmanager', AMSTERDAM);
    const read = await request(apiUrl, 'GET', `/trajectories/${amsterdamId}`, { headers: klantmanager });
    expect(read.status).toBe(200);
    expect(read.body.state.waitingOn.map((wait: { milestone: string }) => wait.milestone)).toEqual(['intake.noaAssessmentDone']);

    const reported = await request(apiUrl, 'POST', `/trajectories/${amsterdamId}/milestones`, {
      body: { milestone: 'intake.noaAssessmentDone', occurredOn: '2019-10-01' },
      headers: { ...klantmanager, 'idempotency-key': `noa-${amsterdamId}` },
    });
    expect(reported.status).toBe(200);
    expect(reported.body.milestonesDone.map((done: { milestone: string }) => done.milestone)).toEqual(['intake.noaAssessmentDone']);
    const history = await rawClients[TEST_AMSTERDAM_NAMESPACE].workflow.getHandle(amsterdamId).fetchHistory();
    expect(history.events!.some((event) => event.workflowExecutionUpdateCompletedEventAttributes)).toBe(true);

    // Haarlem's klantmanager does not see it, whatever namespace it is in.
    expect((await request(apiUrl, 'GET', `/trajectories/${amsterdamId}`, { headers: actor('klantmanager', HAARLEM) })).status).toBe(404);
  });

  it("lists a supervisor's stuck trajectories from each of their municipalities' namespaces, each linked into its own", async () => {
    const both = actor('supervisor', HAARLEM, AMSTERDAM);
    const otherAmsterdamId = await startStuck(AMSTERDAM);
    const answer = await pollUntil(
      () => request(apiUrl, 'GET', '/supervision/stuck', { headers: both }),
      (candidate) => [haarlemId, otherAmsterdamId].every((id) => candidate.body.trajectories?.some((trajectory: { trajectoryId: string }) => trajectory.trajectoryId === id)),
    );
    expect(answer.status).toBe(200);
    const listed = (id: string) => answer.body.trajectories.find((trajectory: { trajectoryId: string }) => trajectory.trajectoryId === id);
    expect(listed(haarlemId)).toMatchObject({ municipality: HAARLEM, webUiUrl: `${webUi}/namespaces/default/workflows?query=${encodeURIComponent(`WorkflowId = "${haarlemId}"`)}` });
    expect(listed(otherAmsterdamId)).toMatchObject({
      municipality: AMSTERDAM,
      webUiUrl: `${webUi}/namespaces/${TEST_AMSTERDAM_NAMESPACE}/workflows?query=${encodeURIComponent(`WorkflowId = "${otherAmsterdamId}"`)}`,
    });

    const amsterdamOnly = await request(apiUrl, 'GET', '/supervision/stuck', { headers: actor('supervisor', AMSTERDAM) });
    expect(amsterdamOnly.status).toBe(200);
    expect(amsterdamOnly.body.webUiUrl).toBe(`${webUi}/namespaces/${TEST_AMSTERDAM_NAMESPACE}/workflows?query=${encodeURIComponent(amsterdamOnly.body.query)}`);
    expect(amsterdamOnly.body.trajectories.map((trajectory: { trajectoryId: string }) => trajectory.trajectoryId)).toContain(otherAmsterdamId);
    expect(amsterdamOnly.body.trajectories.every((trajectory: { municipality: string }) => trajectory.municipality === AMSTERDAM)).toBe(true);
  });
});

describe('the codec, per namespace', () => {
  it("decrypts Amsterdam's payloads for Amsterdam's supervisor, in Amsterdam's namespace", async () => {
    const stored = await startPayload(TEST_AMSTERDAM_NAMESPACE, amsterdamId);
    expect(Buffer.from(stored.metadata!['encryption-namespace']!).toString()).toBe(TEST_AMSTERDAM_NAMESPACE);
    const answer = await decode(TEST_AMSTERDAM_NAMESPACE, stored, actor('supervisor', AMSTERDAM));
    expect(answer.status).toBe(200);
    expect(startInputOf(answer)).toMatchObject({ trajectoryId: amsterdamId, municipality: AMSTERDAM });
  });

  it("refuses Amsterdam's supervisor Haarlem's namespace with a 403 problem", async () => {
    const stored = await startPayload('default', haarlemId);
    for (const namespace of ['default', '']) {
      const answer = await decode(namespace, stored, actor('supervisor', AMSTERDAM));
      expect(answer.status).toBe(403);
      expect(answer.contentType).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ type: '/problems/codec-namespace-not-yours', status: 403 });
      expect(JSON.stringify(answer.body)).not.toContain(haarlemId.split('.')[1]);
    }
    // And Haarlem's supervisor Amsterdam's, for an administrator as much as a supervisor.
    for (const role of ['supervisor', 'admin'] as const) {
      const answer = await decode(TEST_AMSTERDAM_NAMESPACE, await startPayload(TEST_AMSTERDAM_NAMESPACE, amsterdamId), actor(role, HAARLEM));
      expect(answer.status).toBe(403);
    }
  });

  it("leaves Haarlem's payload encrypted when Amsterdam's supervisor sends it as if from Amsterdam's namespace", async () => {
    const stored = await startPayload('default', haarlemId);
    const answer = await decode(TEST_AMSTERDAM_NAMESPACE, stored, actor('supervisor', AMSTERDAM));
    expect(answer.status).toBe(200);
    expect(startInputOf(answer)).toBeUndefined();
    expect(answer.body.payloads[0]).toEqual(toJson(stored));

    // Relabelled as Amsterdam's, it fails authentication: the namespace is in the ciphertext's associated data.
    const relabelled = { ...stored, metadata: { ...stored.metadata, 'encryption-namespace': Buffer.from(TEST_AMSTERDAM_NAMESPACE) } };
    const forged = await decode(TEST_AMSTERDAM_NAMESPACE, relabelled, actor('supervisor', AMSTERDAM));
    expect(forged.status).toBe(200);
    expect(startInputOf(forged)).toBeUndefined();
  });

  it('decrypts both for a supervisor of both municipalities, each in its own namespace', async () => {
    const both = actor('supervisor', HAARLEM, AMSTERDAM);
    expect(startInputOf(await decode('default', await startPayload('default', haarlemId), both))).toMatchObject({ trajectoryId: haarlemId });
    expect(startInputOf(await decode(TEST_AMSTERDAM_NAMESPACE, await startPayload(TEST_AMSTERDAM_NAMESPACE, amsterdamId), both))).toMatchObject({ trajectoryId: amsterdamId });
  });

  it("encrypts for any supervisor in any served namespace: encrypting reveals nothing", async () => {
    const answer = await request(apiUrl, 'POST', '/codec/encode', {
      body: { payloads: [toJson(defaultPayloadConverter.toPayload({ signal: 'x' }))] },
      headers: { ...actor('supervisor', HAARLEM), 'x-namespace': TEST_AMSTERDAM_NAMESPACE },
    });
    expect(answer.status).toBe(200);
    expect(Buffer.from(answer.body.payloads[0].metadata['encryption-namespace'], 'base64').toString()).toBe(TEST_AMSTERDAM_NAMESPACE);
  });
});

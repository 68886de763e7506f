/**
 * What Temporal stores is ciphertext: a trajectory started through the API leaves only encrypted
 * payloads in its workflow history, readable with the keys and with nothing else — failures
 * included: an activity's error message and stack trace are stored encrypted, and the codec the
 * Web UI calls shows them.
 */
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { loadConfiguration } from '@wegwijs/config';
import { createPayloadCodec, temporalAddress } from '@wegwijs/temporal';
import { authHeaders, KLANTMANAGER, pollUntil, request } from '../support/http';
import { newCaseReference } from '../support/case-references';
import { newDefinitionKey, publishDefinition, reminderWithoutTextDefinitionYaml } from '../support/published-definitions';

const config = loadConfiguration(process.env);
let connection: Connection;
/** A client WITHOUT the codec: it sees what Temporal's server and database see. */
let rawClient: Client;

beforeAll(async () => {
  connection = await Connection.connect({ address: temporalAddress(config) });
  rawClient = new Client({ connection, namespace: config.temporal.namespace });
});

afterAll(async () => {
  await connection?.close();
});

const text = new TextDecoder();

async function startPayload(trajectoryId: string): Promise<Payload> {
  const history = await pollUntil(
    () => rawClient.workflow.getHandle(trajectoryId).fetchHistory(),
    (answer) => (answer.events?.length ?? 0) > 0,
  );
  const input = history.events![0].workflowExecutionStartedEventAttributes?.input?.payloads;
  expect(input).toHaveLength(1);
  return input![0];
}

/**
 * Every payload in a history (anything with metadata and data), except search attributes:
 * Temporal indexes those, so they never pass the codec — which is why they hold no personal data.
 */
function payloadsIn(value: unknown): Payload[] {
  if (Array.isArray(value)) return value.flatMap(payloadsIn);
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return [];
  const record = value as Record<string, unknown>;
  if (record.metadata && record.data) return [record as Payload];
  // Search attributes are indexed in plain form by design (they hold no personal data), and headers
  // are not passed through the codec by the SDK: they hold only trace context and the correlation id
  // (`headerFieldsIn` below checks that). Markers are written by the SDK's core: a version patch's
  // holds the patch name only, a local activity's `data` its bookkeeping (`coreMarkerData` below
  // checks that); a local activity's result is the worker's, and encrypted like any other.
  if (typeof record.markerName === 'string' && record.details && typeof record.details === 'object') {
    return Object.entries(record.details).flatMap(([name, field]) => (CORE_MARKER_DETAILS.has(name) ? [] : payloadsIn(field)));
  }
  return Object.entries(record).flatMap(([name, field]) => (name === 'searchAttributes' || name === 'header' ? [] : payloadsIn(field)));
}

/** Marker details the SDK's core writes itself, never through the codec. */
const CORE_MARKER_DETAILS = new Set(['patch-data', 'data']);

/** The fields of every marker's core-written `data` detail (a local activity's bookkeeping). */
function coreMarkerDataFieldsIn(events: readonly unknown[]): string[] {
  return events.flatMap((event) => {
    const marker = (event as { markerRecordedEventAttributes?: { details?: Record<string, { payloads?: Payload[] }> } }).markerRecordedEventAttributes;
    return (marker?.details?.data?.payloads ?? []).flatMap((payload) => Object.keys(JSON.parse(Buffer.from(payload.data!).toString('utf8')) as object));
  });
}

/** The names of every header field in the history (Temporal's `header.fields`). */
function headerFieldsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(headerFieldsIn);
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([name, field]) =>
    name === 'header' && field && typeof field === 'object' ? Object.keys((field as { fields?: object }).fields ?? {}) : headerFieldsIn(field),
  );
}

describe('workflow histories', () => {
  it('hold the start input of a trajectory encrypted, decryptable only with the configured keys', async () => {
    const caseReference = newCaseReference();
    const started = await request(process.env.WEGWIJS_API_URL!, 'POST', '/trajectories', {
      body: { municipality: 'GM0392', caseReference, definitionKey: 'walking-skeleton', facts: { housingDate: '2019-08-31' } },
      headers: KLANTMANAGER,
    });
    expect(started.status).toBe(201);

    const stored = await startPayload(started.body.trajectoryId);
    expect(text.decode(stored.metadata!.encoding!)).toBe('binary/encrypted');
    expect(text.decode(stored.metadata!['encryption-key-id']!)).toBe(config.payloadEncryption.keys![0].id);
    expect(Object.keys(stored.metadata!).sort()).toEqual(['encoding', 'encryption-key-id', 'encryption-namespace']);
    expect(text.decode(stored.metadata!['encryption-namespace']!)).toBe(config.temporal.namespace);
    expect(Buffer.from(stored.data!).includes(caseReference)).toBe(false);
    expect(Buffer.from(stored.data!).includes('2019-08-31')).toBe(false);

    // The worker reads it — it holds the keys — and writes every later payload encrypted too.
    const waiting = await pollUntil(
      () => request(process.env.WEGWIJS_API_URL!, 'GET', `/trajectories/${started.body.trajectoryId}`, { headers: KLANTMANAGER }),
      (answer) => answer.body?.state?.waitingOn?.length === 1,
    );
    expect(waiting.body.state.status).toBe('running');
    const history = await rawClient.workflow.getHandle(started.body.trajectoryId).fetchHistory();
    const payloads = payloadsIn(history.events);
    expect(payloads.length).toBeGreaterThan(2);
    expect(payloads.map((payload) => text.decode(payload.metadata!.encoding!))).toEqual(payloads.map(() => 'binary/encrypted'));
    // The events were recorded by a local activity: its result is among the payloads above, and what
    // the SDK's core writes of it in plain form is bookkeeping only (no input, no personal data).
    const localActivityMarkers = history.events!.filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    expect(localActivityMarkers.length).toBeGreaterThan(0);
    expect(localActivityMarkers.every((event) => event.markerRecordedEventAttributes!.details!.result!.payloads!.length === 1)).toBe(true);
    expect(new Set(coreMarkerDataFieldsIn(history.events!))).toEqual(
      new Set(['seq', 'attempt', 'activity_id', 'activity_type', 'complete_time', 'backoff', 'original_schedule_time']),
    );
    // Headers, which the codec never sees, carry the trace context and the request's correlation id — nothing else.
    expect(new Set(headerFieldsIn(history.events))).toEqual(new Set(['_tracer-data', 'wegwijs-correlation-id']));

    const [decoded] = await createPayloadCodec(config).decode([stored]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toMatchObject({
      caseReference,
      municipality: 'GM0392',
      facts: { housingDate: '2019-08-31' },
    });
  });
});

/** A reminder without its message: the activity refuses its input (`InvalidActivityInput`), an incident opens. */
const failingDefinitionKey = newDefinitionKey('encrypted-failure');
const FAILING_DEFINITION = reminderWithoutTextDefinitionYaml(failingDefinitionKey);

describe('failures in workflow histories', () => {
  it('hold an activity failure’s message and stack trace encrypted; the codec the Web UI calls reads them', async () => {
    const supervisor = authHeaders({ role: 'supervisor', id: 'sv-0001' });
    await publishDefinition(process.env.WEGWIJS_API_URL!, FAILING_DEFINITION, authHeaders({ role: 'beleid', id: 'bl-0001' }));
    const started = await request(process.env.WEGWIJS_API_URL!, 'POST', '/trajectories', {
      body: { municipality: 'GM0392', caseReference: newCaseReference(), definitionKey: failingDefinitionKey, facts: { housingDate: '2026-11-02' } },
      headers: KLANTMANAGER,
    });
    expect(started.status).toBe(201);

    const history = await pollUntil(
      () => rawClient.workflow.getHandle(started.body.trajectoryId).fetchHistory(),
      (answer) => (answer.events ?? []).some((event) => event.activityTaskFailedEventAttributes),
    );
    const failure = history.events!.find((event) => event.activityTaskFailedEventAttributes)!.activityTaskFailedEventAttributes!.failure!;
    // What Temporal's database holds: the SDK's placeholder, no stack trace, the error type (which
    // supervisors filter on and which holds no personal data) and the encrypted attributes.
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace ?? '').toBe('');
    expect(failure.applicationFailureInfo?.type).toBe('InvalidActivityInput');
    const stored = failure.encodedAttributes!;
    expect(text.decode(stored.metadata!.encoding!)).toBe('binary/encrypted');
    expect(Buffer.from(stored.data!).includes('remindKlantmanager')).toBe(false);
    expect(JSON.stringify(history.events)).not.toContain('must pass input');

    // The Web UI sends the encoded attributes to the codec and shows what comes back.
    const decoded = await request(process.env.WEGWIJS_API_URL!, 'POST', '/codec/decode', {
      body: {
        payloads: [
          {
            metadata: Object.fromEntries(Object.entries(stored.metadata!).map(([name, value]) => [name, Buffer.from(value!).toString('base64')])),
            data: Buffer.from(stored.data!).toString('base64'),
          },
        ],
      },
      headers: { ...supervisor, 'x-namespace': config.temporal.namespace },
    });
    expect(decoded.status).toBe(200);
    const attributes = JSON.parse(Buffer.from(decoded.body.payloads[0].data, 'base64').toString('utf8'));
    expect(attributes.message).toBe('Node remindKlantmanager must pass input message as a non-empty string');
    expect(attributes.stack_trace).toContain('must pass input message');
  });
});

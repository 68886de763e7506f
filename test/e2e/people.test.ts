/**
 * The person record end to end: registered, read, corrected and erased over HTTP against the
 * running API and worker, on the real PostgreSQL; linked to a real trajectory on the real
 * Temporal server. Asserts what is stored (ciphertext only), who may see it (and that every look
 * is in the access log), and that erasure leaves the trajectory's history as it was.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FileMailTransportDevelopmentStandIn,
  NotificationDeliveryLoop,
  PersonRecordDirectory,
  RecipientAddresses,
  StaticCaseTeamDirectoryDevelopmentStandIn,
} from '@wegwijs/activities';
import { loadConfiguration } from '@wegwijs/config';
import {
  createWegwijsDataSource,
  MasterKeyring,
  TypeOrmNotificationOutbox,
  TypeOrmPersonKeyVault,
  TypeOrmPersonRecords,
} from '@wegwijs/persistence';
import type { DataSource } from 'typeorm';
import { newCaseReference } from '../support/case-references';
import { authHeaders, pollUntil, request, type TestActor } from '../support/http';
import { newBsn, newMunicipality } from '../support/people';
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';

const MUNICIPALITY = newMunicipality();
const OTHER_MUNICIPALITY = 'GM0473';
const in_ = (actor: Omit<TestActor, 'municipalities'>, municipality = MUNICIPALITY): TestActor => ({ ...actor, municipalities: [municipality] });

const KLANTMANAGER = in_({ role: 'klantmanager', id: 'km-pp-0001' });
const OTHER_KLANTMANAGER = in_({ role: 'klantmanager', id: 'km-pp-0002' });
const SUPERVISOR = in_({ role: 'supervisor', id: 'sv-pp-0001' });
const PRIVACY_OFFICER = in_({ role: 'admin', id: 'ad-pp-0001' });
const INTEGRATION = in_({ role: 'system', id: 'coa-handover' });
const OTHER_TOWN_SUPERVISOR = in_({ role: 'supervisor', id: 'sv-pp-0009' }, OTHER_MUNICIPALITY);
const OTHER_TOWN_ADMIN = in_({ role: 'admin', id: 'ad-pp-0009' }, OTHER_MUNICIPALITY);
const POLICY_OFFICER = in_({ role: 'beleid', id: 'bl-pp-0001' });

let wegwijs: WegwijsUnderTest;

beforeAll(async () => {
  wegwijs = await connectToWegwijsUnderTest();
});

afterAll(async () => {
  await wegwijs?.close();
});

function personalData(overrides: Record<string, unknown> = {}) {
  const tag = randomUUID().slice(0, 8);
  return { municipality: MUNICIPALITY, name: `Amina Tesfay ${tag}`, bsn: newBsn(), birthDate: '1994-03-17', email: `amina.${tag}@example.org`, phone: '+31 6 12345678', language: 'ti', ...overrides };
}

const call = (method: string, path: string, actor: TestActor | undefined, body?: unknown) =>
  request(wegwijs.baseUrl, method, path, { ...(body === undefined ? {} : { body }), headers: actor ? authHeaders(actor) : {} });

async function register(actor: TestActor = KLANTMANAGER, data = personalData()): Promise<{ personId: string; data: ReturnType<typeof personalData> }> {
  const answer = await call('POST', '/people', actor, data);
  expect(answer.status).toBe(201);
  return { personId: answer.body.personId, data };
}

async function startTrajectory(personId: string | undefined, actor: TestActor = KLANTMANAGER, caseReference = newCaseReference()) {
  return call('POST', '/trajectories', actor, {
    municipality: MUNICIPALITY,
    caseReference,
    definitionKey: 'walking-skeleton',
    facts: { housingDate: '2019-08-31' },
    ...(personId ? { personId } : {}),
  });
}

describe('POST /people', () => {
  it('stores a person and answers only the pseudonymous id, for klantmanagers and integrations', async () => {
    for (const actor of [KLANTMANAGER, INTEGRATION]) {
      const data = personalData();
      const answer = await call('POST', '/people', actor, data);
      expect(answer.status).toBe(201);
      expect(Object.keys(answer.body)).toEqual(['personId']);
      expect(answer.body.personId).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.headers.get('location')).toBe(`/people/${answer.body.personId}`);
    }
  });

  it.each([
    ['bsn', { bsn: '111222334' }, 'bsn must be 9 digits that pass the eleven test'],
    ['bsn', { bsn: '11122233' }, 'bsn must be 9 digits that pass the eleven test'],
    ['birthDate', { birthDate: '2094-03-17' }, 'birthDate must be a calendar date YYYY-MM-DD, not in the future'],
    ['birthDate', { birthDate: '1994-02-30' }, 'birthDate must be a calendar date YYYY-MM-DD, not in the future'],
    ['email', { email: 'amina-at-example' }, 'email must be an e-mail address'],
    ['language', { language: 'tigrinya' }, 'language must be an ISO 639-1 code such as nl, ar or ti'],
    ['name', { name: '' }, 'name must not be empty'],
    ['phone', { phone: 'call me' }, 'phone must be 6 to 20 digits, spaces or +()-'],
    ['municipality', { municipality: 'Haarlem' }, 'municipality must be a CBS code such as GM0392'],
  ])('refuses a bad %s with a 422 naming the field and the rule, never the value', async (field, override, message) => {
    const data = personalData(override);
    const answer = await call('POST', '/people', KLANTMANAGER, data);
    expect(answer.status).toBe(422);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body.type).toBe('/problems/validation-failed');
    expect(answer.body.errors).toContainEqual({ field, message });
    const said = JSON.stringify(answer.body);
    for (const value of [data.name, data.bsn, data.email, data.birthDate, data.phone].filter((value) => value !== '' && value !== 'Haarlem')) {
      expect(said).not.toContain(value);
    }
  });

  it('refuses fields it does not know', async () => {
    const answer = await call('POST', '/people', KLANTMANAGER, { ...personalData(), nationality: 'ER' });
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toContainEqual({ field: 'nationality', message: 'property nationality should not exist' });
  });

  it('refuses callers without a token, with another role, or for another municipality', async () => {
    expect((await call('POST', '/people', undefined, personalData())).body).toMatchObject({ status: 401, type: '/problems/unauthenticated' });
    expect((await call('POST', '/people', POLICY_OFFICER, personalData())).body).toMatchObject({ status: 403, type: '/problems/forbidden-role' });
    expect((await call('POST', '/people', PRIVACY_OFFICER, personalData())).body).toMatchObject({ status: 403, type: '/problems/forbidden-role' });
    const elsewhere = await call('POST', '/people', KLANTMANAGER, personalData({ municipality: OTHER_MUNICIPALITY }));
    expect(elsewhere.body).toMatchObject({ status: 403, type: '/problems/outside-municipality' });
  });
});

describe('GET /people/{personId}', () => {
  it('shows an unlinked person to the klantmanager who registered them and to supervisors, and logs each look', async () => {
    const { personId, data } = await register();
    const own = await call('GET', `/people/${personId}`, KLANTMANAGER);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ personId, municipality: MUNICIPALITY, trajectoryId: null, name: data.name, bsn: data.bsn, birthDate: data.birthDate, email: data.email, phone: data.phone, language: 'ti' });
    expect((await call('GET', `/people/${personId}`, SUPERVISOR)).status).toBe(200);

    const other = await call('GET', `/people/${personId}`, OTHER_KLANTMANAGER);
    expect(other.body).toMatchObject({ status: 403, type: '/problems/outside-caseload' });
    expect(JSON.stringify(other.body)).not.toContain(data.name);

    const log = await wegwijs.dataSource.query(
      'SELECT actor_id, action, operation, outcome, municipality FROM access_log WHERE person_id = $1 ORDER BY access_id',
      [personId],
    );
    expect(log).toEqual([
      { actor_id: KLANTMANAGER.id, action: 'read', operation: 'people.get', outcome: 'granted', municipality: MUNICIPALITY },
      { actor_id: SUPERVISOR.id, action: 'read', operation: 'people.get', outcome: 'granted', municipality: MUNICIPALITY },
      { actor_id: OTHER_KLANTMANAGER.id, action: 'read', operation: 'people.get', outcome: 'denied', municipality: MUNICIPALITY },
    ]);
  });

  it("answers another municipality's staff, and unknown ids, as if there were no such person", async () => {
    const { personId } = await register();
    for (const [id, actor] of [[personId, OTHER_TOWN_SUPERVISOR], [randomUUID(), SUPERVISOR]] as const) {
      const answer = await call('GET', `/people/${id}`, actor);
      expect(answer.status).toBe(404);
      expect(answer.body.type).toBe('/problems/person-not-found');
    }
    const [denied] = await wegwijs.dataSource.query("SELECT outcome FROM access_log WHERE person_id = $1 AND actor_id = $2", [personId, OTHER_TOWN_SUPERVISOR.id]);
    expect(denied).toEqual({ outcome: 'denied' });
  });

  it('refuses a malformed id and roles that may not read people', async () => {
    expect((await call('GET', '/people/not-a-uuid', SUPERVISOR)).body).toMatchObject({ status: 422, errors: [{ field: 'personId', message: 'must be a UUID' }] });
    const { personId } = await register();
    for (const actor of [POLICY_OFFICER, PRIVACY_OFFICER, INTEGRATION]) {
      expect((await call('GET', `/people/${personId}`, actor)).body).toMatchObject({ status: 403, type: '/problems/forbidden-role' });
    }
    expect((await call('GET', `/people/${personId}`, undefined)).status).toBe(401);
  });
});

describe('linking a person when their trajectory starts', () => {
  it('links the person; from then on the klantmanager holding the case reads them, through the trajectory', async () => {
    const { personId } = await register(INTEGRATION);
    const started = await startTrajectory(personId);
    expect(started.status).toBe(201);
    const trajectoryId = started.body.trajectoryId;

    const person = await call('GET', `/people/${personId}`, KLANTMANAGER);
    expect(person.status).toBe(200);
    expect(person.body.trajectoryId).toBe(trajectoryId);
    expect((await call('GET', `/people/${personId}`, OTHER_KLANTMANAGER)).body.type).toBe('/problems/outside-caseload');
    const [logged] = await wegwijs.dataSource.query(
      "SELECT trajectory_id, outcome FROM access_log WHERE person_id = $1 AND operation = 'people.get' AND actor_id = $2",
      [personId, KLANTMANAGER.id],
    );
    expect(logged).toEqual({ trajectory_id: trajectoryId, outcome: 'granted' });
  });

  it('refuses a person who is linked already with a 409, and starts nothing', async () => {
    const { personId } = await register();
    expect((await startTrajectory(personId)).status).toBe(201);
    const caseReference = newCaseReference();
    const second = await startTrajectory(personId, KLANTMANAGER, caseReference);
    expect(second.status).toBe(409);
    expect(second.body.type).toBe('/problems/person-already-linked');
    expect((await call('GET', `/trajectories/${MUNICIPALITY}.${caseReference}`, SUPERVISOR)).status).toBe(404);
  });

  it('refuses unknown people and people of another municipality with a 422 on personId', async () => {
    const stranger = await register(in_({ role: 'klantmanager', id: 'km-pp-0009' }, OTHER_MUNICIPALITY), personalData({ municipality: OTHER_MUNICIPALITY }));
    for (const personId of [randomUUID(), stranger.personId]) {
      const answer = await startTrajectory(personId);
      expect(answer.status).toBe(422);
      expect(answer.body.errors).toEqual([{ field: 'personId', message: 'must name a registered person of this municipality who was not erased' }]);
    }
    expect((await startTrajectory('not-a-uuid')).body.errors).toEqual([{ field: 'personId', message: 'personId must be a UUID' }]);
  });

  it('leaves the person unlinked when the trajectory cannot start', async () => {
    const caseReference = newCaseReference();
    expect((await startTrajectory(undefined, KLANTMANAGER, caseReference)).status).toBe(201);
    const { personId } = await register();
    const again = await startTrajectory(personId, KLANTMANAGER, caseReference);
    expect(again.body.type).toBe('/problems/trajectory-already-exists');
    expect((await call('GET', `/people/${personId}`, KLANTMANAGER)).body.trajectoryId).toBeNull();
  });
});

describe('GET /trajectories/{trajectoryId}/person', () => {
  it('shows the linked person to the klantmanager holding the case and to supervisors, never to others, policy staff or admins, and logs each look', async () => {
    const { personId, data } = await register();
    const trajectoryId = (await startTrajectory(personId)).body.trajectoryId;
    const path = `/trajectories/${trajectoryId}/person`;
    for (const reader of [KLANTMANAGER, SUPERVISOR]) {
      const answer = await call('GET', path, reader);
      expect([reader.id, answer.status, answer.body.personId, answer.body.name, answer.body.email]).toEqual([reader.id, 200, personId, data.name, data.email]);
    }
    const refusals = await Promise.all([OTHER_KLANTMANAGER, POLICY_OFFICER, PRIVACY_OFFICER, OTHER_TOWN_SUPERVISOR].map(async (actor) => (await call('GET', path, actor)).body));
    expect(refusals.map((problem) => [problem.status, problem.type])).toEqual([
      [403, '/problems/outside-caseload'],
      [403, '/problems/forbidden-role'],
      [403, '/problems/forbidden-role'],
      [404, '/problems/trajectory-not-found'],
    ]);
    expect(refusals.map((problem) => JSON.stringify(problem)).join()).not.toContain(data.name);
    const logged: Array<{ actor_id: string; outcome: string }> = await wegwijs.dataSource.query(
      "SELECT actor_id, outcome FROM access_log WHERE trajectory_id = $1 AND operation = 'people.getByTrajectory' ORDER BY access_id",
      [trajectoryId],
    );
    expect(logged).toEqual(
      expect.arrayContaining([
        { actor_id: KLANTMANAGER.id, outcome: 'granted' },
        { actor_id: SUPERVISOR.id, outcome: 'granted' },
        { actor_id: OTHER_KLANTMANAGER.id, outcome: 'denied' },
      ]),
    );
  });

  it('answers 404 for a trajectory no person is linked to', async () => {
    const trajectoryId = (await startTrajectory(undefined)).body.trajectoryId;
    const answer = await call('GET', `/trajectories/${trajectoryId}/person`, KLANTMANAGER);
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ type: '/problems/person-not-found', trajectoryId });
  });
});

describe('PATCH /people/{personId}', () => {
  it('corrects contact details and leaves the rest as it was', async () => {
    const { personId, data } = await register();
    const answer = await call('PATCH', `/people/${personId}`, KLANTMANAGER, { email: 'amina.new@example.org', phone: null, language: 'ar' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ name: data.name, bsn: data.bsn, email: 'amina.new@example.org', phone: null, language: 'ar' });
    expect((await call('GET', `/people/${personId}`, SUPERVISOR)).body).toMatchObject({ email: 'amina.new@example.org', phone: null, language: 'ar' });
  });

  it('refuses an empty correction, bad values (without echoing them), names and BSNs, other caseloads and other roles', async () => {
    const { personId } = await register();
    expect((await call('PATCH', `/people/${personId}`, KLANTMANAGER, {})).body).toMatchObject({ status: 422, errors: [{ field: 'body', message: 'name at least one of email, phone, language' }] });
    const bad = await call('PATCH', `/people/${personId}`, KLANTMANAGER, { email: 'not-an-address-9x7' });
    expect(bad.body).toMatchObject({ status: 422, errors: [{ field: 'email', message: 'email must be an e-mail address' }] });
    expect(JSON.stringify(bad.body)).not.toContain('not-an-address-9x7');
    // Found by schemathesis: a null language was taken, erasing a field every person has.
    expect((await call('PATCH', `/people/${personId}`, KLANTMANAGER, { language: null })).body).toMatchObject({
      status: 422,
      errors: [{ field: 'language', message: 'language must be an ISO 639-1 code such as nl, ar or ti' }],
    });
    expect((await call('GET', `/people/${personId}`, KLANTMANAGER)).body.language).toBe('ti');
    expect((await call('PATCH', `/people/${personId}`, KLANTMANAGER, { bsn: newBsn() })).body.errors).toEqual([{ field: 'bsn', message: 'property bsn should not exist' }]);
    expect((await call('PATCH', `/people/${personId}`, OTHER_KLANTMANAGER, { language: 'nl' })).body.type).toBe('/problems/outside-caseload');
    expect((await call('PATCH', `/people/${personId}`, PRIVACY_OFFICER, { language: 'nl' })).body.type).toBe('/problems/forbidden-role');
    expect((await call('PATCH', `/people/${personId}`, SUPERVISOR, { language: 'nl' })).status).toBe(200);
  });
});

describe('what the database holds', () => {
  it('holds the personal data as ciphertext only: no name, BSN, birth date or e-mail bytes in any table that references the person', async () => {
    const { personId, data } = await register();
    const started = await startTrajectory(personId);
    expect(started.status).toBe(201);
    await call('GET', `/people/${personId}`, KLANTMANAGER);

    const rows = [
      ...(await wegwijs.dataSource.query('SELECT * FROM person_records WHERE person_id = $1', [personId])),
      ...(await wegwijs.dataSource.query('SELECT * FROM person_data_keys WHERE person_id = $1', [personId])),
      ...(await wegwijs.dataSource.query('SELECT * FROM access_log WHERE person_id = $1', [personId])),
      ...(await wegwijs.dataSource.query('SELECT * FROM trajectory_events WHERE stream_id = $1', [started.body.trajectoryId])),
    ];
    expect(rows.length).toBeGreaterThan(3);
    const stored = Buffer.concat(rows.flatMap((row: Record<string, unknown>) => Object.values(row).map((value) => (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value) ?? '')))));
    for (const value of [data.name, 'Amina', data.bsn, data.birthDate, data.email]) {
      expect(stored.includes(Buffer.from(value, 'utf8'))).toBe(false);
    }
    const [record] = await wegwijs.dataSource.query('SELECT ciphertext, iv, key_version FROM person_records WHERE person_id = $1', [personId]);
    expect(record.ciphertext.length).toBeGreaterThan(64);
    expect(record.iv.length).toBe(12);
    const [key] = await wegwijs.dataSource.query('SELECT master_key_id, wrapped_key FROM person_data_keys WHERE person_id = $1', [personId]);
    expect(key.master_key_id).toBe('person-current');
    expect(key.wrapped_key.length).toBe(48);
  });
});

describe('DELETE /people/{personId}: erasure on request', () => {
  it("destroys the key and the record, answers 410 afterwards, and leaves the trajectory's history as it was plus person.erased", async () => {
    const { personId, data } = await register();
    const started = await startTrajectory(personId);
    const trajectoryId = started.body.trajectoryId;
    // The trajectory has settled (it waits for the intake) before the history is compared.
    const settled = await pollUntil(
      () => call('GET', `/trajectories/${trajectoryId}`, SUPERVISOR),
      (answer) => answer.body.events?.some((event: { type: string }) => event.type === 'trajectory.waiting'),
    );
    const before = settled.body.events;
    expect(before.map((event: { type: string }) => event.type)).toContain('trajectory.waiting');

    for (const actor of [KLANTMANAGER, SUPERVISOR]) {
      expect((await call('DELETE', `/people/${personId}`, actor)).body).toMatchObject({ status: 403, type: '/problems/forbidden-role' });
    }
    expect((await call('DELETE', `/people/${personId}`, OTHER_TOWN_ADMIN)).body).toMatchObject({ status: 404, type: '/problems/person-not-found' });

    const erased = await call('DELETE', `/people/${personId}`, PRIVACY_OFFICER);
    expect(erased.status).toBe(204);
    expect(erased.body).toBeUndefined();

    const gone = await call('GET', `/people/${personId}`, KLANTMANAGER);
    expect(gone.status).toBe(410);
    expect(gone.contentType).toContain('application/problem+json');
    expect(gone.body).toMatchObject({ type: '/problems/person-erased', personId });
    expect((await call('GET', `/people/${personId}`, SUPERVISOR)).status).toBe(410);
    expect((await call('PATCH', `/people/${personId}`, SUPERVISOR, { language: 'nl' })).status).toBe(410);
    expect((await call('DELETE', `/people/${personId}`, PRIVACY_OFFICER)).status).toBe(204);

    const after = (await call('GET', `/trajectories/${trajectoryId}`, SUPERVISOR)).body.events;
    expect(after.slice(0, before.length)).toEqual(before);
    const added = after.slice(before.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ type: 'person.erased', payload: { personId }, actor: { role: 'admin', id: PRIVACY_OFFICER.id } });
    expect(JSON.stringify(added)).not.toContain(data.name);

    expect(await wegwijs.dataSource.query('SELECT 1 FROM person_records WHERE person_id = $1', [personId])).toEqual([]);
    expect(await wegwijs.dataSource.query('SELECT 1 FROM person_data_keys WHERE person_id = $1', [personId])).toEqual([]);
    const [tombstone] = await wegwijs.dataSource.query('SELECT municipality, trajectory_id FROM person_erasures WHERE person_id = $1', [personId]);
    expect(tombstone).toEqual({ municipality: MUNICIPALITY, trajectory_id: trajectoryId });
    // The trajectory runs on: it holds only the pseudonymous id.
    expect((await call('GET', `/trajectories/${trajectoryId}`, KLANTMANAGER)).status).toBe(200);
  });

  it('erases a person who was never linked, and refuses ids that were never used', async () => {
    const { personId } = await register();
    expect((await call('DELETE', `/people/${personId}`, PRIVACY_OFFICER)).status).toBe(204);
    expect((await call('GET', `/people/${personId}`, SUPERVISOR)).body.type).toBe('/problems/person-erased');
    expect((await call('DELETE', `/people/${randomUUID()}`, PRIVACY_OFFICER)).body.type).toBe('/problems/person-not-found');
    expect((await startTrajectory(personId)).status).toBe(422);
  });
});

describe("the worker's mail to the person", () => {
  let dataSource: DataSource;
  let mailDir: string;

  beforeAll(async () => {
    dataSource = createWegwijsDataSource({ url: process.env.DATABASE_URL!, poolSize: 2, applicationName: 'test-people-mail' });
    await dataSource.initialize();
    mailDir = await mkdtemp(join(tmpdir(), 'wegwijs-people-mail-'));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await rm(mailDir, { recursive: true, force: true });
  });

  it('is addressed from the person record, and after erasure no longer addressed at all', async () => {
    const { personId, data } = await register();
    const trajectoryId = (await startTrajectory(personId)).body.trajectoryId;
    const config = loadConfiguration(process.env);
    const records = new TypeOrmPersonRecords(dataSource, new TypeOrmPersonKeyVault(dataSource, new MasterKeyring(config.personData.masterKeys)));
    const addresses = new RecipientAddresses(new PersonRecordDirectory(records), new StaticCaseTeamDirectoryDevelopmentStandIn({ klantmanager: 'km@example.org' }));
    const outbox = new TypeOrmNotificationOutbox(dataSource);
    const loop = new NotificationDeliveryLoop({ outbox, transport: new FileMailTransportDevelopmentStandIn(mailDir), addresses, now: () => new Date(Date.now() + 1_000), municipality: MUNICIPALITY });
    const queue = async (step: string) => {
      const key = `${trajectoryId}#${step}#person.notified`;
      await outbox.appendWithNotifications(
        trajectoryId,
        [{ type: 'klantmanager.notified', schemaVersion: 1, payload: { messageKind: step, nodeId: step }, actor: { role: 'system', id: 'wegwijs' }, businessTime: new Date(), idempotencyKey: key }],
        [{ messageKey: `${key}#person`, trajectoryId, audience: 'person', language: 'ti', subject: 'Uitnodiging', body: 'U bent uitgenodigd.' }],
      );
    };

    expect(await addresses.addressFor(trajectoryId, 'person')).toBe(data.email);
    await queue('before-erasure');
    expect(await loop.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0, inDoubt: 0 });
    const mailsBefore = await readdir(mailDir);
    expect(mailsBefore).toHaveLength(1);

    expect((await call('DELETE', `/people/${personId}`, PRIVACY_OFFICER)).status).toBe(204);
    expect(await addresses.addressFor(trajectoryId, 'person')).toBeUndefined();
    await queue('after-erasure');
    expect(await loop.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 1, inDoubt: 0 });
    expect(await readdir(mailDir)).toEqual(mailsBefore);
    const messages = await outbox.listForTrajectory(trajectoryId);
    expect(messages.map((message) => message.status).sort()).toEqual(['failed', 'sent']);
  });
});

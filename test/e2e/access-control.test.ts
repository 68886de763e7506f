/**
 * Who may do what, over HTTP against the running API: bearer tokens verified against the
 * configured key (the tests' identity provider, see global-setup), roles, municipality scoping,
 * the klantmanager's own caseload, the access log, rate limits and security headers.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { accessToken, authHeaders, request, type TestActor } from '../support/http';
import { newCaseReference } from '../support/case-references';
import { TEST_FRONT_END_ORIGIN } from '../support/front-end-origin';
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';

const HAARLEM_KLANTMANAGER: TestActor = { role: 'klantmanager', id: 'km-ac-0001' };
const OTHER_HAARLEM_KLANTMANAGER: TestActor = { role: 'klantmanager', id: 'km-ac-0002' };
const ZANDVOORT_KLANTMANAGER: TestActor = { role: 'klantmanager', id: 'km-ac-0003', municipalities: ['GM0473'] };
const HAARLEM_SUPERVISOR: TestActor = { role: 'supervisor', id: 'sv-ac-0001' };
const ZANDVOORT_SUPERVISOR: TestActor = { role: 'supervisor', id: 'sv-ac-0002', municipalities: ['GM0473'] };
const POLICY_OFFICER: TestActor = { role: 'beleid', id: 'bl-ac-0001' };

let wegwijs: WegwijsUnderTest;
let trajectoryId: string;

beforeAll(async () => {
  wegwijs = await connectToWegwijsUnderTest();
  trajectoryId = await startTrajectory(HAARLEM_KLANTMANAGER);
});

afterAll(async () => {
  await wegwijs?.close();
});

async function startTrajectory(actor: TestActor, municipality = 'GM0392'): Promise<string> {
  const answer = await request(wegwijs.baseUrl, 'POST', '/trajectories', {
    body: { municipality, caseReference: newCaseReference(), definitionKey: 'walking-skeleton', facts: { housingDate: '2019-08-31' } },
    headers: authHeaders(actor),
  });
  expect(answer.status).toBe(201);
  return answer.body.trajectoryId;
}

function getTrajectory(id: string, headers: Record<string, string>) {
  return request(wegwijs.baseUrl, 'GET', `/trajectories/${id}`, { headers });
}

describe('authentication', () => {
  it('asks for a bearer token when there is none', async () => {
    const answer = await getTrajectory(trajectoryId, {});
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ type: '/problems/unauthenticated', status: 401 });
  });

  it.each([
    ['an expired token', () => accessToken(HAARLEM_KLANTMANAGER, { expiresIn: -120 }), /expired/],
    ['another issuer', () => accessToken(HAARLEM_KLANTMANAGER, { issuer: 'https://login.elsewhere.invalid' }), /'iss' claim/],
    ['another audience', () => accessToken(HAARLEM_KLANTMANAGER, { audience: 'someone-else' }), /'aud' claim/],
    ['two Wegwijs roles', () => accessToken(HAARLEM_KLANTMANAGER, { claims: { roles: ['klantmanager', 'admin'] } }), /exactly one Wegwijs role/],
    ['no Wegwijs role', () => accessToken(HAARLEM_KLANTMANAGER, { claims: { roles: ['employee'] } }), /exactly one Wegwijs role/],
    ['no municipalities', () => accessToken(HAARLEM_KLANTMANAGER, { claims: { municipalities: [] } }), /municipalities/],
    ['a name as subject', () => accessToken({ ...HAARLEM_KLANTMANAGER, id: 'Fatima Haddad' }), /pseudonymous/],
    ['a token signed by another key', () => signedByStranger(), /signature/],
    ['a token whose claims were changed after signing', () => withTamperedClaims(accessToken(HAARLEM_KLANTMANAGER)), /signature/],
    ['something that is not a JWT', () => 'not-a-jwt', /well-formed/],
  ])('refuses %s with a 401 that says why, without echoing the token', async (_case, token, reason) => {
    const presented = token();
    const answer = await getTrajectory(trajectoryId, { authorization: `Bearer ${presented}` });
    expect(answer.status).toBe(401);
    expect(answer.body.type).toBe('/problems/unauthenticated');
    expect(answer.body.detail).toMatch(reason);
    expect(JSON.stringify(answer.body)).not.toContain(presented);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('needs no token for health checks', async () => {
    expect((await request(wegwijs.baseUrl, 'GET', '/health/live')).status).toBe(200);
  });
});

describe('roles', () => {
  it('keeps policy staff out of individual trajectories', async () => {
    const answer = await getTrajectory(trajectoryId, authHeaders(POLICY_OFFICER));
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ type: '/problems/forbidden-role', allowedRoles: ['klantmanager', 'supervisor', 'admin'] });
  });

  it('lets only klantmanagers and integrations start trajectories', async () => {
    const answer = await request(wegwijs.baseUrl, 'POST', '/trajectories', {
      body: { municipality: 'GM0392', caseReference: newCaseReference(), definitionKey: 'walking-skeleton', facts: { housingDate: '2019-08-31' } },
      headers: authHeaders({ role: 'vluchtelingenwerk', id: 'vwn-ac-0001' }),
    });
    expect(answer.status).toBe(403);
    expect(answer.body.type).toBe('/problems/forbidden-role');
  });
});

describe('municipality scoping', () => {
  it("answers Zandvoort's staff as if Haarlem's trajectory did not exist", async () => {
    for (const actor of [ZANDVOORT_KLANTMANAGER, ZANDVOORT_SUPERVISOR]) {
      const answer = await getTrajectory(trajectoryId, authHeaders(actor));
      expect(answer.status).toBe(404);
      expect(answer.body.type).toBe('/problems/trajectory-not-found');
    }
  });

  it('refuses to start a trajectory in a municipality the klantmanager does not work for', async () => {
    const answer = await request(wegwijs.baseUrl, 'POST', '/trajectories', {
      body: { municipality: 'GM0473', caseReference: newCaseReference(), definitionKey: 'walking-skeleton', facts: { housingDate: '2019-08-31' } },
      headers: authHeaders(HAARLEM_KLANTMANAGER),
    });
    expect(answer.status).toBe(403);
    expect(answer.body.type).toBe('/problems/outside-municipality');
  });

  it('lets staff granted both municipalities see both', async () => {
    const zandvoortTrajectory = await startTrajectory(ZANDVOORT_KLANTMANAGER, 'GM0473');
    const both = authHeaders({ role: 'supervisor', id: 'sv-ac-0003', municipalities: ['GM0392', 'GM0473'] });
    expect((await getTrajectory(trajectoryId, both)).status).toBe(200);
    expect((await getTrajectory(zandvoortTrajectory, both)).status).toBe(200);
    expect((await getTrajectory(zandvoortTrajectory, authHeaders(HAARLEM_SUPERVISOR))).status).toBe(404);
  });
});

describe("a klantmanager's own caseload", () => {
  it('lets the klantmanager who holds the case read and change it, and supervisors of the municipality read it', async () => {
    expect((await getTrajectory(trajectoryId, authHeaders(HAARLEM_KLANTMANAGER))).status).toBe(200);
    expect((await getTrajectory(trajectoryId, authHeaders(HAARLEM_SUPERVISOR))).status).toBe(200);
  });

  it("refuses another klantmanager's reads and changes with 403, and changes nothing", async () => {
    const own = await startTrajectory(HAARLEM_KLANTMANAGER);
    const other = authHeaders(OTHER_HAARLEM_KLANTMANAGER);
    const read = await getTrajectory(own, other);
    expect(read.status).toBe(403);
    expect(read.body.type).toBe('/problems/outside-caseload');
    const cancel = await request(wegwijs.baseUrl, 'POST', `/trajectories/${own}/cancel`, { body: { reason: 'verhuisd' }, headers: other });
    expect(cancel.status).toBe(403);
    const milestone = await request(wegwijs.baseUrl, 'POST', `/trajectories/${own}/milestones`, {
      body: { milestone: 'intake.completed', occurredOn: '2019-09-02' },
      headers: { ...other, 'idempotency-key': randomUUID() },
    });
    expect(milestone.status).toBe(403);
    const state = await getTrajectory(own, authHeaders(HAARLEM_KLANTMANAGER));
    expect(state.body.state.status).toBe('running');
    expect(state.body.events.map((event: { type: string }) => event.type)).not.toContain('trajectory.cancelled');
  });
});

describe('moving a case to another klantmanager', () => {
  it('lets a supervisor move it; from then on only the new klantmanager holds it', async () => {
    const moving = await startTrajectory(HAARLEM_KLANTMANAGER);
    const refused = await request(wegwijs.baseUrl, 'POST', `/trajectories/${moving}/client-manager`, {
      body: { klantmanagerId: OTHER_HAARLEM_KLANTMANAGER.id, reason: 'verlof' },
      headers: authHeaders(HAARLEM_KLANTMANAGER),
    });
    expect(refused.status).toBe(403);
    const moved = await request(wegwijs.baseUrl, 'POST', `/trajectories/${moving}/client-manager`, {
      body: { klantmanagerId: OTHER_HAARLEM_KLANTMANAGER.id, reason: 'verlof' },
      headers: authHeaders(HAARLEM_SUPERVISOR),
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ trajectoryId: moving, klantmanagerId: OTHER_HAARLEM_KLANTMANAGER.id });
    expect((await getTrajectory(moving, authHeaders(OTHER_HAARLEM_KLANTMANAGER))).status).toBe(200);
    expect((await getTrajectory(moving, authHeaders(HAARLEM_KLANTMANAGER))).status).toBe(403);
    const events = (await getTrajectory(moving, authHeaders(HAARLEM_SUPERVISOR))).body.events;
    expect(events.find((event: { type: string }) => event.type === 'trajectory.reassigned')).toMatchObject({ type: 'trajectory.reassigned', payload: { klantmanagerId: OTHER_HAARLEM_KLANTMANAGER.id }, actor: { role: 'supervisor' } });
  });

  it('names every invalid field', async () => {
    const answer = await request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/client-manager`, {
      body: { klantmanagerId: 'Jan de Vries' },
      headers: authHeaders(HAARLEM_SUPERVISOR),
    });
    expect(answer.status).toBe(422);
    expect(new Set(answer.body.errors.map((error: { field: string }) => error.field))).toEqual(new Set(['klantmanagerId', 'reason']));
  });
});

describe('the access log (verwerkingenlogging)', () => {
  it('records every read and change of a trajectory, granted or denied, with who, what and on what ground', async () => {
    const logged = await startTrajectory(HAARLEM_KLANTMANAGER);
    await getTrajectory(logged, authHeaders(HAARLEM_KLANTMANAGER));
    await getTrajectory(logged, authHeaders(OTHER_HAARLEM_KLANTMANAGER));
    await getTrajectory(logged, authHeaders(ZANDVOORT_KLANTMANAGER));
    const rows: Array<Record<string, string>> = await wegwijs.dataSource.query(
      'SELECT actor_role, actor_id, action, operation, municipality, legal_ground, outcome FROM access_log WHERE trajectory_id = $1 ORDER BY access_id',
      [logged],
    );
    expect(rows.map((row) => [row.actor_id, row.action, row.operation, row.outcome])).toEqual([
      ['km-ac-0001', 'change', 'trajectories.start', 'granted'],
      ['km-ac-0001', 'read', 'trajectories.get', 'granted'],
      ['km-ac-0002', 'read', 'trajectories.get', 'denied'],
      ['km-ac-0003', 'read', 'trajectories.get', 'denied'],
    ]);
    expect(new Set(rows.map((row) => row.municipality))).toEqual(new Set(['GM0392']));
    expect(rows.every((row) => row.legal_ground.includes('Wet inburgering 2021'))).toBe(true);
  });

  it("shows the privacy officer (admin) who accessed a trajectory, and nobody else", async () => {
    const seen = await startTrajectory(HAARLEM_KLANTMANAGER);
    await getTrajectory(seen, authHeaders(HAARLEM_SUPERVISOR));
    const refused = await request(wegwijs.baseUrl, 'GET', `/trajectories/${seen}/access-log`, { headers: authHeaders(HAARLEM_SUPERVISOR) });
    expect(refused.status).toBe(403);
    const answer = await request(wegwijs.baseUrl, 'GET', `/trajectories/${seen}/access-log`, { headers: authHeaders({ role: 'admin', id: 'adm-ac-0001' }) });
    expect(answer.status).toBe(200);
    expect(answer.body.map((entry: { actor: { id: string }; operation: string; outcome: string }) => [entry.actor.id, entry.operation, entry.outcome])).toEqual([
      ['km-ac-0001', 'trajectories.start', 'granted'],
      ['sv-ac-0001', 'trajectories.get', 'granted'],
      // Looking at the log is an access too.
      ['adm-ac-0001', 'caseload.accessLog', 'granted'],
    ]);
  });

  it('refuses to change a logged access', async () => {
    await expect(wegwijs.dataSource.query("UPDATE access_log SET outcome = 'granted' WHERE outcome = 'denied'")).rejects.toThrow(/never changed/);
  });
});

describe('hardening', () => {
  it('sends security headers and no framework banner', async () => {
    const answer = await request(wegwijs.baseUrl, 'GET', '/health/live');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(answer.headers.get('x-powered-by')).toBeNull();
  });

  it('allows the configured browser origin, without cookies, and no other', async () => {
    const preflight = (origin: string) =>
      fetch(`${wegwijs.baseUrl}/trajectories`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight(TEST_FRONT_END_ORIGIN);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(TEST_FRONT_END_ORIGIN);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('limits each user to the configured number of requests a minute, without slowing others', async () => {
    const busy = authHeaders({ role: 'klantmanager', id: `km-busy-${randomUUID().slice(0, 8)}` });
    const limit = Number(process.env.API_RATE_LIMIT_PER_MINUTE ?? 600);
    // An invalid id is refused by the handler after the guards have counted the request: cheap.
    const statuses: number[] = [];
    for (let sent = 0; sent < limit; sent += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, limit - sent) }, () => getTrajectory('not-an-id', busy)));
      statuses.push(...batch.map((answer) => answer.status));
    }
    expect(new Set(statuses)).toEqual(new Set([422]));
    const over = await getTrajectory('not-an-id', busy);
    expect(over.status).toBe(429);
    expect(over.body.type).toBe('/problems/too-many-requests');
    const someoneElse = await getTrajectory('not-an-id', authHeaders({ role: 'klantmanager', id: 'km-ac-0009' }));
    expect(someoneElse.status).toBe(422);
  });
});

/** A well-formed token for a valid actor, signed by a key the API has never heard of. */
function signedByStranger(): string {
  const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const ownKey = process.env.WEGWIJS_TEST_TOKEN_KEY;
  process.env.WEGWIJS_TEST_TOKEN_KEY = JSON.stringify(stranger);
  try {
    return accessToken(HAARLEM_KLANTMANAGER);
  } finally {
    process.env.WEGWIJS_TEST_TOKEN_KEY = ownKey;
  }
}

/** The same signature over claims that now say `admin`. */
function withTamperedClaims(token: string): string {
  const [header, claims, signature] = token.split('.');
  const changed = { ...JSON.parse(Buffer.from(claims, 'base64url').toString()), roles: ['admin'] };
  return [header, Buffer.from(JSON.stringify(changed)).toString('base64url'), signature].join('.');
}

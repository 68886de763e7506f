/**
 * Roles as data, over HTTP: a policy officer publishes a programme that declares its own role
 * (`jobcoach`, team `jobcoaches`); from then on a jobcoach's token is accepted, the job coach
 * reports the milestone that is theirs, finds the programme's task in the jobcoaches work list and
 * completes it — and is refused everything else: the caseload, a trajectory, another team's list.
 */
import { randomUUID } from 'node:crypto';
import { authHeaders, KLANTMANAGER, pollUntil, request } from '../support/http';
import { newCaseReference } from '../support/case-references';
import { newDefinitionKey, publishDefinition } from '../support/published-definitions';
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';

let wegwijs: WegwijsUnderTest;

beforeAll(async () => {
  wegwijs = await connectToWegwijsUnderTest();
});

afterAll(async () => {
  await wegwijs?.close();
});

const JOBCOACH = authHeaders({ role: 'jobcoach', id: 'jc-0001' });

const key = newDefinitionKey('jobcoaching');
const yaml = `key: ${key}
version: 1
name: Jobcoaching
roles:
  jobcoach: { name: Jobcoach, description: Begeleidt de deelnemer naar werk, team: jobcoaches }
facts:
  working: { type: boolean }
milestones:
  coaching.started: { description: The job coach met the person, roles: [jobcoach] }
  coaching.stopped: { description: The person left the programme }
nodes:
  - { id: start, kind: start }
  - { id: started, kind: milestoneWait, milestone: coaching.started, roles: [jobcoach] }
  - id: checkIn
    kind: humanTask
    role: jobcoach
    title: Voortgangsgesprek met de deelnemer
    due: { within: P2W }
    outcome:
      working: { type: boolean, required: true }
    output: { working: payload.working }
    boundaryEvents: [{ id: stopped, kind: milestone, milestone: coaching.stopped }]
  - { id: done, kind: end }
  - { id: left, kind: end }
flows:
  - { source: start, target: started }
  - { source: started, target: checkIn }
  - { source: checkIn, target: done }
  - { source: stopped, target: left }
`;

describe('a role a published definition declares', () => {
  beforeAll(async () => {
    await publishDefinition(wegwijs.baseUrl, yaml, authHeaders({ role: 'beleid', id: 'bl-0001' }));
  });

  it('is listed in GET /capabilities with the definition that declares it and its team', async () => {
    const capabilities = await request(wegwijs.baseUrl, 'GET', '/capabilities', { headers: JOBCOACH });
    expect(capabilities.status).toBe(200);
    // The role is listed as its newest declaration has it; on the shared test stack another test
    // (the web app's job coach) may declare jobcoach too, so this definition's own part is read
    // from its milestones, which are listed per declaring definition.
    expect(capabilities.body.roles).toContainEqual(expect.objectContaining({ name: 'jobcoach', title: 'Jobcoach', team: 'jobcoaches', source: expect.stringMatching(/^[a-z0-9-]+@\d+$/) }));
    expect(capabilities.body.milestones).toContainEqual(expect.objectContaining({ name: 'coaching.started', roles: ['jobcoach'], source: `${key}@1` }));
    expect(capabilities.body.milestones).toContainEqual(expect.objectContaining({ name: 'task.checkIn', roles: ['jobcoach'], source: `${key}@1` }));
    expect(capabilities.body.roles).toContainEqual(expect.objectContaining({ name: 'klantmanager', source: 'built-in', team: 'klantmanagers' }));
  });

  it('lets the job coach report their milestone, find the task in the jobcoaches list and complete it; nothing else', async () => {
    const started = await request(wegwijs.baseUrl, 'POST', '/trajectories', {
      body: { municipality: 'GM0392', caseReference: newCaseReference(), definitionKey: key, facts: {} },
      headers: KLANTMANAGER,
    });
    expect(started.status).toBe(201);
    const trajectoryId: string = started.body.trajectoryId;

    // The klantmanager may not report the job coach's milestone; the job coach may.
    const byKlantmanager = await request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, {
      body: { milestone: 'coaching.started' },
      headers: { ...KLANTMANAGER, 'idempotency-key': randomUUID() },
    });
    expect([byKlantmanager.status, byKlantmanager.body.type]).toEqual([403, '/problems/milestone-role-not-allowed']);
    expect(byKlantmanager.body.detail).toContain('allowed: jobcoach');
    const reported = await request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, {
      body: { milestone: 'coaching.started' },
      headers: { ...JOBCOACH, 'idempotency-key': randomUUID() },
    });
    expect(reported.status).toBe(200);

    const list = await pollUntil(
      () => request(wegwijs.baseUrl, 'GET', '/tasks/teams/jobcoaches', { headers: JOBCOACH }),
      (answer) => answer.body?.some?.((task: { trajectoryId: string }) => task.trajectoryId === trajectoryId),
    );
    const task = list.body.find((open: { trajectoryId: string }) => open.trajectoryId === trajectoryId);
    expect(task).toMatchObject({ title: 'Voortgangsgesprek met de deelnemer', assignee: { team: 'jobcoaches' }, status: 'open', completionMilestone: 'task.checkIn' });
    // A milestone that names no role is open to the built-in roles, not to the job coach.
    const notTheirs = await request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, {
      body: { milestone: 'coaching.stopped' },
      headers: { ...JOBCOACH, 'idempotency-key': randomUUID() },
    });
    expect([notTheirs.status, notTheirs.body.type, notTheirs.body.detail]).toEqual([
      403,
      '/problems/milestone-role-not-allowed',
      "Role 'jobcoach' may report only milestones that name it; 'coaching.stopped' names no role",
    ]);
    // The klantmanagers' list does not have it; a supervisor sees any team's list.
    const klantmanagers = await request(wegwijs.baseUrl, 'GET', '/tasks/teams/klantmanagers', { headers: KLANTMANAGER });
    expect(klantmanagers.body.map((open: { taskId: string }) => open.taskId)).not.toContain(task.taskId);
    const supervisor = await request(wegwijs.baseUrl, 'GET', '/tasks/teams/jobcoaches', { headers: authHeaders({ role: 'supervisor', id: 'sup-0001' }) });
    expect(supervisor.body.map((open: { taskId: string }) => open.taskId)).toContain(task.taskId);

    const completed = await request(wegwijs.baseUrl, 'POST', `/tasks/${task.taskId}/complete`, { body: { outcome: { working: true } }, headers: JOBCOACH });
    expect(completed.status).toBe(200);
    expect(completed.body.task).toMatchObject({ status: 'completed', completedBy: 'jc-0001', outcome: { working: true } });
    const ended = await pollUntil(
      () => request(wegwijs.baseUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: KLANTMANAGER }),
      (answer) => answer.body?.state?.status === 'completed',
    );
    expect(ended.body.state.facts).toMatchObject({ working: true });
    const actors: Array<{ type: string; actor_role: string; actor_id: string }> = await wegwijs.dataSource.query(
      "SELECT type, actor_role, actor_id FROM trajectory_events WHERE stream_id = $1 AND actor_role = 'jobcoach' ORDER BY sequence",
      [trajectoryId],
    );
    expect(actors.map((row) => row.type)).toEqual(expect.arrayContaining(['milestone.recorded', 'task.completed']));

    // Nothing else: not the caseload, not the trajectory, not another team's list, not reassigning.
    const forbidden = [
      await request(wegwijs.baseUrl, 'GET', '/trajectories', { headers: JOBCOACH }),
      await request(wegwijs.baseUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: JOBCOACH }),
      await request(wegwijs.baseUrl, 'GET', '/reports/progress?from=2026-01-01&to=2026-12-31', { headers: JOBCOACH }),
      await request(wegwijs.baseUrl, 'POST', `/tasks/${task.taskId}/reassign`, { body: { team: 'supervisors' }, headers: JOBCOACH }),
    ];
    expect(forbidden.map((answer) => [answer.status, answer.body.type])).toEqual(Array(4).fill([403, '/problems/forbidden-role']));
    expect(forbidden[0].body.detail).toBe('The role jobcoach may not do this; allowed: klantmanager, supervisor, admin');
    const otherTeam = await request(wegwijs.baseUrl, 'GET', '/tasks/teams/klantmanagers', { headers: JOBCOACH });
    expect([otherTeam.status, otherTeam.body.detail]).toEqual([403, 'The role jobcoach sees the jobcoaches list, not klantmanagers']);
    // A team no role has is no team: 422 naming the teams there are, the declared one among them.
    const noTeam = await request(wegwijs.baseUrl, 'GET', '/tasks/teams/jobcoach', { headers: JOBCOACH });
    expect(noTeam.status).toBe(422);
    expect(noTeam.body.errors).toEqual([{ field: 'team', message: expect.stringMatching(/^must be one of klantmanagers, .*jobcoaches/) }]);
  });

  it("refuses a job coach another team's task", async () => {
    const started = await request(wegwijs.baseUrl, 'POST', '/trajectories', {
      body: { municipality: 'GM0392', caseReference: newCaseReference(), definitionKey: 'haarlem-statushouders', facts: { housingDate: '2026-12-01', permitGrantedDate: '2026-10-15', age: 31 } },
      headers: KLANTMANAGER,
    });
    const trajectoryId: string = started.body.trajectoryId;
    const list = await pollUntil(
      () => request(wegwijs.baseUrl, 'GET', '/tasks/teams/klantmanagers', { headers: KLANTMANAGER }),
      (answer) => answer.body?.some?.((task: { trajectoryId: string }) => task.trajectoryId === trajectoryId),
    );
    const task = list.body.find((open: { trajectoryId: string }) => open.trajectoryId === trajectoryId);
    const refused = await request(wegwijs.baseUrl, 'POST', `/tasks/${task.taskId}/complete`, { body: {}, headers: JOBCOACH });
    expect([refused.status, refused.body.type]).toEqual([403, '/problems/forbidden-role']);
    const stillOpen = await request(wegwijs.baseUrl, 'GET', '/tasks/teams/klantmanagers', { headers: KLANTMANAGER });
    expect(stillOpen.body.map((open: { taskId: string }) => open.taskId)).toContain(task.taskId);
  });
});

describe('a role no published definition declares', () => {
  it('is refused with 401 and a problem that says why', async () => {
    const answer = await request(wegwijs.baseUrl, 'GET', '/tasks/mine', { headers: authHeaders({ role: 'taalcoach', id: 'tc-0001' }) });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ type: '/problems/unauthenticated' });
    expect(answer.body.detail).toMatch(/^The access token is refused: the token must carry exactly one Wegwijs role in 'roles' \(one of klantmanager, .*, or a role a published definition declares\); it carries 0$/);
  });
});

describe("a repeated task, completed in the work list without saying which instance it is", () => {
  // Monthly check-ins by the job coach, the first two months already past: both tasks are open at once.
  const repeatedKey = newDefinitionKey('jobcoach-check-ins');
  const repeatedYaml = `key: ${repeatedKey}
version: 1
name: Maandelijkse check-ins
roles:
  jobcoach: { name: Jobcoach, team: jobcoaches }
facts:
  startDate: { type: date, required: true }
  lastCheckIn: { type: number }
nodes:
  - { id: start, kind: start }
  - id: checkIn
    kind: humanTask
    role: jobcoach
    title: Check-in
    due: { within: P2W }
    outcome:
      attended: { type: boolean, required: true }
    output: { lastCheckIn: payload.instanceNumber }
    recurrence: { every: P1M, times: 2, from: startDate }
  - { id: done, kind: end }
flows:
  - { source: start, target: checkIn }
  - { source: checkIn, target: done }
`;

  beforeAll(async () => {
    await publishDefinition(wegwijs.baseUrl, repeatedYaml, authHeaders({ role: 'beleid', id: 'bl-0001' }));
  });

  it('completes the instance the task was opened for', async () => {
    const started = await request(wegwijs.baseUrl, 'POST', '/trajectories', {
      body: { municipality: 'GM0392', caseReference: newCaseReference(), definitionKey: repeatedKey, facts: { startDate: '2026-01-05' } },
      headers: KLANTMANAGER,
    });
    expect(started.status).toBe(201);
    const trajectoryId: string = started.body.trajectoryId;
    const list = await pollUntil(
      () => request(wegwijs.baseUrl, 'GET', '/tasks/teams/jobcoaches', { headers: JOBCOACH }),
      (answer) => answer.body?.filter?.((task: { trajectoryId: string }) => task.trajectoryId === trajectoryId).length === 2,
    );
    const tasks = list.body.filter((task: { trajectoryId: string }) => task.trajectoryId === trajectoryId);
    expect(tasks.map((task: { title: string; instanceNumber: number }) => [task.title, task.instanceNumber]).sort()).toEqual([
      ['Check-in (1/2)', 1],
      ['Check-in (2/2)', 2],
    ]);
    const second = tasks.find((task: { instanceNumber: number }) => task.instanceNumber === 2);
    const first = tasks.find((task: { instanceNumber: number }) => task.instanceNumber === 1);

    const completedSecond = await request(wegwijs.baseUrl, 'POST', `/tasks/${second.taskId}/complete`, { body: { outcome: { attended: true } }, headers: JOBCOACH });
    expect(completedSecond.status).toBe(200);
    expect(completedSecond.body.task).toMatchObject({ taskId: second.taskId, status: 'completed', outcome: { attended: true } });
    // The first instance's task is still open: the report went to the second.
    const stillOpen = await request(wegwijs.baseUrl, 'GET', '/tasks/teams/jobcoaches', { headers: JOBCOACH });
    expect(stillOpen.body.map((task: { taskId: string }) => task.taskId)).toContain(first.taskId);
    expect(stillOpen.body.map((task: { taskId: string }) => task.taskId)).not.toContain(second.taskId);

    const completedFirst = await request(wegwijs.baseUrl, 'POST', `/tasks/${first.taskId}/complete`, { body: { outcome: { attended: false } }, headers: JOBCOACH });
    expect(completedFirst.status).toBe(200);
    await pollUntil(
      () => request(wegwijs.baseUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: KLANTMANAGER }),
      (answer) => answer.body?.state?.status === 'completed',
    );
    // Each completion reported its own task's instance.
    const reports: Array<{ payload: { payload: { instanceNumber: number; attended: boolean } } }> = await wegwijs.dataSource.query(
      "SELECT payload FROM trajectory_events WHERE stream_id = $1 AND type = 'milestone.recorded' ORDER BY sequence",
      [trajectoryId],
    );
    expect(reports.map((row) => row.payload)).toEqual([
      expect.objectContaining({ milestone: 'task.checkIn', payload: { attended: true, instanceNumber: 2 } }),
      expect.objectContaining({ milestone: 'task.checkIn', payload: { attended: false, instanceNumber: 1 } }),
    ]);
  });
});

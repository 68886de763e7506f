/**
 * People's tasks over HTTP: an activity opens a task, the client manager finds it in the team's
 * work list, and completing it wakes the trajectory where the definition waits for it.
 */
import { randomUUID } from 'node:crypto';
import { authHeaders, KLANTMANAGER, pollUntil, request } from '../support/http';
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';
import { newCaseReference } from '../support/case-references';
import { newDefinitionKey, publishDefinition } from '../support/published-definitions';

let wegwijs: WegwijsUnderTest;

beforeAll(async () => {
  wegwijs = await connectToWegwijsUnderTest();
});

afterAll(async () => {
  await wegwijs?.close();
});

async function startHaarlemWithoutTvsProfile(): Promise<string> {
  const answer = await request(wegwijs.baseUrl, 'POST', '/trajectories', {
    body: {
      municipality: 'GM0392',
      caseReference: newCaseReference(),
      definitionKey: 'haarlem-statushouders',
      facts: { housingDate: '2026-12-01', permitGrantedDate: '2026-10-15', age: 31 },
    },
    headers: KLANTMANAGER,
  });
  expect(answer.status).toBe(201);
  return answer.body.trajectoryId;
}

async function callCoaTaskOf(trajectoryId: string) {
  const list = await pollUntil(
    () => request(wegwijs.baseUrl, 'GET', '/tasks/teams/klantmanagers', { headers: KLANTMANAGER }),
    (answer) => answer.body?.some?.((task: any) => task.trajectoryId === trajectoryId),
  );
  expect(list.status).toBe(200);
  return list.body.find((task: any) => task.trajectoryId === trajectoryId);
}

function waitingOn(trajectoryId: string) {
  return request(wegwijs.baseUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: KLANTMANAGER }).then((answer) =>
    (answer.body?.state?.waitingOn ?? []).map((wait: { milestone: string }) => wait.milestone),
  );
}

describe('a task that stands for a milestone', () => {
  it('is opened when the TVS profile is missing, and completing it is the warm handover the trajectory waits for', async () => {
    const trajectoryId = await startHaarlemWithoutTvsProfile();
    const task = await callCoaTaskOf(trajectoryId);
    expect(task).toMatchObject({ kind: 'coa.callAboutTvsProfile', status: 'open', completionMilestone: 'coa.warmHandoverDone' });
    expect(task.title).toMatch(/^Bel COA/);
    await pollUntil(() => waitingOn(trajectoryId), (milestones) => milestones.includes('coa.warmHandoverDone'));

    const completed = await request(wegwijs.baseUrl, 'POST', `/tasks/${task.taskId}/complete`, { body: {}, headers: KLANTMANAGER });
    expect(completed.status).toBe(200);
    expect(completed.body.task).toMatchObject({ taskId: task.taskId, status: 'completed', completedBy: 'km-0007' });
    expect(completed.body.trajectory.waitingOn.map((wait: { milestone: string }) => wait.milestone)).toEqual(
      expect.arrayContaining(['basis.livingAllowanceArranged', 'introduction.programmeCompleted']),
    );
    expect(completed.body.trajectory.milestonesDone.map((done: { milestone: string }) => done.milestone)).toEqual(['coa.warmHandoverDone']);

    // A retried completion changes nothing and reports the milestone once.
    const again = await request(wegwijs.baseUrl, 'POST', `/tasks/${task.taskId}/complete`, { body: {}, headers: KLANTMANAGER });
    expect(again.status).toBe(200);
    expect(again.body.trajectory.milestonesDone).toHaveLength(1);

    const teamList = await request(wegwijs.baseUrl, 'GET', '/tasks/teams/klantmanagers', { headers: KLANTMANAGER });
    expect(teamList.body.map((open: { taskId: string }) => open.taskId)).not.toContain(task.taskId);
    const stored: Array<{ type: string }> = await wegwijs.dataSource.query(
      "SELECT type FROM trajectory_events WHERE stream_id = $1 AND payload->>'taskId' = $2 ORDER BY sequence",
      [trajectoryId, task.taskId],
    );
    expect(stored.map((row) => row.type)).toEqual(['task.opened', 'coa.profileCompletionRequested', 'task.completed']);

    const reassign = await request(wegwijs.baseUrl, 'POST', `/tasks/${task.taskId}/reassign`, { body: { team: 'supervisors' }, headers: KLANTMANAGER });
    expect(reassign.status).toBe(409);
    expect(reassign.body.type).toBe('/problems/task-already-completed');
  });

  it('is closed when its milestone is reported directly, so nobody does the work twice', async () => {
    const trajectoryId = await startHaarlemWithoutTvsProfile();
    const task = await callCoaTaskOf(trajectoryId);
    await pollUntil(() => waitingOn(trajectoryId), (milestones) => milestones.includes('coa.warmHandoverDone'));
    const reported = await request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, {
      body: { milestone: 'coa.warmHandoverDone' },
      headers: { ...KLANTMANAGER, 'idempotency-key': randomUUID() },
    });
    expect(reported.status).toBe(200);
    const teamList = await request(wegwijs.baseUrl, 'GET', '/tasks/teams/klantmanagers', { headers: KLANTMANAGER });
    expect(teamList.body.map((open: { taskId: string }) => open.taskId)).not.toContain(task.taskId);
  });

  it('can be given to another team while open', async () => {
    const trajectoryId = await startHaarlemWithoutTvsProfile();
    const task = await callCoaTaskOf(trajectoryId);
    const reassigned = await request(wegwijs.baseUrl, 'POST', `/tasks/${task.taskId}/reassign`, {
      body: { team: 'supervisors', userId: 'sup-0001' },
      headers: KLANTMANAGER,
    });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.assignee).toEqual({ team: 'supervisors', userId: 'sup-0001' });
    const supervisors = await request(wegwijs.baseUrl, 'GET', '/tasks/teams/supervisors', { headers: authHeaders({ role: 'supervisor', id: 'sup-0001' }) });
    expect(supervisors.body.map((open: { taskId: string }) => open.taskId)).toContain(task.taskId);
  });
});

describe("a human task of a definition's own, completed in the work list with its outcome form", () => {
  // What a policy officer writes without code: a task for the klantmanager with a typed outcome, routed on it.
  const key = newDefinitionKey('evaluation-task');
  const yaml = `key: ${key}
version: 1
name: Evaluatie
facts:
  outcome: { type: string, values: [werk, geen] }
nodes:
  - { id: start, kind: start }
  - id: evaluation
    kind: humanTask
    role: klantmanager
    title: Evalueer het traject
    due: { within: P2W }
    outcome:
      outcome: { type: string, required: true, values: [werk, geen] }
    output: { outcome: payload.outcome }
  - { id: toWork, kind: exclusiveGateway }
  - { id: working, kind: end, name: Aan het werk }
  - { id: notWorking, kind: end, name: Niet aan het werk }
flows:
  - { source: start, target: evaluation }
  - { source: evaluation, target: toWork }
  - { source: toWork, target: working, condition: outcome = "werk" }
  - { source: toWork, target: notWorking, default: true }
`;

  beforeAll(async () => {
    await publishDefinition(wegwijs.baseUrl, yaml, authHeaders({ role: 'beleid', id: 'bl-0001' }));
  });

  it('refuses an outcome outside the form at its field and keeps the task open; the right one ends the trajectory on it, the outcome a fact', async () => {
    const started = await request(wegwijs.baseUrl, 'POST', '/trajectories', { body: { municipality: 'GM0392', caseReference: newCaseReference(), definitionKey: key, facts: {} }, headers: KLANTMANAGER });
    expect(started.status).toBe(201);
    const trajectoryId: string = started.body.trajectoryId;
    const team = await pollUntil(
      () => request(wegwijs.baseUrl, 'GET', '/tasks/teams/klantmanagers', { headers: KLANTMANAGER }),
      (answer) => answer.body?.some?.((task: { trajectoryId: string }) => task.trajectoryId === trajectoryId),
    );
    const task = team.body.find((open: { trajectoryId: string }) => open.trajectoryId === trajectoryId);
    expect(task).toMatchObject({ title: 'Evalueer het traject', status: 'open', completionMilestone: 'task.evaluation' });

    const refused = await request(wegwijs.baseUrl, 'POST', `/tasks/${task.taskId}/complete`, { body: { outcome: { outcome: 'misschien' } }, headers: KLANTMANAGER });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'payload.outcome', message: expect.stringContaining('werk, geen') })]);
    const stillOpen = await request(wegwijs.baseUrl, 'GET', '/tasks/teams/klantmanagers', { headers: KLANTMANAGER });
    expect(stillOpen.body.find((open: { taskId: string }) => open.taskId === task.taskId)).toMatchObject({ status: 'open' });

    const completed = await request(wegwijs.baseUrl, 'POST', `/tasks/${task.taskId}/complete`, { body: { outcome: { outcome: 'werk' } }, headers: KLANTMANAGER });
    expect(completed.status).toBe(200);
    expect(completed.body.task).toMatchObject({ status: 'completed', outcome: { outcome: 'werk' } });
    const ended = await pollUntil(
      () => request(wegwijs.baseUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: KLANTMANAGER }),
      (answer) => answer.body?.state?.status === 'completed',
    );
    expect(ended.body.state.facts).toMatchObject({ outcome: 'werk' });
    expect(ended.body.state.visitedNodeIds).toContain('working');
    expect(ended.body.state.visitedNodeIds).not.toContain('notWorking');
  });
});

describe('task errors', () => {
  it('answers 404 for an unknown task, 422 for a malformed id or team', async () => {
    const unknown = await request(wegwijs.baseUrl, 'POST', `/tasks/${randomUUID()}/complete`, { body: {}, headers: KLANTMANAGER });
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toBe('/problems/task-not-found');
    const malformed = await request(wegwijs.baseUrl, 'POST', '/tasks/not-a-uuid/complete', { body: {}, headers: KLANTMANAGER });
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors).toEqual([{ field: 'taskId', message: 'must be a UUID' }]);
    const team = await request(wegwijs.baseUrl, 'GET', '/tasks/teams/everyone', { headers: KLANTMANAGER });
    expect(team.status).toBe(422);
  });
});

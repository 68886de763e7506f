/**
 * A role no code knows, in the web app: a policy officer publishes a programme that declares a job
 * coach (team jobcoaches); the development identity provider's job coach signs in, lands on Mijn
 * taken with the jobcoaches' list, and completes the programme's task through its outcome form —
 * the answers it asks come from the capability catalogue, as a job coach may not read the
 * trajectory. A refused answer stands at its field; nothing else is offered (no trajectory link,
 * no passing the task on). axe checks the page for WCAG 2.1 AA. (The task's id is this test's own:
 * the catalogue answers for a milestone only while the definitions that declare it agree.)
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { authHeaders, pollUntil, request } from '../support/http';
import { newCaseReference } from '../support/case-references';
import { newDefinitionKey, publishDefinition } from '../support/published-definitions';
import { accessibilityViolations, amsterdamToday, apiUrl, screenshotsTo, signIn } from '../support/web-app';

const screenshot = screenshotsTo('docs/app');
const KLANTMANAGER = authHeaders({ role: 'klantmanager', id: 'km-0392' });
/** The development identity provider's job coach (libs/devstack DEVELOPMENT_USERS). */
const JOBCOACH = authHeaders({ role: 'jobcoach', id: 'jc-0392' });

const key = newDefinitionKey('jobcoach-web');
const yaml = `key: ${key}
version: 1
name: Begeleiding naar werk
roles:
  jobcoach: { name: Jobcoach, description: Begeleidt de deelnemer naar werk, team: jobcoaches }
facts:
  working: { type: boolean }
nodes:
  - { id: start, kind: start }
  - id: progressTalk
    kind: humanTask
    role: jobcoach
    title: Voortgangsgesprek met de deelnemer
    due: { within: P2W }
    outcome:
      working: { type: boolean, required: true, description: Werkt de deelnemer nu? }
    output: { working: payload.working }
  - { id: done, kind: end }
flows:
  - { source: start, target: progressTalk }
  - { source: progressTalk, target: done }
`;

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  await publishDefinition(apiUrl, yaml, authHeaders({ role: 'beleid', id: 'bl-0392' }));
});

afterAll(async () => {
  await browser?.close();
});

it('lets a job coach, a role a published definition declares, complete their team’s task through its outcome form', async () => {
  const started = await request(apiUrl, 'POST', '/trajectories', { headers: KLANTMANAGER, body: { municipality: 'GM0392', caseReference: newCaseReference(), definitionKey: key, facts: {} } });
  expect(started.status).toBe(201);
  const trajectoryId: string = started.body.trajectoryId;
  const teamList = await pollUntil(
    () => request(apiUrl, 'GET', '/tasks/teams/jobcoaches', { headers: JOBCOACH }),
    (answer) => answer.body?.some?.((task: any) => task.trajectoryId === trajectoryId),
  );
  const task = teamList.body.find((candidate: any) => candidate.trajectoryId === trajectoryId);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'jc-0392', 'Mijn taken');
    await page.getByRole('heading', { level: 2, name: 'Taken van team jobcoaches' }).waitFor();
    const row = page.getByRole('table', { name: /van het team$/ }).getByRole('row').filter({ hasText: task.title }).filter({ hasText: trajectoryId });
    await row.waitFor();
    // A job coach may not read the trajectory: its id is no link, and there is no caseload to go to.
    await expect(row.getByRole('link', { name: trajectoryId }).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'Mijn caseload' }).count()).resolves.toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);

    await row.getByRole('button', { name: `${task.title} (${trajectoryId}) afronden` }).click();
    const form = page.locator('form').filter({ has: page.getByRole('heading', { name: trajectoryId }) });
    const answer = form.getByRole('group', { name: 'Werkt de deelnemer nu?' });
    await form.getByLabel('Datum waarop het gedaan is').fill(amsterdamToday());
    await form.getByRole('button', { name: 'Afronden' }).click();
    await answer.locator('.utrecht-form-field__error-message').waitFor();
    expect(await answer.locator('.utrecht-form-field__error-message').textContent()).toBe('Kies ja of nee.');
    await expect(page.getByRole('heading', { name: 'Taak doorzetten' }).count()).resolves.toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'jobcoach-task');

    await answer.getByLabel('Ja').check();
    await form.getByRole('button', { name: 'Afronden' }).click();
    await page.getByRole('status').filter({ hasText: `${task.title} is afgerond.` }).waitFor();
    const ended = await pollUntil(
      () => request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: KLANTMANAGER }),
      (trajectory) => trajectory.body?.state?.status === 'completed',
    );
    expect(ended.body.state).toMatchObject({ status: 'completed', facts: { working: true } });
  } finally {
    await context.close();
  }
}, 180_000);

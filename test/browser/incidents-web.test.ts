/**
 * Incidents in the web app, against the real stack of the tests: two trajectories whose step
 * cannot read the person's TVS profile (COA's source fails; the step's retry profile allows one
 * attempt, so each becomes an incident). A supervisor finds both on *Incidenten*, opens the first,
 * has a retry without a reason refused at its field, and — once the cause is fixed — retries it
 * with the keyboard alone; the second is skipped with the result the step needs, a missing result
 * refused at its field first. axe checks each page for WCAG 2.1 AA.
 *
 * With WEGWIJS_RECORD_SCREENSHOTS=1 the screenshots go to docs/runbook/, which the supervisor's
 * runbook shows.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { newCaseReference } from '../support/case-references';
import { authHeaders, pollUntil, request } from '../support/http';
import { newDefinitionKey, publishDefinition } from '../support/published-definitions';
import { breakTvsProfile, repairTvsProfile } from '../support/stuck-trajectories';
import { accessibilityViolations, amsterdamToday, apiUrl, HAS_FOCUS, screenshotsTo, signIn } from '../support/web-app';

const screenshot = screenshotsTo('docs/runbook');
const KLANTMANAGER = authHeaders({ role: 'klantmanager', id: 'km-0392' });
/** The development identity provider's supervisor in Haarlem (libs/devstack DEVELOPMENT_USERS). */
const SUPERVISOR = { role: 'supervisor', id: 'sv-0392' } as const;
const definitionKey = newDefinitionKey('incidents-web');

/** The TVS profile is read once (retry: once): a failure is an incident at once. */
const DEFINITION = `key: ${definitionKey}
version: 1
name: TVS-profiel en intake
startsOn: housingDate
facts:
  housingDate: { type: date, required: true }
  tvsProfileComplete: { type: boolean, description: "TVS-profiel volledig" }
nodes:
  - { id: start, kind: start }
  - id: fetchTvsProfile
    kind: serviceTask
    name: TVS-profiel ophalen
    activity: fetchTvsProfile
    output: { tvsProfileComplete: result.complete }
    timeout: PT30S
    retry: once
  - id: intake
    kind: milestoneWait
    name: Intake
    milestone: intake.completed
    roles: [klantmanager]
  - { id: end, kind: end }
flows:
  - { source: start, target: fetchTvsProfile }
  - { source: fetchTvsProfile, target: intake }
  - { source: intake, target: end }
`;

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  await publishDefinition(apiUrl, DEFINITION, authHeaders({ role: 'beleid', id: 'bl-0392' }));
});

afterAll(async () => {
  await browser?.close();
});

/** Starts a trajectory whose TVS profile cannot be read. */
async function startFailingTrajectory(): Promise<string> {
  const caseReference = newCaseReference();
  breakTvsProfile(`GM0392.${caseReference}`);
  const started = await request(apiUrl, 'POST', '/trajectories', {
    body: { municipality: 'GM0392', caseReference, definitionKey, facts: { housingDate: amsterdamToday(-3) } },
    headers: KLANTMANAGER,
  });
  expect(started.status).toBe(201);
  return started.body.trajectoryId;
}

async function stateOf(trajectoryId: string): Promise<any> {
  const answer = await request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: authHeaders(SUPERVISOR) });
  expect(answer.status).toBe(200);
  return answer.body;
}

async function openIncidentIds(): Promise<string[]> {
  const answer = await request(apiUrl, 'GET', '/supervision/incidents?limit=500', { headers: authHeaders(SUPERVISOR) });
  expect(answer.status).toBe(200);
  return answer.body.incidents.map((incident: { trajectoryId: string }) => incident.trajectoryId);
}

async function openFromIncidents(page: Page, trajectoryId: string): Promise<void> {
  await page.getByRole('link', { name: 'Incidenten', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Incidenten' }).waitFor();
  await page.getByRole('link', { name: trajectoryId, exact: true }).click();
  await page.getByRole('heading', { level: 2, name: 'Incident: een stap is mislukt' }).waitFor();
}

describe('incidents in the web app', () => {
  it('lets a supervisor find incidents, retry one after its cause is fixed and skip another with its result, refusals at the field', async () => {
    const retried = await startFailingTrajectory();
    const skipped = await startFailingTrajectory();
    const listed = await pollUntil(openIncidentIds, (ids) => ids.includes(retried) && ids.includes(skipped), 300);
    expect(listed).toEqual(expect.arrayContaining([retried, skipped]));

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      // The list: both incidents, with step, activity, error type, attempts.
      await signIn(page, SUPERVISOR.id, 'Mijn caseload');
      await page.getByRole('link', { name: 'Incidenten', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Incidenten' }).waitFor();
      for (const trajectoryId of [retried, skipped]) {
        const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: trajectoryId, exact: true }) });
        await row.waitFor();
        expect(await row.getByRole('cell').allTextContents()).toEqual(['fetchTvsProfile', 'fetchTvsProfile', 'TvsSourceUnavailableError', '1', expect.stringMatching(/\d{4}$/)]);
      }
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, '05-incidents');

      // Retry without a reason: the API's refusal stands at the field, which gets the keyboard.
      await openFromIncidents(page, retried);
      const retryForm = page.getByRole('form', { name: 'fetchTvsProfile opnieuw proberen' });
      await retryForm.getByRole('button', { name: 'Opnieuw proberen' }).click();
      const reasonField = retryForm.getByLabel('Reden');
      await retryForm.locator('input[aria-invalid="true"]').waitFor();
      expect(await retryForm.locator('.utrecht-form-field__error-message').textContent()).toMatch(/\S/);
      expect(await reasonField.evaluate(HAS_FOCUS)).toBe(true);
      expect((await stateOf(retried)).state.incidents.map((incident: { status: string }) => incident.status)).toEqual(['open']);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, '06-incident-retry-refused');

      // The cause is fixed (COA's source answers again); with the keyboard alone: type the reason, Enter.
      repairTvsProfile(retried);
      await page.keyboard.type('TVS weer bereikbaar na storing');
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'fetchTvsProfile wordt opnieuw geprobeerd.' }).waitFor();
      const afterRetry = await pollUntil(
        () => stateOf(retried),
        (view) => view.state.expectedMilestones.some((expected: { milestone: string }) => expected.milestone === 'intake.completed'),
        300,
      );
      expect(afterRetry.state.incidents.map((incident: { status: string }) => incident.status)).toEqual(['resolved']);
      const retryEvent = afterRetry.events.find((event: { type: string }) => event.type === 'incident.resolved');
      expect(retryEvent).toMatchObject({ actor: SUPERVISOR, payload: { action: 'retry', reason: 'TVS weer bereikbaar na storing' } });

      // Skip: a missing result is refused at its choice; the reason typed stays.
      await openFromIncidents(page, skipped);
      const skipForm = page.getByRole('form', { name: 'fetchTvsProfile overslaan' });
      await skipForm.getByLabel('Reden').fill('Profiel telefonisch bij COA opgevraagd');
      await skipForm.getByRole('button', { name: 'Overslaan' }).click();
      const resultGroup = skipForm.getByRole('group', { name: 'Resultaat: complete (TVS-profiel volledig)' });
      await resultGroup.locator('.utrecht-form-field__error-message').waitFor();
      expect(await resultGroup.locator('.utrecht-form-field__error-message').textContent()).toBe('Vul dit in.');
      expect(await skipForm.getByLabel('Reden').inputValue()).toBe('Profiel telefonisch bij COA opgevraagd');
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, '07-incident-skip-refused');

      await resultGroup.getByLabel('Ja').check();
      await skipForm.getByRole('button', { name: 'Overslaan' }).click();
      await page.getByRole('status').filter({ hasText: 'fetchTvsProfile is overgeslagen' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Incident: een stap is mislukt' }).waitFor({ state: 'detached' });
      const afterSkip = await stateOf(skipped);
      expect(afterSkip.state.facts).toMatchObject({ tvsProfileComplete: true });
      expect(afterSkip.state.expectedMilestones.map((expected: { milestone: string }) => expected.milestone)).toContain('intake.completed');
      expect(afterSkip.events.find((event: { type: string }) => event.type === 'incident.resolved')).toMatchObject({
        actor: SUPERVISOR,
        payload: { action: 'skip', reason: 'Profiel telefonisch bij COA opgevraagd' },
      });
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, '08-incident-skipped');

      // Neither is open any more.
      const stillOpen = await openIncidentIds();
      expect(stillOpen).not.toContain(retried);
      expect(stillOpen).not.toContain(skipped);
    } finally {
      await context.close();
    }
  }, 180_000); // two failing trajectories, their retries and the pages' axe checks, on a machine shared with other work
});

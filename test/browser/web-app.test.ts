/**
 * The web app in headless Chromium against the real stack of the tests (API over HTTP, worker,
 * Temporal dev server, PostgreSQL): a klantmanager signs in through the development identity
 * provider (authorization code + PKCE), sees their caseload, opens a trajectory, has a milestone
 * refused and reads the API's message at the field, then records it through its form with the
 * keyboard alone, and signs out. axe checks every page for WCAG 2.1 AA.
 *
 * Each page leaves a screenshot; with WEGWIJS_RECORD_SCREENSHOTS=1 they are written to docs/app/,
 * which the README shows.
 */
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { authHeaders, pollUntil, request } from '../support/http';
import { newCaseReference } from '../support/case-references';
import { startStuckTrajectory } from '../support/stuck-trajectories';
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';

const apiUrl = process.env.WEGWIJS_API_URL ?? '';
const appUrl = `${apiUrl}/app/`;
const screenshots = process.env.WEGWIJS_RECORD_SCREENSHOTS === '1' ? join(__dirname, '../../docs/app') : mkdtempSync(join(tmpdir(), 'wegwijs-app-'));

/** Run in the page: whether the element has the focus. */
const HAS_FOCUS = (element: { ownerDocument: { activeElement: unknown } }) => element === element.ownerDocument.activeElement;

/** The development identity provider's klantmanager in Haarlem (libs/devstack DEVELOPMENT_USERS). */
const KLANTMANAGER = { role: 'klantmanager', id: 'km-0392' } as const;

let browser: Browser;
let wegwijs: WegwijsUnderTest;

beforeAll(async () => {
  browser = await launchChromium();
  wegwijs = await connectToWegwijsUnderTest();
});

afterAll(async () => {
  await browser?.close();
  await wegwijs?.close();
});

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** WCAG 2.0/2.1 A and AA rules: the legal bar for Dutch government software. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page: page as never }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** Today in the Netherlands, as the API dates business days. */
function amsterdamToday(offsetDays = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date(Date.now() + offsetDays * 86_400_000));
}

/** Signs in through the development identity provider as the user with this id, and waits for the home page. */
async function signIn(page: Page, userId: string, home: string): Promise<void> {
  await page.goto(appUrl);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.waitForURL(/\/oidc\/interaction\//);
  await page.getByLabel(new RegExp(`— ${userId}$`)).check();
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.getByRole('heading', { level: 1, name: home }).waitFor();
}

async function startTrajectory(): Promise<string> {
  const answer = await request(apiUrl, 'POST', '/trajectories', {
    headers: authHeaders(KLANTMANAGER),
    body: {
      municipality: 'GM0392',
      caseReference: newCaseReference(),
      definitionKey: 'haarlem-statushouders',
      facts: { housingDate: amsterdamToday(-7), permitGrantedDate: amsterdamToday(-60), age: 31 },
    },
  });
  expect(answer.status).toBe(201);
  const trajectoryId: string = answer.body.trajectoryId;
  // The list is a read model, a little behind the trajectory.
  const listed = await pollUntil(
    () => request(apiUrl, 'GET', '/trajectories?limit=200', { headers: authHeaders(KLANTMANAGER) }),
    (list) => list.body?.items?.some((item: any) => item.trajectoryId === trajectoryId),
  );
  expect(listed.body.items.map((item: any) => item.trajectoryId)).toContain(trajectoryId);
  return trajectoryId;
}

describe('the web app', () => {
  it('signs a klantmanager in through the identity provider, shows the caseload and a trajectory, and records a milestone through its form', async () => {
    const trajectoryId = await startTrajectory();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    const consoleLines: string[] = [];
    page.on('console', (message) => consoleLines.push(message.text()));
    try {
      // Signed out: the welcome page offers sign-in only.
      await page.goto(appUrl);
      await page.getByRole('heading', { level: 1, name: 'Welkom bij Wegwijs' }).waitFor();
      await page.getByRole('button', { name: 'Aanmelden' }).waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'sign-in');

      // The identity provider's page: choose the development user.
      await page.getByRole('button', { name: 'Aanmelden' }).click();
      await page.waitForURL(/\/oidc\/interaction\//);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'identity-provider');
      await page.getByLabel(/klantmanager · Haarlem \(GM0392\) — km-0392/).check();
      await page.getByRole('button', { name: 'Aanmelden' }).click();

      // Back in the app, signed in, with no code or token left in the address.
      await page.getByRole('heading', { name: 'Mijn caseload' }).waitFor();
      expect(page.url()).toBe(appUrl);
      await expect(page.getByText('Aangemeld als klantmanager (km-0392)').isVisible()).resolves.toBe(true);
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: trajectoryId }) });
      await row.waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'caseload');

      // The trajectory page: the first expected milestone's form.
      await page.getByRole('link', { name: trajectoryId }).click();
      await page.getByRole('heading', { level: 1, name: `Traject ${trajectoryId}` }).waitFor();
      const form = page.locator('form.wegwijs-form').first();
      await form.waitFor();
      const milestone = (await form.locator('code').first().textContent()) ?? '';
      expect(milestone).not.toBe('');

      // A date after today is refused by the API: its message stands at the field, the date stays.
      const dateField = form.getByLabel('Datum waarop het gebeurde');
      const tomorrow = amsterdamToday(1);
      await dateField.fill(tomorrow);
      await form.getByRole('button', { name: 'Melden' }).click();
      await expect(form.locator('#' + (await dateField.getAttribute('aria-describedby'))!.split(' ').pop()!).textContent()).resolves.toMatch(/\S/);
      await form.locator('input[aria-invalid="true"]').waitFor();
      expect(await dateField.inputValue()).toBe(tomorrow);
      const refusal = await form.locator('.utrecht-form-field__error-message').first().textContent();
      // The API's own message for the field (problem+json `errors[].message`), not one of the app's.
      expect(refusal).toBe(`must be on or before ${amsterdamToday()}`);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'trajectory-refused');
      const stillExpected = await request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: authHeaders(KLANTMANAGER) });
      expect(stillExpected.body.state.milestonesDone.map((done: any) => done.milestone)).not.toContain(milestone);

      // With the keyboard alone: the refused field has the focus; type today's date, answer any
      // choices, and submit with Enter.
      const [year, month, day] = amsterdamToday().split('-');
      expect(await dateField.evaluate(HAS_FOCUS)).toBe(true);
      await page.keyboard.type(`${month}${day}${year}`);
      expect(await dateField.inputValue()).toBe(amsterdamToday());
      // Tab walks through the date's segments (month, day, year), then on to the button.
      const submitButton = form.getByRole('button', { name: 'Melden' });
      const focused = (locator: typeof submitButton) => locator.evaluate(HAS_FOCUS);
      for (let presses = 0; presses < 5 && !(await focused(submitButton)); presses++) await page.keyboard.press('Tab');
      expect(await focused(submitButton)).toBe(true);
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'is vastgelegd' }).waitFor();
      const recorded = await request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: authHeaders(KLANTMANAGER) });
      expect(recorded.body.state.milestonesDone).toEqual(expect.arrayContaining([expect.objectContaining({ milestone, occurredOn: amsterdamToday(), actor: KLANTMANAGER })]));
      await page.getByRole('cell', { name: milestone, exact: true }).waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'trajectory');

      // A milestone with a typed payload: a yes/no choice. Left open, the API names the field and
      // the message stands in its fieldset; answered, the payload arrives typed (a boolean).
      const consentForm = page.locator('form.wegwijs-form').filter({ has: page.locator('code', { hasText: 'basis.languageSchoolConsentRecorded' }) });
      await consentForm.getByLabel('Datum waarop het gebeurde').fill(amsterdamToday());
      await consentForm.getByRole('button', { name: 'Melden' }).click();
      const consentGroup = consentForm.getByRole('group', { name: 'Whether the person consented' });
      await consentGroup.locator('.utrecht-form-field__error-message').waitFor();
      expect(await consentGroup.locator('.utrecht-form-field__error-message').textContent()).toBe('is required (true or false)');
      expect(await consentForm.getByLabel('Datum waarop het gebeurde').inputValue()).toBe(amsterdamToday());
      await consentGroup.getByLabel('Ja').check();
      await consentForm.getByRole('button', { name: 'Melden' }).click();
      await page.getByRole('status').filter({ hasText: 'is vastgelegd' }).waitFor();
      // The recorded event, as the event store holds it.
      const consentRecorded = () =>
        wegwijs.dataSource.query(
          "SELECT payload FROM trajectory_events WHERE stream_id = $1 AND type = 'milestone.recorded' AND payload->>'milestone' = 'basis.languageSchoolConsentRecorded'",
          [trajectoryId],
        );
      const [consentEvent] = await pollUntil(consentRecorded, (rows) => rows.length > 0);
      expect(consentEvent?.payload.payload).toEqual({ consent: true });

      // Sign-out: through the provider, back to the welcome page.
      await page.getByRole('button', { name: 'Afmelden' }).click();
      await page.getByRole('button', { name: 'Ja, afmelden' }).click();
      await page.getByRole('button', { name: 'Aanmelden' }).waitFor();
      expect(page.url()).toBe(appUrl);
      // Nothing about the person or the tokens was written to the console.
      expect(consoleLines.filter((line) => /eyJ|Bearer/.test(line))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows a supervisor the stuck trajectories with their reason and a link into the Temporal Web UI', async () => {
    const { trajectoryId } = await startStuckTrajectory(apiUrl, 'GM0392');
    const supervisor = authHeaders({ role: 'supervisor', id: 'sv-0392' });
    const listed = await pollUntil(
      () => request(apiUrl, 'GET', '/supervision/stuck', { headers: supervisor }),
      (answer) => answer.body?.trajectories?.some((entry: any) => entry.trajectoryId === trajectoryId),
    );
    const expected = listed.body.trajectories.find((entry: any) => entry.trajectoryId === trajectoryId);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await signIn(page, 'sv-0392', 'Mijn caseload');
      await page.getByRole('link', { name: 'Vastgelopen trajecten' }).click();
      await page.getByRole('heading', { level: 1, name: 'Vastgelopen trajecten' }).waitFor();
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: trajectoryId, exact: true }) });
      await row.waitFor();
      await expect(row.getByRole('cell', { name: expected.reason }).count()).resolves.toBe(1);
      expect(await row.getByRole('link', { name: `${trajectoryId} openen in de Temporal Web UI` }).getAttribute('href')).toBe(expected.webUiUrl);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'stuck');
    } finally {
      await context.close();
    }
  });

  it('shows beleid the progress report as tables and downloads it as the API’s CSV', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await signIn(page, 'bl-0392', 'Voortgangsrapportage');
      await page.getByLabel('Van', { exact: true }).fill('2019-01-01');
      await page.getByRole('button', { name: 'Toon rapportage' }).click();
      const to = await page.getByLabel('Tot en met (peildatum)').inputValue();
      const beleid = authHeaders({ role: 'beleid', id: 'bl-0392' });
      const report = await request(apiUrl, 'GET', `/reports/progress?from=2019-01-01&to=${to}&municipality=GM0392`, { headers: beleid });
      expect(report.status).toBe(200);
      const firstSection = report.body.sections[0];
      await page.getByRole('heading', { level: 2, name: `${firstSection.source} ${firstSection.title}` }).waitFor();
      const firstRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: firstSection.rows[0].label, exact: true }) }).first();
      expect(await firstRow.getByRole('cell').last().textContent()).toBe(String(firstSection.rows[0].total));
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'report');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download als CSV' }).click()]);
      const csv = await readFile((await download.path())!, 'utf8');
      const fromApi = await fetch(`${apiUrl}/reports/progress?from=2019-01-01&to=${to}&municipality=GM0392&format=csv`, { headers: beleid });
      expect(csv).toBe(await fromApi.text());
      expect(download.suggestedFilename()).toBe(`voortgang-GM0392-2019-01-01-${to}.csv`);
    } finally {
      await context.close();
    }
  });

  it('lets a klantmanager start a trajectory from its typed facts, with a refused fact shown at its field', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const caseReference = newCaseReference();
    try {
      await signIn(page, 'km-0392', 'Mijn caseload');
      await page.getByRole('link', { name: 'Nieuw traject' }).click();
      await page.getByRole('heading', { level: 1, name: 'Nieuw traject' }).waitFor();
      await page.getByLabel('Zaaknummer').fill(caseReference);
      await page.getByRole('group', { name: 'Programma' }).getByLabel('haarlem-statushouders').check();
      const housing = page.getByLabel(/^Day the person was housed/);
      await housing.fill(amsterdamToday(-7));
      await page.getByLabel(/^Residence permit granted/).fill(amsterdamToday(-60));
      const age = page.getByLabel(/^Age in years/);
      await age.fill('130');
      await page.getByRole('button', { name: 'Traject starten' }).click();

      // The definition's fact rule refuses the age: its message at the field, the rest kept.
      await page.locator('input[aria-invalid="true"]').waitFor();
      expect(await age.getAttribute('aria-invalid')).toBe('true');
      const ageError = await page.locator(`#${(await age.getAttribute('id'))!.replace(/:/g, '\\:')}-error`).textContent();
      expect(ageError).toMatch(/between 0 and 120/);
      expect(await housing.inputValue()).toBe(amsterdamToday(-7));
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'start-refused');
      const notStarted = await request(apiUrl, 'GET', `/trajectories/GM0392.${caseReference}`, { headers: authHeaders(KLANTMANAGER) });
      expect(notStarted.status).toBe(404);

      await age.fill('31');
      await page.getByRole('button', { name: 'Traject starten' }).click();
      await page.getByRole('heading', { level: 1, name: `Traject GM0392.${caseReference}` }).waitFor();
      const started = await request(apiUrl, 'GET', `/trajectories/GM0392.${caseReference}`, { headers: authHeaders(KLANTMANAGER) });
      expect(started.status).toBe(200);
      expect(started.body.state.facts).toMatchObject({ housingDate: amsterdamToday(-7), permitGrantedDate: amsterdamToday(-60), age: 31 });
    } finally {
      await context.close();
    }
  });
});

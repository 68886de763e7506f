/**
 * The web app when things go wrong, in headless Chromium against the real stack: a refusal is
 * said in Dutch (or English, when chosen) at its field, what was typed stays and nothing is
 * changed; the API stopping and starting again while the app is open leaves the page standing,
 * says the connection is lost, and the page recovers by itself, without a reload; and through all
 * of it nothing about the person — name, BSN, birth date — is written to the browser's console.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { newCaseReference } from '../support/case-references';
import { authHeaders, pollUntil, request } from '../support/http';
import { newBsn } from '../support/people';
import { startRestartableApi, type RestartableApi } from '../support/restartable-api';
import { accessibilityViolations, amsterdamToday, apiUrl, HAS_FOCUS, screenshotsTo, signIn } from '../support/web-app';

const screenshot = screenshotsTo('docs/app');
const KLANTMANAGER = authHeaders({ role: 'klantmanager', id: 'km-0392' });

/** The person the trajectories are for: what must never reach the console. */
const PERSON = { name: `Amina Testpersoon ${randomUUID().slice(0, 6)}`, bsn: newBsn(), birthDate: '1991-04-17', email: null, phone: null, language: 'ti' };

let browser: Browser;
let restartable: RestartableApi | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await restartable?.stop();
});

/** A trajectory in Haarlem for a registered person (name, BSN, birth date in the person record), listed in the caseload. */
async function startTrajectoryForPerson(): Promise<string> {
  const registered = await request(apiUrl, 'POST', '/people', { headers: KLANTMANAGER, body: { municipality: 'GM0392', ...PERSON } });
  expect(registered).toMatchObject({ status: 201 });
  const started = await request(apiUrl, 'POST', '/trajectories', {
    headers: KLANTMANAGER,
    body: {
      municipality: 'GM0392',
      caseReference: newCaseReference(),
      definitionKey: 'haarlem-statushouders',
      personId: registered.body.personId,
      facts: { housingDate: amsterdamToday(-7), permitGrantedDate: amsterdamToday(-60), age: 31 },
    },
  });
  expect(started).toMatchObject({ status: 201 });
  const trajectoryId: string = started.body.trajectoryId;
  await pollUntil(
    () => request(apiUrl, 'GET', '/trajectories?limit=200', { headers: KLANTMANAGER }),
    (list) => list.body?.items?.some((item: { trajectoryId: string }) => item.trajectoryId === trajectoryId),
  );
  return trajectoryId;
}

/** Every console message of the page, to check afterwards that none names the person. */
function consoleOf(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (message) => lines.push(message.text()));
  page.on('pageerror', (error) => lines.push(String(error)));
  return lines;
}

function namingThePerson(lines: readonly string[]): string[] {
  const dutchBirthDate = PERSON.birthDate.split('-').reverse().join('-');
  return lines.filter((line) => [PERSON.name, PERSON.bsn, PERSON.birthDate, dutchBirthDate].some((personal) => line.includes(personal)));
}

describe('the web app when things go wrong', () => {
  it('says a refused milestone in Dutch at its field, and in English once chosen, keeping the date and recording nothing', async () => {
    const trajectoryId = await startTrajectoryForPerson();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const consoleLines = consoleOf(page);
    try {
      await signIn(page, 'km-0392', 'Mijn caseload');
      await page.getByRole('link', { name: trajectoryId }).click();
      await page.getByRole('heading', { level: 1, name: `Traject ${trajectoryId}` }).waitFor();
      const form = page.locator('form.wegwijs-form').first();
      const milestone = (await form.locator('code').first().textContent()) ?? '';
      const dateField = form.getByLabel('Datum waarop het gebeurde');
      const tomorrow = amsterdamToday(1);
      const today = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' }).format(new Date());

      // The API answers `must be on or before <today>`; the app says it in Dutch, at the field, and the date stays.
      await dateField.fill(tomorrow);
      await form.getByRole('button', { name: 'Melden' }).click();
      const fieldError = form.locator('.utrecht-form-field__error-message').first();
      await fieldError.waitFor();
      expect(await fieldError.textContent()).toBe(`Mag niet later zijn dan ${today}.`);
      expect(await dateField.inputValue()).toBe(tomorrow);
      expect(await dateField.evaluate(HAS_FOCUS)).toBe(true);
      expect(await accessibilityViolations(page)).toEqual([]);

      // In English, the same refusal in English.
      await page.getByRole('button', { name: 'Switch to English' }).click();
      const englishForm = page.locator('form.wegwijs-form').first();
      await englishForm.getByRole('button', { name: 'Report' }).click();
      const englishToday = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' }).format(new Date());
      await englishForm.locator('.utrecht-form-field__error-message', { hasText: `Must not be later than ${englishToday}.` }).waitFor();
      expect(await englishForm.getByLabel('Date it happened').inputValue()).toBe(tomorrow);

      // Nothing was recorded by either attempt.
      const state = (await request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: KLANTMANAGER })).body.state;
      expect(state.milestonesDone.map((done: { milestone: string }) => done.milestone)).not.toContain(milestone);
      expect(namingThePerson(consoleLines)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('keeps the page standing while the API restarts, says the connection is lost, and recovers without a reload', async () => {
    const trajectoryId = await startTrajectoryForPerson();
    restartable = await startRestartableApi();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const consoleLines = consoleOf(page);
    try {
      await page.goto(`${restartable.url}/app/`);
      await page.getByRole('button', { name: 'Aanmelden' }).click();
      await page.getByLabel(/— km-0392$/).check();
      await page.getByRole('button', { name: 'Aanmelden' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mijn caseload' }).waitFor();
      await page.getByRole('link', { name: trajectoryId }).waitFor();
      // A mark in this document: still there afterwards means the page was never reloaded.
      await page.evaluate(() => ((globalThis as unknown as { wegwijsTestMark: string }).wegwijsTestMark = 'still this page'));

      await restartable.stop();
      await page.getByRole('link', { name: 'Mijn taken' }).click();
      const lost = page.getByRole('status').filter({ hasText: 'Verbinding met Wegwijs kwijt' });
      await lost.waitFor();
      // Not a blank page: the frame, the navigation and the page's heading stay.
      await page.getByRole('heading', { level: 1, name: 'Mijn taken' }).waitFor();
      await expect(page.getByRole('navigation').getByRole('link', { name: 'Mijn caseload' }).count()).resolves.toBe(1);
      expect(await lost.getByRole('button', { name: 'Nu opnieuw proberen' }).count()).toBe(1);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'connection-lost');

      await restartable.start();
      // The reads retry with backoff: the tasks arrive and the message goes, in the same document.
      await page.getByRole('table', { name: /van het team$/ }).waitFor({ timeout: 120_000 });
      await lost.waitFor({ state: 'detached' });
      expect(await page.evaluate(() => (globalThis as unknown as { wegwijsTestMark?: string }).wegwijsTestMark)).toBe('still this page');
      await page.getByRole('link', { name: 'Mijn caseload' }).click();
      await page.getByRole('link', { name: trajectoryId }).waitFor();
      expect(namingThePerson(consoleLines)).toEqual([]);
    } finally {
      await context.close();
      await restartable.stop();
      restartable = undefined;
    }
    // Two boots of an API process of its own (each allowed 120 s to become healthy) and a reconnect
    // allowed 120 s: the suite's 60 s default is for tests that only talk to the running stack.
  }, 360_000);
});

/**
 * The web app in headless Chromium against the real stack of the tests (API over HTTP, worker,
 * Temporal dev server, PostgreSQL): a klantmanager signs in through the development identity
 * provider (authorization code + PKCE), sees their caseload, opens a trajectory, has a milestone
 * refused and reads the API's message at the field, then records it through its form with the
 * keyboard alone, and signs out; completes tasks from Mijn taken; starts a trajectory registering
 * the person, whose name the trajectory page then shows; corrects a fact and sees what it moved;
 * stops the inburgering term on an exemption; a supervisor reads the diagram, changes a legal
 * clock, moves the case and cancels it. axe checks every page for WCAG 2.1 AA.
 *
 * Each page leaves a screenshot; with WEGWIJS_RECORD_SCREENSHOTS=1 they are written to docs/app/,
 * which the README shows.
 */
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { authHeaders, pollUntil, request } from '../support/http';
import { newCaseReference } from '../support/case-references';
import { newBsn } from '../support/people';
import { clockedDefinitionYaml, newDefinitionKey, publishDefinition } from '../support/published-definitions';
import { startStuckTrajectory } from '../support/stuck-trajectories';
import { accessibilityViolations, amsterdamToday, apiUrl, appUrl, HAS_FOCUS, screenshotsTo, signIn } from '../support/web-app';
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';

const screenshot = screenshotsTo('docs/app');

/** The longer flows (several refusals, each page checked by axe) on a machine shared with other work. */
const LONG_FLOW_MS = 180_000;

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

async function startTrajectory(
  definitionKey = 'haarlem-statushouders',
  facts: Record<string, unknown> = { housingDate: amsterdamToday(-7), permitGrantedDate: amsterdamToday(-60), age: 31 },
): Promise<string> {
  const answer = await request(apiUrl, 'POST', '/trajectories', {
    headers: authHeaders(KLANTMANAGER),
    body: { municipality: 'GM0392', caseReference: newCaseReference(), definitionKey, facts },
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
      // The API's message for the field (problem+json `errors[].message`: must be on or before <today>), said in Dutch.
      const todayInDutch = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${amsterdamToday()}T00:00:00Z`));
      expect(refusal).toBe(`Mag niet later zijn dan ${todayInDutch}.`);
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
      // In Dutch, as the rest of the page: the catalogue describes its milestones in English.
      await expect(consentForm.getByRole('heading', { name: 'De persoon heeft geantwoord op de vraag om gegevens uit te wisselen met taalscholen' }).count()).resolves.toBe(1);
      // In English, the catalogue's own words (not the Dutch, which is i18next's fallback for the app's texts); and back.
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await consentForm.getByRole('heading', { name: 'The person answered the request for data exchange with language schools' }).waitFor();
      await expect(consentForm.getByRole('group', { name: 'Whether the person consented' }).count()).resolves.toBe(1);
      await page.getByRole('button', { name: 'Naar het Nederlands' }).click();
      await consentForm.getByRole('heading', { name: 'De persoon heeft geantwoord op de vraag om gegevens uit te wisselen met taalscholen' }).waitFor();
      await consentForm.getByLabel('Datum waarop het gebeurde').fill(amsterdamToday());
      await consentForm.getByRole('button', { name: 'Melden' }).click();
      const consentGroup = consentForm.getByRole('group', { name: 'Of de persoon toestemming gaf' });
      await consentGroup.locator('.utrecht-form-field__error-message').waitFor();
      expect(await consentGroup.locator('.utrecht-form-field__error-message').textContent()).toBe('Kies ja of nee.');
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
  }, LONG_FLOW_MS);

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

  it('lets a klantmanager start a trajectory from its typed facts, registering the person, with a refused fact shown at its field; the person is registered once and shown on the trajectory page only', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const consoleLines: string[] = [];
    page.on('console', (message) => consoleLines.push(message.text()));
    const caseReference = newCaseReference();
    const name = `Amina Tesfay ${caseReference.slice(-6)}`;
    const email = `amina.${caseReference.slice(-6).toLowerCase()}@example.org`;
    const registeredBefore = await peopleRegisteredBy('km-0392');
    try {
      await signIn(page, 'km-0392', 'Mijn caseload');
      await page.getByRole('link', { name: 'Nieuw traject' }).click();
      await page.getByRole('heading', { level: 1, name: 'Nieuw traject' }).waitFor();
      await page.getByLabel('Zaaknummer').fill(caseReference);
      await page.getByRole('group', { name: 'Programma' }).getByLabel('haarlem-statushouders').check();
      const housing = page.getByLabel(/^Dag waarop de persoon in de gemeente is gehuisvest/);
      await housing.fill(amsterdamToday(-7));
      await page.getByLabel(/^Verblijfsvergunning verleend/).fill(amsterdamToday(-60));
      const age = page.getByLabel(/^Leeftijd in jaren/);
      await age.fill('130');
      // The person, registered with the start (a new registration is the default).
      const person = page.getByRole('group', { name: 'Persoon' });
      expect(await person.getByLabel('Nieuwe persoon registreren').isChecked()).toBe(true);
      await person.getByLabel('Naam (zoals in de BRP)').fill(name);
      await person.getByLabel('BSN').fill('123456789');
      await person.getByLabel('Geboortedatum').fill('1994-03-17');
      await person.getByLabel('E-mail (niet verplicht)').fill(email);
      await person.getByLabel('Eigen taal').fill('ti');
      await page.getByRole('button', { name: 'Traject starten' }).click();

      // The BSN fails the eleven test: the API's message at the field, nothing registered, the rest kept.
      const bsn = person.getByLabel('BSN');
      await person.locator('input[aria-invalid="true"]').waitFor();
      expect(await bsn.getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator(`#${(await bsn.getAttribute('id'))!}-error`).textContent()).toBe('Vul een BSN in: negen cijfers die de elfproef doorstaan.');
      expect(await peopleRegisteredBy('km-0392')).toBe(registeredBefore);
      expect(await person.getByLabel('Naam (zoals in de BRP)').inputValue()).toBe(name);
      // With the keyboard alone: the refused BSN has the focus; type a valid one and send with Enter.
      expect(await bsn.evaluate(HAS_FOCUS)).toBe(true);
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(newBsn());
      await page.keyboard.press('Enter');

      // The definition's fact rule refuses the age: its message at the field, the rest kept.
      await page.locator(`[id="${await age.getAttribute('id')}"][aria-invalid="true"]`).waitFor();
      expect(await bsn.getAttribute('aria-invalid')).toBeNull();
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
      // Registered once, though the start was refused after the registration; linked to this trajectory.
      expect(await peopleRegisteredBy('km-0392')).toBe(registeredBefore + 1);
      const linked = await request(apiUrl, 'GET', `/trajectories/GM0392.${caseReference}/person`, { headers: authHeaders(KLANTMANAGER) });
      expect(linked.body).toMatchObject({ name, email, language: 'ti' });

      // The trajectory page shows the klantmanager holding the case who the person is.
      const personSection = page.getByRole('region', { name: 'Persoon' });
      await personSection.getByText(name).waitFor();
      await expect(personSection.getByRole('link', { name: email }).count()).resolves.toBe(1);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'trajectory-person');
      // Nothing personal in the address or the console.
      expect(page.url()).not.toContain(linked.body.personId);
      expect(consoleLines.filter((line) => line.includes(name) || line.includes(email) || line.includes(linked.body.personId))).toEqual([]);
    } finally {
      await context.close();
    }
  }, LONG_FLOW_MS);

  it('lets a klantmanager correct a fact, refused at the fact and then with the keyboard, and shows what the correction moved; and stop the inburgering term on an exemption with its legal basis', async () => {
    const trajectoryId = await startTrajectory();
    await pollUntil(
      () => request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: authHeaders(KLANTMANAGER) }),
      (answer) => answer.body?.state?.clocks?.[0]?.status === 'running',
    );
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    try {
      await signIn(page, 'km-0392', 'Mijn caseload');
      await page.getByRole('link', { name: trajectoryId }).click();
      await page.getByRole('heading', { level: 1, name: `Traject ${trajectoryId}` }).waitFor();

      // The form is generated from the definition's facts, filled in as they stand; folded away until opened (with the keyboard).
      const disclosure = page.getByText('Gegevens bekijken en corrigeren');
      await disclosure.focus();
      await page.keyboard.press('Enter');
      const factsForm = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Een gegeven corrigeren' }) });
      const permit = factsForm.getByLabel(/^Verblijfsvergunning verleend/);
      expect(await permit.inputValue()).toBe(amsterdamToday(-60));
      expect(await factsForm.getByLabel(/^Leeftijd in jaren/).inputValue()).toBe('31');
      await expect(factsForm.getByRole('group', { name: 'Route gekozen in het plan van aanpak' }).count()).resolves.toBe(1);

      // A permit date after today: the definition's rules refuse it at the fact (and the housing
      // date, which would lie before it), as the API words it; what was typed stays.
      await permit.fill(amsterdamToday(1));
      await factsForm.getByLabel('Reden van de correctie').fill('verkeerde datum overgenomen uit TVS');
      await factsForm.getByRole('button', { name: 'Correctie opslaan' }).click();
      const permitId = (await permit.getAttribute('id'))!;
      await page.locator(`[id="${permitId}"][aria-invalid="true"]`).waitFor();
      const refusedDirectly = await request(apiUrl, 'POST', `/trajectories/${trajectoryId}/facts`, {
        headers: authHeaders(KLANTMANAGER),
        body: { facts: { permitGrantedDate: amsterdamToday(1) }, reason: 'verkeerde datum overgenomen uit TVS' },
      });
      expect(refusedDirectly.status).toBe(422);
      const apiMessages = refusedDirectly.body.errors.filter((error: any) => error.field === 'facts.permitGrantedDate').map((error: any) => error.message);
      expect(apiMessages).toContain('lies after today');
      expect(apiMessages).toContain(await page.locator(`[id="${permitId}-error"]`).textContent());
      expect(await permit.inputValue()).toBe(amsterdamToday(1));
      expect(await factsForm.getByLabel('Reden van de correctie').inputValue()).toBe('verkeerde datum overgenomen uit TVS');
      const unchanged = (await request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: authHeaders(KLANTMANAGER) })).body.state;
      expect(unchanged.facts.permitGrantedDate).toBe(amsterdamToday(-60));

      // With the keyboard alone: the focus is on the first refused fact; Tab on to the permit date
      // (through the housing date's segments), type the right date and submit with Enter.
      expect(await factsForm.getByLabel(/^Dag waarop de persoon in de gemeente is gehuisvest/).evaluate(HAS_FOCUS)).toBe(true);
      for (let presses = 0; presses < 6 && !(await permit.evaluate(HAS_FOCUS)); presses++) await page.keyboard.press('Tab');
      expect(await permit.evaluate(HAS_FOCUS)).toBe(true);
      const corrected = amsterdamToday(-90);
      const [year, month, day] = corrected.split('-');
      await page.keyboard.type(`${month}${day}${year}`);
      expect(await permit.inputValue()).toBe(corrected);
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'De correctie is opgeslagen' }).waitFor();

      // The correction as its event recorded it: what changed, and every dated moment it moved, on the page.
      const corrections = page.getByRole('table', { name: 'Correcties, nieuwste eerst' });
      await corrections.waitFor();
      const [event] = await pollUntil(
        () => wegwijs.dataSource.query("SELECT payload FROM trajectory_events WHERE stream_id = $1 AND type = 'facts.corrected'", [trajectoryId]),
        (rows: any[]) => rows.length > 0,
      );
      expect(event.payload.changes).toEqual({ permitGrantedDate: { from: amsterdamToday(-60), to: corrected } });
      expect(event.payload.moved.map((moved: any) => moved.what)).toEqual(expect.arrayContaining([expect.stringMatching(/^Inburgeringstermijn \(3 jaar\)/)]));
      const row = corrections.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^permitGrantedDate: / }) });
      await row.getByText('verkeerde datum overgenomen uit TVS').waitFor();
      for (const moved of event.payload.moved) await row.getByText(new RegExp(`^${moved.what.replace(/[()]/g, '\\$&')}: `)).waitFor();
      const after = (await request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: authHeaders(KLANTMANAGER) })).body.state;
      expect(after.clocks[0].deadline).toBe(`${Number(year) + 3}-${month}-${day}`);
      expect(await permit.inputValue()).toBe(corrected);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'trajectory-corrected');

      // Stop the term on DUO's exemption: without a legal basis refused at its field; with the keyboard, stopped.
      const stopForm = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Inburgeringstermijn (3 jaar) stoppen' }) });
      await stopForm.getByRole('button', { name: 'Stoppen' }).click();
      const legalBasis = stopForm.getByLabel('Wettelijke grondslag');
      await stopForm.locator('input[aria-invalid="true"]').waitFor();
      expect(await stopForm.locator('.utrecht-form-field__error-message').textContent()).toBe('Vul 3 tot 200 tekens in.');
      expect((await request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: authHeaders(KLANTMANAGER) })).body.state.clocks[0].status).toBe('running');
      expect(await legalBasis.evaluate(HAS_FOCUS)).toBe(true);
      await page.keyboard.type('Wi2021 art. 6, ontheffing DUO');
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'Inburgeringstermijn (3 jaar) is gestopt.' }).waitFor();
      const clockRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Inburgeringstermijn (3 jaar)' }) });
      await clockRow.getByRole('cell', { name: 'gestopt', exact: true }).waitFor();
      await clockRow.filter({ hasText: 'Wi2021 art. 6, ontheffing DUO' }).waitFor();
      // A stopped clock is changed no more: its forms are gone.
      await expect(page.getByRole('heading', { name: /^Inburgeringstermijn \(3 jaar\) (verlengen|stoppen)$/ }).count()).resolves.toBe(0);
      const stopped = (await request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: authHeaders(KLANTMANAGER) })).body.state;
      expect(stopped.clocks[0].changes.map((change: any) => [change.kind, change.milestone, change.legalBasis])).toEqual([
        ['started', undefined, undefined],
        ['stopped', 'inburgering.exemptionGranted', 'Wi2021 art. 6, ontheffing DUO'],
      ]);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'clock-stopped');
    } finally {
      await context.close();
    }
  }, LONG_FLOW_MS);

  it('lets a klantmanager complete tasks from Mijn taken with the keyboard, answering what a task asks', async () => {
    const trajectoryId = await startTrajectory();
    // Started without a TVS profile: the klantmanagers' team gets the call to COA, which stands for the warm handover.
    const coaCall = await openTask(trajectoryId, 'coa.callAboutTvsProfile');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await signIn(page, 'km-0392', 'Mijn caseload');
      await page.getByRole('link', { name: 'Mijn taken' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mijn taken' }).waitFor();
      const teamTable = page.getByRole('table', { name: /van het team$/ });
      const coaRow = teamTable.getByRole('row').filter({ hasText: coaCall.title }).filter({ has: page.getByRole('link', { name: trajectoryId }) });
      await coaRow.waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'tasks');

      // The keyboard goes to the form it opened; Tab to its button, Enter completes the task.
      await coaRow.getByRole('button', { name: `${coaCall.title} (${trajectoryId}) afronden` }).press('Enter');
      const coaForm = page.locator('form').filter({ has: page.getByRole('heading', { name: trajectoryId }) });
      const coaSubmit = coaForm.getByRole('button', { name: 'Afronden' });
      await coaSubmit.waitFor();
      for (let presses = 0; presses < 6 && !(await coaSubmit.evaluate(HAS_FOCUS)); presses++) await page.keyboard.press('Tab');
      expect(await coaSubmit.evaluate(HAS_FOCUS)).toBe(true);
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: `${coaCall.title} is afgerond.` }).waitFor();
      const handedOver = await request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: authHeaders(KLANTMANAGER) });
      expect(handedOver.body.state.milestonesDone.map((done: any) => done.milestone)).toContain('coa.warmHandoverDone');

      // The consent task stands for a milestone with a yes/no payload: the form asks it, the API refuses it unanswered.
      const consentTask = await openTask(trajectoryId, 'basis.askLanguageSchoolConsent');
      await page.getByRole('link', { name: 'Mijn caseload' }).click();
      await page.getByRole('link', { name: 'Mijn taken' }).click();
      const consentRow = teamTable.getByRole('row').filter({ hasText: consentTask.title }).filter({ has: page.getByRole('link', { name: trajectoryId }) });
      await consentRow.getByRole('button').click();
      const consentForm = page.locator('form').filter({ has: page.getByRole('heading', { name: trajectoryId }) });
      await consentForm.getByLabel('Datum waarop het gedaan is').fill(amsterdamToday());
      await consentForm.getByRole('button', { name: 'Afronden' }).click();
      const consentGroup = consentForm.getByRole('group', { name: 'Of de persoon toestemming gaf' });
      await consentGroup.locator('.utrecht-form-field__error-message').waitFor();
      expect(await consentGroup.locator('.utrecht-form-field__error-message').textContent()).toBe('Kies ja of nee.');
      expect(await consentForm.getByLabel('Datum waarop het gedaan is').inputValue()).toBe(amsterdamToday());
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'task-refused');
      const stillOpen = await request(apiUrl, 'GET', '/tasks/teams/klantmanagers', { headers: authHeaders(KLANTMANAGER) });
      expect(stillOpen.body.map((task: any) => task.taskId)).toContain(consentTask.taskId);

      await consentGroup.getByLabel('Ja').check();
      await consentForm.getByRole('button', { name: 'Afronden' }).click();
      await page.getByRole('status').filter({ hasText: `${consentTask.title} is afgerond.` }).waitFor();
      const recorded = await request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: authHeaders(KLANTMANAGER) });
      expect(recorded.body.state.milestonesDone).toEqual(expect.arrayContaining([expect.objectContaining({ milestone: 'basis.languageSchoolConsentRecorded', occurredOn: amsterdamToday() })]));
      const [completion] = await wegwijs.dataSource.query("SELECT payload FROM trajectory_events WHERE stream_id = $1 AND type = 'task.completed' AND payload->>'taskId' = $2", [
        trajectoryId,
        consentTask.taskId,
      ]);
      expect(completion.payload.outcome).toEqual({ consent: true });
      await expect(consentRow.count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
  });

  it('shows a supervisor the diagram with the position marked, and lets them change a legal clock, move the case and cancel it, refusals at the field', async () => {
    const trajectoryId = await startTrajectory();
    const coaCall = await openTask(trajectoryId, 'coa.callAboutTvsProfile');
    const supervisor = authHeaders({ role: 'supervisor', id: 'sv-0392' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      // From the klantmanagers' tasks (a supervisor chooses the team) to the trajectory.
      await signIn(page, 'sv-0392', 'Mijn caseload');
      await page.getByRole('link', { name: 'Mijn taken' }).click();
      await page.getByRole('group', { name: 'Team' }).getByLabel('klantmanagers').check();
      // The supervisor takes the call to COA over: passed on to the supervisors' team, to them.
      const coaRow = page.getByRole('row').filter({ hasText: coaCall.title }).filter({ has: page.getByRole('link', { name: trajectoryId }) });
      await coaRow.getByRole('button').click();
      const passOn = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Taak doorzetten' }) });
      await passOn.getByRole('group', { name: 'Team' }).getByLabel('supervisors').check();
      await passOn.getByLabel(/^Aan wie in het team/).fill('sv-0392');
      await passOn.getByRole('button', { name: 'Doorzetten' }).click();
      await page.getByRole('status').filter({ hasText: `${coaCall.title} is doorgezet.` }).waitFor();
      const supervisorsTasks = await request(apiUrl, 'GET', '/tasks/mine', { headers: supervisor });
      expect(supervisorsTasks.body).toEqual(expect.arrayContaining([expect.objectContaining({ taskId: coaCall.taskId, assignee: { team: 'supervisors', userId: 'sv-0392' } })]));
      const mineTable = page.getByRole('table', { name: /aan mij toegewezen/ });
      await mineTable.getByRole('link', { name: trajectoryId }).click();
      await page.getByRole('heading', { level: 1, name: `Traject ${trajectoryId}` }).waitFor();

      // The diagram: the steps it stands at highlighted, those it passed marked, and the same in text.
      const { state } = (await request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: supervisor })).body;
      const current: string[] = state.activeNodes.map((node: any) => node.nodeId);
      expect(current.length).toBeGreaterThan(0);
      const currentShapes = page.locator('.djs-element.wegwijs-current');
      await currentShapes.first().waitFor();
      expect((await currentShapes.evaluateAll((shapes) => shapes.map((shape) => shape.getAttribute('data-element-id')))).sort()).toEqual([...current].sort());
      const passed = state.visitedNodeIds.filter((nodeId: string) => !current.includes(nodeId));
      expect(passed).toContain('start');
      expect(await page.locator('.djs-element.wegwijs-visited[data-element-id="start"]').count()).toBe(1);
      const diagram = page.getByRole('img', { name: /Staat nu bij: .+\. Al doorlopen: .*Statushouder gehuisvest/ });
      expect(await diagram.count()).toBe(1);
      for (const node of state.activeNodes) if (node.name) expect(await page.locator('figcaption').textContent()).toContain(node.name);
      // Haarlem's programme is far wider than the page: the diagram opens on where the trajectory stands,
      // inside the visible canvas and larger than in the whole process, which a button shows. (Steps
      // too far apart to read together: the first of them.)
      const canvasBox = (await page.locator('.wegwijs-diagram__canvas').boundingBox())!;
      const currentBox = async () => (await page.locator(`.djs-element[data-element-id="${current[0]}"] .djs-visual > :first-child`).boundingBox())!;
      const focused = await currentBox();
      expect(focused.x).toBeGreaterThanOrEqual(canvasBox.x);
      expect(focused.y).toBeGreaterThanOrEqual(canvasBox.y);
      expect(focused.x + focused.width).toBeLessThanOrEqual(canvasBox.x + canvasBox.width);
      expect(focused.y + focused.height).toBeLessThanOrEqual(canvasBox.y + canvasBox.height);
      await page.getByRole('button', { name: 'Het hele proces' }).click();
      const whole = await currentBox();
      expect(focused.width / whole.width).toBeGreaterThan(1.5);
      await page.getByRole('button', { name: 'Waar het traject nu staat' }).press('Enter');
      expect((await currentBox()).width).toBeCloseTo(focused.width, 0);

      // Haarlem's inburgering term is extended (DUO's decision): a duration that is none is refused
      // at its field and stays; corrected with the keyboard, the deadline moves.
      const extendForm = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Inburgeringstermijn (3 jaar) verlengen' }) });
      await expect(page.getByRole('heading', { name: 'Inburgeringstermijn (3 jaar) opschorten' }).count()).resolves.toBe(0);
      const duration = extendForm.getByLabel('Verlenging');
      await duration.fill('zes maanden');
      await extendForm.getByLabel('Wettelijke grondslag').fill('Wi2021 art. 7 lid 2, besluit DUO');
      await extendForm.getByRole('button', { name: 'Verlengen' }).click();
      await extendForm.locator('input[aria-invalid="true"]').waitFor();
      const refusedDirectly = await request(apiUrl, 'POST', `/trajectories/${trajectoryId}/clocks/inburgeringstermijn/extend`, {
        headers: { ...supervisor, 'idempotency-key': `refused-${trajectoryId}` },
        body: { legalBasis: 'Wi2021 art. 7 lid 2, besluit DUO', duration: 'zes maanden' },
      });
      expect(refusedDirectly.status).toBe(422);
      const apiMessage = refusedDirectly.body.errors.find((error: any) => error.field === 'duration').message;
      expect(apiMessage).toMatch(/such as P6M$/);
      expect(await extendForm.locator('.utrecht-form-field__error-message').textContent()).toBe('Vul een duur in zoals P6M (P6M is zes maanden, P1Y een jaar).');
      expect(await duration.inputValue()).toBe('zes maanden');
      expect(await duration.evaluate(HAS_FOCUS)).toBe(true);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'clock-refused');
      await duration.selectText();
      await page.keyboard.type('P6M');
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'Inburgeringstermijn (3 jaar) is verlengd.' }).waitFor();
      const clockRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Inburgeringstermijn (3 jaar)' }) });
      await clockRow.filter({ hasText: 'Wi2021 art. 7 lid 2, besluit DUO' }).waitFor();
      const clocks = (await request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: supervisor })).body.state.clocks;
      expect(clocks[0].changes.filter((change: any) => change.kind !== 'started')).toEqual([expect.objectContaining({ kind: 'extended', legalBasis: 'Wi2021 art. 7 lid 2, besluit DUO' })]);
      expect(clocks[0].deadline).not.toBe(state.clocks[0].deadline);

      // Move the case: an id that is no pseudonymous id is refused at its field; then km-0392b takes it over.
      const moveForm = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Zaak overdragen' }) });
      await moveForm.getByLabel('Nieuwe klantmanager').fill('km 0392b');
      await moveForm.getByLabel('Reden').fill('caseload verdeeld');
      await moveForm.getByRole('button', { name: 'Overdragen' }).click();
      await moveForm.locator('input[aria-invalid="true"]').waitFor();
      expect(await moveForm.locator('.utrecht-form-field__error-message').textContent()).toBe('Vul een pseudonieme id in (letters, cijfers en _.@:-), geen naam.');
      expect(await moveForm.getByLabel('Reden').inputValue()).toBe('caseload verdeeld');
      await moveForm.getByLabel('Nieuwe klantmanager').fill('km-0392b');
      await moveForm.getByRole('button', { name: 'Overdragen' }).click();
      await page.getByRole('status').filter({ hasText: 'De zaak is overgedragen aan km-0392b.' }).waitFor();
      const moves = await wegwijs.dataSource.query("SELECT payload FROM trajectory_events WHERE stream_id = $1 AND type = 'trajectory.reassigned'", [trajectoryId]);
      expect(moves.map((row: any) => row.payload)).toEqual([{ klantmanagerId: 'km-0392b', reason: 'caseload verdeeld' }]);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'trajectory-changes');

      // Cancel: without a reason refused at the field; with one, the trajectory ends.
      const cancelForm = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Traject beëindigen' }) });
      await cancelForm.getByRole('button', { name: 'Traject beëindigen' }).click();
      await cancelForm.locator('input[aria-invalid="true"]').waitFor();
      expect(await cancelForm.getByLabel('Reden').getAttribute('aria-invalid')).toBe('true');
      expect((await request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: supervisor })).body.state.status).toBe('running');
      await cancelForm.getByLabel('Reden').fill('verhuisd naar andere gemeente');
      await cancelForm.getByRole('button', { name: 'Traject beëindigen' }).click();
      await page.getByRole('status').filter({ hasText: 'Het traject is beëindigd.' }).waitFor();
      const ended = await pollUntil(
        () => request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: supervisor }),
        (answer) => answer.body?.state?.status === 'cancelled',
      );
      expect(ended.body.state.status).toBe('cancelled');
    } finally {
      await context.close();
    }
  }, LONG_FLOW_MS);

  it('lets a klantmanager suspend and resume a legal clock where the definition allows it', async () => {
    const clockedKey = newDefinitionKey('web-clocks');
    await publishDefinition(apiUrl, clockedDefinitionYaml(clockedKey), authHeaders({ role: 'beleid', id: 'bl-0392' }));
    const trajectoryId = await startTrajectory(clockedKey, { housingDate: amsterdamToday(-30), permitGrantedDate: amsterdamToday(-20) });
    await pollUntil(
      () => request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: authHeaders(KLANTMANAGER) }),
      (answer) => answer.body?.state?.clocks?.[0]?.status === 'running',
    );
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await signIn(page, 'km-0392', 'Mijn caseload');
      await page.getByRole('link', { name: trajectoryId }).click();
      const suspendForm = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Inburgeringstermijn (3 jaar) opschorten' }) });
      await suspendForm.getByLabel('Wettelijke grondslag').fill('Wi2021 art. 7 lid 2');
      await suspendForm.getByRole('button', { name: 'Opschorten' }).click();
      await page.getByRole('status').filter({ hasText: 'Inburgeringstermijn (3 jaar) is opgeschort.' }).waitFor();
      const clockRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Inburgeringstermijn (3 jaar)' }) });
      await clockRow.getByRole('cell', { name: 'opgeschort', exact: true }).waitFor();

      const resumeForm = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Inburgeringstermijn (3 jaar) weer laten lopen' }) });
      await resumeForm.getByLabel('Wettelijke grondslag').fill('Wi2021 art. 7 lid 2, einde opschorting');
      await resumeForm.getByRole('button', { name: 'Laten doorlopen' }).click();
      await page.getByRole('status').filter({ hasText: 'Inburgeringstermijn (3 jaar) loopt weer.' }).waitFor();
      await clockRow.getByRole('cell', { name: 'loopt', exact: true }).waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      const clocks = (await request(apiUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: authHeaders(KLANTMANAGER) })).body.state.clocks;
      expect(clocks[0].changes.map((change: any) => [change.kind, change.legalBasis])).toEqual([
        ['started', undefined],
        ['suspended', 'Wi2021 art. 7 lid 2'],
        ['resumed', 'Wi2021 art. 7 lid 2, einde opschorting'],
      ]);
    } finally {
      await context.close();
    }
  });
});

/** How many person records this klantmanager has registered. */
async function peopleRegisteredBy(klantmanagerId: string): Promise<number> {
  const [{ count }] = await wegwijs.dataSource.query('SELECT count(*)::int AS count FROM person_records WHERE registered_by = $1', [klantmanagerId]);
  return count;
}

/** The open task of this kind for the trajectory, once its activity has opened it (the team's list, as the klantmanager sees it). */
async function openTask(trajectoryId: string, kind: string): Promise<{ taskId: string; title: string }> {
  const list = await pollUntil(
    () => request(apiUrl, 'GET', '/tasks/teams/klantmanagers', { headers: authHeaders(KLANTMANAGER) }),
    (answer) => Array.isArray(answer.body) && answer.body.some((task: any) => task.trajectoryId === trajectoryId && task.kind === kind),
  );
  return list.body.find((task: any) => task.trajectoryId === trajectoryId && task.kind === kind);
}

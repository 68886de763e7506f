/**
 * Beleid's progress report in headless Chromium against the real stack, on a cohort whose figures
 * are known (test/support/report-cohort.ts, recorded through the API in Zandvoort, GM0363): the
 * tables shaped like the 2019 report's with `<5` for small counts, a chart per table that the
 * keyboard can walk, the cohort table, what Wegwijs does not know, a refused period said in Dutch
 * at its field while the report shown stays, and the CSV download. axe finds nothing.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { authHeaders, pollUntil, request } from '../support/http';
import { recordReportCohort, REPORT_COHORT } from '../support/report-cohort';
import { accessibilityViolations, apiUrl, HAS_FOCUS, screenshotsTo, signIn } from '../support/web-app';

const screenshot = screenshotsTo('docs/app');
const MUNICIPALITY = 'GM0363';
const KLANTMANAGER = authHeaders({ role: 'klantmanager', id: 'km-0363', municipalities: [MUNICIPALITY] });
const BELEID = authHeaders({ role: 'beleid', id: 'bl-0363', municipalities: [MUNICIPALITY] });
const { from, to } = REPORT_COHORT.period;

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  await recordReportCohort(apiUrl, MUNICIPALITY, KLANTMANAGER, BELEID);
  // The report reads the event store; the last trajectories' clocks may still be starting.
  await pollUntil(
    () => request(apiUrl, 'GET', `/reports/progress?from=${from}&to=${to}`, { headers: BELEID }),
    (answer) => answer.body?.sections?.find((section: { id: string }) => section.id === 'inburgering')?.rows?.[0]?.total === REPORT_COHORT.withinTerm,
  );
});

afterAll(async () => {
  await browser?.close();
});

const rowOf = (page: Page, label: string): Locator => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
const cellsOf = async (row: Locator): Promise<string[]> => (await row.getByRole('cell').allTextContents()).map((text) => text.trim());

describe('the progress report page', () => {
  it('shows beleid the figures as tables and charts, `<5` for small counts, the cohorts, and what Wegwijs does not know', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await signIn(page, 'bl-0363', 'Voortgangsrapportage');
      await page.getByLabel('Van', { exact: true }).fill(from);
      await page.getByLabel('Tot en met (peildatum)').fill(to);
      await page.getByRole('button', { name: 'Toon rapportage' }).click();

      // The tables: a column for Zandvoort and the total, as the 2019 report's.
      const noa = rowOf(page, 'NOA-assessment afgelegd');
      await noa.filter({ hasText: String(REPORT_COHORT.noaAssessments) }).waitFor();
      expect(await cellsOf(noa)).toEqual([String(REPORT_COHORT.noaAssessments), String(REPORT_COHORT.noaAssessments)]);
      expect(await cellsOf(rowOf(page, 'Binnen termijn, niet gewaarschuwd'))).toEqual([String(REPORT_COHORT.withinTerm), String(REPORT_COHORT.withinTerm)]);
      expect(await cellsOf(rowOf(page, 'Termijn verstreken'))).toEqual(['<5', '<5']);
      expect(await cellsOf(rowOf(page, 'Betaald werk'))).toEqual(['0', '0']);
      const aanDeSlag = page.getByRole('table', { name: "§8 Resultaten project 'Aan de slag'" });
      expect(await aanDeSlag.getByRole('columnheader').allTextContents()).toEqual(['Onderdeel', MUNICIPALITY, 'Totaal']);

      // A chart per table, named, with the same figures written at the bars; `<5` where the table says so.
      const charts = page.getByRole('application');
      await charts.first().waitFor();
      expect(await charts.count()).toBe(5);
      const intakeChart = page.getByRole('application', { name: 'Grafiek: §5 Brede intake en financieel ontzorgen' });
      expect(await intakeChart.locator('.recharts-label-list text').allTextContents()).toEqual([String(REPORT_COHORT.noaAssessments), '0']);
      const inburgeringChart = page.getByRole('application', { name: 'Grafiek: §9 Inburgering op peildatum' });
      expect(await inburgeringChart.locator('.recharts-label-list text').allTextContents()).toEqual([String(REPORT_COHORT.withinTerm), '0', '<5', '0', '0']);
      // Its table is its text alternative.
      expect(await page.locator('figure', { has: intakeChart }).getAttribute('aria-describedby')).toBe('table-bredeIntake');

      // With the keyboard: the chart takes the focus and the arrow keys walk its figures.
      await intakeChart.focus();
      expect(await intakeChart.evaluate(HAS_FOCUS)).toBe(true);
      await page.keyboard.press('ArrowRight');
      const tooltip = page.locator('.recharts-tooltip-wrapper', { hasText: 'NOA-assessment afgelegd' });
      await tooltip.waitFor();
      expect(await tooltip.textContent()).toContain(`${MUNICIPALITY} : ${REPORT_COHORT.noaAssessments}`);

      // The cohort table: housed in the first quarter of 2017, NOA assessment reached by six, after 35 days (median).
      const cohort = rowOf(page, '2017-Q1');
      expect((await cellsOf(cohort)).slice(0, 3)).toEqual([String(REPORT_COHORT.housed), String(REPORT_COHORT.noaAssessments), String(REPORT_COHORT.medianDaysToNoa)]);
      await page.getByRole('heading', { level: 2, name: 'Wat de rapportage van 2019 ook noemt, maar Wegwijs niet weet' }).waitFor();
      await page.keyboard.press('Escape');
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'report-tables-charts');
    } finally {
      await context.close();
    }
  });

  it('says a refused period in Dutch at its field, keeps what was typed and the report shown, and downloads the shown report as CSV', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await signIn(page, 'bl-0363', 'Voortgangsrapportage');
      const fromField = page.getByLabel('Van', { exact: true });
      await fromField.fill(from);
      await page.getByLabel('Tot en met (peildatum)').fill(to);
      await page.getByRole('button', { name: 'Toon rapportage' }).click();
      const noa = rowOf(page, 'NOA-assessment afgelegd');
      await noa.filter({ hasText: String(REPORT_COHORT.noaAssessments) }).waitFor();

      // From after to: the API's `from must not be after to`, in Dutch at the field; the 2017 report stays.
      await fromField.fill('2018-06-01');
      await page.getByRole('button', { name: 'Toon rapportage' }).click();
      await page.locator('#report-from-error').waitFor();
      expect(await page.locator('#report-from-error').textContent()).toBe('Mag niet na de einddatum liggen.');
      expect(await fromField.inputValue()).toBe('2018-06-01');
      expect(await fromField.evaluate(HAS_FOCUS)).toBe(true);
      expect(await cellsOf(noa)).toEqual([String(REPORT_COHORT.noaAssessments), String(REPORT_COHORT.noaAssessments)]);

      // A municipality not theirs: the API's 403, said at the municipality field.
      await fromField.fill(from);
      const municipalityField = page.getByLabel("Gemeenten (CBS-codes, met komma's)");
      await municipalityField.fill('GM0392');
      await page.getByRole('button', { name: 'Toon rapportage' }).click();
      await page.locator('#report-municipality-error').waitFor();
      expect(await page.locator('#report-municipality-error').textContent()).toBe('Deze gemeente is niet een van de uwe.');
      expect(await page.locator('#report-from-error').count()).toBe(0);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'report-refused');

      // The download is the report shown (2017, Zandvoort), exactly as the API makes it.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download als CSV' }).click()]);
      const csv = await readFile((await download.path())!, 'utf8');
      const fromApi = await fetch(`${apiUrl}/reports/progress?from=${from}&to=${to}&municipality=${MUNICIPALITY}&format=csv`, { headers: BELEID });
      expect(csv).toBe(await fromApi.text());
      expect(download.suggestedFilename()).toBe(`voortgang-${MUNICIPALITY}-${from}-${to}.csv`);
      const lines = csv.split('\r\n');
      expect(lines).toContain(`§5,Brede intake en financieel ontzorgen,noaAssessments,NOA-assessment afgelegd,${REPORT_COHORT.noaAssessments},${REPORT_COHORT.noaAssessments}`);
      expect(lines).toContain('§9,Inburgering op peildatum,inburgering.deadlinePassed,Termijn verstreken,<5,<5');
    } finally {
      await context.close();
    }
  });
});

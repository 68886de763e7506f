/**
 * A supervisor in the Temporal Web UI, in headless Chromium, against the real stack of the tests
 * (dev server with its Web UI, API, worker, PostgreSQL): filters the stuck trajectories, narrows
 * them to one municipality, signs in to the codec with a one-time link, and opens a stuck
 * trajectory to read its input decrypted — the Web UI fetching /codec/decode from the browser
 * with the session cookie. The trajectories are stuck for real: fetchTvsProfile keeps failing
 * (see test/support/stuck-trajectories.ts).
 *
 * Each step leaves a screenshot; with WEGWIJS_RECORD_SCREENSHOTS=1 they are written to
 * docs/runbook/, the supervisor's runbook shows them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { accessToken, authHeaders, pollUntil, request } from '../support/http';
import { startStuckTrajectory } from '../support/stuck-trajectories';
import { workflowIdsMatching } from '../support/visibility';

const apiUrl = process.env.WEGWIJS_API_URL ?? '';
const webUiUrl = `http://127.0.0.1:${process.env.TEMPORAL_UI_PORT}`;
const screenshots = process.env.WEGWIJS_RECORD_SCREENSHOTS === '1' ? join(__dirname, '../../docs/runbook') : mkdtempSync(join(tmpdir(), 'wegwijs-runbook-'));

const HAARLEM = 'GM0392';
const ZANDVOORT = 'GM0473';
const STUCK = 'WegwijsStuck = true';
const STUCK_IN_HAARLEM = `WegwijsStuck = true AND WegwijsMunicipality = "${HAARLEM}"`;

let temporal: Client;
let browser: Browser;

beforeAll(async () => {
  temporal = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS }) });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await temporal?.connection.close();
});

function idsMatching(query: string): Promise<string[]> {
  return workflowIdsMatching(temporal, query);
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshots, `${name}.png`) });
}

/** Types a list filter into the Web UI's query box, as a supervisor does, and waits for the list. */
async function filterList(page: Page, query: string): Promise<void> {
  const box = page.getByTestId('manual-search-input');
  if (!(await box.isVisible())) await page.getByTestId('toggle-manual-query').click();
  await box.fill(query);
  await box.press('Enter');
  await page.waitForURL((url) => url.searchParams.get('query') === query);
}

function rowLink(page: Page, trajectoryId: string) {
  return page.getByRole('link', { name: trajectoryId, exact: true });
}

describe('a supervisor in the Temporal Web UI', () => {
  it('filters the stuck trajectories, narrows them to one municipality, and reads one’s input decrypted', async () => {
    const haarlem = await startStuckTrajectory(apiUrl, HAARLEM);
    const zandvoort = await startStuckTrajectory(apiUrl, ZANDVOORT);
    for (const { trajectoryId } of [haarlem, zandvoort]) {
      expect(await pollUntil(() => idsMatching(STUCK), (ids) => ids.includes(trajectoryId))).toContain(trajectoryId);
    }
    // The API's view of the same stall, for the supervisor.
    const view = await request(apiUrl, 'GET', `/trajectories/${haarlem.trajectoryId}`, { headers: authHeaders({ role: 'supervisor', id: 'sv-0001' }) });
    expect(view.body.state.technicalStalls).toEqual([
      expect.objectContaining({ activityType: 'fetchTvsProfile', nodeId: 'fetchTvsProfile', errorClass: 'TvsSourceUnavailableError' }),
    ]);

    const page = await browser.newPage({ viewport: { width: 1440, height: 720 } });
    try {
      await page.goto(`${webUiUrl}/namespaces/default/workflows`);
      await page.getByTestId('workflow-count').waitFor();

      // The columns a supervisor wants: where, and why it is stuck.
      await page.getByTestId('workflows-summary-table-configuration-button').click();
      for (const column of ['Run ID', 'Type', 'Start', 'End']) await page.getByRole('button', { name: `Remove ${column} column` }).click();
      for (const column of ['WegwijsMunicipality', 'WegwijsStuckReason']) await page.getByRole('button', { name: `Add ${column} column` }).click();
      await page.getByRole('button', { name: 'Close Workflows Table configuration' }).click();
      await page.getByRole('button', { name: 'Collapse saved views' }).click();

      await filterList(page, STUCK);
      await rowLink(page, haarlem.trajectoryId).waitFor();
      await rowLink(page, zandvoort.trajectoryId).waitFor();
      await page.getByText(`activity fetchTvsProfile failing since`).first().waitFor();
      await screenshot(page, '01-stuck-trajectories');

      await filterList(page, STUCK_IN_HAARLEM);
      await rowLink(page, haarlem.trajectoryId).waitFor();
      await rowLink(page, zandvoort.trajectoryId).waitFor({ state: 'detached' });
      await screenshot(page, '02-stuck-in-one-municipality');

      // Without a codec session the input stays ciphertext.
      await rowLink(page, haarlem.trajectoryId).click();
      await page.getByText('encryption-key-id').first().waitFor();
      expect(await page.content()).not.toContain('caseReference');

      // The one-time link `wegwijs tokens issue --codec-session` prints; its page opens the Web UI.
      await page.goto(`${apiUrl}/codec-session#token=${accessToken({ role: 'supervisor', id: 'sv-0001' })}`);
      await page.waitForURL((url) => url.origin === webUiUrl);
      // Once per browser: send the codec requests with the session cookie.
      await page.getByTestId('data-encoder-status-configured').click();
      await page.getByRole('button', { name: /^Use Cluster-level setting/ }).click();
      await page.getByText('Use my browser setting and ignore Cluster-level setting.').first().click();
      await page.getByRole('button', { name: /^Use my browser setting/ }).click();
      await page.getByPlaceholder('Paste your endpoint here').fill(`${apiUrl}/codec`);
      await page.getByTestId('data-encoder-include-credentials').click();
      await screenshot(page, '03-codec-settings');
      await page.getByTestId('confirm-data-encoder-button').click();

      await page.goto(`${webUiUrl}/namespaces/default/workflows?query=${encodeURIComponent(STUCK_IN_HAARLEM)}`);
      await rowLink(page, haarlem.trajectoryId).click();
      await page.getByText(`"caseReference": "${haarlem.caseReference}"`).first().waitFor();
      await screenshot(page, '04-decrypted-input');
    } catch (error) {
      await screenshot(page, 'failed');
      throw new Error(`${(error as Error).message}\n(screenshot: ${join(screenshots, 'failed.png')})`);
    } finally {
      await page.close();
    }
  }, 120_000);
});

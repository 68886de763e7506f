/**
 * What the browser tests of the web app share: where the app is, signing in through the
 * development identity provider, axe's WCAG 2.1 AA check, screenshots, and today as the API dates
 * business days.
 *
 *   const screenshot = screenshotsTo('docs/app');   // written there with WEGWIJS_RECORD_SCREENSHOTS=1
 *   await signIn(page, 'sv-0392', 'Mijn caseload');
 *   expect(await accessibilityViolations(page)).toEqual([]);
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export const apiUrl = process.env.WEGWIJS_API_URL ?? '';
export const appUrl = `${apiUrl}/app/`;

/** Run in the page: whether the element has the focus. */
export const HAS_FOCUS = (element: { ownerDocument: { activeElement: unknown } }) => element === element.ownerDocument.activeElement;

/**
 * Takes full-page screenshots into `recordedDirectory` (from the repository root) when
 * WEGWIJS_RECORD_SCREENSHOTS=1, else into a temporary directory (each page still renders for one).
 */
export function screenshotsTo(recordedDirectory: string): (page: Page, name: string) => Promise<void> {
  const directory = process.env.WEGWIJS_RECORD_SCREENSHOTS === '1' ? join(__dirname, '../..', recordedDirectory) : mkdtempSync(join(tmpdir(), 'wegwijs-app-'));
  return async (page, name) => {
    await page.screenshot({ path: join(directory, `${name}.png`), fullPage: true });
  };
}

/** WCAG 2.0/2.1 A and AA rules: the legal bar for Dutch government software. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page: page as never }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** Today in the Netherlands, as the API dates business days. */
export function amsterdamToday(offsetDays = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date(Date.now() + offsetDays * 86_400_000));
}

/** Signs in through the development identity provider as the user with this id, and waits for the home page. */
export async function signIn(page: Page, userId: string, home: string): Promise<void> {
  await page.goto(appUrl);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.waitForURL(/\/oidc\/interaction\//);
  await page.getByLabel(new RegExp(`— ${userId}$`)).check();
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.getByRole('heading', { level: 1, name: home }).waitFor();
}

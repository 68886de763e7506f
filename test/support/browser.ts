/**
 * Headless Chromium for browser tests: Debian's `chromium` (CI installs it, see .ci/run), driven
 * by playwright-core, which downloads no browser of its own.
 *
 *   const browser = await launchChromium();
 *   const page = await browser.newPage();
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where Debian puts it; CHROMIUM_PATH names another. */
const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
  if (!existsSync(executablePath)) {
    throw new Error(`No Chromium at ${executablePath}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  // No sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'] });
}

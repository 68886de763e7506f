/**
 * The web app's figures, measured rather than asserted: the gzip size of its first load (the
 * production build's HTML, script and style), and the time until *Mijn caseload* shows a
 * klantmanager's whole caseload in headless Chromium, from the start of the page that completes
 * sign-in to the last row on screen.
 *
 * Against a running `npm start` (the development identity provider's klantmanager km-0392):
 *
 *   npm run bench:web -- --size 300
 *
 *   npm run bench:web -- --size-only      # the bundle sizes alone, from the build
 *
 * Tops the caseload up to --size trajectories first (walking-skeleton, started through the API
 * with a development token); reports the median of --runs sign-ins.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Command } from 'commander';
import { loadConfiguration } from '@wegwijs/config';
import { browserHost, developmentIssuer, ensureDevelopmentSigningKey, issueDevelopmentToken, WEB_APP_DIST, WORKSPACE_ROOT } from '@wegwijs/devstack';
import pLimit from 'p-limit';
import { chromium } from 'playwright-core';

const KLANTMANAGER = { role: 'klantmanager', id: 'km-0392', municipalities: ['GM0392'] } as const;

/**
 * What the browser fetches before the app runs: index.html and the scripts, module preloads and
 * styles it links; chunks the app imports later (the diagram, the report's charts, English) are
 * counted apart, as loaded on demand.
 */
async function bundleGzipBytes(): Promise<{ firstLoad: Record<string, number>; onDemand: Record<string, number> }> {
  const html = await readFile(join(WEB_APP_DIST, 'index.html'), 'utf8');
  const linked = new Set([...html.matchAll(/(?:src|href)="\/app\/assets\/([^"]+)"/g)].map((match) => match[1]));
  const firstLoad: Record<string, number> = { 'index.html': gzipSync(html).length };
  const onDemand: Record<string, number> = {};
  for (const file of await readdir(join(WEB_APP_DIST, 'assets'))) {
    (linked.has(file) ? firstLoad : onDemand)[file] = gzipSync(await readFile(join(WEB_APP_DIST, 'assets', file))).length;
  }
  return { firstLoad, onDemand };
}

async function caseloadSize(apiUrl: string, authorization: string): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = (await (await fetch(`${apiUrl}/trajectories?status=running&limit=200${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization } })).json()) as {
      items: unknown[];
      nextCursor: string | null;
    };
    count += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return count;
}

async function topUpCaseload(apiUrl: string, authorization: string, size: number): Promise<void> {
  const missing = size - (await caseloadSize(apiUrl, authorization));
  if (missing <= 0) return;
  process.stdout.write(`starting ${missing} trajectories for ${KLANTMANAGER.id}…\n`);
  const limit = pLimit(8);
  const stamp = Date.now().toString(36).toUpperCase();
  await Promise.all(
    Array.from({ length: missing }, (_, index) =>
      limit(async () => {
        const response = await fetch(`${apiUrl}/trajectories`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify({ municipality: 'GM0392', caseReference: `BENCH-${stamp}-${index}`, definitionKey: 'walking-skeleton', facts: { housingDate: '2026-11-02' } }),
        });
        if (response.status !== 201) throw new Error(`start ${index}: ${response.status} ${await response.text()}`);
      }),
    ),
  );
  // The list is a read model, a little behind.
  while ((await caseloadSize(apiUrl, authorization)) < size) await new Promise((resolveLater) => setTimeout(resolveLater, 500));
}

async function timeToCaseload(appUrl: string, rows: number): Promise<number> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage();
    await page.goto(appUrl);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByLabel(new RegExp(`— ${KLANTMANAGER.id}$`)).check();
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    // Milliseconds since the start of the document that completes sign-in and shows the caseload.
    // A function, not a string: the app's Content-Security-Policy forbids eval.
    const handle = await page.waitForFunction(
      (expected: number) => {
        const { document } = globalThis as unknown as { document: { querySelectorAll(selector: string): { length: number } } };
        return document.querySelectorAll('tbody tr').length >= expected ? performance.now() : false;
      },
      rows,
      { timeout: 60_000 },
    );
    return (await handle.jsonValue()) as number;
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const options = new Command()
    .option('--size <n>', 'trajectories in the caseload', '300')
    .option('--runs <n>', 'sign-ins to time', '5')
    .option('--size-only', 'report the bundle sizes only (no running Wegwijs needed)')
    .parse()
    .opts<{ size: string; runs: string; sizeOnly?: boolean }>();
  const { firstLoad, onDemand } = await bundleGzipBytes();
  const kilobytes = (sizes: Record<string, number>) => Object.entries(sizes).map(([file, bytes]) => `${file} ${(bytes / 1024).toFixed(1)} kB`).join(', ');
  const total = Object.values(firstLoad).reduce((sum, bytes) => sum + bytes, 0);
  process.stdout.write(`first load, gzip: ${(total / 1024).toFixed(1)} kB (${kilobytes(firstLoad)})\n`);
  process.stdout.write(`loaded on demand, gzip: ${kilobytes(onDemand)}\n`);
  if (options.sizeOnly) return;
  const config = loadConfiguration(process.env);
  const apiUrl = `http://${browserHost(config.api.host)}:${config.api.port}`;
  const key = await ensureDevelopmentSigningKey(resolve(WORKSPACE_ROOT, config.dataDir));
  const authorization = `Bearer ${await issueDevelopmentToken(key, { ...KLANTMANAGER, issuer: config.authentication.issuer ?? developmentIssuer(config.api) })}`;


  const size = Number(options.size);
  await topUpCaseload(apiUrl, authorization, size);
  const rows = await caseloadSize(apiUrl, authorization);
  const times: number[] = [];
  for (let run = 0; run < Number(options.runs); run++) times.push(await timeToCaseload(`${apiUrl}/app/`, rows));
  times.sort((a, b) => a - b);
  process.stdout.write(`caseload of ${rows} on screen after sign-in: median ${Math.round(times[Math.floor(times.length / 2)])} ms (runs: ${times.map(Math.round).join(', ')} ms)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

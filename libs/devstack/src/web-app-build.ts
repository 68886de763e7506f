/**
 * The web app's production build (`vite build` of apps/web into apps/web/dist), made by `npm
 * start` and `npm test` when it is missing or older than any of its sources, so that neither a
 * fresh clone nor a changed page needs a build step of its own. The bundle is never committed.
 *
 *   await ensureWebAppBuilt({ onProgress: (line) => console.log(line) });
 */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './wegwijs-processes';

export const WEB_APP_ROOT = join(WORKSPACE_ROOT, 'apps/web');
export const WEB_APP_DIST = join(WEB_APP_ROOT, 'dist');

/** Thrown when `vite build` fails; its output was passed to `onProgress`. */
export class WebAppBuildFailedError extends Error {
  constructor(readonly exitCode: number | null) {
    super(`vite build of apps/web failed (exit code ${exitCode}); its output is above`);
    this.name = 'WebAppBuildFailedError';
  }
}

/** Builds the app unless dist/index.html is newer than every source; says which it did. */
export async function ensureWebAppBuilt(options: { readonly onProgress: (line: string) => void }): Promise<'built' | 'up to date'> {
  const builtAt = await modifiedAt(join(WEB_APP_DIST, 'index.html'));
  const sources = [join(WEB_APP_ROOT, 'src'), join(WEB_APP_ROOT, 'index.html'), join(WEB_APP_ROOT, 'vite.config.mts'), join(WORKSPACE_ROOT, 'package-lock.json')];
  const newestSource = Math.max(...(await Promise.all(sources.map(newestModification))));
  if (builtAt !== undefined && builtAt >= newestSource) return 'up to date';
  options.onProgress('building the web app (vite build)…');
  const exitCode = await new Promise<number | null>((resolveExit, reject) => {
    const child = spawn(process.execPath, [join(WORKSPACE_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(WEB_APP_ROOT, 'vite.config.mts')], {
      cwd: WEB_APP_ROOT,
      // A production build whatever runs it (Jest sets NODE_ENV=test, which would give React's development build).
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => chunk.split('\n').filter(Boolean).forEach((line) => options.onProgress(line)));
    }
    child.once('error', reject);
    child.once('exit', resolveExit);
  });
  if (exitCode !== 0) throw new WebAppBuildFailedError(exitCode);
  return 'built';
}

async function modifiedAt(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The newest modification time of a file, or of any file under a folder. */
async function newestModification(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path, { withFileTypes: true, recursive: true });
  const times = await Promise.all(entries.filter((entry) => entry.isFile()).map(async (entry) => (await stat(join(entry.parentPath, entry.name))).mtimeMs));
  return Math.max(info.mtimeMs, ...times);
}

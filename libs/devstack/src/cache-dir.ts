import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where downloaded or built developer tools are kept between runs (the Temporal CLI, the
 * time-skipping test server). Outside the work tree so that a fresh clone on the same machine
 * reuses them and nothing binary is ever committed.
 */
export function defaultToolCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.WEGWIJS_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'wegwijs');
}

/**
 * Starts Wegwijs's own processes (API, worker) from the TypeScript sources, the same way for
 * `npm start` and for the end-to-end tests, so both run exactly what a deployment runs.
 */
import { join, resolve } from 'node:path';
import { SupervisedProcess } from './supervised-process';

export const WORKSPACE_ROOT = resolve(__dirname, '../../..');

export type WegwijsProcessName = 'api' | 'worker';

export interface WegwijsProcessOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly output: (line: string) => void;
  readonly onUnexpectedExit: (code: number | null, signal: NodeJS.Signals | null) => void;
}

export function startWegwijsProcess(name: WegwijsProcessName, options: WegwijsProcessOptions): SupervisedProcess {
  return new SupervisedProcess({
    name,
    command: process.execPath,
    args: ['-r', '@swc-node/register', join(WORKSPACE_ROOT, `apps/${name}/src/main.ts`)],
    env: options.env,
    cwd: WORKSPACE_ROOT,
    output: options.output,
    onUnexpectedExit: options.onUnexpectedExit,
  });
}

/** Thrown when the API's health endpoint does not answer 200 within the start-up window. */
export class WegwijsNotHealthyError extends Error {
  constructor(
    readonly healthUrl: string,
    readonly waitedMs: number,
  ) {
    super(`${healthUrl} did not report healthy within ${Math.round(waitedMs / 1000)} s`);
    this.name = 'WegwijsNotHealthyError';
  }
}

/**
 * Polls the API's health endpoint until it answers 200. `shouldGiveUp` ends the wait early (a
 * process died); `onWaiting` hears every 10 s how long it has been.
 */
export async function waitUntilHealthy(
  healthUrl: string,
  options: { timeoutMs: number; shouldGiveUp?: () => boolean; onWaiting?: (waitedMs: number) => void },
): Promise<void> {
  const startedAt = Date.now();
  let lastReport = startedAt;
  while (!options.shouldGiveUp?.()) {
    try {
      if ((await fetch(healthUrl)).ok) return;
    } catch {
      // not listening yet
    }
    const waited = Date.now() - startedAt;
    if (waited > options.timeoutMs) throw new WegwijsNotHealthyError(healthUrl, waited);
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      options.onWaiting?.(waited);
    }
    await new Promise((resolveLater) => setTimeout(resolveLater, 250));
  }
}

/**
 * Jest runs globalSetup and globalTeardown in the same process, so what setup started is kept
 * here for teardown to stop, last started first.
 */
type Teardown = () => Promise<unknown>;

const registry = globalThis as typeof globalThis & { __wegwijsTeardowns?: Teardown[] };

export function registerTeardown(teardown: Teardown): void {
  (registry.__wegwijsTeardowns ??= []).push(teardown);
}

export async function runTeardowns(): Promise<void> {
  const teardowns = registry.__wegwijsTeardowns ?? [];
  registry.__wegwijsTeardowns = [];
  for (const teardown of teardowns.reverse()) await teardown();
}

/**
 * Bundles the workflow code once, at build time (`npm run build:workflows`), into
 * dist/workflows/trajectory-workflows.js: production workers (NODE_ENV=production) load it with
 * `workflowBundle: { codePath }` instead of running webpack at every start, so a release runs
 * exactly the code that was built and replay-checked. dist/ is never committed.
 *
 *   npm run build:workflows                      # dist/workflows/trajectory-workflows.js
 *   npm run build:workflows -- /opt/wegwijs/workflows.js
 */
import { resolve } from 'node:path';
import { buildTrajectoryWorkflowBundle } from '@wegwijs/temporal';

async function main(): Promise<void> {
  const target = process.argv[2];
  const { path, bytes } = await buildTrajectoryWorkflowBundle(target ? resolve(target) : undefined);
  process.stdout.write(`workflow bundle: ${path} (${(bytes / 1024).toFixed(0)} kB)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});

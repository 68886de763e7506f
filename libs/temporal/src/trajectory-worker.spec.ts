import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trajectoryWorkflowCode, WorkflowBundleMissingError } from './trajectory-worker';

describe('the workflow code a worker process runs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wegwijs-bundle-'));

  it('is the prebuilt bundle WORKFLOW_BUNDLE_PATH names, loaded from its path', async () => {
    const path = join(dir, 'trajectory-workflows.js');
    writeFileSync(path, '// a bundle');
    await expect(trajectoryWorkflowCode({ bundlePath: path, production: false })).resolves.toEqual({ codePath: path });
  });

  it('refuses to start in production without a prebuilt bundle, saying how to make one', async () => {
    const missing = join(dir, 'missing.js');
    const error = await trajectoryWorkflowCode({ bundlePath: missing, production: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkflowBundleMissingError);
    expect((error as Error).message).toContain('npm run build:workflows');
    expect((error as WorkflowBundleMissingError).path).toBe(missing);
  });
});

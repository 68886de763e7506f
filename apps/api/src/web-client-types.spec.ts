/**
 * The web app's API client is typed from docs/openapi.json (`npm run web:api-types` writes
 * apps/web/src/api/schema.d.ts). When the API's description changes, the committed types must be
 * generated again, or the app would be checked against an API that no longer exists.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '../../..');

it('the web app’s generated client types are those of docs/openapi.json', async () => {
  // openapi-typescript's own command (its library needs ES modules, which Jest cannot load).
  const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), 'docs/openapi.json'], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  const committed = await readFile(join(ROOT, 'apps/web/src/api/schema.d.ts'), 'utf8');
  expect(committed).toBe(stdout);
});

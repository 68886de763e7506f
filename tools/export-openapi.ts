/**
 * Writes the API's OpenAPI description to docs/openapi.json (`npm run openapi`). Commit the
 * result with the change that caused it; test/e2e/openapi.test.ts fails while they differ.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfiguration } from '@wegwijs/config';
import { describeApi } from '../apps/api/src/app.factory';
import { loadRepositoryDefinitions } from '../apps/api/src/definitions/repository-definitions';

async function main(): Promise<void> {
  const document = await describeApi({ config: loadConfiguration({}), definitions: await loadRepositoryDefinitions() });
  writeFileSync(join(__dirname, '../docs/openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`docs/openapi.json: ${Object.keys(document.paths).length} paths\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});

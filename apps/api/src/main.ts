/**
 * The Wegwijs API process.
 *
 *   DATABASE_URL=postgres://… TEMPORAL_ADDRESS=temporal:7233 node -r @swc-node/register apps/api/src/main.ts
 */
import { Logger } from '@nestjs/common';
import { loadConfiguration } from '@wegwijs/config';
import { createApiApplication } from './app.factory';
import { loadRepositoryDefinitions } from './definitions/repository-definitions';

async function main(): Promise<void> {
  const config = loadConfiguration(process.env);
  const app = await createApiApplication({ config, definitions: await loadRepositoryDefinitions() });
  await app.listen(config.api.port, config.api.host);
  new Logger('api').log(`listening on http://${config.api.host}:${config.api.port}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`api failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

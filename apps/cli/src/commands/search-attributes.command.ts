/**
 * `wegwijs search-attributes`: prints the Temporal CLI command that registers Wegwijs's search
 * attributes on a cluster (the dev server of `npm start` registers them itself). The Temporal CLI
 * reads TEMPORAL_ADDRESS, TEMPORAL_TLS_* and TEMPORAL_API_KEY from the environment.
 *
 *   npm run -s wegwijs -- search-attributes | sh
 */
import { Command } from 'commander';
import { loadConfiguration } from '@wegwijs/config';
import { searchAttributeCreateCommand } from '@wegwijs/domain';

export function buildSearchAttributesCommand(): Command {
  return new Command('search-attributes')
    .description("print the command that registers Wegwijs's search attributes on a Temporal cluster (TEMPORAL_NAMESPACE)")
    .action(() => {
      process.stdout.write(`${searchAttributeCreateCommand(loadConfiguration(process.env).temporal.namespace)}\n`);
    });
}

/**
 * `wegwijs search-attributes`: prints the Temporal CLI commands that register Wegwijs's search
 * attributes on a cluster, one per namespace it serves (TEMPORAL_NAMESPACE and those of
 * TEMPORAL_NAMESPACES; the dev server of `npm start` registers them itself). The Temporal CLI
 * reads TEMPORAL_ADDRESS, TEMPORAL_TLS_* and TEMPORAL_API_KEY from the environment.
 *
 *   npm run -s wegwijs -- search-attributes | sh
 */
import { Command } from 'commander';
import { loadConfiguration, servedNamespaces } from '@wegwijs/config';
import { searchAttributeCreateCommand } from '@wegwijs/domain';

export function buildSearchAttributesCommand(): Command {
  return new Command('search-attributes')
    .description("print the commands that register Wegwijs's search attributes on a Temporal cluster, in every namespace it serves")
    .action(() => {
      process.stdout.write(`${servedNamespaces(loadConfiguration(process.env)).map(searchAttributeCreateCommand).join('\n')}\n`);
    });
}

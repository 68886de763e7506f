#!/usr/bin/env node
/**
 * The `wegwijs` command: developer and operator tasks (start the local stack, work with
 * definitions, manage the database, demonstrate it with a synthetic cohort).
 *
 *   npx wegwijs definitions validate definitions/haarlem-statushouders/v1.yaml
 */
import { Command } from 'commander';
import { buildCapabilitiesCommand } from './commands/capabilities.command';
import { buildDefinitionsCommand } from './commands/definitions.command';
import { buildDemoCommand } from './commands/demo.command';
import { buildReadModelsCommand, buildReportCommand } from './commands/read-models.command';
import { buildSearchAttributesCommand } from './commands/search-attributes.command';
import { buildStartCommand } from './commands/start.command';
import { buildTokensCommand } from './commands/tokens.command';
import { buildTrajectoriesCommand } from './commands/trajectories.command';

const program = new Command('wegwijs').description('Wegwijs trajectory engine').showHelpAfterError();
program.addCommand(buildStartCommand());
program.addCommand(buildDefinitionsCommand());
program.addCommand(buildCapabilitiesCommand());
program.addCommand(buildReadModelsCommand());
program.addCommand(buildReportCommand());
program.addCommand(buildTrajectoriesCommand());
program.addCommand(buildSearchAttributesCommand());
program.addCommand(buildTokensCommand());
program.addCommand(buildDemoCommand());

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

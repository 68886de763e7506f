/**
 * `wegwijs trajectories migrate`: moves running trajectories to a newer version of their
 * definition — explicitly, and after a dry run that lists, per trajectory, what would move.
 *
 *   wegwijs trajectories migrate definitions/haarlem-statushouders/v2.yaml            # dry run
 *   wegwijs trajectories migrate definitions/haarlem-statushouders/v2.yaml --execute  # move them
 *
 * `wegwijs trajectories import`: brings in a running caseload (see import.command.ts).
 */
import { readFile } from 'node:fs/promises';
import { ACTIVITY_CAPABILITIES } from '@wegwijs/activities';
import { loadConfiguration } from '@wegwijs/config';
import { compileDefinitionSource, definitionResolver } from '@wegwijs/definitions';
import { connectNamespaceClients, migrateRunningTrajectories, type MigrationOutcome } from '@wegwijs/temporal';
import { MILESTONE_CAPABILITIES } from '@wegwijs/workflows';
import { Command } from 'commander';
import { definitionsBeside } from './definitions.command';
import { runImport } from './import.command';

function describeOutcome(outcome: MigrationOutcome): string {
  const { plan } = outcome;
  const lines = [`${plan.trajectoryId}: v${plan.from.version} → v${plan.to.version} ${outcome.moved === undefined ? (plan.movable ? 'can move' : 'cannot move') : outcome.moved ? 'moved' : `not moved (${outcome.refusal})`}`];
  for (const blocker of plan.blockers) lines.push(`  ${blocker.nodeId}: ${blocker.reason}`);
  for (const shift of plan.shifts) lines.push(`  ${shift.what}: ${shift.from ?? '—'} → ${shift.to ?? '—'}`);
  return lines.join('\n');
}

export function buildTrajectoriesCommand(): Command {
  const command = new Command('trajectories').description('operations on running trajectories');
  command
    .command('migrate <definitionFile>')
    .description('dry run (default) or --execute: move running trajectories to this newer definition version')
    .option('--execute', 'perform the move; without it nothing changes')
    .option('--format <format>', 'text or json', 'text')
    .action(async (file: string, options: { execute?: boolean; format: string }) => {
      const registry = { activities: ACTIVITY_CAPABILITIES, milestones: MILESTONE_CAPABILITIES };
      const target = compileDefinitionSource(await readFile(file, 'utf8'), registry, definitionResolver(await definitionsBeside(file), registry));
      // Every namespace the installation serves: each municipality's trajectories live in its own.
      const clients = await connectNamespaceClients(loadConfiguration(process.env));
      try {
        const outcomes: MigrationOutcome[] = [];
        for (const client of clients.all()) outcomes.push(...(await migrateRunningTrajectories(client, target, options.execute === true)));
        process.stdout.write(options.format === 'json' ? `${JSON.stringify(outcomes, null, 2)}\n` : `${outcomes.map(describeOutcome).join('\n') || 'no running trajectories on an older version'}\n`);
        if (options.execute && outcomes.some((outcome) => !outcome.moved)) process.exitCode = 1;
      } finally {
        await clients.close();
      }
    });
  command
    .command('import <file>')
    .description('dry run (default) or --execute: bring in running cases with their histories from a CSV or JSON file, through the API')
    .option('--execute', 'start every case that is not refused; without it nothing changes')
    .option('--api-url <url>', 'the Wegwijs API (default http://API_HOST:API_PORT)')
    .option('--token <token>', 'access token of a klantmanager or system (default: WEGWIJS_TOKEN)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (file: string, options: { execute?: boolean; apiUrl?: string; token?: string; format: string }) => {
      process.exitCode = await runImport(file, options);
    });
  return command;
}

/**
 * `wegwijs capabilities [definition files...]`: what a definition can refer to — every activity
 * with its typed inputs and result, every milestone with its roles and payload, every role — so a
 * policy officer writing a programme sees what exists before the validator has to say so. Given
 * definition files, their own milestones are listed too (marked with `key@version`).
 *
 *   wegwijs capabilities
 *   wegwijs capabilities definitions/examples/participation.yaml --format json
 *
 * Exit codes: 0 listed, 1 a given definition has problems, 2 usage or file error.
 */
import { Command } from 'commander';
import { capabilityCatalogue, formatCapabilityCatalogue, type CompiledDefinition } from '@wegwijs/definitions';
import { ACTIVITY_CAPABILITIES } from '@wegwijs/activities';
import { MILESTONE_CAPABILITIES } from '@wegwijs/workflows';
import { defaultDefinitionsIo, EXIT_CODES, load, type DefinitionsCommandIo } from './definitions.command';

/** What the worker runs and accepts (without the made-up capabilities of the language examples). */
const workerIo: DefinitionsCommandIo = { ...defaultDefinitionsIo, registry: { activities: ACTIVITY_CAPABILITIES, milestones: MILESTONE_CAPABILITIES } };

export async function runCapabilities(files: readonly string[], format: 'text' | 'json', io: DefinitionsCommandIo): Promise<number> {
  const definitions: CompiledDefinition[] = [];
  for (const file of files) {
    const outcome = await load(file, 'text', io, true);
    if (!outcome.compiled) return outcome.exitCode;
    definitions.push(outcome.compiled);
  }
  const catalogue = capabilityCatalogue(io.registry, definitions);
  io.stdout(format === 'json' ? `${JSON.stringify(catalogue, null, 2)}\n` : formatCapabilityCatalogue(catalogue));
  return EXIT_CODES.ok;
}

export function buildCapabilitiesCommand(io: DefinitionsCommandIo = workerIo): Command {
  return new Command('capabilities')
    .description('list every activity (inputs, result), milestone (roles, payload) and role a definition can use')
    .argument('[files...]', 'definition YAML files whose own milestones to list too')
    .option('--format <format>', 'text or json', 'text')
    .action(async (files: string[], options: { format: string }) => {
      if (options.format !== 'text' && options.format !== 'json') {
        io.stderr(`--format must be text or json, not '${options.format}'\n`);
        process.exitCode = EXIT_CODES.usageOrFileError;
        return;
      }
      process.exitCode = await runCapabilities(files, options.format, io);
    });
}

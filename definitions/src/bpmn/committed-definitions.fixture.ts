/**
 * Every definition committed in this repository, compiled — what the BPMN tests export, lint and
 * import back. Test support only (reads files).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleCapabilities } from '../../examples/capabilities';
import { haarlemCapabilities } from '../../haarlem-statushouders/capabilities';
import { compileDefinitionSource } from '../compile/compile';
import { definitionResolver } from '../compile/definition-resolver';
import type { CompiledDefinition } from '../runtime';
import { mergeRegistries } from '../validate/capability-registry';

const DEFINITIONS_ROOT = join(__dirname, '../..');
const FOLDERS = ['haarlem-statushouders', 'walking-skeleton', 'examples'];

export const committedDefinitionFiles: readonly string[] = FOLDERS.flatMap((folder) =>
  readdirSync(join(DEFINITIONS_ROOT, folder))
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => `${folder}/${name}`),
);

export const committedRegistry = mergeRegistries(haarlemCapabilities, exampleCapabilities);
export const committedResolver = definitionResolver(
  committedDefinitionFiles.map((file) => readFileSync(join(DEFINITIONS_ROOT, file), 'utf8')),
  committedRegistry,
);

export function compileCommitted(file: string): CompiledDefinition {
  return compileDefinitionSource(readFileSync(join(DEFINITIONS_ROOT, file), 'utf8'), committedRegistry, committedResolver);
}

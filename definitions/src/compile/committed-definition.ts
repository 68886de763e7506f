/**
 * A definition committed in this repository (`definitions/<file>`), compiled — for code that runs
 * on Node: tests, benchmarks, tools. Workflow code never reads files; it is given the compiled
 * definition as input.
 *
 *   const v5 = compileCommittedDefinition('haarlem-statushouders/v5.yaml');
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { haarlemCapabilities } from '../../haarlem-statushouders/capabilities';
import type { CompiledDefinition } from '../runtime';
import type { CapabilityRegistry } from '../validate/capability-registry';
import { compileDefinitionSource } from './compile';

const DEFINITIONS_ROOT = join(__dirname, '../..');

export function compileCommittedDefinition(file: string, registry: CapabilityRegistry = haarlemCapabilities): CompiledDefinition {
  return compileDefinitionSource(readFileSync(join(DEFINITIONS_ROOT, file), 'utf8'), registry);
}

import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ACTIVITY_CAPABILITIES } from '@wegwijs/activities';
import { compileDefinitionSource, definitionResolver, type CapabilityRegistry, type CompiledDefinition } from '@wegwijs/definitions';
import { MILESTONE_CAPABILITIES } from '@wegwijs/workflows';

/** The definitions kept in this repository: `definitions/<key>/v<version>.yaml`. */
export const REPOSITORY_DEFINITIONS_DIR = resolve(__dirname, '../../../../definitions');

/** What definitions may refer to: the activities this worker runs and the milestones it accepts. */
export const CAPABILITY_REGISTRY: CapabilityRegistry = { activities: ACTIVITY_CAPABILITIES, milestones: MILESTONE_CAPABILITIES };

/**
 * The definitions this API offers. A definition is published once the worker has every activity
 * and milestone it names (start-up fails otherwise, naming what is missing).
 */
export const PUBLISHED_DEFINITION_KEYS: readonly string[] = ['walking-skeleton', 'haarlem-statushouders'];

/**
 * Compiles every versioned file of the published definitions. A definition that does not
 * validate stops the start-up with its problems: the API never offers a broken programme. A
 * published definition may call (callActivity) only published definitions.
 */
export async function loadRepositoryDefinitions(
  keys: readonly string[] = PUBLISHED_DEFINITION_KEYS,
  dir: string = REPOSITORY_DEFINITIONS_DIR,
): Promise<CompiledDefinition[]> {
  const sources: string[] = [];
  for (const key of keys) {
    const files = (await readdir(join(dir, key))).filter((file) => /^v\d+\.ya?ml$/.test(file));
    for (const file of files) sources.push(await readFile(join(dir, key, file), 'utf8'));
  }
  const resolveCalled = definitionResolver(sources, CAPABILITY_REGISTRY);
  return sources.map((text) => compileDefinitionSource(text, CAPABILITY_REGISTRY, resolveCalled));
}

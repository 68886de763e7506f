/**
 * Resolves the definitions `callActivity` nodes name, from a set of definition sources: each is
 * compiled once, on first use, with the same resolver (so calls nest), and definitions that call
 * each other in a circle are refused.
 *
 *   const resolveCalled = definitionResolver([minimalYaml, intakeYaml], registry);
 *   const caller = compileDefinitionSource(callerYaml, registry, resolveCalled);
 *   caller.calledDefinitions?.['minimal@1']; // the compiled minimal definition
 */
import type { CompiledDefinition } from '../runtime';
import { parseDefinitionYaml } from '../source/parse-source';
import type { CapabilityRegistry } from '../validate/capability-registry';
import { compileDefinitionSource, type CalledDefinitionResolver } from './compile';
import { CalledDefinitionCycleError } from './errors';

interface Candidate {
  readonly key: string;
  readonly version: number;
  readonly text: string;
}

/**
 * A resolver over `sources` (YAML texts). Texts that do not parse, or have no key and version,
 * are passed over: they cannot be called. A called definition with problems throws
 * `DefinitionInvalidError` like any other compile.
 */
export function definitionResolver(sources: readonly string[], registry: CapabilityRegistry): CalledDefinitionResolver {
  let candidates: Candidate[] | undefined;
  const compiled = new Map<string, CompiledDefinition>();
  const inProgress: string[] = [];

  const resolve: CalledDefinitionResolver = (key, version) => {
    candidates ??= sources.flatMap(keyAndVersion);
    const versions = candidates.filter((candidate) => candidate.key === key);
    const chosen = version === null ? versions.sort((a, b) => b.version - a.version)[0] : versions.find((candidate) => candidate.version === version);
    if (!chosen) return undefined;
    const id = `${chosen.key}@${chosen.version}`;
    const known = compiled.get(id);
    if (known) return known;
    if (inProgress.includes(id)) throw new CalledDefinitionCycleError([...inProgress.slice(inProgress.indexOf(id)), id]);
    inProgress.push(id);
    try {
      const definition = compileDefinitionSource(chosen.text, registry, resolve);
      compiled.set(id, definition);
      return definition;
    } finally {
      inProgress.pop();
    }
  };
  return resolve;
}

function keyAndVersion(text: string): Candidate[] {
  const parsed = parseDefinitionYaml(text);
  if (!parsed.ok || typeof parsed.data !== 'object' || parsed.data === null) return [];
  const { key, version } = parsed.data as { key?: unknown; version?: unknown };
  return typeof key === 'string' && typeof version === 'number' ? [{ key, version, text }] : [];
}

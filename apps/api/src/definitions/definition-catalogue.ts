import type { CompiledDefinition } from '@wegwijs/definitions/runtime';

/**
 * The published trajectory definitions the API can start. A published version never changes;
 * new trajectories start on the newest version of a key.
 */
export abstract class DefinitionCatalogue {
  abstract newest(key: string): CompiledDefinition | undefined;
  abstract keys(): string[];
}

/** A catalogue over definitions compiled once at start-up (from the repository's definition files). */
export class InMemoryDefinitionCatalogue extends DefinitionCatalogue {
  private readonly byKey = new Map<string, CompiledDefinition>();

  constructor(definitions: readonly CompiledDefinition[]) {
    super();
    for (const definition of definitions) {
      const known = this.byKey.get(definition.key);
      if (!known || known.version < definition.version) this.byKey.set(definition.key, definition);
    }
  }

  newest(key: string): CompiledDefinition | undefined {
    return this.byKey.get(key);
  }

  keys(): string[] {
    return [...this.byKey.keys()].sort();
  }
}

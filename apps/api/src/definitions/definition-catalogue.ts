import { computeContentHash, type CompiledDefinition } from '@wegwijs/definitions';
import { PublishedDefinitionStore } from '@wegwijs/persistence';

/** Where a definition version comes from: a file in this repository, or published through the API. */
export type DefinitionOrigin = 'repository' | 'published';

export interface DefinitionVersionSummary {
  readonly key: string;
  readonly version: number;
  readonly contentHash: string;
  readonly origin: DefinitionOrigin;
  /** When it was published through the API; null for repository versions (their history is git's). */
  readonly publishedAt: string | null;
}

export interface CatalogueEntry {
  readonly definition: CompiledDefinition;
  readonly origin: DefinitionOrigin;
}

/**
 * The trajectory definitions the API can start and show: the repository's versions and the ones
 * published through the API. A version never changes; new trajectories start on the newest
 * version of a key.
 */
export abstract class DefinitionCatalogue {
  abstract newest(key: string): Promise<CompiledDefinition | undefined>;
  abstract get(key: string, version: number): Promise<CatalogueEntry | undefined>;
  /** Every version, by key and version. */
  abstract list(): Promise<DefinitionVersionSummary[]>;
  /** The newest version of `key` among the repository's files (0 when there is none). */
  abstract newestRepositoryVersion(key: string): number;
  async keys(): Promise<string[]> {
    return [...new Set((await this.list()).map((entry) => entry.key))].sort();
  }
}

/** Thrown when a stored published definition no longer hashes to its content hash: it was altered. */
export class PublishedDefinitionCorruptError extends Error {
  constructor(
    readonly key: string,
    readonly version: number,
  ) {
    super(`Published definition ${key}@${version} does not match its content hash`);
    this.name = 'PublishedDefinitionCorruptError';
  }
}

/**
 * The repository's definitions (compiled once at start-up) plus those in the database. Published
 * versions are read from the database each time a newest version or the list is asked for — so
 * every API instance sees a publication at once — and kept in memory once read, since they never
 * change. Repository versions win a (mistaken) clash of key and version: the files are what CI checked.
 */
export class RepositoryAndPublishedCatalogue extends DefinitionCatalogue {
  private readonly repository = new Map<string, CompiledDefinition>();
  private readonly publishedCache = new Map<string, CompiledDefinition>();

  constructor(
    repositoryDefinitions: readonly CompiledDefinition[],
    private readonly store: PublishedDefinitionStore,
  ) {
    super();
    for (const definition of repositoryDefinitions) this.repository.set(versionKey(definition.key, definition.version), definition);
  }

  async newest(key: string): Promise<CompiledDefinition | undefined> {
    const versions = (await this.list()).filter((entry) => entry.key === key);
    const newest = versions[versions.length - 1];
    return newest ? (await this.get(key, newest.version))?.definition : undefined;
  }

  async get(key: string, version: number): Promise<CatalogueEntry | undefined> {
    const fromRepository = this.repository.get(versionKey(key, version));
    if (fromRepository) return { definition: fromRepository, origin: 'repository' };
    const cached = this.publishedCache.get(versionKey(key, version));
    if (cached) return { definition: cached, origin: 'published' };
    const stored = await this.store.get(key, version);
    if (!stored) return undefined;
    const definition = stored.compiled as unknown as CompiledDefinition;
    if (computeContentHash(definition) !== stored.contentHash || definition.contentHash !== stored.contentHash) {
      throw new PublishedDefinitionCorruptError(key, version);
    }
    this.publishedCache.set(versionKey(key, version), definition);
    return { definition, origin: 'published' };
  }

  async list(): Promise<DefinitionVersionSummary[]> {
    const entries = new Map<string, DefinitionVersionSummary>();
    for (const published of await this.store.list()) {
      entries.set(versionKey(published.key, published.version), {
        key: published.key,
        version: published.version,
        contentHash: published.contentHash,
        origin: 'published',
        publishedAt: published.publishedAt.toISOString(),
      });
    }
    for (const definition of this.repository.values()) {
      entries.set(versionKey(definition.key, definition.version), {
        key: definition.key,
        version: definition.version,
        contentHash: definition.contentHash,
        origin: 'repository',
        publishedAt: null,
      });
    }
    return [...entries.values()].sort((a, b) => a.key.localeCompare(b.key) || a.version - b.version);
  }

  newestRepositoryVersion(key: string): number {
    return Math.max(0, ...[...this.repository.values()].filter((definition) => definition.key === key).map((definition) => definition.version));
  }
}

function versionKey(key: string, version: number): string {
  return `${key}@${version}`;
}

import { compileDefinitionSource } from '@wegwijs/definitions';
import { PublishedDefinitionStore, type NewPublishedDefinition, type PublicationOutcome, type PublishedDefinition } from '@wegwijs/persistence';
import { PublishedDefinitionCorruptError, RepositoryAndPublishedCatalogue } from './definition-catalogue';
import { CAPABILITY_REGISTRY } from './repository-definitions';

const source = (version: number, name = 'Intake only') => `key: intake-only
version: ${version}
name: ${name}
facts:
  housingDate: { type: date, required: true }
nodes:
  - { id: start, kind: start }
  - { id: intake, kind: milestoneWait, milestone: intake.completed, roles: [klantmanager] }
  - { id: end, kind: end }
flows:
  - { source: start, target: intake }
  - { source: intake, target: end }
`;
const compiled = (version: number, name?: string) => compileDefinitionSource(source(version, name), CAPABILITY_REGISTRY);

/** An in-memory store: what the catalogue asks of the database, without one. */
class InMemoryPublishedDefinitionStore extends PublishedDefinitionStore {
  readonly rows: PublishedDefinition[] = [];
  reads = 0;

  async list() {
    return this.rows.map(({ compiled: _compiled, sourceText: _sourceText, ...summary }) => summary);
  }

  async get(key: string, version: number) {
    this.reads++;
    return this.rows.find((row) => row.key === key && row.version === version);
  }

  async publish(definition: NewPublishedDefinition): Promise<PublicationOutcome> {
    this.rows.push({ ...definition, publishedAt: new Date('2026-11-02T09:30:00Z') });
    return 'published';
  }
}

function storeWith(...versions: Array<ReturnType<typeof compiled>>): InMemoryPublishedDefinitionStore {
  const store = new InMemoryPublishedDefinitionStore();
  for (const definition of versions) {
    store.rows.push({
      key: definition.key,
      version: definition.version,
      contentHash: definition.contentHash,
      compiled: JSON.parse(JSON.stringify(definition)),
      sourceText: source(definition.version),
      publishedAt: new Date('2026-11-02T09:30:00Z'),
      publishedBy: { role: 'beleid', id: 'bl-0001' },
    });
  }
  return store;
}

describe('the definition catalogue', () => {
  it('offers the newest version across the repository and the published ones', async () => {
    const catalogue = new RepositoryAndPublishedCatalogue([compiled(1)], storeWith(compiled(2)));
    expect((await catalogue.newest('intake-only'))?.version).toBe(2);
    expect(await catalogue.newest('nothing')).toBeUndefined();
    expect((await catalogue.list()).map((entry) => [entry.version, entry.origin])).toEqual([
      [1, 'repository'],
      [2, 'published'],
    ]);
    expect(catalogue.newestRepositoryVersion('intake-only')).toBe(1);
    expect(catalogue.newestRepositoryVersion('nothing')).toBe(0);
  });

  it('reads a published version from the database once: it never changes', async () => {
    const store = storeWith(compiled(1));
    const catalogue = new RepositoryAndPublishedCatalogue([], store);
    expect((await catalogue.get('intake-only', 1))?.origin).toBe('published');
    expect((await catalogue.get('intake-only', 1))?.definition.contentHash).toBe(compiled(1).contentHash);
    expect(store.reads).toBe(1);
  });

  it('refuses a stored definition that no longer matches its content hash', async () => {
    const store = storeWith(compiled(1));
    (store.rows[0].compiled as { name: string }).name = 'Altered in the database';
    await expect(new RepositoryAndPublishedCatalogue([], store).get('intake-only', 1)).rejects.toThrow(PublishedDefinitionCorruptError);
  });

  it("prefers the repository's file when a key and version clash", async () => {
    const catalogue = new RepositoryAndPublishedCatalogue([compiled(1)], storeWith(compiled(1, 'Other content')));
    expect(await catalogue.get('intake-only', 1)).toMatchObject({ origin: 'repository', definition: { name: 'Intake only' } });
    expect(await catalogue.list()).toHaveLength(1);
  });
});

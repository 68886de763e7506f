import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleCapabilities } from '../../examples/capabilities';
import { haarlemCapabilities } from '../../haarlem-statushouders/capabilities';
import { mergeRegistries } from '../validate/capability-registry';
import { compileDefinitionSource } from './compile';
import { PublishedVersionChangedError } from './errors';
import { checkPublication, type PublishedVersion } from './publication';

const definitionsRoot = join(__dirname, '../..');
const registry = mergeRegistries(haarlemCapabilities, exampleCapabilities);
const published = JSON.parse(readFileSync(join(definitionsRoot, 'published-versions.json'), 'utf8')) as Array<PublishedVersion & { file: string }>;
const compile = (file: string) => compileDefinitionSource(readFileSync(join(definitionsRoot, file), 'utf8'), registry);

describe('publishing a definition', () => {
  const minimal = compile('examples/minimal.yaml');

  it('accepts a version that was never published, and the same content again', () => {
    expect(checkPublication(undefined, minimal)).toBe('new');
    expect(checkPublication({ key: 'minimal', version: 1, contentHash: minimal.contentHash }, minimal)).toBe('unchanged');
  });

  it('refuses different content under a published key and version', () => {
    expect(() => checkPublication({ key: 'minimal', version: 1, contentHash: 'sha256:0000' }, minimal)).toThrow(PublishedVersionChangedError);
  });

  it("pins every committed version of Haarlem's programme: each is published, and running trajectories replay on it", () => {
    const committed = readdirSync(join(definitionsRoot, 'haarlem-statushouders')).filter((name) => /^v\d+\.yaml$/.test(name));
    expect(committed.map((name) => `haarlem-statushouders/${name}`).filter((file) => !published.some((entry) => entry.file === file))).toEqual([]);
  });

  it.each(published.map((entry) => [entry.file, entry] as const))(
    'keeps %s exactly as published — edit a copy with a higher version instead',
    (file, entry) => {
      const compiled = compile(file);
      expect([compiled.key, compiled.version]).toEqual([entry.key, entry.version]);
      expect(checkPublication(entry, compiled)).toBe('unchanged');
    },
  );
});

import type { CompiledDefinition } from '@wegwijs/definitions';
import { DefinitionCatalogue, type CatalogueEntry, type DefinitionVersionSummary } from '../definitions/definition-catalogue';
import { DECLARED_ROLES, isAllowedRole } from './allowed-roles.decorator';
import { DeclaredRoles } from './declared-roles';

/** A catalogue of definitions that only declare roles: what DeclaredRoles reads. */
class RolesOnlyCatalogue extends DefinitionCatalogue {
  constructor(private readonly definitions: ReadonlyArray<Pick<CompiledDefinition, 'key' | 'version' | 'roles'>>) {
    super();
  }
  async newest(): Promise<CompiledDefinition | undefined> {
    return undefined;
  }
  async get(key: string, version: number): Promise<CatalogueEntry | undefined> {
    const definition = this.definitions.find((candidate) => candidate.key === key && candidate.version === version);
    return definition ? { definition: definition as CompiledDefinition, origin: 'published' } : undefined;
  }
  async list(): Promise<DefinitionVersionSummary[]> {
    return this.definitions.map(({ key, version }) => ({ key, version, contentHash: `sha256:${key}${version}`, origin: 'published', publishedAt: null }));
  }
  newestRepositoryVersion(): number {
    return 0;
  }
}

describe('the roles published definitions declare', () => {
  const roles = new DeclaredRoles(
    new RolesOnlyCatalogue([
      { key: 'participatie', version: 1, roles: { jobcoach: { name: 'Jobcoach', team: 'jobcoach' } } },
      { key: 'haarlem', version: 1 },
      { key: 'participatie', version: 2, roles: { jobcoach: { name: 'Jobcoach', team: 'jobcoaches' }, taalcoach: { name: 'Taalcoach', team: 'taalcoach' } } },
    ]),
  );

  it('finds a declared role with the team of its newest declaration and every version that declares it', async () => {
    expect(await roles.find('jobcoach')).toEqual({ role: 'jobcoach', team: 'jobcoaches', declaredBy: ['participatie@1', 'participatie@2'] });
    expect(await roles.teams()).toEqual(new Set(['jobcoaches', 'taalcoach']));
  });

  it('finds no built-in role, no undeclared one and nothing that cannot be a role id', async () => {
    expect(await roles.find('klantmanager')).toBeUndefined();
    expect(await roles.find('buurman')).toBeUndefined();
    expect(await roles.find('Job Coach')).toBeUndefined();
  });
});

describe('@AllowedRoles with DECLARED_ROLES', () => {
  it('lets a declared role through only where the list says so, and a built-in role only by name', () => {
    expect(isAllowedRole(['klantmanager', DECLARED_ROLES], 'jobcoach')).toBe(true);
    expect(isAllowedRole(['klantmanager', 'supervisor'], 'jobcoach')).toBe(false);
    expect(isAllowedRole(['klantmanager', DECLARED_ROLES], 'supervisor')).toBe(false);
    expect(isAllowedRole(['klantmanager', DECLARED_ROLES], 'klantmanager')).toBe(true);
  });
});

import { Injectable } from '@nestjs/common';
import { isBuiltInRole, isRoleId } from '@wegwijs/domain';
import { DefinitionCatalogue } from '../definitions/definition-catalogue';

/** A role some definition declares, as the API acts on it. */
export interface DeclaredRole {
  readonly role: string;
  /** The team whose worklist its tasks land in. */
  readonly team: string;
  /** The `key@version` of the definitions that declare it, oldest first. */
  readonly declaredBy: readonly string[];
}

/**
 * The roles the published definitions declare (e.g. jobcoach), derived from the definitions the
 * catalogue holds — nothing is stored beside them, so a publication declares its roles at once
 * on every API instance. Built-in roles are never looked up here.
 */
@Injectable()
export class DeclaredRoles {
  constructor(private readonly catalogue: DefinitionCatalogue) {}

  /** The declaration of `role`, or undefined when no definition declares it (or it is built in). */
  async find(role: string): Promise<DeclaredRole | undefined> {
    if (isBuiltInRole(role) || !isRoleId(role)) return undefined;
    return (await this.all()).get(role);
  }

  /** The teams the declared roles' tasks land in. */
  async teams(): Promise<Set<string>> {
    return new Set([...(await this.all()).values()].map((declared) => declared.team));
  }

  private async all(): Promise<Map<string, DeclaredRole>> {
    const roles = new Map<string, DeclaredRole>();
    // Oldest first, so the newest declaration's team wins: a new version may move the role's worklist.
    for (const summary of await this.catalogue.list()) {
      const declarations = (await this.catalogue.get(summary.key, summary.version))?.definition.roles ?? {};
      for (const [role, declaration] of Object.entries(declarations)) {
        const declaredBy = [...(roles.get(role)?.declaredBy ?? []), `${summary.key}@${summary.version}`];
        roles.set(role, { role, team: declaration.team, declaredBy });
      }
    }
    return roles;
  }
}

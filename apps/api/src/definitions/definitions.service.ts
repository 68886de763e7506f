import { Injectable } from '@nestjs/common';
import {
  CalledDefinitionNotFoundError,
  compileDefinition,
  importFromBpmn,
  validateDefinitionSource,
  type CalledDefinitionResolver,
  type CompiledDefinition,
  type Problem,
  type SourceDefinition,
} from '@wegwijs/definitions';
import type { EventActor } from '@wegwijs/domain';
import { PublishedDefinitionStore, PublishedVersionConflictError, VersionNotNextError } from '@wegwijs/persistence';
import { ProblemException } from '../problem-details/problem.exception';
import { DefinitionCatalogue, type DefinitionOrigin } from './definition-catalogue';
import { DefinitionDiagrams } from './definition-diagrams';
import { DefinitionProblemType } from './definition-problem-types';
import { CAPABILITY_REGISTRY } from './repository-definitions';

export interface DefinitionKeyView {
  readonly key: string;
  readonly newestVersion: number;
  readonly versions: ReadonlyArray<{
    readonly version: number;
    readonly contentHash: string;
    readonly origin: DefinitionOrigin;
    readonly publishedAt: string | null;
  }>;
}

export interface DefinitionVersionView {
  readonly key: string;
  readonly version: number;
  readonly name: string;
  readonly contentHash: string;
  readonly origin: DefinitionOrigin;
  /** The executable form the workflow interprets. */
  readonly compiled: CompiledDefinition;
}

export interface ValidationAnswer {
  readonly valid: boolean;
  /** Every problem, in source order, each with a stable code, the node and line:column. */
  readonly problems: readonly Problem[];
  /** What it would be published as, when valid. */
  readonly definition: { readonly key: string; readonly version: number; readonly contentHash: string } | null;
}

export interface PublicationAnswer {
  /** `published` now, or `unchanged`: this very content was published under this version before. */
  readonly outcome: 'published' | 'unchanged';
  readonly key: string;
  readonly version: number;
  readonly contentHash: string;
}

/**
 * Trajectory definitions for policy staff: list, show, validate, publish and export. Validation
 * and publication check against the registry of what the worker runs (its activities and the
 * milestones it accepts) — not the CLI's wider one with the language examples — so nothing is
 * published that the worker could not run.
 */
@Injectable()
export class DefinitionsService {
  constructor(
    private readonly catalogue: DefinitionCatalogue,
    private readonly store: PublishedDefinitionStore,
    private readonly diagrams: DefinitionDiagrams,
  ) {}

  async list(): Promise<DefinitionKeyView[]> {
    const byKey = new Map<string, DefinitionKeyView['versions'][number][]>();
    for (const { key, ...version } of await this.catalogue.list()) byKey.set(key, [...(byKey.get(key) ?? []), version]);
    return [...byKey.entries()].map(([key, versions]) => ({ key, newestVersion: Math.max(...versions.map((entry) => entry.version)), versions }));
  }

  async version(key: string, version: number): Promise<DefinitionVersionView> {
    const { definition, origin } = await this.find(key, version);
    return { key, version, name: definition.name, contentHash: definition.contentHash, origin, compiled: definition };
  }

  async validate(source: string): Promise<ValidationAnswer> {
    const result = validateDefinitionSource(source, CAPABILITY_REGISTRY);
    if (result.problems.length > 0 || !result.definition) return { valid: false, problems: result.problems, definition: null };
    const compiled = await this.compile(result.definition);
    return { valid: true, problems: [], definition: { key: compiled.key, version: compiled.version, contentHash: compiled.contentHash } };
  }

  /**
   * Imports BPMN XML (an export edited in a modeler) and validates the YAML it turns into; the
   * answer carries that YAML as `source`. Elements the import cannot place answer 422.
   */
  async validateBpmn(xml: string): Promise<ValidationAnswer & { readonly source: string }> {
    const imported = await importFromBpmn(xml);
    if (imported.problems.length > 0 || imported.yaml === null) {
      throw new ProblemException(DefinitionProblemType.bpmnNotImportable, `The BPMN file has ${imported.problems.length} problem(s) the import cannot resolve`, {
        problems: imported.problems,
        source: imported.yaml,
      });
    }
    return { ...(await this.validate(imported.yaml)), source: imported.yaml };
  }

  async publish(source: string, actor: EventActor): Promise<PublicationAnswer> {
    const result = validateDefinitionSource(source, CAPABILITY_REGISTRY);
    if (result.problems.length > 0 || !result.definition) {
      throw new ProblemException(DefinitionProblemType.definitionInvalid, `The definition has ${result.problems.length} problem(s)`, {
        problems: result.problems,
      });
    }
    const compiled = await this.compile(result.definition);
    const { key, version, contentHash } = compiled;
    const repositoryVersion = this.catalogue.newestRepositoryVersion(key);
    const inRepository = version <= repositoryVersion ? await this.catalogue.get(key, version) : undefined;
    if (inRepository?.origin === 'repository') {
      if (inRepository.definition.contentHash === contentHash) return { outcome: 'unchanged', key, version, contentHash };
      throw changedProblem(key, version);
    }
    try {
      const outcome = await this.store.publish(
        { key, version, contentHash, compiled: JSON.parse(JSON.stringify(compiled)), sourceText: source, publishedBy: { role: actor.role, id: actor.id } },
        repositoryVersion,
      );
      return { outcome, key, version, contentHash };
    } catch (error) {
      if (error instanceof VersionNotNextError) {
        throw new ProblemException(DefinitionProblemType.versionNotNext, error.message, { expectedVersion: error.expectedVersion });
      }
      if (error instanceof PublishedVersionConflictError) throw changedProblem(key, version);
      throw error;
    }
  }

  async bpmn(key: string, version: number): Promise<string> {
    return this.diagrams.bpmn((await this.find(key, version)).definition);
  }

  async svg(key: string, version: number): Promise<string> {
    const svg = await this.diagrams.committedSvg((await this.find(key, version)).definition);
    if (svg === undefined) {
      throw new ProblemException(
        DefinitionProblemType.diagramNotRendered,
        `No rendered diagram of ${key}@${version} is kept. Open GET /definitions/${key}/versions/${version}/bpmn in bpmn.io or Camunda Modeler, ` +
          'or render it with `wegwijs definitions render` (needs Chromium)',
        { bpmn: `/definitions/${key}/versions/${version}/bpmn` },
      );
    }
    return svg;
  }

  /** Compiles a valid definition, with the definitions its callActivity nodes run taken from the catalogue. */
  private async compile(source: SourceDefinition): Promise<CompiledDefinition> {
    try {
      return compileDefinition(source, await this.calledDefinitionsResolver(source));
    } catch (error) {
      if (error instanceof CalledDefinitionNotFoundError) {
        throw new ProblemException(DefinitionProblemType.calledDefinitionNotFound, error.message, {
          nodeId: error.nodeId,
          calls: { key: error.key, version: error.version },
        });
      }
      throw error;
    }
  }

  /** The catalogue's versions of every key a callActivity names, loaded first: compiling is synchronous. */
  private async calledDefinitionsResolver(source: SourceDefinition): Promise<CalledDefinitionResolver> {
    const calledKeys = calledDefinitionKeys(source);
    const versions = (await this.catalogue.list()).filter((entry) => calledKeys.has(entry.key));
    const loaded: CompiledDefinition[] = [];
    for (const entry of versions) {
      const found = await this.catalogue.get(entry.key, entry.version);
      if (found) loaded.push(found.definition);
    }
    return (key, version) => {
      const ofKey = loaded.filter((definition) => definition.key === key);
      return version === null ? ofKey.sort((a, b) => b.version - a.version)[0] : ofKey.find((definition) => definition.version === version);
    };
  }

  private async find(key: string, version: number) {
    const entry = await this.catalogue.get(key, version);
    if (!entry) {
      throw new ProblemException(DefinitionProblemType.definitionNotFound, `No definition ${key}@${version}`, {
        known: await this.catalogue.keys(),
      });
    }
    return entry;
  }
}

function changedProblem(key: string, version: number): ProblemException {
  return new ProblemException(
    DefinitionProblemType.publishedVersionChanged,
    `${key}@${version} is published with other content; publish the change as the next version`,
  );
}

/** The keys of the definitions a source's callActivity nodes (at any depth) run. */
function calledDefinitionKeys(source: SourceDefinition): Set<string> {
  const keys = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    const node = value as { kind?: unknown; definition?: { key?: unknown } };
    if (node.kind === 'callActivity' && typeof node.definition?.key === 'string') keys.add(node.definition.key);
    Object.values(value).forEach(visit);
  };
  visit(source.nodes);
  return keys;
}

import type { EventActor } from '@wegwijs/domain';

/** A definition version as published: its compiled form (JSON) and the YAML it was compiled from. */
export interface PublishedDefinition {
  readonly key: string;
  readonly version: number;
  readonly contentHash: string;
  /** The compiled definition as the workflow runs it; persistence does not interpret it. */
  readonly compiled: Readonly<Record<string, unknown>>;
  readonly sourceText: string;
  readonly publishedAt: Date;
  readonly publishedBy: EventActor;
}

export type NewPublishedDefinition = Omit<PublishedDefinition, 'publishedAt'>;

/** What the store did with a publication. */
export type PublicationOutcome = 'published' | 'unchanged';

/**
 * Definition versions published through the API (the repository's versions are files). A version
 * never changes once stored; versions of a key are numbered without gaps.
 */
export abstract class PublishedDefinitionStore {
  /** Every stored version, by key and version; without sources and compiled forms. */
  abstract list(): Promise<Array<Omit<PublishedDefinition, 'compiled' | 'sourceText'>>>;

  abstract get(key: string, version: number): Promise<PublishedDefinition | undefined>;

  /**
   * Stores `definition` when its version is the next of its key: one more than the newest stored
   * version, and than `notBelow` (the newest version the repository holds, 0 for none). The same
   * key, version and content hash again is `unchanged` (a retried request). Throws
   * `PublishedVersionConflictError` when that version holds other content, `VersionNotNextError`
   * when the version is not the next one.
   */
  abstract publish(definition: NewPublishedDefinition, notBelow: number): Promise<PublicationOutcome>;
}

/** Thrown when a publication's version is not one more than the newest existing version of its key. */
export class VersionNotNextError extends Error {
  constructor(
    readonly key: string,
    readonly version: number,
    readonly expectedVersion: number,
  ) {
    super(`Version ${version} of ${key} is not the next one; the next is ${expectedVersion}`);
    this.name = 'VersionNotNextError';
  }
}

/** Thrown when a key@version is published again with different content. */
export class PublishedVersionConflictError extends Error {
  constructor(
    readonly key: string,
    readonly version: number,
    readonly publishedHash: string,
  ) {
    super(`${key}@${version} is already published with content ${publishedHash}; a published version never changes`);
    this.name = 'PublishedVersionConflictError';
  }
}

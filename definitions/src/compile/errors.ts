import type { Problem } from '../problems';

/** Thrown when a definition with validation problems is compiled; carries every problem. */
export class DefinitionInvalidError extends Error {
  override readonly name = 'DefinitionInvalidError';
  constructor(readonly problems: readonly Problem[]) {
    super(`the definition has ${problems.length} problem(s); first: ${problems[0]?.code} at ${problems[0]?.line}:${problems[0]?.column} ${problems[0]?.message}`);
  }
}

/** Thrown when a definition key@version is published again with different content. */
export class PublishedVersionChangedError extends Error {
  override readonly name = 'PublishedVersionChangedError';
  constructor(
    readonly key: string,
    readonly version: number,
    readonly publishedHash: string,
    readonly newHash: string,
  ) {
    super(`${key}@${version} is already published with content ${publishedHash}; a published version never changes — raise the version (new content: ${newHash})`);
  }
}

/** Thrown when a `callActivity` names a definition (key, and version if pinned) the compiler cannot find. */
export class CalledDefinitionNotFoundError extends Error {
  override readonly name = 'CalledDefinitionNotFoundError';
  constructor(
    readonly callerKey: string,
    readonly nodeId: string,
    readonly key: string,
    readonly version: number | null,
  ) {
    super(`${callerKey} node ${nodeId} calls ${key}${version === null ? ' (newest version)' : `@${version}`}, which is not among the definitions it was compiled with`);
  }
}

/** Thrown when definitions call each other in a circle (a calls b calls a): none of them can be compiled. */
export class CalledDefinitionCycleError extends Error {
  override readonly name = 'CalledDefinitionCycleError';
  constructor(readonly chain: readonly string[]) {
    super(`definitions call each other in a circle: ${chain.join(' → ')}`);
  }
}

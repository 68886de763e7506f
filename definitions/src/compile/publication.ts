/**
 * "A published version never changes": the check that publishing (the API, CI) runs before it
 * stores a compiled definition. Re-publishing identical content is harmless; different content
 * under a published key@version is refused.
 *
 *   const outcome = checkPublication(await repository.find(compiled.key, compiled.version), compiled);
 *   if (outcome === 'new') await repository.save(compiled);
 */
import type { CompiledDefinition } from '../runtime';
import { PublishedVersionChangedError } from './errors';

export interface PublishedVersion {
  readonly key: string;
  readonly version: number;
  readonly contentHash: string;
}

export function checkPublication(published: PublishedVersion | undefined | null, candidate: CompiledDefinition): 'new' | 'unchanged' {
  if (!published) return 'new';
  if (published.contentHash === candidate.contentHash) return 'unchanged';
  throw new PublishedVersionChangedError(candidate.key, candidate.version, published.contentHash, candidate.contentHash);
}

/**
 * Tenancy: which Temporal namespace holds a municipality's trajectories. Each municipality (or
 * shared service centre) can have a namespace of its own, so its workflows, its visibility and
 * the codec's decrypted payloads are kept apart from every other's.
 *
 *   TEMPORAL_NAMESPACE=default TEMPORAL_NAMESPACES=GM0392=haarlem,GM0363=amsterdam
 *   namespaceOfMunicipality(config, 'GM0392'); // 'haarlem'
 *   namespaceOfMunicipality(config, 'GM0505'); // 'default': not listed
 *   servedNamespaces(config);                  // ['default', 'amsterdam', 'haarlem']
 */
import type { WegwijsConfiguration } from './configuration';

type TemporalTenancy = Pick<WegwijsConfiguration['temporal'], 'namespace' | 'namespacesByMunicipality'>;

/** The namespace a municipality's trajectories live in: its own when TEMPORAL_NAMESPACES lists it, else the default. */
export function namespaceOfMunicipality(config: { readonly temporal: TemporalTenancy }, municipality: string): string {
  return Object.hasOwn(config.temporal.namespacesByMunicipality, municipality)
    ? config.temporal.namespacesByMunicipality[municipality]!
    : config.temporal.namespace;
}

/**
 * Every namespace this installation serves — the default first, then the mapped ones, each once:
 * workers poll each, and each must be registered with the search attributes.
 */
export function servedNamespaces(config: { readonly temporal: TemporalTenancy }): string[] {
  return [...new Set([config.temporal.namespace, ...Object.values(config.temporal.namespacesByMunicipality).sort()])];
}

/**
 * The namespaces whose trajectories belong to one of these municipalities: what a caller with
 * these codes may see (the stuck list, the codec). A namespace shared by a service centre belongs
 * to each municipality mapped to it.
 */
export function namespacesOfMunicipalities(config: { readonly temporal: TemporalTenancy }, municipalities: readonly string[]): string[] {
  return [...new Set(municipalities.map((municipality) => namespaceOfMunicipality(config, municipality)))];
}

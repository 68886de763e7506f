import type { WegwijsConfiguration } from '@wegwijs/config';

/**
 * Where supervisors open the Temporal Web UI: TEMPORAL_UI_URL, or else the dev server's own UI on
 * this machine — the same origin the codec admits.
 */
export function temporalWebUiBase(config: WegwijsConfiguration): string {
  return (config.temporal.uiUrl ?? `http://127.0.0.1:${config.temporal.uiPort}`).replace(/\/+$/, '');
}

/** A link that opens the Web UI's workflow list on `query` (a visibility query) in a namespace (default: TEMPORAL_NAMESPACE). */
export function temporalWebUiListUrl(config: WegwijsConfiguration, query: string, namespace = config.temporal.namespace): string {
  return `${temporalWebUiBase(config)}/namespaces/${encodeURIComponent(namespace)}/workflows?query=${encodeURIComponent(query)}`;
}

/** A visibility-query string literal; the values are codes and ids, but quoting stays correct for any. */
export function visibilityString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

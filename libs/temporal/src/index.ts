/**
 * Temporal wiring shared by the API, the worker and the CLI: connections and search attributes.
 *
 *   const client = await connectTemporalClient(config);
 */

export * from './temporal-connection';
export * from './trajectory-worker';
export { WegwijsSearchAttributes, SEARCH_ATTRIBUTE_CLI_TYPES } from '@wegwijs/domain';

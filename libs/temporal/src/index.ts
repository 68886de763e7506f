/**
 * Temporal wiring shared by the API, the worker and the CLI: connections and search attributes.
 *
 *   const client = await connectTemporalClient(config);
 */
export * from './search-attributes';
export * from './temporal-connection';
export * from './trajectory-worker';

/**
 * Temporal wiring shared by the API, the worker and the CLI: connections, payload encryption and
 * search attributes.
 *
 *   const client = await connectTemporalClient(config); // payloads encrypted with WEGWIJS_PAYLOAD_KEYS
 *   const worker = await createTrajectoryWorker({ ..., dataConverter: encryptedDataConverter(config) });
 */

export * from './payload-codec';
export * from './temporal-connection';
export * from './trajectory-worker';
export * from './worker-tuning';
export { LOCAL_INTRINSICS, QUIET_TEMPORAL_POLYFILL, WORKFLOW_BUNDLE_TARGET } from './workflow-bundle-speed';
export * from './technical-stall-interceptor';
export { WegwijsSearchAttributes, SEARCH_ATTRIBUTE_CLI_TYPES } from '@wegwijs/domain';
export * from './trajectory-migration';
export * from './telemetry';

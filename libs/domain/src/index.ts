/**
 * The shared domain: types and pure rules used by the API, the activities and the workflow.
 * Deterministic and free of I/O, so that the workflow bundle may import it.
 */
export * from './trajectory-event';
export * from './trajectory-reference';
export * from './engine-activities';
export * from './trajectory-event-types';
export * from './tasks';
export * from './roles';
export * from './search-attributes';
export * from './milestone-catalogue';
export * from './milestone-payloads';

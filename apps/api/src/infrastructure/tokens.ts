/** Injection tokens for things that are not classes of ours. */
export const WEGWIJS_CONFIGURATION = Symbol('WEGWIJS_CONFIGURATION');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

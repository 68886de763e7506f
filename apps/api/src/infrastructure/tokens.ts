/** Injection tokens for things that are not classes of ours. */
export const WEGWIJS_CONFIGURATION = Symbol('WEGWIJS_CONFIGURATION');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
/** The repository's definitions, compiled at start-up (`ApiModuleOptions.definitions`). */
export const REPOSITORY_DEFINITIONS = Symbol('REPOSITORY_DEFINITIONS');

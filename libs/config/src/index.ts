/** Typed, validated configuration shared by every Wegwijs process. */
export * from './configuration';
export * from './temporal-namespaces';

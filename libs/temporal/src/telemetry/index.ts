export * from './correlation-interceptors';
export * from './temporal-logger';
export * from './tracing-interceptors';

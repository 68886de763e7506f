/**
 * The local development stack: obtaining the Temporal CLI and the time-skipping test server
 * without internet, the embedded PostgreSQL, supervising the processes of `npm start`, and the
 * Temporal server built from source and run as a cluster on PostgreSQL (npm run test:cluster).
 */
export * from './cache-dir';
export * from './tool-sources';
export * from './temporal-cli';
export * from './time-skipping-server';
export * from './time-skipping-environment';
export * from './embedded-postgres';
export * from './supervised-process';
export * from './temporal-dev-server';
export * from './temporal-server-build';
export * from './temporal-cluster';
export * from './wegwijs-processes';
export * from './development-payload-keys';
export * from './development-signing-key';
export * from './restarting-process';
export * from './development-identity-provider';
export * from './web-app-build';
export * from './free-port';

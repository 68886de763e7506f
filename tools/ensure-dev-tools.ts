/**
 * Ensures the developer tools that tests and `npm start` need are present: the Temporal CLI (dev
 * server and Web UI) and the time-skipping test server. Run before the tests
 * (`node -r @swc-node/register tools/ensure-dev-tools.ts`) so that a first-time build, which takes
 * minutes, shows its progress here rather than as a silent Jest timeout.
 *
 * With `--cluster` (npm run test:cluster, npm run cluster) also the Temporal server for a real
 * cluster: temporal-server and temporal-sql-tool built from the Go module go.temporal.io/server,
 * with its PostgreSQL schemas (libs/devstack/src/temporal-server-build.ts). Not by default: plain
 * `npm test` runs on the dev server and should not wait minutes for a build it does not use.
 *
 * Reads: TEMPORAL_CLI_PATH, TEMPORAL_TEST_SERVER_PATH (explicit executables to use first),
 * WEGWIJS_CACHE_DIR / XDG_CACHE_HOME (where tools are cached), WEGWIJS_NO_SDK_DOWNLOAD=1 (never fall
 * back to the SDK's download). Exits non-zero, naming each source's reason, if a tool is missing.
 */
import {
  defaultToolCacheDir,
  DevToolUnavailableError,
  ensureTemporalCli,
  ensureTemporalServer,
  TemporalServerBuildError,
  ensureTimeSkippingServer,
  type SourceRejection,
} from '@wegwijs/devstack';

const startedAt = Date.now();
const log = (message: string) =>
  process.stderr.write(`[ensure-dev-tools +${((Date.now() - startedAt) / 1000).toFixed(1)}s] ${message}\n`);

function report(
  tool: string,
  result: { source: string; path?: string; version?: string; rejections: SourceRejection[] },
) {
  const where = result.path ?? 'downloaded by the Temporal SDK on first use';
  console.log(`${tool}: from ${result.source}: ${where}${result.version ? ` (version ${result.version})` : ''}`);
  for (const { source, reason } of result.rejections) console.log(`  not from ${source}: ${reason}`);
}

async function main(): Promise<number> {
  const cacheDir = defaultToolCacheDir(process.env);
  const allowSdkDownload = process.env.WEGWIJS_NO_SDK_DOWNLOAD !== '1';
  let failures = 0;

  for (const [tool, ensure] of [
    [
      'Temporal CLI',
      () =>
        ensureTemporalCli({
          cacheDir,
          environment: process.env,
          configuredPath: process.env.TEMPORAL_CLI_PATH || undefined,
          onProgress: log,
          allowSdkDownload,
        }),
    ],
    [
      'Time-skipping test server',
      () =>
        ensureTimeSkippingServer({
          cacheDir,
          environment: process.env,
          configuredPath: process.env.TEMPORAL_TEST_SERVER_PATH || undefined,
          onProgress: log,
          allowSdkDownload,
        }),
    ],
  ] as const) {
    try {
      report(tool, await ensure());
    } catch (error) {
      failures += 1;
      console.error(error instanceof DevToolUnavailableError ? error.message : `${tool}: ${String(error)}`);
    }
  }
  if (process.argv.includes('--cluster')) {
    try {
      const builtFrom = Date.now();
      const server = await ensureTemporalServer({ cacheDir, environment: process.env, onProgress: log });
      console.log(
        `Temporal server ${server.version} for a cluster: from ${server.source} (${((Date.now() - builtFrom) / 1000).toFixed(1)} s): ${server.serverPath}, ${server.sqlToolPath}, schemas in ${server.postgresSchemaDir}`,
      );
    } catch (error) {
      failures += 1;
      console.error(error instanceof TemporalServerBuildError ? error.message : `Temporal server: ${String(error)}`);
    }
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);

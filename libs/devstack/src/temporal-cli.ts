/**
 * Finds or obtains the Temporal CLI (`temporal server start-dev`: the dev server with the Web UI)
 * on machines without internet. Sources, in order: a configured path, `temporal` on PATH, the
 * cached build, a build from its Go module, and last the SDK's own download (internet only).
 */
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';
import {
  BuildLockTimeoutError,
  describeProcessFailure,
  findOnPath,
  isExecutableFile,
  obtainFromSources,
  ephemeralServerExecutable,
  sdkDownloadSource,
  type ProgressListener,
  runProcess as spawnProcess,
  type RunProcess,
  type SourceOutcome,
  type SourceRejection,
  startHeartbeat,
  withBuildLock,
} from './tool-sources';

/** The newest CLI tag whose go.mod has no `replace` directive, so `go install` can build it. */
export const TEMPORAL_CLI_VERSION = '1.5.1';
export const TEMPORAL_CLI_GO_PACKAGE = 'github.com/temporalio/cli/cmd/temporal';
/** The dev stack is written and tested against the 1.5 CLI's flags; older releases are not trusted. */
export const MINIMUM_TEMPORAL_CLI_VERSION = { major: 1, minor: 5 } as const;
/** The Temporal Server release that CLI 1.5 bundles. */
export const MINIMUM_BUNDLED_SERVER_VERSION = { major: 1, minor: 29 } as const;

export type TemporalCliSource = 'configured' | 'path' | 'cache' | 'go-build' | 'sdk-download';

export interface EnsuredTemporalCli {
  /** Absolute path of the binary; absent when the SDK is to download it. */
  path?: string;
  /** Pass as `TestWorkflowEnvironment.createLocal({ server: { executable } })`. */
  executable: EphemeralServerExecutable;
  source: TemporalCliSource;
  version?: string;
  /** The sources tried before the one used, and why each was passed over. */
  rejections: SourceRejection[];
}

export interface EnsureTemporalCliOptions {
  /** Root of the tool cache, usually `defaultToolCacheDir()`. */
  cacheDir: string;
  /** Environment for PATH lookup and for the child processes (`go`). */
  environment: NodeJS.ProcessEnv;
  /** An explicit binary to use first (the caller reads it from `TEMPORAL_CLI_PATH`). */
  configuredPath?: string;
  onProgress?: ProgressListener;
  /** Whether the SDK's download may be the last resort; default true. */
  allowSdkDownload?: boolean;
  runProcess?: RunProcess;
  probeInternet?: () => Promise<boolean>;
  /** How often a running build says it is still alive; default 15 s. */
  heartbeatIntervalMs?: number;
  /** How long to wait for another process's build; default one hour. */
  lockTimeoutMs?: number;
}

/** Where the Go build of the pinned version is kept. */
export function cachedTemporalCliPath(cacheDir: string): string {
  return join(temporalCliVersionDir(cacheDir), 'temporal');
}

function temporalCliVersionDir(cacheDir: string): string {
  return join(cacheDir, 'temporal-cli', `v${TEMPORAL_CLI_VERSION}`);
}

/** What `temporal --version` says: "temporal version 1.5.1 (Server 1.29.1, UI 2.42.1)". */
export interface TemporalCliVersionInfo {
  cli: string;
  server?: string;
}

export function parseTemporalCliVersion(output: string): TemporalCliVersionInfo | undefined {
  const cli = /temporal version v?(\S+)/.exec(output)?.[1];
  if (!cli) return undefined;
  return { cli, server: /Server v?(\d+\.\d+\.\d+)/.exec(output)?.[1] };
}

/**
 * A binary built with `go install` has no release version stamped in (it reports `0.0.0-DEV`);
 * for those the bundled server version decides, the one CLI 1.5 ships with or newer.
 */
export function isCompatibleTemporalCliVersion(version: TemporalCliVersionInfo): boolean {
  if (version.cli.startsWith('0.0.0-')) {
    const [major, minor] = (version.server ?? '').split('.').map((part) => Number.parseInt(part, 10));
    return major === MINIMUM_BUNDLED_SERVER_VERSION.major && minor >= MINIMUM_BUNDLED_SERVER_VERSION.minor;
  }
  const [major, minor] = version.cli.split('.').map((part) => Number.parseInt(part, 10));
  return major === MINIMUM_TEMPORAL_CLI_VERSION.major && minor >= MINIMUM_TEMPORAL_CLI_VERSION.minor;
}

function describeVersion(version: TemporalCliVersionInfo): string {
  return version.server ? `${version.cli} (Server ${version.server})` : version.cli;
}

/** Finds or obtains the Temporal CLI; throws `DevToolUnavailableError` listing every source's reason. */
export async function ensureTemporalCli(options: EnsureTemporalCliOptions): Promise<EnsuredTemporalCli> {
  const run = options.runProcess ?? spawnProcess;
  const onProgress = options.onProgress ?? (() => undefined);
  const cachedPath = cachedTemporalCliPath(options.cacheDir);

  const checkBinary = async (path: string): Promise<BinaryOutcome> => {
    const result = await run(path, ['--version'], { env: options.environment, timeoutMs: 30_000 });
    if (result.exitCode !== 0) return { rejected: describeProcessFailure(`${path} --version`, result) };
    const version = parseTemporalCliVersion(result.stdout + result.stderr);
    if (!version) return { rejected: `${path} --version printed no version: ${result.stdout.trim()}` };
    if (!isCompatibleTemporalCliVersion(version)) {
      const { major, minor } = MINIMUM_TEMPORAL_CLI_VERSION;
      return {
        rejected: `${path} is version ${describeVersion(version)}; need ${major}.${minor}.x or a newer ${major}.x`,
      };
    }
    onProgress(`Temporal CLI ${path}: version ${describeVersion(version)}`);
    return { provided: { path, version: describeVersion(version) } };
  };

  // Our own builds are of a known tag even though the binary reports a development version.
  const checkOwnBuild = async (path: string): Promise<BinaryOutcome> => {
    const outcome = await checkBinary(path);
    return 'provided' in outcome
      ? {
          provided: {
            path,
            version: `${TEMPORAL_CLI_VERSION} (built from source; reports ${outcome.provided.version})`,
          },
        }
      : outcome;
  };

  const checkCache = async (): Promise<BinaryOutcome> =>
    (await isExecutableFile(cachedPath)) ? checkOwnBuild(cachedPath) : { rejected: `no cached build at ${cachedPath}` };

  const { value, source, rejections } = await obtainFromSources<{ path?: string; version?: string }>(
    'Temporal CLI',
    [
      {
        name: 'configured',
        attempt: async () => {
          if (!options.configuredPath) return { rejected: 'no path configured (TEMPORAL_CLI_PATH)' };
          // The SDK needs a path it can stat, so a bare command name is resolved against PATH.
          const configured = options.configuredPath.includes('/')
            ? resolve(options.configuredPath)
            : await findOnPath(options.configuredPath, options.environment.PATH);
          return configured ? checkBinary(configured) : { rejected: `${options.configuredPath} is not on PATH` };
        },
      },
      {
        name: 'path',
        attempt: async () => {
          const found = await findOnPath('temporal', options.environment.PATH);
          return found ? checkBinary(found) : { rejected: 'no `temporal` on PATH' };
        },
      },
      { name: 'cache', attempt: checkCache },
      {
        name: 'go-build',
        attempt: () => buildWithGo(options, run, onProgress, checkCache, checkOwnBuild),
      },
      sdkDownloadSource(options),
    ],
    onProgress,
  );

  const executable = ephemeralServerExecutable(value.path);
  return { ...value, executable, source: source as TemporalCliSource, rejections };
}

type BinaryOutcome = SourceOutcome<{ path: string; version: string }>;

/**
 * Builds the pinned CLI with `go install` into a scratch directory inside the cache and renames
 * the binary into place, so a killed build never leaves a half-written binary where the cache
 * check would find it. Holds a lock file so concurrent processes build once.
 */
async function buildWithGo(
  options: EnsureTemporalCliOptions,
  run: RunProcess,
  onProgress: ProgressListener,
  checkCache: () => Promise<BinaryOutcome>,
  checkBinary: (path: string) => Promise<BinaryOutcome>,
): Promise<BinaryOutcome> {
  const goVersion = await run('go', ['version'], { env: options.environment, timeoutMs: 30_000 });
  if (goVersion.exitCode !== 0)
    return { rejected: `no usable Go toolchain (${describeProcessFailure('go version', goVersion)})` };

  const toolDir = join(options.cacheDir, 'temporal-cli');
  await mkdir(toolDir, { recursive: true });
  try {
    return await withBuildLock(
      join(toolDir, `v${TEMPORAL_CLI_VERSION}.lock`),
      { onProgress, timeoutMs: options.lockTimeoutMs },
      async () => {
        // Another process may have finished the build while we waited for the lock.
        const builtMeanwhile = await checkCache();
        if ('provided' in builtMeanwhile) return { ...builtMeanwhile, creditedTo: 'cache' };

        await removeAbandonedBuildDirs(toolDir);
        const scratchDir = await mkdtemp(join(toolDir, '.build-'));
        try {
          const target = `${TEMPORAL_CLI_GO_PACKAGE}@v${TEMPORAL_CLI_VERSION}`;
          onProgress(
            `building Temporal CLI v${TEMPORAL_CLI_VERSION} with ${goVersion.stdout.trim()}: go install ${target} (takes minutes the first time)`,
          );
          const stopHeartbeat = startHeartbeat(
            onProgress,
            (elapsed) => `still building Temporal CLI v${TEMPORAL_CLI_VERSION} (${elapsed} elapsed)`,
            options.heartbeatIntervalMs ?? 15_000,
          );
          let build;
          try {
            build = await run('go', ['install', target], {
              env: { ...options.environment, GOBIN: scratchDir },
              onLine: (line) => {
                if (line.startsWith('go: downloading ')) onProgress(line);
              },
            });
          } finally {
            stopHeartbeat();
          }
          if (build.exitCode !== 0) return { rejected: describeProcessFailure(`go install ${target}`, build) };

          const built = await checkBinary(join(scratchDir, 'temporal'));
          if ('rejected' in built) return { rejected: `the build produced an unusable binary: ${built.rejected}` };
          await mkdir(temporalCliVersionDir(options.cacheDir), { recursive: true });
          const cachedPath = cachedTemporalCliPath(options.cacheDir);
          await rename(join(scratchDir, 'temporal'), cachedPath);
          onProgress(`Temporal CLI v${TEMPORAL_CLI_VERSION} built and cached at ${cachedPath}`);
          return { provided: { path: cachedPath, version: built.provided.version } };
        } finally {
          await rm(scratchDir, { recursive: true, force: true });
        }
      },
    );
  } catch (error) {
    if (error instanceof BuildLockTimeoutError) return { rejected: error.message };
    throw error;
  }
}

/** Scratch directories left by builds that were killed; only safe to remove while holding the lock. */
async function removeAbandonedBuildDirs(toolDir: string): Promise<void> {
  for (const entry of await readdir(toolDir)) {
    if (entry.startsWith('.build-')) await rm(join(toolDir, entry), { recursive: true, force: true });
  }
}

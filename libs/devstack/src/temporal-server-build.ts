/**
 * Builds the Temporal server for a real cluster (`npm run test:cluster`, docs/deploy/cluster.md)
 * from its Go module, once, into the Wegwijs tool cache: the server binary (`cmd/server`), the
 * schema tool (`cmd/tools/sql`, temporal-sql-tool) and the PostgreSQL schemas the module ships
 * (`schema/postgresql/v12/{temporal,visibility}`), copied out of Go's module cache so that a
 * cached build needs no Go at all. v1.29.1 is the server the CLI's dev server bundles; its go.mod
 * has no `replace` directive and says `go 1.25.0`, so the machine's Go builds it as it is.
 */
import { cp, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BuildLockTimeoutError,
  describeProcessFailure,
  isExecutableFile,
  type ProgressListener,
  runProcess as spawnProcess,
  type RunProcess,
  startHeartbeat,
  withBuildLock,
} from './tool-sources';

export const TEMPORAL_SERVER_VERSION = '1.29.1';
export const TEMPORAL_SERVER_GO_MODULE = 'go.temporal.io/server';

/** What a built and cached server consists of. */
export interface TemporalServerBuild {
  /** `temporal-server --config <dir> --env <env> start --service <name>`. */
  readonly serverPath: string;
  /** temporal-sql-tool: creates the databases and applies the versioned schemas. */
  readonly sqlToolPath: string;
  /** `<dir>/temporal/versioned` and `<dir>/visibility/versioned`: the PostgreSQL 12+ schemas. */
  readonly postgresSchemaDir: string;
  readonly version: string;
  /** 'cache' when it was there already, 'go-build' when this call built it. */
  readonly source: 'cache' | 'go-build';
}

/** Thrown when the server cannot be had; the message says which step failed and why. */
export class TemporalServerBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemporalServerBuildError';
  }
}

export interface EnsureTemporalServerOptions {
  /** Root of the tool cache, usually `defaultToolCacheDir()`. */
  readonly cacheDir: string;
  /** Environment of the `go` child processes. */
  readonly environment: NodeJS.ProcessEnv;
  readonly onProgress?: ProgressListener;
  readonly runProcess?: RunProcess;
  /** How often a running build says it is still alive; default 15 s. */
  readonly heartbeatIntervalMs?: number;
}

function versionDir(cacheDir: string): string {
  return join(cacheDir, 'temporal-server', `v${TEMPORAL_SERVER_VERSION}`);
}

/** Where the pieces of the pinned version are kept in the tool cache. */
export function cachedTemporalServerBuild(cacheDir: string): Omit<TemporalServerBuild, 'source'> {
  const dir = versionDir(cacheDir);
  return {
    serverPath: join(dir, 'temporal-server'),
    sqlToolPath: join(dir, 'temporal-sql-tool'),
    postgresSchemaDir: join(dir, 'schema', 'postgresql', 'v12'),
    version: TEMPORAL_SERVER_VERSION,
  };
}

/**
 * Returns the cached server build, building it first when it is missing. Concurrent callers
 * build once (a lock file); a killed build leaves nothing the cache check would take as done.
 */
export async function ensureTemporalServer(options: EnsureTemporalServerOptions): Promise<TemporalServerBuild> {
  const run = options.runProcess ?? spawnProcess;
  const onProgress = options.onProgress ?? (() => undefined);
  const cached = cachedTemporalServerBuild(options.cacheDir);

  const problemWithCache = () => checkBuild(cached, run, options.environment);
  const cacheProblem = await problemWithCache();
  if (!cacheProblem) {
    onProgress(`Temporal server ${TEMPORAL_SERVER_VERSION}: cached at ${versionDir(options.cacheDir)}`);
    return { ...cached, source: 'cache' };
  }
  onProgress(`Temporal server ${TEMPORAL_SERVER_VERSION}: not cached (${cacheProblem}); building it`);

  const goVersion = await run('go', ['version'], { env: options.environment, timeoutMs: 30_000 });
  if (goVersion.exitCode !== 0) {
    throw new TemporalServerBuildError(
      `Temporal server ${TEMPORAL_SERVER_VERSION}: no cached build and no usable Go toolchain to build one (${describeProcessFailure('go version', goVersion)})`,
    );
  }

  const toolDir = join(options.cacheDir, 'temporal-server');
  await mkdir(toolDir, { recursive: true });
  try {
    return await withBuildLock(join(toolDir, `v${TEMPORAL_SERVER_VERSION}.lock`), { onProgress }, async () => {
      // Another process may have finished the build while we waited for the lock.
      if (!(await problemWithCache())) return { ...cached, source: 'cache' as const };
      for (const entry of await readdir(toolDir)) {
        if (entry.startsWith('.build-')) await rm(join(toolDir, entry), { recursive: true, force: true });
      }
      const scratchDir = await mkdtemp(join(toolDir, '.build-'));
      try {
        await buildInto(scratchDir, goVersion.stdout.trim(), options, run, onProgress);
        await rm(versionDir(options.cacheDir), { recursive: true, force: true });
        await rename(scratchDir, versionDir(options.cacheDir));
      } finally {
        await rm(scratchDir, { recursive: true, force: true });
      }
      const problem = await problemWithCache();
      if (problem) throw new TemporalServerBuildError(`Temporal server ${TEMPORAL_SERVER_VERSION}: the build finished but is unusable: ${problem}`);
      onProgress(`Temporal server ${TEMPORAL_SERVER_VERSION} built and cached at ${versionDir(options.cacheDir)}`);
      return { ...cached, source: 'go-build' as const };
    });
  } catch (error) {
    if (error instanceof BuildLockTimeoutError) throw new TemporalServerBuildError(error.message);
    throw error;
  }
}

/** `go install`s both commands into `scratchDir` and copies the module's PostgreSQL schemas next to them. */
async function buildInto(scratchDir: string, goVersion: string, options: EnsureTemporalServerOptions, run: RunProcess, onProgress: ProgressListener): Promise<void> {
  const module = `${TEMPORAL_SERVER_GO_MODULE}@v${TEMPORAL_SERVER_VERSION}`;
  const targets = [`${TEMPORAL_SERVER_GO_MODULE}/cmd/server@v${TEMPORAL_SERVER_VERSION}`, `${TEMPORAL_SERVER_GO_MODULE}/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`];
  const binDir = join(scratchDir, 'bin');
  onProgress(`building with ${goVersion}: go install ${targets.join(' ')} (takes minutes the first time)`);
  const stopHeartbeat = startHeartbeat(onProgress, (elapsed) => `still building the Temporal server (${elapsed} elapsed)`, options.heartbeatIntervalMs ?? 15_000);
  let build;
  try {
    build = await run('go', ['install', ...targets], {
      // Outside any Go module, so that `go install pkg@version` uses the server's own go.mod.
      cwd: scratchDir,
      env: { ...options.environment, GOBIN: binDir },
      onLine: (line) => {
        if (line.startsWith('go: downloading ')) onProgress(line);
      },
    });
  } finally {
    stopHeartbeat();
  }
  if (build.exitCode !== 0) throw new TemporalServerBuildError(`building the Temporal server failed: ${describeProcessFailure(`go install ${targets.join(' ')}`, build)}`);
  await rename(join(binDir, 'server'), join(scratchDir, 'temporal-server'));
  await rename(join(binDir, 'sql'), join(scratchDir, 'temporal-sql-tool'));
  await rm(binDir, { recursive: true, force: true });

  onProgress(`copying the PostgreSQL schemas out of the Go module cache (go mod download ${module})`);
  const download = await run('go', ['mod', 'download', '-json', module], { cwd: scratchDir, env: options.environment, timeoutMs: 10 * 60_000 });
  if (download.exitCode !== 0) throw new TemporalServerBuildError(`finding the module's schemas failed: ${describeProcessFailure(`go mod download -json ${module}`, download)}`);
  let moduleDir: string | undefined;
  try {
    moduleDir = (JSON.parse(download.stdout) as { Dir?: string }).Dir;
  } catch {
    // reported below
  }
  if (!moduleDir) throw new TemporalServerBuildError(`go mod download -json ${module} did not say where the module is: ${download.stdout.slice(0, 300)}`);
  await cp(join(moduleDir, 'schema', 'postgresql', 'v12'), join(scratchDir, 'schema', 'postgresql', 'v12'), { recursive: true });
}

/** Why a cached build cannot be used, or undefined when it can. */
async function checkBuild(build: Omit<TemporalServerBuild, 'source'>, run: RunProcess, environment: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const path of [build.serverPath, build.sqlToolPath]) {
    if (!(await isExecutableFile(path))) return `no executable ${path}`;
  }
  for (const schema of ['temporal', 'visibility']) {
    const versioned = join(build.postgresSchemaDir, schema, 'versioned');
    const entries = await readdir(versioned).catch(() => []);
    if (entries.length === 0) return `no schema versions in ${versioned}`;
  }
  const version = await run(build.serverPath, ['--version'], { env: environment, timeoutMs: 30_000 });
  if (version.exitCode !== 0) return describeProcessFailure(`${build.serverPath} --version`, version);
  if (!version.stdout.includes(TEMPORAL_SERVER_VERSION)) return `${build.serverPath} --version says ${version.stdout.trim()}, not ${TEMPORAL_SERVER_VERSION}`;
  return undefined;
}

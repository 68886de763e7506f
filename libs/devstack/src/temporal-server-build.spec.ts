import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedTemporalServerBuild, ensureTemporalServer, TemporalServerBuildError, TEMPORAL_SERVER_VERSION } from './temporal-server-build';
import type { ProcessResult, RunProcess, RunProcessOptions } from './tool-sources';

const ok = (stdout = ''): ProcessResult => ({ exitCode: 0, stdout, stderr: '' });

async function executable(path: string): Promise<void> {
  await writeFile(path, '#!/bin/sh\n');
  await chmod(path, 0o755);
}

/** A module directory as `go mod download` leaves it: the PostgreSQL schemas, one version each. */
async function fakeModule(dir: string): Promise<string> {
  for (const schema of ['temporal', 'visibility']) {
    const versioned = join(dir, 'schema', 'postgresql', 'v12', schema, 'versioned', 'v1.0');
    await mkdir(versioned, { recursive: true });
    await writeFile(join(versioned, 'manifest.json'), '{}');
  }
  return dir;
}

/**
 * Answers `go version`, `go install` (writes `server` and `sql` into GOBIN unless told to fail),
 * `go mod download -json` (points at the fake module) and `<binary> --version`.
 */
function fakeGo(setup: { moduleDir: string; goInstalled?: boolean; installFails?: boolean }) {
  const calls: Array<{ command: string; args: readonly string[] }> = [];
  const run: RunProcess = async (command, args, options?: RunProcessOptions) => {
    calls.push({ command, args });
    if (command === 'go') {
      if (setup.goInstalled === false) return { exitCode: null, startError: 'spawn go ENOENT', stdout: '', stderr: '' };
      if (args[0] === 'version') return ok('go version go1.26.8 linux/amd64\n');
      if (args[0] === 'install') {
        if (setup.installFails) return { exitCode: 1, stdout: '', stderr: 'go: go.temporal.io/server@v1.29.1: connection refused\n' };
        const gobin = options?.env?.GOBIN as string;
        await mkdir(gobin, { recursive: true });
        await executable(join(gobin, 'server'));
        await executable(join(gobin, 'sql'));
        return ok();
      }
      if (args[0] === 'mod') return ok(JSON.stringify({ Path: 'go.temporal.io/server', Version: `v${TEMPORAL_SERVER_VERSION}`, Dir: setup.moduleDir }));
    }
    if (args[0] === '--version') return ok(`temporal version ${TEMPORAL_SERVER_VERSION}\n`);
    throw new Error(`unexpected command ${command} ${args.join(' ')}`);
  };
  return { run, calls, goInstalls: () => calls.filter((call) => call.command === 'go' && call.args[0] === 'install').length };
}

describe('ensureTemporalServer', () => {
  let cacheDir: string;
  let moduleDir: string;

  beforeEach(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'wegwijs-server-cache-'));
    moduleDir = await fakeModule(await mkdtemp(join(tmpdir(), 'wegwijs-server-module-')));
  });

  afterEach(async () => {
    await rm(cacheDir, { recursive: true, force: true });
    await rm(moduleDir, { recursive: true, force: true });
  });

  it('builds both commands once, copies the schemas next to them, and uses the cache from then on', async () => {
    const go = fakeGo({ moduleDir });
    const progress: string[] = [];

    const built = await ensureTemporalServer({ cacheDir, environment: {}, runProcess: go.run, onProgress: (line) => progress.push(line) });
    const again = await ensureTemporalServer({ cacheDir, environment: {}, runProcess: go.run });

    expect(built).toEqual({ ...cachedTemporalServerBuild(cacheDir), source: 'go-build' });
    expect(again.source).toBe('cache');
    expect(go.goInstalls()).toBe(1);
    expect(go.calls.find((call) => call.args[0] === 'install')?.args).toEqual([
      'install',
      `go.temporal.io/server/cmd/server@v${TEMPORAL_SERVER_VERSION}`,
      `go.temporal.io/server/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`,
    ]);
    expect(await readdir(join(built.postgresSchemaDir, 'visibility', 'versioned'))).toEqual(['v1.0']);
    expect(progress.some((line) => line.includes('takes minutes the first time'))).toBe(true);
    // No scratch directory is left behind in the cache.
    expect(await readdir(join(cacheDir, 'temporal-server'))).toEqual([`v${TEMPORAL_SERVER_VERSION}`]);
  });

  it('says that neither a cached build nor Go is there', async () => {
    const go = fakeGo({ moduleDir, goInstalled: false });

    await expect(ensureTemporalServer({ cacheDir, environment: {}, runProcess: go.run })).rejects.toThrow(
      new TemporalServerBuildError(`Temporal server ${TEMPORAL_SERVER_VERSION}: no cached build and no usable Go toolchain to build one (could not run go version: spawn go ENOENT)`),
    );
  });

  it('names the failing step and Go’s own words when the build fails, and caches nothing', async () => {
    const go = fakeGo({ moduleDir, installFails: true });

    const failure = ensureTemporalServer({ cacheDir, environment: {}, runProcess: go.run });

    await expect(failure).rejects.toThrow(TemporalServerBuildError);
    await expect(failure).rejects.toThrow(/building the Temporal server failed: .*connection refused/s);
    expect(await readdir(join(cacheDir, 'temporal-server'))).toEqual([]);
  });
});

import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cachedTemporalCliPath,
  ensureTemporalCli,
  isCompatibleTemporalCliVersion,
  parseTemporalCliVersion,
  TEMPORAL_CLI_GO_PACKAGE,
  TEMPORAL_CLI_VERSION,
} from './temporal-cli';
import { DevToolUnavailableError, type ProcessResult, type RunProcess, type RunProcessOptions } from './tool-sources';

const RELEASE_OUTPUT = 'temporal version 1.5.1 (Server 1.29.1, UI 2.42.1)\n';
const SOURCE_BUILD_OUTPUT = 'temporal version 0.0.0-DEV (Server 1.29.1, UI 2.42.1)\n';

const ok = (stdout = ''): ProcessResult => ({ exitCode: 0, stdout, stderr: '' });
const notFound = (command: string): ProcessResult => ({
  exitCode: null,
  startError: `spawn ${command} ENOENT`,
  stdout: '',
  stderr: '',
});

interface Call {
  command: string;
  args: readonly string[];
  options?: RunProcessOptions;
}

/**
 * A process double: answers `<path> --version` from a table of known binaries, `go version` when
 * Go is "installed", and `go install` by running the supplied fake build.
 */
function fakeProcesses(setup: {
  versions?: Record<string, string>;
  goInstalled?: boolean;
  goInstall?: (options: RunProcessOptions) => Promise<ProcessResult>;
}) {
  const calls: Call[] = [];
  const run: RunProcess = async (command, args, options) => {
    calls.push({ command, args, options });
    if (command === 'go') {
      if (!setup.goInstalled) return notFound('go');
      if (args[0] === 'version') return ok('go version go1.26.0 linux/amd64\n');
      if (args[0] === 'install') return setup.goInstall ? setup.goInstall(options ?? {}) : ok();
    }
    if (args[0] === '--version') {
      const known = setup.versions?.[command];
      return known === undefined ? notFound(command) : ok(known);
    }
    throw new Error(`unexpected command ${command} ${args.join(' ')}`);
  };
  return { run, calls, goInstalls: () => calls.filter((call) => call.command === 'go' && call.args[0] === 'install') };
}

/** A fake `go install` that writes a binary into GOBIN, as the real one does. */
function buildingInto(delayMs = 0, output = SOURCE_BUILD_OUTPUT, versions?: Record<string, string>) {
  return async (options: RunProcessOptions): Promise<ProcessResult> => {
    options.onLine?.('go: downloading go.temporal.io/server v1.29.1');
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const gobin = options.env?.GOBIN as string;
    await writeFile(join(gobin, 'temporal'), '#!/bin/sh\n', { mode: 0o755 });
    if (versions) versions[join(gobin, 'temporal')] = output;
    return ok();
  };
}

async function placeExecutable(path: string): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, '#!/bin/sh\n');
  await chmod(path, 0o755);
  return path;
}

describe('ensureTemporalCli', () => {
  let workDir: string;
  let cacheDir: string;
  let emptyPath: string;

  beforeEach(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'temporal-cli-spec-'));
    cacheDir = join(workDir, 'cache');
    emptyPath = join(workDir, 'empty-bin');
    await mkdir(emptyPath, { recursive: true });
  });

  afterEach(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  const offline = async () => false;

  it('uses the configured binary first and looks no further when it runs and is 1.5 or newer', async () => {
    const configured = await placeExecutable(join(workDir, 'custom', 'temporal'));
    await placeExecutable(cachedTemporalCliPath(cacheDir));
    const processes = fakeProcesses({ versions: { [configured]: RELEASE_OUTPUT }, goInstalled: true });

    const cli = await ensureTemporalCli({
      cacheDir,
      environment: { PATH: emptyPath },
      configuredPath: configured,
      runProcess: processes.run,
      probeInternet: offline,
    });

    expect(cli).toMatchObject({
      source: 'configured',
      path: configured,
      executable: { type: 'existing-path', path: configured },
    });
    expect(cli.version).toBe('1.5.1 (Server 1.29.1)');
    expect(processes.calls.map((call) => call.command)).toEqual([configured]);
  });

  it('resolves a configured bare command name against PATH, so the SDK gets a path it can open', async () => {
    const binDir = join(workDir, 'bin');
    const named = await placeExecutable(join(binDir, 'temporal-1.5'));
    const processes = fakeProcesses({ versions: { [named]: RELEASE_OUTPUT } });

    const cli = await ensureTemporalCli({
      cacheDir,
      environment: { PATH: binDir },
      configuredPath: 'temporal-1.5',
      runProcess: processes.run,
      probeInternet: offline,
    });

    expect(cli).toMatchObject({
      source: 'configured',
      path: named,
      executable: { type: 'existing-path', path: named },
    });
  });

  it('takes `temporal` from PATH when nothing is configured', async () => {
    const binDir = join(workDir, 'bin');
    const onPath = await placeExecutable(join(binDir, 'temporal'));
    const processes = fakeProcesses({ versions: { [onPath]: 'temporal version 1.6.0 (Server 1.30.0, UI 2.45.0)' } });

    const cli = await ensureTemporalCli({
      cacheDir,
      environment: { PATH: `${emptyPath}:${binDir}` },
      runProcess: processes.run,
      probeInternet: offline,
    });

    expect(cli.source).toBe('path');
    expect(cli.path).toBe(onPath);
    expect(cli.rejections).toEqual([{ source: 'configured', reason: expect.stringContaining('no path configured') }]);
  });

  it('passes over a binary on PATH that is older than 1.5 and says why', async () => {
    const binDir = join(workDir, 'bin');
    const old = await placeExecutable(join(binDir, 'temporal'));
    const cached = await placeExecutable(cachedTemporalCliPath(cacheDir));
    const processes = fakeProcesses({
      versions: { [old]: 'temporal version 1.4.2 (Server 1.28.0)', [cached]: SOURCE_BUILD_OUTPUT },
    });

    const cli = await ensureTemporalCli({
      cacheDir,
      environment: { PATH: binDir },
      runProcess: processes.run,
      probeInternet: offline,
    });

    expect(cli.source).toBe('cache');
    expect(cli.rejections.find((rejection) => rejection.source === 'path')?.reason).toMatch(
      /version 1\.4\.2.*need 1\.5\.x/,
    );
  });

  it('never runs go when a cached build exists', async () => {
    const cached = await placeExecutable(cachedTemporalCliPath(cacheDir));
    const processes = fakeProcesses({
      versions: { [cached]: SOURCE_BUILD_OUTPUT },
      goInstalled: true,
      goInstall: buildingInto(),
    });

    const cli = await ensureTemporalCli({
      cacheDir,
      environment: { PATH: emptyPath },
      runProcess: processes.run,
      probeInternet: offline,
    });

    expect(cli).toMatchObject({ source: 'cache', path: cached });
    expect(cli.version).toContain(TEMPORAL_CLI_VERSION);
    expect(processes.calls.filter((call) => call.command === 'go')).toEqual([]);
  });

  it('builds the pinned module with go install into the cache when nothing else is there, reporting progress', async () => {
    const versions: Record<string, string> = { [cachedTemporalCliPath(cacheDir)]: SOURCE_BUILD_OUTPUT };
    const processes = fakeProcesses({
      versions,
      goInstalled: true,
      goInstall: buildingInto(80, SOURCE_BUILD_OUTPUT, versions),
    });
    const progress: string[] = [];

    const cli = await ensureTemporalCli({
      cacheDir,
      environment: { PATH: emptyPath, HOME: '/home/someone' },
      runProcess: processes.run,
      probeInternet: offline,
      onProgress: (message) => progress.push(message),
      heartbeatIntervalMs: 20,
    });

    expect(cli).toMatchObject({ source: 'go-build', path: cachedTemporalCliPath(cacheDir) });
    const [install] = processes.goInstalls();
    expect(install.args).toEqual(['install', `${TEMPORAL_CLI_GO_PACKAGE}@v${TEMPORAL_CLI_VERSION}`]);
    expect(install.options?.env).toMatchObject({ HOME: '/home/someone' });
    expect(install.options?.env?.GOBIN).not.toBe(join(cacheDir, 'temporal-cli', `v${TEMPORAL_CLI_VERSION}`));
    expect(progress).toContain('go: downloading go.temporal.io/server v1.29.1');
    expect(progress.some((message) => message.startsWith('still building Temporal CLI'))).toBe(true);
    // The scratch directory and the lock are gone; only the version directory and its binary stay.
    expect(await readdir(join(cacheDir, 'temporal-cli'))).toEqual([`v${TEMPORAL_CLI_VERSION}`]);
  });

  it('leaves no binary in the cache when the build fails, and lists the reason', async () => {
    const processes = fakeProcesses({
      goInstalled: true,
      goInstall: async () => ({
        exitCode: 1,
        stdout: '',
        stderr: 'go: github.com/temporalio/cli@v1.5.1: connection refused\n',
      }),
    });

    const failure = ensureTemporalCli({
      cacheDir,
      environment: { PATH: emptyPath },
      runProcess: processes.run,
      probeInternet: offline,
    });

    await expect(failure).rejects.toThrow(
      /go-build: go install .* exited with 1: go: github.com\/temporalio\/cli@v1.5.1: connection refused/,
    );
    expect(await readdir(join(cacheDir, 'temporal-cli'))).toEqual([]);
  });

  it('builds once when two callers need the CLI at the same time; the second waits and uses that build', async () => {
    const versions: Record<string, string> = { [cachedTemporalCliPath(cacheDir)]: SOURCE_BUILD_OUTPUT };
    const processes = fakeProcesses({
      versions,
      goInstalled: true,
      goInstall: buildingInto(300, SOURCE_BUILD_OUTPUT, versions),
    });
    const options = { cacheDir, environment: { PATH: emptyPath }, runProcess: processes.run, probeInternet: offline };

    const [first, second] = await Promise.all([ensureTemporalCli(options), ensureTemporalCli(options)]);

    expect(processes.goInstalls()).toHaveLength(1);
    expect(first.path).toBe(cachedTemporalCliPath(cacheDir));
    expect(second.path).toBe(cachedTemporalCliPath(cacheDir));
    // The one that waited says it used the cache, not that it built.
    expect([first.source, second.source].sort()).toEqual(['cache', 'go-build']);
  });

  it('falls back to the SDK download only when every local source failed and the internet answers', async () => {
    const processes = fakeProcesses({ goInstalled: false });

    const cli = await ensureTemporalCli({
      cacheDir,
      environment: { PATH: emptyPath },
      runProcess: processes.run,
      probeInternet: async () => true,
    });

    expect(cli).toMatchObject({ source: 'sdk-download', executable: { type: 'cached-download' } });
    expect(cli.path).toBeUndefined();
    expect(cli.rejections.map((rejection) => rejection.source)).toEqual(['configured', 'path', 'cache', 'go-build']);
  });

  it('fails with one message that gives every source and its reason, in order', async () => {
    const processes = fakeProcesses({ goInstalled: false });

    const failure = await ensureTemporalCli({
      cacheDir,
      environment: { PATH: emptyPath },
      configuredPath: join(workDir, 'missing', 'temporal'),
      runProcess: processes.run,
      probeInternet: offline,
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DevToolUnavailableError);
    const lines = (failure as Error).message.split('\n');
    expect(lines[0]).toBe('Could not obtain Temporal CLI. Tried, in order:');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^ {2}- configured: could not run .*missing\/temporal --version: spawn .* ENOENT$/),
      '  - path: no `temporal` on PATH',
      `  - cache: no cached build at ${cachedTemporalCliPath(cacheDir)}`,
      expect.stringMatching(/^ {2}- go-build: no usable Go toolchain \(could not run go version: spawn go ENOENT\)$/),
      '  - sdk-download: no internet connection (the download host did not answer)',
    ]);
  });

  it('does not probe the internet when the caller disallows the SDK download', async () => {
    const probe = jest.fn(async () => true);

    const failure = ensureTemporalCli({
      cacheDir,
      environment: { PATH: emptyPath },
      runProcess: fakeProcesses({}).run,
      probeInternet: probe,
      allowSdkDownload: false,
    });

    await expect(failure).rejects.toThrow('sdk-download: disabled by the caller');
    expect(probe).not.toHaveBeenCalled();
  });

  it('takes over a build lock left by a process that no longer exists', async () => {
    const versions: Record<string, string> = { [cachedTemporalCliPath(cacheDir)]: SOURCE_BUILD_OUTPUT };
    const processes = fakeProcesses({
      versions,
      goInstalled: true,
      goInstall: buildingInto(0, SOURCE_BUILD_OUTPUT, versions),
    });
    const lockPath = join(cacheDir, 'temporal-cli', `v${TEMPORAL_CLI_VERSION}.lock`);
    await mkdir(join(cacheDir, 'temporal-cli'), { recursive: true });
    await writeFile(lockPath, JSON.stringify({ pid: 2 ** 22 + 12345 }));

    const cli = await ensureTemporalCli({
      cacheDir,
      environment: { PATH: emptyPath },
      runProcess: processes.run,
      probeInternet: offline,
    });

    expect(cli.source).toBe('go-build');
    await expect(readFile(lockPath)).rejects.toThrow(/ENOENT/);
  });
});

describe('Temporal CLI version rules', () => {
  it('reads the CLI and bundled server versions from `temporal --version`', () => {
    expect(parseTemporalCliVersion(RELEASE_OUTPUT)).toEqual({ cli: '1.5.1', server: '1.29.1' });
    expect(parseTemporalCliVersion('command not found')).toBeUndefined();
  });

  it('accepts 1.5 and later 1.x releases and rejects older or next-major ones', () => {
    expect(isCompatibleTemporalCliVersion({ cli: '1.5.0' })).toBe(true);
    expect(isCompatibleTemporalCliVersion({ cli: '1.12.3' })).toBe(true);
    expect(isCompatibleTemporalCliVersion({ cli: '1.4.9' })).toBe(false);
    expect(isCompatibleTemporalCliVersion({ cli: '2.0.0' })).toBe(false);
  });

  it('judges a source build, which reports 0.0.0-DEV, by the server it bundles', () => {
    expect(isCompatibleTemporalCliVersion({ cli: '0.0.0-DEV', server: '1.29.1' })).toBe(true);
    expect(isCompatibleTemporalCliVersion({ cli: '0.0.0-DEV', server: '1.27.0' })).toBe(false);
    expect(isCompatibleTemporalCliVersion({ cli: '0.0.0-DEV' })).toBe(false);
  });
});

import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cachedTimeSkippingServerPath,
  ensureTimeSkippingServer,
  renderLauncherPom,
  renderLauncherScript,
  type StartupArchiveRequest,
  TEMPORAL_TEST_SERVER_VERSION,
  timeSkippingServerDir,
} from './time-skipping-server';
import { DevToolUnavailableError, type ProcessResult, type RunProcess, type RunProcessOptions } from './tool-sources';

const ok = (stdout = ''): ProcessResult => ({ exitCode: 0, stdout, stderr: '' });

/** A Maven double: `mvn --version` answers when installed; copy-dependencies writes a jar into its output directory. */
function fakeMaven(setup: {
  installed: boolean;
  resolve?: (outputDirectory: string, options: RunProcessOptions) => Promise<ProcessResult>;
}) {
  const calls: { args: readonly string[]; options?: RunProcessOptions }[] = [];
  const run: RunProcess = async (command, args, options) => {
    if (command !== 'mvn') throw new Error(`unexpected command ${command}`);
    calls.push({ args, options });
    if (!setup.installed) return { exitCode: null, startError: 'spawn mvn ENOENT', stdout: '', stderr: '' };
    if (args[0] === '--version') return ok('Apache Maven 3.8.7\n');
    const outputDirectory = args.find((arg) => arg.startsWith('-DoutputDirectory='))?.split('=')[1] ?? '';
    return setup.resolve ? setup.resolve(outputDirectory, options ?? {}) : ok();
  };
  return { run, resolutions: () => calls.filter((call) => call.args.includes('dependency:copy-dependencies')) };
}

const resolvingJars = async (outputDirectory: string, options: RunProcessOptions): Promise<ProcessResult> => {
  options.onLine?.(
    'Downloaded from central: https://repo.maven.apache.org/maven2/io/temporal/temporal-test-server/1.38.0/temporal-test-server-1.38.0.jar (1.2 MB at 3 MB/s)',
  );
  await mkdir(outputDirectory, { recursive: true });
  await writeFile(join(outputDirectory, `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}.jar`), 'jar');
  return ok();
};

const writingArchive = async (request: StartupArchiveRequest) => {
  await writeFile(request.archivePath, 'archive');
};

async function placeExecutable(path: string): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, '#!/bin/sh\n');
  await chmod(path, 0o755);
  return path;
}

describe('ensureTimeSkippingServer', () => {
  let workDir: string;
  let cacheDir: string;
  let javaBin: string;
  const offline = async () => false;

  beforeEach(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'time-skipping-spec-'));
    cacheDir = join(workDir, 'cache');
    javaBin = join(workDir, 'jdk', 'bin');
    await placeExecutable(join(javaBin, 'java'));
  });

  afterEach(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('uses a configured executable without touching the cache or Maven', async () => {
    const configured = await placeExecutable(join(workDir, 'native', 'temporal-test-server'));
    const maven = fakeMaven({ installed: true, resolve: resolvingJars });

    const server = await ensureTimeSkippingServer({
      cacheDir,
      environment: { PATH: javaBin },
      configuredPath: configured,
      runProcess: maven.run,
      probeInternet: offline,
    });

    expect(server).toMatchObject({ source: 'configured', executable: { type: 'existing-path', path: configured } });
    expect(maven.resolutions()).toEqual([]);
  });

  it('passes over a configured path that is not an executable file', async () => {
    await placeExecutable(cachedTimeSkippingServerPath(cacheDir));

    const server = await ensureTimeSkippingServer({
      cacheDir,
      environment: { PATH: javaBin },
      configuredPath: join(workDir, 'nothing-here'),
      runProcess: fakeMaven({ installed: true }).run,
      probeInternet: offline,
    });

    expect(server.source).toBe('cache');
    expect(server.rejections).toEqual([
      { source: 'configured', reason: `${join(workDir, 'nothing-here')} is not an executable file` },
    ]);
  });

  it('never runs Maven when the launcher is already cached', async () => {
    await placeExecutable(cachedTimeSkippingServerPath(cacheDir));
    const maven = fakeMaven({ installed: true, resolve: resolvingJars });

    const server = await ensureTimeSkippingServer({
      cacheDir,
      environment: { PATH: javaBin },
      runProcess: maven.run,
      probeInternet: offline,
    });

    expect(server).toMatchObject({
      source: 'cache',
      path: cachedTimeSkippingServerPath(cacheDir),
      version: TEMPORAL_TEST_SERVER_VERSION,
    });
    expect(maven.resolutions()).toEqual([]);
  });

  it('installs from Maven Central: jars into lib, a start-up archive, and an executable launcher written last', async () => {
    const maven = fakeMaven({ installed: true, resolve: resolvingJars });
    const progress: string[] = [];
    const archiveRequests: StartupArchiveRequest[] = [];

    const server = await ensureTimeSkippingServer({
      cacheDir,
      environment: { PATH: javaBin },
      runProcess: maven.run,
      probeInternet: offline,
      onProgress: (message) => progress.push(message),
      createStartupArchive: async (request) => {
        archiveRequests.push(request);
        await writingArchive(request);
      },
    });

    const installDir = timeSkippingServerDir(cacheDir);
    expect(server).toMatchObject({ source: 'maven-build', path: cachedTimeSkippingServerPath(cacheDir) });
    expect(maven.resolutions()[0].options?.cwd).toBe(installDir);
    expect(await readFile(join(installDir, 'pom.xml'), 'utf8')).toContain(
      `<version>${TEMPORAL_TEST_SERVER_VERSION}</version>`,
    );
    expect(await readdir(join(installDir, 'lib'))).toEqual([
      `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}.jar`,
    ]);
    expect(archiveRequests[0]).toMatchObject({
      javaPath: join(javaBin, 'java'),
      classPath: `${join(installDir, 'lib')}/*`,
    });
    const launcher = await readFile(cachedTimeSkippingServerPath(cacheDir), 'utf8');
    expect(launcher).toContain(`-XX:SharedArchiveFile=${join(installDir, 'startup.jsa')}`);
    expect((await stat(cachedTimeSkippingServerPath(cacheDir))).mode & 0o111).not.toBe(0);
    expect(progress).toContain(`maven: downloaded temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}.jar`);
    expect(await readdir(installDir)).toEqual(['lib', 'pom.xml', 'startup.jsa', 'temporal-test-server']);
  });

  it('still installs a working launcher, without the archive flag, when the archive cannot be made', async () => {
    const progress: string[] = [];

    await ensureTimeSkippingServer({
      cacheDir,
      environment: { PATH: javaBin },
      runProcess: fakeMaven({ installed: true, resolve: resolvingJars }).run,
      probeInternet: offline,
      onProgress: (message) => progress.push(message),
      createStartupArchive: async () => {
        throw new Error('the test server exited early');
      },
    });

    const launcher = await readFile(cachedTimeSkippingServerPath(cacheDir), 'utf8');
    expect(launcher).not.toContain('SharedArchiveFile');
    expect(
      progress.some((message) => message.includes('warning: no start-up archive') && message.includes('exited early')),
    ).toBe(true);
  });

  it('leaves no launcher behind when Maven fails, so the next run tries again', async () => {
    const maven = fakeMaven({
      installed: true,
      resolve: async () => ({
        exitCode: 1,
        stdout: '[ERROR] Could not resolve dependencies for project\n',
        stderr: '',
      }),
    });

    const failure = ensureTimeSkippingServer({
      cacheDir,
      environment: { PATH: javaBin },
      runProcess: maven.run,
      probeInternet: offline,
    });

    await expect(failure).rejects.toThrow(
      /maven-build: mvn dependency:copy-dependencies exited with 1: \[ERROR\] Could not resolve dependencies/,
    );
    await expect(stat(cachedTimeSkippingServerPath(cacheDir))).rejects.toThrow(/ENOENT/);
  });

  it('says that Java is missing rather than running Maven without it', async () => {
    const maven = fakeMaven({ installed: true, resolve: resolvingJars });

    const failure = await ensureTimeSkippingServer({
      cacheDir,
      environment: { PATH: join(workDir, 'empty') },
      runProcess: maven.run,
      probeInternet: offline,
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DevToolUnavailableError);
    expect((failure as Error).message).toContain('maven-build: no `java` on PATH');
    expect(maven.resolutions()).toEqual([]);
  });

  it('fails with one message that gives every source and its reason, in order', async () => {
    const failure = await ensureTimeSkippingServer({
      cacheDir,
      environment: { PATH: javaBin },
      runProcess: fakeMaven({ installed: false }).run,
      probeInternet: offline,
    }).catch((error: unknown) => error);

    expect((failure as Error).message.split('\n')).toEqual([
      'Could not obtain Temporal time-skipping test server. Tried, in order:',
      '  - configured: no path configured (TEMPORAL_TEST_SERVER_PATH)',
      `  - cache: no cached install at ${cachedTimeSkippingServerPath(cacheDir)}`,
      '  - maven-build: no usable Maven (could not run mvn --version: spawn mvn ENOENT)',
      '  - sdk-download: no internet connection (the download host did not answer)',
    ]);
  });

  it('falls back to the SDK download when nothing local works and the internet answers', async () => {
    const server = await ensureTimeSkippingServer({
      cacheDir,
      environment: { PATH: javaBin },
      runProcess: fakeMaven({ installed: false }).run,
      probeInternet: async () => true,
    });

    expect(server).toMatchObject({ source: 'sdk-download', executable: { type: 'cached-download' } });
  });
});

describe('the launcher script', () => {
  it('replaces itself with the JVM, so that the SDK killing the launcher stops the server', () => {
    const script = renderLauncherScript({ javaPath: '/usr/bin/java', libDir: '/cache/lib' });

    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toMatch(
      /\nexec '\/usr\/bin\/java' .* -cp '\/cache\/lib\/\*' io\.temporal\.testserver\.TestServer "\$@"\n/,
    );
  });

  it('quotes paths so that spaces and quotes in the cache directory survive the shell', () => {
    const script = renderLauncherScript({
      javaPath: '/opt/my jdk/bin/java',
      libDir: "/home/o'neil/cache/lib",
      archivePath: '/x y/startup.jsa',
    });

    expect(script).toContain(`'/opt/my jdk/bin/java'`);
    expect(script).toContain(`'/home/o'\\''neil/cache/lib/*'`);
    expect(script).toContain(`'-XX:SharedArchiveFile=/x y/startup.jsa'`);
  });

  it('asks Maven for exactly the pinned test server release', () => {
    expect(renderLauncherPom()).toMatch(
      new RegExp(
        `<artifactId>temporal-test-server</artifactId>\\s*<version>${TEMPORAL_TEST_SERVER_VERSION.replace(/\./g, '\\.')}</version>`,
      ),
    );
  });
});

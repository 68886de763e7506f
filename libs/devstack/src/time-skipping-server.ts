/**
 * Finds or obtains Temporal's time-skipping test server without internet. The SDK would download
 * a GraalVM native build of the Java class `io.temporal.testserver.TestServer`; here the same
 * class runs on the machine's JVM, from the Maven artifact `io.temporal:temporal-test-server`
 * and its dependencies resolved from Maven Central, behind a small launcher script the SDK can
 * start as if it were the native binary. Sources, in order: a configured path, the cached
 * launcher, a Maven build, and last the SDK's own download (internet only).
 *
 * The SDK gives the server 5 s to accept gRPC. Measured on a 2-core machine, from
 * `createTimeSkipping` to a connected environment: a plain `java -cp` start takes 1.1-1.3 s idle
 * and 2.2-3.4 s with three CPU-bound processes running, too close to 5 s for a busy CI machine;
 * with the launcher's flags and a class-data-sharing archive recorded once at install it takes
 * 0.4-0.6 s idle and 0.8-1.3 s with four CPU-bound processes.
 *
 * The archive is tied to the JDK build: after a JDK update the JVM warns "Unable to use shared
 * archive" and starts at the slower speed until the cache directory is removed and reinstalled.
 */
import { spawn } from 'node:child_process';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';
import {
  BuildLockTimeoutError,
  canConnect,
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

/**
 * The newest release on Maven Central (checked 2026-11), built 2026-08-10, so it predates
 * `@temporalio/testing` 1.24.0 (2026-09-15) and is the release the SDK's own download served
 * when that SDK version came out. The test-service protocol the SDK speaks is stable across
 * these releases.
 */
export const TEMPORAL_TEST_SERVER_VERSION = '1.38.0';
export const TEMPORAL_TEST_SERVER_MAIN_CLASS = 'io.temporal.testserver.TestServer';
/** Matches the slf4j-api 1.7 the test server depends on; silences its "no logger binding" warning. */
const SLF4J_NOP_VERSION = '1.7.36';

/**
 * JVM flags that cut start-up on small machines: C1 only (the server lives for one test file,
 * so peak throughput does not matter), the cheapest collector, and class data sharing.
 */
export const TIME_SKIPPING_SERVER_JVM_FLAGS: readonly string[] = [
  '-XX:TieredStopAtLevel=1',
  '-XX:+UseSerialGC',
  '-Xshare:auto',
];

export type TimeSkippingServerSource = 'configured' | 'cache' | 'maven-build' | 'sdk-download';

export interface EnsuredTimeSkippingServer {
  /** Executable that takes the port as its first argument; absent when the SDK is to download it. */
  path?: string;
  /** Pass as `TestWorkflowEnvironment.createTimeSkipping({ server: { executable } })`. */
  executable: EphemeralServerExecutable;
  source: TimeSkippingServerSource;
  version?: string;
  /** The sources tried before the one used, and why each was passed over. */
  rejections: SourceRejection[];
}

export interface StartupArchiveRequest {
  javaPath: string;
  classPath: string;
  archivePath: string;
  onProgress: ProgressListener;
}

export interface EnsureTimeSkippingServerOptions {
  /** Root of the tool cache, usually `defaultToolCacheDir()`. */
  cacheDir: string;
  /** Environment for PATH lookup and for the child processes (`mvn`, `java`). */
  environment: NodeJS.ProcessEnv;
  /** An explicit server executable to use first (the caller reads it from `TEMPORAL_TEST_SERVER_PATH`). */
  configuredPath?: string;
  onProgress?: ProgressListener;
  /** Whether the SDK's download may be the last resort; default true. */
  allowSdkDownload?: boolean;
  runProcess?: RunProcess;
  probeInternet?: () => Promise<boolean>;
  /** Creates the class-data-sharing archive; replaceable so tests need not start a JVM. */
  createStartupArchive?: (request: StartupArchiveRequest) => Promise<void>;
  /** How often a running build says it is still alive; default 15 s. */
  heartbeatIntervalMs?: number;
  /** How long to wait for another process's build; default one hour. */
  lockTimeoutMs?: number;
}

export function timeSkippingServerDir(cacheDir: string): string {
  return join(cacheDir, 'temporal-test-server', TEMPORAL_TEST_SERVER_VERSION);
}

/** The launcher script; it is written last, so its presence means the install is complete. */
export function cachedTimeSkippingServerPath(cacheDir: string): string {
  return join(timeSkippingServerDir(cacheDir), 'temporal-test-server');
}

/** A pom whose only purpose is to let `mvn dependency:copy-dependencies` fetch the server's jars. */
export function renderLauncherPom(version: string = TEMPORAL_TEST_SERVER_VERSION): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by @wegwijs/devstack to fetch the Temporal time-skipping test server's jars. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>wegwijs.devstack</groupId>
  <artifactId>temporal-test-server-launcher</artifactId>
  <version>${version}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${version}</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-nop</artifactId>
      <version>${SLF4J_NOP_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The script the SDK starts in place of the native server. It passes the port as the first
 * argument and stops the server by killing the process it started: `exec` makes that process the
 * JVM itself, so no orphaned JVM keeps the port.
 */
export function renderLauncherScript(launch: { javaPath: string; libDir: string; archivePath?: string }): string {
  const flags = [...TIME_SKIPPING_SERVER_JVM_FLAGS];
  if (launch.archivePath) flags.push(`-XX:SharedArchiveFile=${launch.archivePath}`);
  return [
    '#!/bin/sh',
    `# Temporal time-skipping test server ${TEMPORAL_TEST_SERVER_VERSION} on the JVM; generated by @wegwijs/devstack.`,
    '# Arguments: <port> [extra args]. `exec` so that killing this process stops the JVM.',
    `exec ${shellQuote(launch.javaPath)} ${flags.map(shellQuote).join(' ')} -cp ${shellQuote(`${launch.libDir}/*`)} ${TEMPORAL_TEST_SERVER_MAIN_CLASS} "$@"`,
    '',
  ].join('\n');
}

/** Finds or obtains the time-skipping test server; throws `DevToolUnavailableError` listing every source's reason. */
export async function ensureTimeSkippingServer(
  options: EnsureTimeSkippingServerOptions,
): Promise<EnsuredTimeSkippingServer> {
  const onProgress = options.onProgress ?? (() => undefined);
  const launcherPath = cachedTimeSkippingServerPath(options.cacheDir);
  const checkCache = async (): Promise<LauncherOutcome> =>
    (await isExecutableFile(launcherPath))
      ? { provided: { path: launcherPath, version: TEMPORAL_TEST_SERVER_VERSION } }
      : { rejected: `no cached install at ${launcherPath}` };

  const { value, source, rejections } = await obtainFromSources<{ path?: string; version?: string }>(
    'Temporal time-skipping test server',
    [
      {
        name: 'configured',
        attempt: async () => {
          if (!options.configuredPath) return { rejected: 'no path configured (TEMPORAL_TEST_SERVER_PATH)' };
          // The SDK stats the path itself, relative to its own working directory: hand it an absolute one.
          const configured = resolve(options.configuredPath);
          return (await isExecutableFile(configured))
            ? { provided: { path: configured } }
            : { rejected: `${options.configuredPath} is not an executable file` };
        },
      },
      { name: 'cache', attempt: checkCache },
      { name: 'maven-build', attempt: () => buildWithMaven(options, onProgress, checkCache) },
      sdkDownloadSource(options),
    ],
    onProgress,
  );

  const executable = ephemeralServerExecutable(value.path);
  return { ...value, executable, source: source as TimeSkippingServerSource, rejections };
}

type LauncherOutcome = SourceOutcome<{ path: string; version: string }>;

/**
 * Resolves the server's jars with Maven into the cache, makes the start-up archive, and writes
 * the launcher last (via a rename), so an install killed half-way is simply redone next time.
 */
async function buildWithMaven(
  options: EnsureTimeSkippingServerOptions,
  onProgress: ProgressListener,
  checkCache: () => Promise<LauncherOutcome>,
): Promise<LauncherOutcome> {
  const run = options.runProcess ?? spawnProcess;
  const javaPath = await findOnPath('java', options.environment.PATH);
  if (!javaPath)
    return { rejected: 'no `java` on PATH (a JDK or JRE 17+ is needed, e.g. Debian openjdk-17-jre-headless)' };
  const maven = await run('mvn', ['--version'], { env: options.environment, timeoutMs: 60_000 });
  if (maven.exitCode !== 0) return { rejected: `no usable Maven (${describeProcessFailure('mvn --version', maven)})` };

  const installDir = timeSkippingServerDir(options.cacheDir);
  await mkdir(installDir, { recursive: true });
  try {
    return await withBuildLock(
      join(options.cacheDir, 'temporal-test-server', `${TEMPORAL_TEST_SERVER_VERSION}.lock`),
      { onProgress, timeoutMs: options.lockTimeoutMs },
      async () => {
        const installedMeanwhile = await checkCache();
        if ('provided' in installedMeanwhile) return { ...installedMeanwhile, creditedTo: 'cache' };

        const libDir = join(installDir, 'lib');
        const partialLibDir = join(installDir, 'lib.partial');
        await rm(libDir, { recursive: true, force: true });
        await rm(partialLibDir, { recursive: true, force: true });
        await writeFile(join(installDir, 'pom.xml'), renderLauncherPom());

        onProgress(
          `resolving io.temporal:temporal-test-server:${TEMPORAL_TEST_SERVER_VERSION} and its dependencies with Maven into ${installDir}`,
        );
        const stopHeartbeat = startHeartbeat(
          onProgress,
          (elapsed) => `still resolving the test server's jars with Maven (${elapsed} elapsed)`,
          options.heartbeatIntervalMs ?? 15_000,
        );
        let resolved;
        try {
          resolved = await run(
            'mvn',
            ['-B', 'dependency:copy-dependencies', `-DoutputDirectory=${partialLibDir}`, '-DincludeScope=runtime'],
            {
              cwd: installDir,
              env: options.environment,
              onLine: (line) => {
                const downloaded = /Downloaded from \S+: (\S+)/.exec(line);
                if (downloaded) onProgress(`maven: downloaded ${downloaded[1].split('/').pop()}`);
              },
            },
          );
        } finally {
          stopHeartbeat();
        }
        if (resolved.exitCode !== 0) {
          return { rejected: describeProcessFailure('mvn dependency:copy-dependencies', resolved, 8) };
        }
        await rename(partialLibDir, libDir);

        const archivePath = join(installDir, 'startup.jsa');
        let archiveCreated = false;
        try {
          onProgress('creating the class-data-sharing archive that makes the test server start fast');
          await (options.createStartupArchive ?? createStartupArchive)({
            javaPath,
            classPath: `${libDir}/*`,
            archivePath,
            onProgress,
          });
          archiveCreated = true;
        } catch (error) {
          // The server works without it, only starts slower: worth a warning, not a failure.
          onProgress(`warning: no start-up archive, the test server will start slower: ${(error as Error).message}`);
        }

        const launcherPath = cachedTimeSkippingServerPath(options.cacheDir);
        const launcher = renderLauncherScript({
          javaPath,
          libDir,
          archivePath: archiveCreated ? archivePath : undefined,
        });
        await writeFile(`${launcherPath}.partial`, launcher, { mode: 0o755 });
        await rename(`${launcherPath}.partial`, launcherPath);
        onProgress(`time-skipping test server ${TEMPORAL_TEST_SERVER_VERSION} installed at ${launcherPath}`);
        return { provided: { path: launcherPath, version: TEMPORAL_TEST_SERVER_VERSION } };
      },
    );
  } catch (error) {
    if (error instanceof BuildLockTimeoutError) return { rejected: error.message };
    throw error;
  }
}

/**
 * Thrown when the JVM run that records the class-data-sharing archive does not produce one
 * (the server did not come up, or the JVM did not write the archive on exit).
 */
export class StartupArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupArchiveError';
  }
}

/**
 * Starts the server once with `-XX:ArchiveClassesAtExit`, waits until it listens, and stops it
 * with SIGTERM: the JVM then writes every class it loaded to the archive, which later starts
 * map instead of parsing hundreds of jar entries. The archive is tied to this JDK build and
 * class path; a JVM that cannot use it ignores it (`-Xshare:auto`).
 */
export async function createStartupArchive(request: StartupArchiveRequest): Promise<void> {
  const partialArchive = `${request.archivePath}.partial`;
  await rm(partialArchive, { force: true });
  const port = await findFreePort();
  const child = spawn(
    request.javaPath,
    [
      ...TIME_SKIPPING_SERVER_JVM_FLAGS,
      `-XX:ArchiveClassesAtExit=${partialArchive}`,
      // The dump lists every class it skips (old class-file versions, JFR classes): noise.
      '-Xlog:cds=off',
      '-Xlog:cds+dynamic=off',
      '-cp',
      request.classPath,
      TEMPORAL_TEST_SERVER_MAIN_CLASS,
      String(port),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 120_000;
    while (!(await canConnect('127.0.0.1', port, 1000))) {
      if (child.exitCode !== null) throw new StartupArchiveError(`the test server exited early: ${stderr.trim()}`);
      if (Date.now() > deadline) throw new StartupArchiveError('the test server did not listen within 120 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Let the listener finish initialising so its classes are recorded too.
    await new Promise((resolve) => setTimeout(resolve, 1000));
  } finally {
    child.kill('SIGTERM');
  }
  const timeout = setTimeout(() => child.kill('SIGKILL'), 120_000);
  await exited;
  clearTimeout(timeout);
  if (!(await isNonEmptyFile(partialArchive)))
    throw new StartupArchiveError(`the JVM wrote no archive: ${stderr.trim()}`);
  await rename(partialArchive, request.archivePath);
  request.onProgress(`start-up archive written to ${request.archivePath}`);
}

async function isNonEmptyFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0;
  } catch {
    return false;
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

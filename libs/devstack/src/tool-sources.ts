/**
 * Shared machinery for obtaining a developer tool from an ordered list of sources (a configured
 * path, a cache, a build from a package registry, the SDK's own download): trying each source in
 * turn and remembering why each one was passed over, running child processes with streamed output,
 * a cross-process build lock, progress heartbeats, and a cheap internet probe.
 */
import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, open, readFile, stat, unlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { delimiter, isAbsolute, join } from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';

/** Receives human-readable progress lines while a tool is located or built. */
export type ProgressListener = (message: string) => void;

/** A source that was tried and could not provide the tool, with the reason in plain words. */
export interface SourceRejection {
  source: string;
  reason: string;
}

/**
 * The outcome of one source: either what it provides, or why it could not. A source may credit
 * another (`creditedTo`), e.g. a build that found, after waiting for the lock, that another
 * process had just filled the cache.
 */
export type SourceOutcome<T> = { provided: T; creditedTo?: string } | { rejected: string };

/** One place a tool may come from, tried in list order. */
export interface ToolSource<T> {
  name: string;
  attempt(): Promise<SourceOutcome<T>>;
}

/**
 * Thrown when none of a tool's sources could provide it; the message lists every source that was
 * tried and why it failed, so the reader knows what to install or configure.
 */
export class DevToolUnavailableError extends Error {
  constructor(
    readonly tool: string,
    readonly rejections: readonly SourceRejection[],
  ) {
    super(
      `Could not obtain ${tool}. Tried, in order:\n` +
        rejections.map(({ source, reason }) => `  - ${source}: ${reason}`).join('\n'),
    );
    this.name = 'DevToolUnavailableError';
  }
}

/**
 * Thrown when another process holds a tool's build lock for longer than this process is willing
 * to wait (a build that hangs, or a lock left by a process on another machine sharing the cache).
 */
export class BuildLockTimeoutError extends Error {
  constructor(
    readonly lockPath: string,
    readonly waitedMs: number,
  ) {
    super(
      `Gave up after ${formatElapsed(waitedMs)} waiting for the build lock ${lockPath}. ` +
        `If no other build is running, delete that file.`,
    );
    this.name = 'BuildLockTimeoutError';
  }
}

/**
 * Tries the sources in order and returns the first one that provides the tool, together with
 * the reasons the earlier ones were passed over. Each rejection is also reported as progress, so
 * a person sees why e.g. a slow build started.
 */
export async function obtainFromSources<T>(
  tool: string,
  sources: readonly ToolSource<T>[],
  onProgress: ProgressListener = () => undefined,
): Promise<{ value: T; source: string; rejections: SourceRejection[] }> {
  const rejections: SourceRejection[] = [];
  for (const source of sources) {
    const outcome = await source.attempt();
    if ('provided' in outcome) {
      return { value: outcome.provided, source: outcome.creditedTo ?? source.name, rejections };
    }
    rejections.push({ source: source.name, reason: outcome.rejected });
    onProgress(`${tool}: not from ${source.name}: ${outcome.rejected}`);
  }
  throw new DevToolUnavailableError(tool, rejections);
}

export interface ProcessResult {
  /** Null when the process could not be started or was killed by a signal. */
  exitCode: number | null;
  /** Set when the process could not be started at all (e.g. the command does not exist). */
  startError?: string;
  stdout: string;
  stderr: string;
}

export interface RunProcessOptions {
  cwd?: string;
  /** The complete environment of the child; callers pass the environment they were given. */
  env?: NodeJS.ProcessEnv;
  /** Called for every complete line the child writes to stdout or stderr, as it arrives. */
  onLine?: (line: string) => void;
  /** Kills the child when it runs longer than this. */
  timeoutMs?: number;
}

/** Runs a command to completion; injectable so that source selection is testable with doubles. */
export type RunProcess = (
  command: string,
  args: readonly string[],
  options?: RunProcessOptions,
) => Promise<ProcessResult>;

/** Only the end of a long output is kept: it is where build tools put their error. */
const MAX_CAPTURED_CHARS = 64 * 1024;

/** The default {@link RunProcess}: spawns the command without a shell and streams its lines. */
export const runProcess: RunProcess = (command, args, options = {}) =>
  new Promise((resolve) => {
    const captured = { stdout: '', stderr: '' };
    const partialLines = { stdout: '', stderr: '' };
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer =
      options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      captured[stream] = (captured[stream] + text).slice(-MAX_CAPTURED_CHARS);
      const lines = (partialLines[stream] + text).split(/\r?\n/);
      partialLines[stream] = lines.pop() ?? '';
      for (const line of lines) options.onLine?.(line);
    };
    child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));
    let startError: string | undefined;
    child.on('error', (error) => {
      startError = error.message;
    });
    child.on('close', (exitCode) => {
      if (timer) clearTimeout(timer);
      for (const stream of ['stdout', 'stderr'] as const) {
        if (partialLines[stream]) options.onLine?.(partialLines[stream]);
      }
      resolve({ exitCode: startError ? null : exitCode, startError, ...captured });
    });
  });

/** Explains a failed {@link ProcessResult} in one line, ending with the last lines it printed. */
export function describeProcessFailure(command: string, result: ProcessResult, tailLines = 5): string {
  if (result.startError) return `could not run ${command}: ${result.startError}`;
  const tail = `${result.stdout}\n${result.stderr}`
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .slice(-tailLines)
    .join(' | ');
  const status = result.exitCode === null ? 'was killed' : `exited with ${result.exitCode}`;
  return `${command} ${status}${tail ? `: ${tail}` : ''}`;
}

export async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, fsConstants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Resolves a command name against a PATH value, as a shell would; absolute paths are checked as is. */
export async function findOnPath(command: string, pathValue: string | undefined): Promise<string | undefined> {
  if (isAbsolute(command)) return (await isExecutableFile(command)) ? command : undefined;
  for (const directory of (pathValue ?? '').split(delimiter)) {
    if (!directory) continue;
    const candidate = join(directory, command);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

export function formatElapsed(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return minutes > 0 ? `${minutes}m${String(seconds).padStart(2, '0')}s` : `${seconds}s`;
}

/**
 * Reports `describe(elapsed)` every interval until stopped, so a long silent step (a compile, a
 * download) visibly has not hung. Returns the stop function.
 */
export function startHeartbeat(
  onProgress: ProgressListener,
  describe: (elapsed: string) => string,
  intervalMs: number,
): () => void {
  const startedAt = Date.now();
  const timer = setInterval(() => onProgress(describe(formatElapsed(Date.now() - startedAt))), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

export interface BuildLockOptions {
  onProgress?: ProgressListener;
  /** How long to wait for another process's build before giving up. */
  timeoutMs?: number;
  /** How often to look whether the other process has finished. */
  pollMs?: number;
  /** How often to say that we are still waiting. */
  reportEveryMs?: number;
}

/** A lock file that stays empty this long was left by a process killed while creating it. */
const EMPTY_LOCK_GRACE_MS = 30_000;

/**
 * Runs `work` while holding an exclusive lock file, so two processes on this machine (two Jest
 * workers, `npm start` and `npm test`) never build the same tool at once. A lock whose owner
 * process no longer exists is taken over, so a killed build does not block the next one forever.
 */
export async function withBuildLock<T>(
  lockPath: string,
  options: BuildLockOptions,
  work: () => Promise<T>,
): Promise<T> {
  const { onProgress = () => undefined, timeoutMs = 60 * 60_000, pollMs = 1000, reportEveryMs = 15_000 } = options;
  const startedAt = Date.now();
  let lastReportAt: number | undefined;
  for (;;) {
    if (await tryCreateLock(lockPath)) break;
    const owner = await readLockOwner(lockPath);
    if (owner === 'stale') {
      onProgress(`removing stale build lock ${lockPath} (its process is gone)`);
      await unlink(lockPath).catch(() => undefined);
      continue;
    }
    const waited = Date.now() - startedAt;
    if (waited >= timeoutMs) throw new BuildLockTimeoutError(lockPath, waited);
    if (lastReportAt === undefined || Date.now() - lastReportAt >= reportEveryMs) {
      lastReportAt = Date.now();
      onProgress(
        `waiting for ${owner === 'unknown' ? 'another process' : `process ${owner}`} to finish its build (${formatElapsed(waited)})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  try {
    return await work();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}

async function tryCreateLock(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx');
    try {
      await handle.writeFile(JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function readLockOwner(lockPath: string): Promise<number | 'unknown' | 'stale'> {
  try {
    const text = await readFile(lockPath, 'utf8');
    const pid = Number((JSON.parse(text || '{}') as { pid?: unknown }).pid);
    if (!Number.isInteger(pid) || pid <= 0) {
      const ageMs = Date.now() - (await stat(lockPath)).mtimeMs;
      return ageMs > EMPTY_LOCK_GRACE_MS ? 'stale' : 'unknown';
    }
    return isProcessAlive(pid) ? pid : 'stale';
  } catch {
    // Removed or half-written between our create attempt and this read: the next attempt will tell.
    return 'unknown';
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Answers whether a TCP connection to host:port succeeds within the timeout. */
export function canConnect(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (reachable: boolean) => {
      socket.destroy();
      resolve(reachable);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** The host the SDK downloads its servers from; reachable only on machines with internet. */
export const SDK_DOWNLOAD_HOST = 'temporal.download';

/** The cheap probe run before falling back to the SDK's download: one TCP connect, 3 s at most. */
export function probeSdkDownloadHost(): Promise<boolean> {
  return canConnect(SDK_DOWNLOAD_HOST, 443, 3000);
}

/**
 * The last source of every tool: the Temporal SDK's own download, tried only where it is allowed
 * and the download host answers (machines with internet).
 */
export function sdkDownloadSource<T extends object>(options: {
  readonly allowSdkDownload?: boolean;
  readonly probeInternet?: () => Promise<boolean>;
}): ToolSource<Partial<T>> {
  return {
    name: 'sdk-download',
    attempt: async () => {
      if (options.allowSdkDownload === false) return { rejected: 'disabled by the caller' };
      const online = await (options.probeInternet ?? probeSdkDownloadHost)();
      return online ? { provided: {} } : { rejected: 'no internet connection (the download host did not answer)' };
    },
  };
}

/** How the Temporal SDK is told to run a tool: the binary we have, or its own download. */
export function ephemeralServerExecutable(path: string | undefined): EphemeralServerExecutable {
  return path ? { type: 'existing-path', path } : { type: 'cached-download' };
}

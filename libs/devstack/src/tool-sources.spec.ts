import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BuildLockTimeoutError,
  canConnect,
  describeProcessFailure,
  DevToolUnavailableError,
  findOnPath,
  obtainFromSources,
  runProcess,
  startHeartbeat,
  withBuildLock,
} from './tool-sources';

describe('obtainFromSources', () => {
  it('returns the first source that provides the tool and does not try the ones after it', async () => {
    const later = jest.fn(async () => ({ provided: 'later' }));

    const result = await obtainFromSources('tool', [
      { name: 'first', attempt: async () => ({ rejected: 'not there' }) },
      { name: 'second', attempt: async () => ({ provided: 'found' }) },
      { name: 'third', attempt: later },
    ]);

    expect(result).toEqual({
      value: 'found',
      source: 'second',
      rejections: [{ source: 'first', reason: 'not there' }],
    });
    expect(later).not.toHaveBeenCalled();
  });

  it('throws DevToolUnavailableError with every reason when no source provides the tool', async () => {
    const attempt = obtainFromSources('a tool', [
      { name: 'one', attempt: async () => ({ rejected: 'reason one' }) },
      { name: 'two', attempt: async () => ({ rejected: 'reason two' }) },
    ]);

    await expect(attempt).rejects.toThrow(
      new DevToolUnavailableError('a tool', [
        { source: 'one', reason: 'reason one' },
        { source: 'two', reason: 'reason two' },
      ]),
    );
    await expect(attempt).rejects.toThrow(
      'Could not obtain a tool. Tried, in order:\n  - one: reason one\n  - two: reason two',
    );
  });
});

describe('runProcess', () => {
  it('streams every output line as it comes and returns exit code and output', async () => {
    const lines: string[] = [];

    const result = await runProcess('sh', ['-c', 'echo one; echo two >&2; printf three; exit 3'], {
      onLine: (line) => lines.push(line),
    });

    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe('one\nthree');
    expect(lines.sort()).toEqual(['one', 'three', 'two']);
  });

  it('reports a command that cannot be started instead of throwing', async () => {
    const result = await runProcess('/nonexistent/command', []);

    expect(result.exitCode).toBeNull();
    expect(describeProcessFailure('/nonexistent/command', result)).toMatch(
      /^could not run \/nonexistent\/command: spawn .*ENOENT/,
    );
  });

  it('kills a command that runs past its timeout', async () => {
    const startedAt = Date.now();

    const result = await runProcess('sleep', ['10'], { timeoutMs: 100 });

    expect(result.exitCode).toBeNull();
    expect(Date.now() - startedAt).toBeLessThan(5000);
  });
});

describe('describeProcessFailure', () => {
  it('ends with the last non-empty lines of output, where tools print their error', () => {
    const description = describeProcessFailure(
      'go install x',
      { exitCode: 1, stdout: '', stderr: 'a\nb\n\nc\nd\n' },
      2,
    );

    expect(description).toBe('go install x exited with 1: c | d');
  });
});

describe('findOnPath', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'find-on-path-'));
    await mkdir(join(dir, 'a'));
    await mkdir(join(dir, 'b'));
    await writeFile(join(dir, 'a', 'tool'), 'not executable');
    await writeFile(join(dir, 'b', 'tool'), '#!/bin/sh\n');
    await chmod(join(dir, 'b', 'tool'), 0o755);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns the first executable of that name, skipping files that are not executable', async () => {
    expect(await findOnPath('tool', `${join(dir, 'a')}:${join(dir, 'b')}`)).toBe(join(dir, 'b', 'tool'));
  });

  it('returns nothing when no directory has it', async () => {
    expect(await findOnPath('other', `${join(dir, 'a')}:${join(dir, 'b')}`)).toBeUndefined();
    expect(await findOnPath('tool', undefined)).toBeUndefined();
  });
});

describe('startHeartbeat', () => {
  it('reports the elapsed time at every interval until stopped', async () => {
    const messages: string[] = [];

    const stop = startHeartbeat(
      (message) => messages.push(message),
      (elapsed) => `still busy (${elapsed})`,
      20,
    );
    await new Promise((resolve) => setTimeout(resolve, 110));
    stop();
    const countWhenStopped = messages.length;
    await new Promise((resolve) => setTimeout(resolve, 60));

    expect(countWhenStopped).toBeGreaterThanOrEqual(2);
    expect(messages[0]).toMatch(/^still busy \(\d+s\)$/);
    expect(messages).toHaveLength(countWhenStopped);
  });
});

describe('withBuildLock', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'build-lock-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lets one holder work at a time and releases the lock afterwards', async () => {
    const lockPath = join(dir, 'tool.lock');
    const events: string[] = [];
    const hold = (name: string) =>
      withBuildLock(lockPath, { pollMs: 10 }, async () => {
        events.push(`${name} start`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        events.push(`${name} end`);
      });

    await Promise.all([hold('a'), hold('b')]);

    expect(events).toEqual(['a start', 'a end', 'b start', 'b end']);
    await expect(readFile(lockPath)).rejects.toThrow(/ENOENT/);
  });

  it('says once that it waits, not at every poll, while the lock is held for less than the reporting interval', async () => {
    const lockPath = join(dir, 'tool.lock');
    await writeFile(lockPath, JSON.stringify({ pid: process.pid }));
    const progress: string[] = [];
    setTimeout(() => void rm(lockPath), 150);

    await withBuildLock(
      lockPath,
      { pollMs: 10, reportEveryMs: 10_000, onProgress: (message) => progress.push(message) },
      async () => undefined,
    );

    expect(progress).toEqual([
      expect.stringMatching(new RegExp(`^waiting for process ${process.pid} to finish its build`)),
    ]);
  });

  it('gives up with BuildLockTimeoutError when a live process keeps the lock too long', async () => {
    const lockPath = join(dir, 'tool.lock');
    await writeFile(lockPath, JSON.stringify({ pid: process.pid }));
    const work = jest.fn(async () => undefined);

    await expect(withBuildLock(lockPath, { pollMs: 10, timeoutMs: 50 }, work)).rejects.toBeInstanceOf(
      BuildLockTimeoutError,
    );
    expect(work).not.toHaveBeenCalled();
  });
});

describe('canConnect', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers true for a listening port and false for a closed one', async () => {
    expect(await canConnect('127.0.0.1', port, 1000)).toBe(true);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await canConnect('127.0.0.1', closedPort, 1000)).toBe(false);
  });
});

/**
 * Exercises the Maven source for real, into an empty cache: the path a fresh machine takes, which
 * a machine with a filled cache would otherwise never run. Needs `mvn` and `java`, and Maven
 * Central (or a filled ~/.m2).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTimeSkippingServer, timeSkippingServerDir } from '@wegwijs/devstack';
import { TestWorkflowEnvironment } from '@temporalio/testing';

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;
// Explicit, because Jest ignores `testTimeout` inside a `projects` entry; a cold ~/.m2 means
// downloading about 40 jars.
const INSTALL_TIMEOUT_MS = 300_000;

describe('installing the time-skipping test server with Maven', () => {
  let cacheDir: string;

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'wegwijs-maven-install-'));
  });

  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it(
    'installs jars, a start-up archive and a launcher into an empty cache, and that launcher serves time skipping',
    async () => {
      const server = await ensureTimeSkippingServer({ cacheDir, environment: process.env, allowSdkDownload: false });

      expect(server.source).toBe('maven-build');
      const archive = join(timeSkippingServerDir(cacheDir), 'startup.jsa');
      expect((await stat(archive)).size).toBeGreaterThan(0);
      expect(await readFile(server.path as string, 'utf8')).toContain(`-XX:SharedArchiveFile=${archive}`);

      const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: server.executable } });
      try {
        const before = await env.currentTimeMs();
        await env.sleep('30 days');
        expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(THIRTY_DAYS_MS);
      } finally {
        await env.teardown();
      }
    },
    INSTALL_TIMEOUT_MS,
  );
});

/**
 * A PostgreSQL cluster of a test's own, to stop and start at will: Debian's PostgreSQL server
 * binaries (`initdb`, `pg_ctl`) on a fresh data directory and a free loopback port, so a fault
 * test never stops the cluster other tests (or CI) share. PostgreSQL refuses to run as root: when
 * the tests run as root the cluster runs as the `postgres` system user instead.
 *
 *   const postgres = await startDedicatedPostgres();
 *   await postgres.stop();   // the outage
 *   await postgres.start();  // the recovery, on the same data
 *   await postgres.remove(); // always, also after a failure
 */
import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client as PgClient } from 'pg';
import { freePort } from './free-port';

const run = promisify(execFile);
/** Where Debian's postgresql-NN packages put their server binaries (the newest wins, as in .ci/run); POSTGRES_BIN_DIR for another install. */
const DEBIAN_POSTGRES_DIR = '/usr/lib/postgresql';
const SYSTEM_USER_WHEN_ROOT = 'postgres';
const DATABASE = 'wegwijs';

export interface DedicatedPostgres {
  /** A connection string for its `wegwijs` database. */
  readonly url: string;
  /** A fast shutdown (`pg_ctl stop -m fast`): connections are cut, new ones refused; returns once it is down. */
  stop(): Promise<void>;
  /** Starts it again on its data; returns once it accepts connections. */
  start(): Promise<void>;
  /** Stops it if it runs and deletes its data directory. */
  remove(): Promise<void>;
}

async function serverBinDir(): Promise<string> {
  if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR;
  const versions = (await readdir(DEBIAN_POSTGRES_DIR).catch(() => [] as string[])).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error(`no PostgreSQL server in ${DEBIAN_POSTGRES_DIR} (Debian: apt-get install postgresql), and POSTGRES_BIN_DIR is unset`);
  return join(DEBIAN_POSTGRES_DIR, versions[0], 'bin');
}

export async function startDedicatedPostgres(): Promise<DedicatedPostgres> {
  const binDir = await serverBinDir();
  const dir = await mkdtemp(join(tmpdir(), 'wegwijs-dedicated-postgres-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const ids = await Promise.all(['-u', '-g'].map(async (flag) => Number((await run('id', [flag, SYSTEM_USER_WHEN_ROOT])).stdout.trim())));
    await chown(dir, ids[0]!, ids[1]!);
  }
  const dataDir = join(dir, 'data');
  const port = await freePort();
  const postgresTool = (tool: string, args: string[]) =>
    // In its own directory: the system user may not enter the checkout.
    asRoot ? run('runuser', ['-u', SYSTEM_USER_WHEN_ROOT, '--', join(binDir, tool), ...args], { cwd: dir }) : run(join(binDir, tool), args, { cwd: dir });
  // Only TCP on loopback, and its socket file in its own directory, not in /var/run/postgresql.
  const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir}`;
  const pgCtl = (...args: string[]) => postgresTool('pg_ctl', ['-D', dataDir, '-l', join(dir, 'server.log'), '-w', '-t', '60', ...args]);

  let running = false;
  const remove = async () => {
    if (running) await pgCtl('stop', '-m', 'immediate').catch(() => undefined);
    running = false;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await postgresTool('initdb', ['-D', dataDir, '-U', 'wegwijs', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
    await pgCtl('start', '-o', serverOptions);
    running = true;
    const admin = new PgClient({ connectionString: `postgres://wegwijs@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DATABASE}`).finally(() => admin.end());
  } catch (error) {
    await remove();
    throw error;
  }
  return {
    url: `postgres://wegwijs@127.0.0.1:${port}/${DATABASE}`,
    async stop() {
      await pgCtl('stop', '-m', 'fast');
      running = false;
    },
    async start() {
      await pgCtl('start', '-o', serverOptions);
      running = true;
    },
    remove,
  };
}

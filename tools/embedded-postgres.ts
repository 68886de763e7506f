/**
 * Runs the embedded PostgreSQL on its own, e.g. to point a SQL client at it or to test it from a
 * separate process (PGlite's WebAssembly does not load inside Jest's module sandbox).
 *
 *   node -r @swc-node/register tools/embedded-postgres.ts <port> [dataDir]
 *
 * Prints `ready <url>` once it accepts connections; stops on SIGTERM or SIGINT.
 */
import { startEmbeddedPostgres } from '@wegwijs/devstack';

async function main(): Promise<void> {
  const port = Number(process.argv[2]);
  if (!Number.isInteger(port) || port <= 0) throw new Error('usage: embedded-postgres.ts <port> [dataDir]');
  const database = await startEmbeddedPostgres({ port, dataDir: process.argv[3] });
  process.stdout.write(`ready ${database.url}\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void database.stop().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

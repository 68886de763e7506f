/**
 * An embedded PostgreSQL for newcomers and laptops: PGlite (PostgreSQL compiled to WebAssembly)
 * served over the PostgreSQL wire protocol, so TypeORM and `pg` talk to it like to any server.
 * Not for production: one process, one CPU, and a multiplexer instead of real connections.
 *
 *   const database = await startEmbeddedPostgres({ dataDir: '.data/postgres', port: 54329 });
 *   process.env.DATABASE_URL = database.url;
 *   await database.stop();
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgresOptions {
  /** Where the database files live; omitted: in memory, gone when stopped. */
  readonly dataDir?: string;
  readonly port: number;
  readonly host?: string;
  /** How many clients (pool connections of the API, worker, tests) may be connected at once. */
  readonly maxConnections?: number;
}

export interface EmbeddedPostgres {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const host = options.host ?? '127.0.0.1';
  const db = options.dataDir ? await PGlite.create(options.dataDir) : await PGlite.create();
  const server = new PGLiteSocketServer({ db, host, port: options.port, maxConnections: options.maxConnections ?? 32 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw new EmbeddedPostgresStartError(host, options.port, error);
  }
  return {
    url: `postgres://postgres@${host}:${options.port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

/** Thrown when the embedded database cannot listen, most often because the port is taken. */
export class EmbeddedPostgresStartError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    cause: unknown,
  ) {
    super(`Embedded PostgreSQL could not listen on ${host}:${port}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'EmbeddedPostgresStartError';
  }
}

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
  keepExtendedQueriesTogether(db);
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

/** Wire-protocol message types (the first byte of each frontend message). */
const SYNC = 0x53; // 'S'
const SIMPLE_QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
const EXTENDED_QUERY_MESSAGES = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]); // P B D E C H

/**
 * pglite-socket serves several connections by queueing their messages one at a time, and keeps
 * one connection's messages together only while PGlite says it is in a transaction. But
 * node-postgres sends every parameterised query as Parse, Bind, Describe, Execute, Sync: if
 * another connection's Parse lands in between, it replaces the unnamed statement and the first
 * query fails ("bind message supplies 9 parameters, but prepared statement requires 5"). So the
 * database reports "in a transaction" from the first message of such an exchange until its Sync,
 * which makes the queue finish one connection's exchange before it takes the next.
 */
function keepExtendedQueriesTogether(db: PGlite): void {
  let inExchange = false;
  const execProtocolRawStream = db.execProtocolRawStream.bind(db);
  const exec = db.exec.bind(db);
  const isInTransaction = db.isInTransaction.bind(db);
  db.execProtocolRawStream = async (message, execOptions) => {
    const type = message[0];
    try {
      await execProtocolRawStream(message, execOptions);
    } finally {
      if (type === SYNC || type === SIMPLE_QUERY || type === TERMINATE) inExchange = false;
      else if (EXTENDED_QUERY_MESSAGES.has(type)) inExchange = true;
    }
  };
  // The socket server rolls back with exec() when a connection drops mid-exchange.
  db.exec = async (...args: Parameters<PGlite['exec']>) => {
    inExchange = false;
    return exec(...args);
  };
  db.isInTransaction = () => inExchange || isInTransaction();
}

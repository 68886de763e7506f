/**
 * The embedded PostgreSQL (PGlite behind a wire-protocol server) as `npm start` runs it, in its
 * own process, under the concurrent load of several connections.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { freePort } from '../support/free-port';

let server: ChildProcess;
let url: string;

beforeAll(async () => {
  const port = await freePort();
  server = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, '../../tools/embedded-postgres.ts'), String(port)], {
    cwd: join(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise<string>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}`)));
    createInterface({ input: server.stdout! }).on('line', (line) => {
      if (line.startsWith('ready ')) resolve(line.slice('ready '.length));
    });
  });
});

afterAll(() => {
  server?.kill('SIGTERM');
});

describe('the embedded PostgreSQL', () => {
  it('keeps parameterised queries of several connections apart when they run at the same time', async () => {
    const clients = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const client = new Client({ connectionString: url });
        await client.connect();
        return client;
      }),
    );
    try {
      // Each query is an extended-protocol exchange (Parse, Bind, Execute, Sync); interleaved
      // between connections, one client's unnamed portal would be replaced by another's.
      const answers = await Promise.all(
        clients.flatMap((client, clientIndex) =>
          Array.from({ length: 40 }, (_, queryIndex) =>
            client
              // A large parameter arrives in several TCP packets, as an event's payload does.
              .query<{ echo: string }>('SELECT $1::text AS echo, length($2::text) AS size', [`${clientIndex}-${queryIndex}`, 'x'.repeat(200_000)])
              .then((result) => result.rows[0].echo),
          ),
        ),
      );
      expect(answers).toEqual(clients.flatMap((_, clientIndex) => Array.from({ length: 40 }, (__, queryIndex) => `${clientIndex}-${queryIndex}`)));
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });
});

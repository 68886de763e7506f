/**
 * The tests' stand-in for the load balancer in front of several API processes: each request goes
 * to the next API in turn, so consecutive requests of one test land on different processes (as
 * they would behind a municipality's load balancer) and any state kept in one API's memory shows.
 * Counts what each API answered, so a run can show that all of them served.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';

export interface RoundRobinProxy {
  readonly url: string;
  /** Requests passed to each upstream, in the order the upstreams were given. */
  readonly served: readonly number[];
  stop(): Promise<void>;
}

export async function startRoundRobinProxy(upstreams: readonly string[], port: number, host = '127.0.0.1'): Promise<RoundRobinProxy> {
  const targets = upstreams.map((upstream) => new URL(upstream));
  const served = targets.map(() => 0);
  let next = 0;
  const server: Server = createServer((incoming, outgoing) => {
    const index = next;
    next = (next + 1) % targets.length;
    served[index] += 1;
    const target = targets[index];
    const forwarded = httpRequest(
      // A new connection per request (agent: false): a kept-alive one that the API closes while idle
      // could be reused at that very moment and reset, which the tests would take for the API's fault.
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers, agent: false },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    // An API that is down answers like a load balancer would: 502, and the client tries again.
    forwarded.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(`upstream ${target.host} did not answer`);
    });
    incoming.pipe(forwarded);
  });
  // Clients (fetch: 4 s) close idle connections before the proxy does, never the other way round:
  // a proxy that closes one just as the client sends on it resets that request. The proxy runs in
  // Jest's busy process, where a 5 s timer (Node's default) can fire late and meet the client's.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    url: `http://${host}:${port}`,
    served,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A process's Prometheus endpoint: `GET /metrics` on a port of its own, apart from the API's
 * public port, so that scrapes never pass the API's authentication, rate limits or access log
 * and an ingress that publishes the API does not publish the metrics. With a token configured
 * (METRICS_TOKEN) a scrape must carry it as a bearer token as well.
 *
 *   const endpoint = await startMetricsEndpoint({ host: '0.0.0.0', port: 9464, registry, token });
 *   await endpoint.close();
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsEndpointOptions {
  readonly host: string;
  /** 0: any free port (tests); `address` tells which. */
  readonly port: number;
  readonly registry: Registry;
  readonly token?: string;
  /** More exposition text to serve after the registry's, e.g. the Temporal SDK's own metrics. */
  readonly alsoServe?: () => Promise<string>;
  /** Told when producing the metrics failed (the scrape answers 500). */
  readonly onError?: (error: unknown) => void;
}

export interface MetricsEndpoint {
  /** host:port it listens on. */
  readonly address: string;
  close(): Promise<void>;
}

/** Thrown when the metrics port cannot be opened (in use, not allowed). */
export class MetricsEndpointUnavailableError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    override readonly cause: unknown,
  ) {
    super(`cannot serve metrics on ${host}:${port}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'MetricsEndpointUnavailableError';
  }
}

export async function startMetricsEndpoint(options: MetricsEndpointOptions): Promise<MetricsEndpoint> {
  const server = createServer((request, response) => void answer(options, request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new MetricsEndpointUnavailableError(options.host, options.port, error)));
    server.listen(options.port, options.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    address: `${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function answer(options: MetricsEndpointOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at /metrics\n');
    return;
  }
  if (options.token && !carriesToken(request.headers.authorization, options.token)) {
    response.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="metrics"' }).end('a bearer token (METRICS_TOKEN) is required\n');
    return;
  }
  try {
    const own = await options.registry.metrics();
    const more = options.alsoServe ? await options.alsoServe() : '';
    response.writeHead(200, { 'content-type': options.registry.contentType }).end(more ? `${own.trimEnd()}\n${more}` : own);
  } catch (error) {
    options.onError?.(error);
    response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
  }
}

function carriesToken(authorization: string | undefined, token: string): boolean {
  const offered = Buffer.from(/^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return offered.length === expected.length && timingSafeEqual(offered, expected);
}

import { Gauge, Registry } from 'prom-client';
import { startMetricsEndpoint, MetricsEndpointUnavailableError, type MetricsEndpoint } from './metrics-endpoint';

describe('a metrics endpoint', () => {
  const registry = new Registry();
  new Gauge({ name: 'wegwijs_example', help: 'an example', registers: [registry] }).set(7);
  let open: MetricsEndpoint[] = [];
  afterEach(async () => {
    await Promise.all(open.map((endpoint) => endpoint.close()));
    open = [];
  });
  const start = async (options: Partial<Parameters<typeof startMetricsEndpoint>[0]> = {}) => {
    const endpoint = await startMetricsEndpoint({ host: '127.0.0.1', port: 0, registry, ...options });
    open.push(endpoint);
    return `http://${endpoint.address}`;
  };

  it('serves the registry in the Prometheus text format at /metrics, and the extra text after it', async () => {
    const url = await start({ alsoServe: async () => 'temporal_worker_start{service_name="x"} 1\n' });
    const answer = await fetch(`${url}/metrics`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    const text = await answer.text();
    expect(text).toContain('wegwijs_example 7');
    expect(text.indexOf('temporal_worker_start')).toBeGreaterThan(text.indexOf('wegwijs_example 7'));
  });

  it('answers 404 elsewhere and for other methods', async () => {
    const url = await start();
    expect((await fetch(`${url}/`)).status).toBe(404);
    expect((await fetch(`${url}/metrics`, { method: 'POST' })).status).toBe(404);
  });

  it('with a token, answers 401 with WWW-Authenticate unless the scrape carries exactly that token', async () => {
    const url = await start({ token: 'a-metrics-token-of-some-length' });
    const refused = await fetch(`${url}/metrics`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('Bearer');
    expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer a-metrics-token-of-some-lengtX' } })).status).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer a-metrics-token-of-some-length' } })).status).toBe(200);
  });

  it('answers 500 and reports the failure when the metrics cannot be produced', async () => {
    const failures: unknown[] = [];
    const url = await start({ alsoServe: async () => Promise.reject(new Error('core down')), onError: (error) => failures.push(error) });
    expect((await fetch(`${url}/metrics`)).status).toBe(500);
    expect(failures).toHaveLength(1);
  });

  it('refuses to start on a port in use, naming it', async () => {
    const url = await start();
    const port = Number(new URL(url).port);
    await expect(startMetricsEndpoint({ host: '127.0.0.1', port, registry })).rejects.toBeInstanceOf(MetricsEndpointUnavailableError);
  });
});

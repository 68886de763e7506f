/**
 * Scraping a Wegwijs metrics endpoint in tests, and reading one sample out of the Prometheus
 * text format (`name{label="value",…} 12`).
 *
 *   const metrics = await scrape(apiMetricsUrl());
 *   sample(metrics, 'wegwijs_open_incidents', { municipality: 'GM0392' }); // 1, or undefined when absent
 */

/** The API's metrics endpoint that global-setup opened (API_METRICS_PORT). */
export function apiMetricsUrl(): string {
  return `http://127.0.0.1:${requiredPort('API_METRICS_PORT')}/metrics`;
}

/** The worker's (WORKER_METRICS_PORT). */
export function workerMetricsUrl(): string {
  return `http://127.0.0.1:${requiredPort('WORKER_METRICS_PORT')}/metrics`;
}

export async function scrape(url: string, headers: Record<string, string> = {}): Promise<string> {
  const answer = await fetch(url, { headers });
  if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}`);
  return answer.text();
}

/** The value of the sample with exactly these labels (besides `service`), or undefined. */
export function sample(exposition: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key, value]));
    delete found.service;
    if (Object.keys(found).length === Object.keys(labels).length && Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

function requiredPort(variable: string): string {
  const port = process.env[variable];
  if (!port) throw new Error(`${variable} is unset: run end-to-end tests through jest, whose global setup opens the metrics endpoints`);
  return port;
}

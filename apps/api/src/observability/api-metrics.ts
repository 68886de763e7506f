/**
 * The API's Prometheus registry: Node's process metrics and Wegwijs' own gauges, each computed
 * when scraped — the database figures (`loadOperationalFigures`) and the stuck trajectories per
 * municipality from Temporal's visibility store (the same `WegwijsStuck` search attribute the
 * supervisors' list reads). Labels are metric names' dimensions only: projection, status,
 * municipality (a CBS code) — never a trajectory or a person.
 */
import type { Client } from '@temporalio/client';
import { WegwijsSearchAttributes } from '@wegwijs/temporal';
import { loadOperationalFigures } from '@wegwijs/read-models';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

/** Running trajectories marked stuck, in every municipality. */
export const ALL_STUCK_QUERY = `${WegwijsSearchAttributes.stuck.name} = true AND ExecutionStatus = "Running"`;
/** Counting stops here: the gauge is a warning light, not a census, and a scrape must stay short. */
export const STUCK_COUNT_LIMIT = 10_000;

export interface ApiMetricsSources {
  readonly dataSource: DataSource;
  /** One client per namespace Wegwijs serves (TEMPORAL_NAMESPACES): stuck ones are counted in each. */
  readonly temporal: readonly Client[];
  /** Runs a Temporal call under the API's call timeout. */
  readonly withinCallTimeout: <T>(call: () => Promise<T>) => Promise<T>;
}

export function createApiMetricsRegistry(sources: ApiMetricsSources): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'wegwijs-api' });
  collectDefaultMetrics({ register: registry, prefix: 'wegwijs_api_' });

  // One database round per scrape, shared by the gauges below.
  let figures: ReturnType<typeof loadOperationalFigures> | undefined;
  const current = () => (figures ??= loadOperationalFigures(sources.dataSource).finally(() => setImmediate(() => (figures = undefined))));

  new Gauge({
    name: 'wegwijs_projection_lag_events',
    help: 'Events in the event store that a read-model projection has not applied yet.',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const lag of (await current()).projectionLag) this.set({ projection: lag.projection }, lag.events);
    },
  });
  new Gauge({
    name: 'wegwijs_projection_lag_seconds',
    help: 'Age of the oldest event a read-model projection has not applied yet (0 when up to date).',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const lag of (await current()).projectionLag) this.set({ projection: lag.projection }, lag.seconds);
    },
  });
  new Gauge({
    name: 'wegwijs_outbox_messages',
    help: 'Notification outbox messages not sent, by status: pending and sending are the backlog; failed and in_doubt wait for an operator.',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [status, count] of Object.entries((await current()).outbox)) this.set({ status }, count);
    },
  });
  new Gauge({
    name: 'wegwijs_outbox_oldest_due_seconds',
    help: 'How long the oldest due, pending notification has been waiting to be sent (0 when none waits).',
    registers: [registry],
    async collect() {
      this.set((await current()).outboxOldestDueSeconds);
    },
  });
  new Gauge({
    name: 'wegwijs_open_incidents',
    help: 'Open incidents (an activity failed for good; a supervisor must retry or skip the step), per municipality.',
    labelNames: ['municipality'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { municipality, count } of (await current()).openIncidents) this.set({ municipality }, count);
    },
  });
  new Counter({
    name: 'wegwijs_inburgering_warnings_sent_total',
    help: 'Inburgering deadline warnings sent (inburgering.warningSent events), per municipality, since the first trajectory.',
    labelNames: ['municipality'],
    registers: [registry],
    async collect() {
      // Counted in the event store, not in this process: the total survives restarts and replicas agree.
      this.reset();
      for (const { municipality, count } of (await current()).warningsSent) this.inc({ municipality }, count);
    },
  });
  new Gauge({
    name: 'wegwijs_stuck_trajectories',
    help: `Running trajectories marked stuck (WegwijsStuck: a wait past its norm or a technical stall), per municipality; counted up to ${STUCK_COUNT_LIMIT} in all.`,
    labelNames: ['municipality'],
    registers: [registry],
    async collect() {
      const perMunicipality = await sources.withinCallTimeout(() => stuckPerMunicipality(sources.temporal));
      this.reset();
      for (const [municipality, count] of perMunicipality) this.set({ municipality }, count);
    },
  });
  return registry;
}

async function stuckPerMunicipality(clients: readonly Client[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let seen = 0;
  for (const temporal of clients) {
    for await (const execution of temporal.workflow.list({ query: ALL_STUCK_QUERY, pageSize: 1000 })) {
      if (++seen > STUCK_COUNT_LIMIT) return counts;
      const municipality = execution.typedSearchAttributes.get(WegwijsSearchAttributes.municipality) ?? '(none)';
      counts.set(municipality, (counts.get(municipality) ?? 0) + 1);
    }
  }
  return counts;
}

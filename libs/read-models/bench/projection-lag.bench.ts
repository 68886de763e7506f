/**
 * Benchmark (not a test): projection lag at a steady 50 events/s — from the moment an append
 * returns to the moment every projection that handles the event has committed it — against a
 * baseline measured in the same run: a follower that polls the same feed just as often but
 * projects nothing (the lag of reading alone). Then catch-up throughput: projecting a backlog
 * against reading the same backlog without projecting.
 *
 *   node -r @swc-node/register libs/read-models/bench/projection-lag.bench.ts [seconds-per-phase] [events-per-second]
 *
 * Uses the PostgreSQL server in DATABASE_URL (default: the local CI server), in a throw-away database.
 */
import type { NewTrajectoryEvent } from '@wegwijs/domain';
import { TypeOrmEventStore } from '@wegwijs/persistence';
import type { DataSource } from 'typeorm';
import { readEventsAfter, START_OF_FEED, type FeedPosition } from '../src/projected-event';
import { Projector, WEGWIJS_PROJECTIONS } from '../src/projector';
import { syntheticCohort } from '../src/synthetic/synthetic-cohort';
import { bulkInsert, createBenchDatabase, percentile } from './bench-database';

const POLL_INTERVAL_MS = 50;

interface Arrival {
  readonly streamId: string;
  readonly event: NewTrajectoryEvent;
}

async function main(): Promise<void> {
  const phaseSeconds = Number(process.argv[2] ?? 40);
  const rate = Number(process.argv[3] ?? 50);
  const bench = await createBenchDatabase('lag', 8);
  try {
    const total = phaseSeconds * rate;
    const arrivals = interleavedArrivals(total * 2);
    log(`steady ${rate} events/s for ${phaseSeconds} s per phase (${total} events), polling every ${POLL_INTERVAL_MS} ms, 2 cores`);

    const baseline = await measureLag(bench.dataSource, arrivals.slice(0, total), rate, (signal, onSeen) => followFeed(bench.dataSource, signal, onSeen));
    report('baseline: read-only follower', baseline);
    await new Projector(bench.dataSource).catchUp(); // the baseline phase's events, so the projector starts level
    const projection = await measureLag(bench.dataSource, arrivals.slice(total), rate, (signal, onSeen) => project(bench.dataSource, signal, onSeen));
    report('projector (4 projections)    ', projection);
    log(`ratio projector / baseline: p50 ${(percentile(projection, 0.5) / percentile(baseline, 0.5)).toFixed(2)}, p99 ${(percentile(projection, 0.99) / percentile(baseline, 0.99)).toFixed(2)}`);

    await throughput(bench.dataSource);
  } finally {
    await bench.drop();
  }
}

/** Events of many trajectories, interleaved the way a busy municipality produces them. */
function interleavedArrivals(count: number): Arrival[] {
  const histories = syntheticCohort({ size: Math.ceil(count / 8), referenceDate: '2019-12-31', months: 24, seed: 50, prefix: 'LAG' });
  const queues = histories.map((history) => history.events.map((event) => ({ streamId: history.trajectoryId, event })));
  const arrivals: Arrival[] = [];
  for (let round = 0; arrivals.length < count && queues.some((queue) => queue.length > round); round++) {
    for (const queue of queues) if (queue[round] && arrivals.length < count) arrivals.push(queue[round]);
  }
  // Each stream's events stay in order: round r of a stream always comes after its round r-1.
  return arrivals;
}

type Follower = (signal: AbortSignal, onSeen: (idempotencyKeys: readonly string[]) => void) => Promise<void>;

/** Appends at a steady rate while `follower` runs; returns, per event, ms from append to seen. */
async function measureLag(dataSource: DataSource, arrivals: readonly Arrival[], rate: number, follower: Follower): Promise<number[]> {
  const store = new TypeOrmEventStore(dataSource);
  // Only events some projection handles are measured, in both phases (others no projector awaits).
  const measured = arrivals.filter((arrival) => WEGWIJS_PROJECTIONS.some((projection) => projection.handles.includes(arrival.event.type))).length;
  const appendedAt = new Map<string, number>();
  const lags: number[] = [];
  const controller = new AbortController();
  const seenAll = new Promise<void>((resolve) => {
    const running = follower(controller.signal, (keys) => {
      const now = performance.now();
      for (const key of keys) {
        const at = appendedAt.get(key);
        if (at !== undefined) {
          lags.push(now - at);
          appendedAt.delete(key);
        }
      }
      if (lags.length === measured) resolve();
    });
    running.catch((error: unknown) => {
      process.stderr.write(`follower failed: ${String(error)}\n`);
      resolve();
    });
  });
  const started = performance.now();
  for (const [index, arrival] of arrivals.entries()) {
    const due = started + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const isMeasured = WEGWIJS_PROJECTIONS.some((projection) => projection.handles.includes(arrival.event.type));
    // Registered before the append (the follower may see it before append() returns), then moved
    // to the moment append() returned unless the follower has already seen it.
    if (isMeasured) appendedAt.set(arrival.event.idempotencyKey, performance.now());
    await store.append(arrival.streamId, [arrival.event]);
    if (isMeasured && appendedAt.has(arrival.event.idempotencyKey)) appendedAt.set(arrival.event.idempotencyKey, performance.now());
  }
  await seenAll;
  controller.abort();
  return lags;
}

/** Polls the feed like the projector does, reading every event type, projecting nothing. */
async function followFeed(dataSource: DataSource, signal: AbortSignal, onSeen: (keys: readonly string[]) => void): Promise<void> {
  let position: FeedPosition = (await lastPosition(dataSource)) ?? START_OF_FEED;
  while (!signal.aborted) {
    const batch = await dataSource.transaction((manager) => readEventsAfter(manager, position, { limit: 500 }));
    if (batch.length > 0) {
      position = batch[batch.length - 1].feedPosition;
      onSeen(batch.map((event) => event.idempotencyKey));
    } else {
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  }
}

/** The real projector; an event counts as seen once every projection that handles it has committed it. */
async function project(dataSource: DataSource, signal: AbortSignal, onSeen: (keys: readonly string[]) => void): Promise<void> {
  const pending = new Map<string, number>();
  const handlers = (type: string) => WEGWIJS_PROJECTIONS.filter((projection) => projection.handles.includes(type)).length;
  const projector = new Projector(dataSource, {
    onBatchApplied: (_projection, events) => {
      const done: string[] = [];
      for (const event of events) {
        const left = (pending.get(event.idempotencyKey) ?? handlers(event.type)) - 1;
        if (left <= 0) {
          pending.delete(event.idempotencyKey);
          done.push(event.idempotencyKey);
        } else pending.set(event.idempotencyKey, left);
      }
      onSeen(done);
    },
  });
  await projector.catchUp();
  await projector.run(signal, POLL_INTERVAL_MS);
}

/** A backlog of events projected from scratch, against reading the same backlog without projecting. */
async function throughput(dataSource: DataSource): Promise<void> {
  const histories = syntheticCohort({ size: 1_000, referenceDate: '2019-12-31', months: 24, seed: 51, prefix: 'TPUT' });
  const inserted = await bulkInsert(dataSource, histories);
  const all = await dataSource.query('SELECT count(*)::int AS count FROM trajectory_events');
  const events = Number(all[0].count);
  const readStarted = performance.now();
  let position = START_OF_FEED;
  for (;;) {
    const batch = await dataSource.transaction((manager) => readEventsAfter(manager, position, { limit: 500 }));
    if (batch.length === 0) break;
    position = batch[batch.length - 1].feedPosition;
  }
  const readMs = performance.now() - readStarted;
  const rebuildStarted = performance.now();
  await new Projector(dataSource).rebuild();
  const rebuildMs = performance.now() - rebuildStarted;
  log(`throughput over ${events} events (${inserted} bulk-inserted): read-only ${Math.round(events / (readMs / 1000))} events/s, rebuild of 4 projections ${Math.round(events / (rebuildMs / 1000))} events/s (ratio ${(readMs / rebuildMs).toFixed(3)})`);
}

async function lastPosition(dataSource: DataSource): Promise<FeedPosition | undefined> {
  const [row] = await dataSource.query('SELECT transaction_id, position FROM trajectory_events ORDER BY transaction_id DESC, position DESC LIMIT 1');
  return row ? { transactionId: Number(row.transaction_id), position: Number(row.position) } : undefined;
}

function report(name: string, lags: readonly number[]): void {
  log(`${name}: lag p50 ${percentile(lags, 0.5).toFixed(1)} ms, p99 ${percentile(lags, 0.99).toFixed(1)} ms, max ${Math.max(...lags).toFixed(1)} ms (${lags.length} events)`);
}

const log = (line: string) => process.stdout.write(`${line}\n`);

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

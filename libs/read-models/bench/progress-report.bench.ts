/**
 * Benchmark (not a test): the progress report over 10,000 synthetic trajectories, against a
 * baseline measured in the same run — reading the same events from the table without folding
 * them. Also the pure fold alone, over the events in memory.
 *
 *   node -r @swc-node/register libs/read-models/bench/progress-report.bench.ts [trajectories]
 *
 * Uses the PostgreSQL server in DATABASE_URL (default: the local CI server), in a throw-away database.
 */
import { buildProgressReport } from '../src/progress-report/progress-report';
import { loadProgressReport } from '../src/progress-report/load-progress-report';
import { PROGRESS_REPORT_EVENTS } from '../src/progress-report/progress-report';
import { readEventsAfter, START_OF_FEED } from '../src/projected-event';
import { syntheticCohort } from '../src/synthetic/synthetic-cohort';
import { bulkInsert, createBenchDatabase } from './bench-database';

const OPTIONS = { from: '2018-01-01', to: '2019-12-31' };
const ROUNDS = 3;

async function main(): Promise<void> {
  const trajectories = Number(process.argv[2] ?? 10_000);
  const bench = await createBenchDatabase('report');
  try {
    const cohort = syntheticCohort({ size: trajectories, referenceDate: '2019-12-31', months: 24, seed: 2019 });
    const loadStarted = performance.now();
    const events = await bulkInsert(bench.dataSource, cohort);
    log(`setup: ${trajectories} trajectories, ${events} events inserted in ${seconds(performance.now() - loadStarted)}`);
    await bench.dataSource.query('VACUUM ANALYZE trajectory_events');

    const baseline: number[] = [];
    const report: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      baseline.push(await timed(() => readAll(bench.dataSource)));
      report.push(await timed(() => loadProgressReport(bench.dataSource, OPTIONS)));
    }
    const recorded = cohort.flatMap((history) => history.recorded());
    const fold = await timed(async () => buildProgressReport(recorded, OPTIONS));

    const best = (values: number[]) => Math.min(...values);
    log(`baseline (read the report's events, no fold), best of ${ROUNDS}: ${ms(best(baseline))}  [${baseline.map(ms).join(', ')}]`);
    log(`progress report from the store, best of ${ROUNDS}:            ${ms(best(report))}  [${report.map(ms).join(', ')}]`);
    log(`ratio report / baseline: ${(best(report) / best(baseline)).toFixed(2)}`);
    log(`pure fold over ${recorded.length} events in memory: ${ms(fold)}`);
  } finally {
    await bench.drop();
  }
}

async function readAll(dataSource: Parameters<typeof loadProgressReport>[0]): Promise<number> {
  let position = START_OF_FEED;
  let count = 0;
  for (;;) {
    const batch = await readEventsAfter(dataSource.manager, position, { types: PROGRESS_REPORT_EVENTS, limit: 5_000 });
    count += batch.length;
    if (batch.length < 5_000) return count;
    position = batch[batch.length - 1].feedPosition;
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const ms = (milliseconds: number) => `${Math.round(milliseconds)} ms`;
const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(1)} s`;
const log = (line: string) => process.stdout.write(`${line}\n`);

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

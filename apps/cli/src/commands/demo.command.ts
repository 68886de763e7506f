/**
 * `wegwijs demo cohort`: a Haarlem-sized synthetic cohort (no real people) driven through a
 * running Wegwijs over its HTTP API, then the progress report for the cohort's period — checked
 * against what the API accepted.
 *
 *   npm start                                      # in another terminal
 *   npm run wegwijs -- demo cohort                 # 300 people housed in the 15 months before today
 *   npm run wegwijs -- demo cohort --size 50 --seed 7 --format json
 *
 * The API is the one at API_HOST:API_PORT unless --api-url says otherwise; the report reads
 * DATABASE_URL, else the embedded PostgreSQL of `npm start` (EMBEDDED_DATABASE_PORT).
 * Exit codes: 0 fine, 1 Wegwijs unreachable or the cohort not driven as planned, 2 usage error.
 */
import { Command } from 'commander';
import { loadConfiguration } from '@wegwijs/config';
import { embeddedPostgresUrl } from '@wegwijs/devstack';
import { createWegwijsDataSource } from '@wegwijs/persistence';
import {
  amsterdamDateOf,
  driveCohortThroughApi,
  expectedReportFigures,
  isIsoDate,
  loadProgressReport,
  planSyntheticCohort,
  progressReportToCsv,
  progressReportToJson,
  SYNTHETIC_MUNICIPALITIES,
  syntheticCohortPeriod,
  type CohortDrive,
  type CohortDriveOptions,
  type ProgressReport,
  type ProgressReportOptions,
  type SyntheticPerson,
} from '@wegwijs/read-models';
import { reachableHost } from './local-addresses';

export const DEMO_EXIT_CODES = Object.freeze({ ok: 0, failed: 1, usageError: 2 });

/** What the command needs from the world, so that the spec can stand in for it. */
export interface DemoCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Today in Europe/Amsterdam, YYYY-MM-DD. */
  readonly today: () => string;
  readonly apiIsUp: (baseUrl: string) => Promise<boolean>;
  readonly drive: (people: readonly SyntheticPerson[], options: CohortDriveOptions) => Promise<CohortDrive>;
  readonly openReports: () => Promise<{ progressReport(options: ProgressReportOptions): Promise<ProgressReport>; close(): Promise<void> }>;
}

export interface DemoCohortOptions {
  readonly size: string;
  readonly seed?: string;
  readonly referenceDate?: string;
  readonly apiUrl?: string;
  readonly concurrency: string;
  readonly format: string;
}

const defaultIo: DemoCommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  today: () => amsterdamDateOf(new Date()),
  apiIsUp: async (baseUrl) => (await fetch(`${baseUrl}/health`).catch(() => undefined))?.ok === true,
  drive: driveCohortThroughApi,
  openReports: async () => {
    const config = loadConfiguration(process.env);
    const url = config.database.url ?? embeddedPostgresUrl(config.database.embeddedPort);
    const dataSource = createWegwijsDataSource({ url, poolSize: 1, applicationName: 'wegwijs-cli-demo' });
    await dataSource.initialize();
    return { progressReport: (options) => loadProgressReport(dataSource, options), close: () => dataSource.destroy() };
  },
};

/** Plans the cohort, drives it through the API, prints the report and how it compares; returns the exit code. */
export async function runDemoCohort(options: DemoCohortOptions, io: DemoCommandIo = defaultIo): Promise<number> {
  const today = io.today();
  const size = Number(options.size);
  const concurrency = Number(options.concurrency);
  const seed = options.seed === undefined ? Date.now() % 100_000 : Number(options.seed);
  const referenceDate = options.referenceDate ?? today;
  const problems = [
    ...(Number.isInteger(size) && size >= 1 && size <= 10_000 ? [] : [`--size must be a whole number from 1 to 10000, not '${options.size}'`]),
    ...(Number.isInteger(seed) && seed >= 0 ? [] : [`--seed must be a whole number of 0 or more, not '${options.seed}'`]),
    ...(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 100 ? [] : [`--concurrency must be a whole number from 1 to 100, not '${options.concurrency}'`]),
    ...(isIsoDate(referenceDate) ? [] : [`--reference-date must be a date YYYY-MM-DD, not '${referenceDate}'`]),
    // The workflow runs on today's clock: it cannot be told about days that have not come yet.
    ...(isIsoDate(referenceDate) && referenceDate > today ? [`--reference-date must not be after today (${today}): the workflows run in real time`] : []),
    ...(options.format === 'csv' || options.format === 'json' ? [] : [`--format must be csv or json, not '${options.format}'`]),
  ];
  if (problems.length > 0) {
    io.stderr(problems.map((problem) => `${problem}\n`).join(''));
    return DEMO_EXIT_CODES.usageError;
  }
  const baseUrl = (options.apiUrl ?? defaultApiUrl()).replace(/\/$/, '');
  if (!(await io.apiIsUp(baseUrl))) {
    io.stderr(`No Wegwijs API answers at ${baseUrl}/health: start it with \`npm start\`, or give --api-url\n`);
    return DEMO_EXIT_CODES.failed;
  }

  const period = syntheticCohortPeriod({ referenceDate });
  const people = planSyntheticCohort({ size, seed, referenceDate, prefix: 'DEMO' });
  io.stdout(`Driving ${size} synthetic trajectories (seed ${seed}, housed ${period.from} … ${period.to}) through ${baseUrl}, ${concurrency} at a time\n`);
  if (referenceDate < today) {
    io.stdout(`Note: what the workflow dates itself (financieel ontzorgen, inburgering warnings) is dated today, ${today}, after the period.\n`);
  }
  const step = Math.max(1, Math.round(size / 10));
  const run = await io.drive(people, {
    baseUrl,
    concurrency,
    onDriven: (done, total) => {
      if (done % step === 0 || done === total) io.stdout(`  ${done}/${total} trajectories\n`);
    },
  });
  io.stdout(summaryOf(run));

  const reports = await io.openReports();
  let report: ProgressReport;
  try {
    report = await reports.progressReport({ ...period, municipalities: SYNTHETIC_MUNICIPALITIES.map((municipality) => municipality.code) });
  } finally {
    await reports.close();
  }
  io.stdout(options.format === 'json' ? progressReportToJson(report) : progressReportToCsv(report));
  io.stdout(`\n${comparisonOf(report, expectedReportFigures(people, run.driven, { ...period, drivenOn: today }))}`);
  const notAsPlanned = run.failed.length + run.driven.filter((trajectory) => trajectory.rejected.length > 0).length;
  return notAsPlanned === 0 ? DEMO_EXIT_CODES.ok : DEMO_EXIT_CODES.failed;
}

function summaryOf(run: CohortDrive): string {
  const seconds = run.milliseconds / 1000;
  const accepted = run.driven.reduce((sum, trajectory) => sum + trajectory.accepted.length, 0);
  const rejected = run.driven.flatMap((trajectory) => trajectory.rejected);
  const neverAwaited = run.driven.reduce((sum, trajectory) => sum + trajectory.neverAwaited.length, 0);
  const requests = run.driven.reduce((sum, trajectory) => sum + trajectory.requests, 0);
  const lines = [
    `${run.driven.length} trajectories driven in ${seconds.toFixed(1)} s: ${(run.driven.length / seconds).toFixed(2)} trajectories/s, ` +
      `${accepted} milestones accepted (${(accepted / seconds).toFixed(1)}/s) in ${requests} requests; ${rejected.length} refused, ${neverAwaited} planned but never awaited, ${run.failed.length} failed`,
    ...rejected.slice(0, 10).map((rejection) => `  refused ${rejection.milestone}: ${rejection.status} ${rejection.problem}`),
    ...run.failed.slice(0, 10).map((failure) => `  failed ${failure.trajectoryId}: ${failure.reason}`),
  ];
  return `${lines.join('\n')}\n\n`;
}

/** Each figure's total as the report has it against what the API accepted. */
function comparisonOf(report: ProgressReport, expected: Record<string, Record<string, number>>): string {
  const rows = report.sections.flatMap((section) => section.rows);
  const differing = rows.filter((row) => row.total !== Object.values(expected[row.id] ?? {}).reduce((sum, count) => sum + count, 0));
  if (differing.length === 0) return `The report counts exactly what the API accepted, for all ${rows.length} figures.\n`;
  return [
    `${differing.length} of ${rows.length} figures differ from what this run's API answers say (trajectories of earlier runs in the same period count too):`,
    ...differing.map((row) => `  ${row.id}: report ${row.total}, this run ${Object.values(expected[row.id] ?? {}).reduce((sum, count) => sum + count, 0)}`),
    '',
  ].join('\n');
}

function defaultApiUrl(): string {
  const { api } = loadConfiguration(process.env);
  return `http://${reachableHost(api.host)}:${api.port}`;
}

export function buildDemoCommand(io: DemoCommandIo = defaultIo): Command {
  const command = new Command('demo').description('demonstrations against a running Wegwijs (npm start)');
  command.exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : DEMO_EXIT_CODES.usageError));
  command
    .command('cohort')
    .description('drive a synthetic Haarlem-sized cohort (no real people) through the API, then print the progress report')
    .option('--size <n>', 'number of people', '300')
    .option('--seed <n>', 'seed of the generator; the same seed and reference date give the same cohort (default: from the clock)')
    .option('--reference-date <date>', 'the day the cohort is looked at, YYYY-MM-DD; arrivals in the 15 months before it (default today)')
    .option('--api-url <url>', 'the Wegwijs API (default http://API_HOST:API_PORT)')
    .option('--concurrency <n>', 'trajectories driven at the same time', '16')
    .option('--format <format>', 'the report as csv or json', 'csv')
    .action(async (options: DemoCohortOptions) => {
      process.exitCode = await runDemoCohort(options, io);
    });
  return command;
}

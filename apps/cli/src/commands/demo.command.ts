/**
 * `wegwijs demo cohort`: a Haarlem-sized synthetic cohort (no real people) driven through a
 * running Wegwijs over its HTTP API, then the progress report for the cohort's period from the
 * same API — checked against what the API accepted.
 *
 *   npm start                                      # in another terminal
 *   npm run wegwijs -- demo cohort                 # 300 people housed in the 15 months before today
 *   npm run wegwijs -- demo cohort --size 50 --seed 7 --format json
 *
 * The API is the one at API_HOST:API_PORT unless --api-url says otherwise. Requests carry
 * development tokens signed with `npm start`'s key in the data directory (as `wegwijs tokens
 * issue` makes them): a client manager per person, policy staff (beleid) for the report.
 * Exit codes: 0 fine, 1 Wegwijs unreachable or the cohort not driven as planned, 2 usage error.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { amsterdamDateOf, isValidCalendarDate } from '@wegwijs/calendar';
import { loadConfiguration } from '@wegwijs/config';
import { developmentIssuer, ensureDevelopmentSigningKey, issueDevelopmentToken, WORKSPACE_ROOT } from '@wegwijs/devstack';
import {
  driveCohortThroughApi,
  expectedReportFigures,
  planSyntheticCohort,
  suppressSmallNumber,
  SYNTHETIC_MUNICIPALITIES,
  syntheticCohortPeriod,
  type ApiActor,
  type CohortDrive,
  type CohortDriveOptions,
  type SuppressedProgressReport,
  type SyntheticPerson,
} from '@wegwijs/read-models';
import { browserHost } from './start.command';

export const DEMO_EXIT_CODES = Object.freeze({ ok: 0, failed: 1, usageError: 2 });

type Authorize = (actor: ApiActor) => Promise<Record<string, string>>;

/** What the command needs from the world, so that the spec can stand in for it. */
export interface DemoCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Today in Europe/Amsterdam, YYYY-MM-DD. */
  readonly today: () => string;
  readonly apiIsUp: (baseUrl: string) => Promise<boolean>;
  /** The Authorization header for an actor; fails when no development key can sign. */
  readonly authorizer: () => Promise<Authorize>;
  readonly drive: (people: readonly SyntheticPerson[], options: CohortDriveOptions) => Promise<CohortDrive>;
  /** GET on the API; the answer's status and text. */
  readonly get: (url: string, headers: Record<string, string>) => Promise<{ readonly status: number; readonly text: string }>;
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
  authorizer: developmentAuthorizer,
  drive: driveCohortThroughApi,
  get: async (url, headers) => {
    const response = await fetch(url, { headers });
    return { status: response.status, text: await response.text() };
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
    ...(isValidCalendarDate(referenceDate) ? [] : [`--reference-date must be a date YYYY-MM-DD, not '${referenceDate}'`]),
    // The workflow runs on today's clock: it cannot be told about days that have not come yet.
    ...(isValidCalendarDate(referenceDate) && referenceDate > today ? [`--reference-date must not be after today (${today}): the workflows run in real time`] : []),
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
  let authorize: Authorize;
  try {
    authorize = await io.authorizer();
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
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
    authorize,
    onDriven: (done, total) => {
      if (done % step === 0 || done === total) io.stdout(`  ${done}/${total} trajectories\n`);
    },
  });
  io.stdout(summaryOf(run));

  // The report as policy staff of both municipalities get it from the API.
  const municipalities = SYNTHETIC_MUNICIPALITIES.map((municipality) => municipality.code);
  const headers = await authorize({ role: 'beleid', id: 'beleid-demo', municipalities });
  const reportUrl = (format: string) => `${baseUrl}/reports/progress?from=${period.from}&to=${period.to}&municipality=${municipalities.join(',')}&format=${format}`;
  const json = await io.get(reportUrl('json'), headers);
  if (json.status !== 200) {
    io.stderr(`The API did not give the progress report: ${json.status} ${json.text}\n`);
    return DEMO_EXIT_CODES.failed;
  }
  io.stdout(options.format === 'json' ? `${json.text}\n` : (await io.get(reportUrl('csv'), headers)).text);
  const expected = expectedReportFigures(people, run.driven, { ...period, drivenOn: today });
  io.stdout(`\n${comparisonOf(JSON.parse(json.text) as SuppressedProgressReport, expected)}`);
  const notAsPlanned = run.failed.length + run.driven.filter((trajectory) => trajectory.rejected.length > 0).length;
  return notAsPlanned === 0 ? DEMO_EXIT_CODES.ok : DEMO_EXIT_CODES.failed;
}

/** Development tokens signed with `npm start`'s key, one per actor. */
async function developmentAuthorizer(): Promise<Authorize> {
  const config = loadConfiguration(process.env);
  if (config.authentication.jwksUrl && !config.webApp.developmentIdentityProvider) {
    throw new Error('AUTH_JWKS_URL is set: the API takes tokens from that identity provider, and the demo can only sign development tokens');
  }
  const key = await ensureDevelopmentSigningKey(resolve(WORKSPACE_ROOT, config.dataDir));
  const issuer = config.authentication.issuer ?? developmentIssuer(config.api);
  const tokens = new Map<string, Promise<string>>();
  return async (actor) => {
    const which = `${actor.role}|${actor.id}|${actor.municipalities.join(',')}`;
    if (!tokens.has(which)) tokens.set(which, issueDevelopmentToken(key, { ...actor, expiresIn: '2h', issuer }));
    return { authorization: `Bearer ${await tokens.get(which)}` };
  };
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

/** Each figure's total as the report shows it (1–4 as "<5") against what the API accepted. */
function comparisonOf(report: SuppressedProgressReport, expected: Record<string, Record<string, number>>): string {
  const rows = report.sections.flatMap((section) => section.rows);
  const expectedTotal = (figure: string) => suppressSmallNumber(Object.values(expected[figure] ?? {}).reduce((sum, count) => sum + count, 0));
  const differing = rows.filter((row) => row.total !== expectedTotal(row.id));
  if (differing.length === 0) return `The report counts what the API accepted, for all ${rows.length} figures.\n`;
  return [
    `${differing.length} of ${rows.length} figures differ from what this run's API answers say (trajectories of earlier runs in the same period count too):`,
    ...differing.map((row) => `  ${row.id}: report ${row.total}, this run ${expectedTotal(row.id)}`),
    '',
  ].join('\n');
}

export function defaultApiUrl(): string {
  const { api } = loadConfiguration(process.env);
  return `http://${browserHost(api.host)}:${api.port}`;
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

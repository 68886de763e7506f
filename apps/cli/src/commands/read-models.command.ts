/**
 * `wegwijs read-models rebuild|catch-up|run` and `wegwijs report progress`: the read models and
 * the municipality's progress report on the command line, for operators and policy staff. Both
 * read DATABASE_URL.
 *
 *   wegwijs read-models rebuild
 *   wegwijs read-models run --poll-interval 500
 *   wegwijs report progress --from 2018-01-01 --to 2019-03-31 --municipality GM0392,GM0473 --format csv > voortgang.csv
 *
 * Exit codes: 0 fine, 1 the database failed, 2 usage error (bad option, missing DATABASE_URL).
 */
import { Command } from 'commander';
import { isValidCalendarDate } from '@wegwijs/calendar';
import { loadConfiguration } from '@wegwijs/config';
import { createWegwijsDataSource } from '@wegwijs/persistence';
import {
  loadProgressReport,
  progressReportToCsv,
  progressReportToJson,
  Projector,
  rebuildProjections,
  type ProgressReport,
  type ProgressReportOptions,
  type RebuiltProjection,
} from '@wegwijs/read-models';

export const READ_MODELS_EXIT_CODES = Object.freeze({ ok: 0, databaseFailed: 1, usageError: 2 });

/** What the commands need from the database, so that the spec can stand in for it. */
export interface ReadModelsDatabase {
  rebuild(): Promise<RebuiltProjection[]>;
  catchUp(): Promise<number>;
  run(signal: AbortSignal, pollIntervalMs: number): Promise<void>;
  progressReport(options: ProgressReportOptions): Promise<ProgressReport>;
  close(): Promise<void>;
}

export interface ReadModelsCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly openDatabase: () => Promise<ReadModelsDatabase>;
}

/** Thrown when a command needs the database and DATABASE_URL is not set. */
export class DatabaseUrlMissingError extends Error {
  constructor() {
    super('DATABASE_URL is not set: point it at the Wegwijs PostgreSQL database');
    this.name = 'DatabaseUrlMissingError';
  }
}

async function openPostgres(): Promise<ReadModelsDatabase> {
  const url = loadConfiguration(process.env).database.url;
  if (!url) throw new DatabaseUrlMissingError();
  const dataSource = createWegwijsDataSource({ url, poolSize: 2, applicationName: 'wegwijs-cli-read-models' });
  await dataSource.initialize();
  const projector = new Projector(dataSource);
  return {
    rebuild: () => rebuildProjections(dataSource),
    catchUp: () => projector.catchUp(),
    run: (signal, pollIntervalMs) =>
      projector.run(signal, pollIntervalMs, (error) => process.stderr.write(`projection batch failed, retrying: ${(error as Error).message}\n`)),
    progressReport: (options) => loadProgressReport(dataSource, options),
    close: () => dataSource.destroy(),
  };
}

const defaultIo: ReadModelsCommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  openDatabase: openPostgres,
};

/** Runs `work` against the database, mapping failures to exit codes and always closing it. */
async function withDatabase(io: ReadModelsCommandIo, work: (database: ReadModelsDatabase) => Promise<void>): Promise<number> {
  let database: ReadModelsDatabase;
  try {
    database = await io.openDatabase();
  } catch (error) {
    io.stderr(`${(error as Error).message}\n`);
    return error instanceof DatabaseUrlMissingError ? READ_MODELS_EXIT_CODES.usageError : READ_MODELS_EXIT_CODES.databaseFailed;
  }
  try {
    await work(database);
    return READ_MODELS_EXIT_CODES.ok;
  } catch (error) {
    io.stderr(`${(error as Error).message}\n`);
    return READ_MODELS_EXIT_CODES.databaseFailed;
  } finally {
    await database.close();
  }
}

export function runRebuild(io: ReadModelsCommandIo = defaultIo): Promise<number> {
  return withDatabase(io, async (database) => {
    for (const rebuilt of await database.rebuild()) {
      io.stdout(`${rebuilt.projection}: ${rebuilt.events} events in ${rebuilt.milliseconds} ms\n`);
    }
  });
}

export interface ProgressCommandOptions {
  readonly from: string;
  readonly to: string;
  readonly municipality?: string;
  readonly format: string;
  readonly cohort: string;
}

/** Checks the options and prints the report; usage errors exit 2 before the database is opened. */
export async function runProgressReport(options: ProgressCommandOptions, io: ReadModelsCommandIo = defaultIo): Promise<number> {
  const problems = [
    ...(isValidCalendarDate(options.from) ? [] : [`--from must be a date YYYY-MM-DD, not '${options.from}'`]),
    ...(isValidCalendarDate(options.to) ? [] : [`--to must be a date YYYY-MM-DD, not '${options.to}'`]),
    ...(isValidCalendarDate(options.from) && isValidCalendarDate(options.to) && options.from > options.to ? ['--from must not be after --to'] : []),
    ...(options.format === 'json' || options.format === 'csv' ? [] : [`--format must be json or csv, not '${options.format}'`]),
    ...(options.cohort === 'quarter' || options.cohort === 'month' ? [] : [`--cohort must be quarter or month, not '${options.cohort}'`]),
  ];
  const municipalities = options.municipality?.split(',').map((code) => code.trim().toUpperCase()).filter(Boolean);
  const badCodes = (municipalities ?? []).filter((code) => !/^GM\d{4}$/.test(code));
  if (badCodes.length > 0) problems.push(`--municipality takes CBS codes like GM0392, not ${badCodes.join(', ')}`);
  if (problems.length > 0) {
    io.stderr(problems.map((problem) => `${problem}\n`).join(''));
    return READ_MODELS_EXIT_CODES.usageError;
  }
  return withDatabase(io, async (database) => {
    const report = await database.progressReport({
      from: options.from,
      to: options.to,
      cohortBy: options.cohort as 'quarter' | 'month',
      ...(municipalities ? { municipalities } : {}),
    });
    io.stdout(options.format === 'csv' ? progressReportToCsv(report) : progressReportToJson(report));
  });
}

export function buildReadModelsCommand(io: ReadModelsCommandIo = defaultIo): Command {
  const command = new Command('read-models').description('keep and rebuild the read models (projections of the event store)');
  command.exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : READ_MODELS_EXIT_CODES.usageError));
  command
    .command('rebuild')
    .description('empty every projection and apply the whole event history again')
    .action(async () => {
      process.exitCode = await runRebuild(io);
    });
  command
    .command('catch-up')
    .description('apply the events not yet projected, then stop')
    .action(async () => {
      process.exitCode = await withDatabase(io, async (database) => io.stdout(`${await database.catchUp()} events applied\n`));
    });
  command
    .command('run')
    .description('keep the projections current until Ctrl-C')
    .option('--poll-interval <ms>', 'how often to look for new events when idle', '200')
    .action(async (options: { pollInterval: string }) => {
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      process.once('SIGTERM', () => controller.abort());
      process.exitCode = await withDatabase(io, (database) => database.run(controller.signal, Math.max(10, Number(options.pollInterval) || 200)));
    });
  return command;
}

export function buildReportCommand(io: ReadModelsCommandIo = defaultIo): Command {
  const command = new Command('report').description("the municipality's reports, computed from the event history");
  command.exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : READ_MODELS_EXIT_CODES.usageError));
  command
    .command('progress')
    .description('the progress report (voortgangsrapportage) in the shape of the 2019 tables; counts 1-4 show as <5')
    .requiredOption('--from <date>', 'first day of the period, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day of the period and reference date, YYYY-MM-DD')
    .option('--municipality <codes>', 'CBS codes, comma-separated (default: every municipality)')
    .option('--format <format>', 'json or csv', 'json')
    .option('--cohort <by>', 'arrival cohorts by quarter or month of housing', 'quarter')
    .action(async (options: ProgressCommandOptions) => {
      process.exitCode = await runProgressReport(options, io);
    });
  return command;
}

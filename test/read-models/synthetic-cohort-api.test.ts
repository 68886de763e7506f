/**
 * A synthetic cohort through the real API and workflows (no real people): the newest Haarlem
 * definition runs in real time, the activities write to the event store, and the progress report
 * from the store counts, figure by figure and municipality by municipality, exactly what the plan
 * and the API's answers say it must.
 *
 * The reference date is today: the workflow runs on today's clock, so a cohort planned for a
 * fixed past date would drift out of its legal terms as the years pass. The plan's shape does
 * not depend on the date (the generator draws days relative to it), and this seed's 16 people
 * cover every kind of figure on any reference date (checked for every day of 2026–2029).
 */
import {
  driveCohortThroughApi,
  expectedReportFigures,
  loadProgressReport,
  planSyntheticCohort,
  syntheticCohortPeriod,
  type CohortDrive,
  type ProgressReport,
  type SyntheticPerson,
} from '@wegwijs/read-models';
import type { DataSource } from 'typeorm';
import { newCaseReference } from '../support/case-references';
import { authHeaders } from '../support/http';
import { connectToTestDatabase } from './support';

const MUNICIPALITIES = ['GM9941', 'GM9942'] as const;

let dataSource: DataSource;
let people: SyntheticPerson[];
let run: CohortDrive;
let report: ProgressReport;
const period = syntheticCohortPeriod({});

beforeAll(async () => {
  dataSource = await connectToTestDatabase();
  const baseUrl = process.env.WEGWIJS_API_URL;
  if (!baseUrl) throw new Error('WEGWIJS_API_URL is unset: run through jest, whose global setup starts Wegwijs');
  people = planSyntheticCohort({ size: 16, seed: 2225, referenceDate: period.to, prefix: newCaseReference(), municipalityCodes: MUNICIPALITIES });
  run = await driveCohortThroughApi(people, { baseUrl, concurrency: 8, authorize: (actor) => authHeaders(actor) });
  report = await loadProgressReport(dataSource, { ...period, municipalities: [...MUNICIPALITIES] });
}, 120_000);

afterAll(async () => {
  await dataSource?.destroy();
});

describe('a synthetic cohort driven through the API', () => {
  it('is started on the newest Haarlem version and takes every planned milestone', () => {
    expect(run.failed).toEqual([]);
    expect(run.driven).toHaveLength(people.length);
    expect(new Set(run.driven.map((trajectory) => trajectory.definitionVersion))).toEqual(new Set([5]));
    expect(run.driven.flatMap((trajectory) => trajectory.rejected)).toEqual([]);
    expect(run.driven.flatMap((trajectory) => trajectory.neverAwaited)).toEqual([]);
  });

  it('is counted by the progress report exactly as planned and accepted, per figure and municipality', () => {
    const expected = expectedReportFigures(people, run.driven, period);
    const rows = report.sections.flatMap((section) => section.rows);

    for (const row of rows) {
      expect({ figure: row.id, counts: row.counts }).toEqual({
        figure: row.id,
        counts: Object.fromEntries(MUNICIPALITIES.map((code) => [code, expected[row.id]?.[code] ?? 0])),
      });
    }
  });

  it('has the figures of every chapter to compare: ontzorgen, education, work and inburgering', () => {
    const expected = expectedReportFigures(people, run.driven, period);
    const total = (figure: string) => Object.values(expected[figure] ?? {}).reduce((sum, count) => sum + count, 0);

    for (const figure of [
      'noaAssessments',
      'financieelOntzorgenStarted',
      'introductionParticipants',
      'educationAdviceIntakes',
      'aanDeSlagInTrajectory',
      'aanDeSlagTraining',
      'aanDeSlagInternship',
      'aanDeSlagPaidWork',
      'inburgering.onTrack',
      'inburgering.warned',
      'inburgering.diploma',
      'inburgering.exemption',
    ]) {
      expect({ figure, nonZero: total(figure) > 0 }).toEqual({ figure, nonZero: true });
    }
    expect(report.cohorts.reduce((housed, row) => housed + row.housed, 0)).toBe(people.length);
  });
});

/**
 * The progress report from the event store: the same figures as the pure report over the same
 * events, for a Haarlem-sized synthetic cohort, and filtered to the municipalities asked for.
 */
import { TypeOrmEventStore } from '@wegwijs/persistence';
import { buildProgressReport, loadProgressReport, progressReportToCsv, syntheticCohort } from '@wegwijs/read-models';
import type { DataSource } from 'typeorm';
import { connectToTestDatabase, freshPrefix } from './support';

let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await connectToTestDatabase();
});

afterAll(async () => {
  await dataSource?.destroy();
});

const PERIOD = { from: '2018-01-01', to: '2019-03-31' };

describe('the progress report from the event store', () => {
  it('equals the report computed from the appended events, for a cohort of 300 over 15 months', async () => {
    const cohort = syntheticCohort({ size: 300, referenceDate: '2019-03-31', seed: 2019, prefix: freshPrefix(), municipalityCodes: ['GM9921', 'GM9922'] });
    const store = new TypeOrmEventStore(dataSource);
    for (const history of cohort) await store.append(history.trajectoryId, history.events);
    const options = { ...PERIOD, municipalities: ['GM9921', 'GM9922'] };

    const fromStore = await loadProgressReport(dataSource, options, undefined, 1_000);

    expect(fromStore).toEqual(buildProgressReport(cohort.flatMap((history) => history.recorded()), options));
    expect(fromStore.sections[0].rows[0].total).toBeGreaterThan(200);
    expect(progressReportToCsv(fromStore).split('\r\n')[0]).toBe('hoofdstuk,tabel,regel,omschrijving,GM9921,GM9922,totaal');
  });

  it('leaves out the municipalities not asked for', async () => {
    const cohort = syntheticCohort({ size: 40, referenceDate: '2019-03-31', months: 6, seed: 3, prefix: freshPrefix(), municipalityCodes: ['GM9931', 'GM9932'] });
    const store = new TypeOrmEventStore(dataSource);
    for (const history of cohort) await store.append(history.trajectoryId, history.events);

    const report = await loadProgressReport(dataSource, { ...PERIOD, municipalities: ['GM9932'] });

    const zandvoortSized = cohort.filter((history) => history.trajectoryId.startsWith('GM9932.')).length;
    expect(report.municipalities).toEqual(['GM9932']);
    expect(report.cohorts.reduce((housed, cohortRow) => housed + cohortRow.housed, 0)).toBe(zandvoortSized);
  });
});

/**
 * A synthetic cohort through the real API and workflows (no real people): the Haarlem
 * definition runs, the activities record the housing date, and the progress report from the
 * event store counts exactly what the API accepted.
 */
import { driveThroughApi, loadProgressReport, syntheticCohort, type DrivenTrajectory } from '@wegwijs/read-models';
import type { DataSource } from 'typeorm';
import { authHeaders } from '../support/http';
import { connectToTestDatabase, freshPrefix } from './support';

let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await connectToTestDatabase();
});

afterAll(async () => {
  await dataSource?.destroy();
});

describe('a synthetic cohort driven through the API', () => {
  it('is counted by the progress report as the API accepted it', async () => {
    const baseUrl = process.env.WEGWIJS_API_URL;
    if (!baseUrl) throw new Error('WEGWIJS_API_URL is unset: run through jest, whose global setup starts Wegwijs');
    const cohort = syntheticCohort({ size: 4, housedFrom: '2018-01-01', months: 3, until: '2019-03-31', seed: 8, prefix: freshPrefix(), municipalityCodes: ['GM9941', 'GM9941'] });

    const driven: DrivenTrajectory[] = [];
    for (const history of cohort) driven.push(await driveThroughApi(history, { baseUrl, until: '2019-03-31', idlePolls: 10, authorize: (actor) => authHeaders(actor) }));
    const report = await loadProgressReport(dataSource, { from: '2018-01-01', to: '2019-03-31', municipalities: ['GM9941'] });

    const accepted = (milestone: string) => driven.flatMap((trajectory) => trajectory.sent).filter((sent) => sent === milestone).length;
    const total = (rowId: string) => report.sections.flatMap((section) => section.rows).find((row) => row.id === rowId)?.total;
    // Workflow time is today, so for a 2018 cohort the 3-year inburgering clock has already run
    // out and the workflow refuses a diploma: only those rejections are expected.
    expect(driven.flatMap((trajectory) => trajectory.rejected).filter((rejection) => !rejection.milestone.startsWith('inburgering.'))).toEqual([]);
    expect(accepted('intake.noaAssessmentDone')).toBeGreaterThan(0);
    expect(total('noaAssessments')).toBe(accepted('intake.noaAssessmentDone'));
    expect(total('introductionParticipants')).toBe(accepted('introduction.programmeCompleted'));
    expect(report.cohorts.reduce((housed, row) => housed + row.housed, 0)).toBe(4);
  });
});

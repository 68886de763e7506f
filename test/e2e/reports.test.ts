/**
 * The progress report over HTTP, computed from the event store: JSON and CSV, small numbers
 * suppressed, for the caller's municipalities only.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { authHeaders, pollUntil, request } from '../support/http';
import { clockedDefinitionYaml, newDefinitionKey, publishDefinition } from '../support/published-definitions';
import { requestText } from '../support/text-http';
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';
import { newCaseReference } from '../support/case-references';
import { recordReportCohort, REPORT_COHORT } from '../support/report-cohort';

// A municipality of this test file alone, so other tests' trajectories do not count here.
const MUNICIPALITY = `GM9${String(randomInt(1000)).padStart(3, '0')}`;
const BELEID = authHeaders({ role: 'beleid', id: 'bl-0001', municipalities: [MUNICIPALITY] });
const KLANTMANAGER = authHeaders({ role: 'klantmanager', id: 'km-0007', municipalities: [MUNICIPALITY] });
const definitionKey = newDefinitionKey('report');
let wegwijs: WegwijsUnderTest;

beforeAll(async () => {
  wegwijs = await connectToWegwijsUnderTest();
  await publishDefinition(wegwijs.baseUrl, clockedDefinitionYaml(definitionKey), BELEID);
  // One NOA assessment, in February 2026.
  const started = await request(wegwijs.baseUrl, 'POST', '/trajectories', {
    body: { municipality: MUNICIPALITY, caseReference: newCaseReference(), definitionKey, facts: { housingDate: '2026-01-05', permitGrantedDate: '2026-01-05' } },
    headers: KLANTMANAGER,
  });
  expect(started.status).toBe(201);
  const trajectoryId = started.body.trajectoryId;
  const assessed = await pollUntil(
    () =>
      request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, {
        body: { milestone: 'intake.noaAssessmentDone', occurredOn: '2026-02-10' },
        headers: { ...KLANTMANAGER, 'idempotency-key': `noa-${trajectoryId}` },
      }),
    (answer) => answer.status === 200,
  );
  expect(assessed.status).toBe(200);
  // Eight people housed in January 2017, six assessed (test/support/report-cohort.ts).
  await recordReportCohort(wegwijs.baseUrl, MUNICIPALITY, KLANTMANAGER, BELEID);
});

afterAll(async () => {
  await wegwijs?.close();
});

const report = (query: string, headers = BELEID) => request(wegwijs.baseUrl, 'GET', `/reports/progress${query}`, { headers });
const noaRow = (body: { sections: Array<{ id: string; rows: Array<{ id: string }> }> }) =>
  body.sections.find((section) => section.id === 'bredeIntake')?.rows.find((row) => row.id === 'noaAssessments');

describe('the progress report', () => {
  it('counts what happened in the period in your municipalities, showing 1 to 4 as "<5"', async () => {
    const answer = await report(`?from=2026-01-01&to=2026-12-31`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ period: { from: '2026-01-01', to: '2026-12-31' }, referenceDate: '2026-12-31', municipalities: [MUNICIPALITY] });
    expect(noaRow(answer.body)).toMatchObject({ counts: { [MUNICIPALITY]: '<5' }, total: '<5' });

    const before = await report(`?from=2018-01-01&to=2018-12-31&municipality=${MUNICIPALITY}&cohort=month`);
    expect(noaRow(before.body)).toMatchObject({ counts: { [MUNICIPALITY]: 0 }, total: 0 });
    expect(before.body.cohortBy).toBe('month');
  });

  it('comes as CSV to open in a spreadsheet', async () => {
    const answer = await requestText(wegwijs.baseUrl, 'GET', `/reports/progress?from=2026-01-01&to=2026-12-31&format=csv`, { headers: BELEID });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/csv/);
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="voortgang-2026-01-01-2026-12-31.csv"');
    const lines = answer.text.split('\r\n');
    expect(lines[0]).toBe(`hoofdstuk,tabel,regel,omschrijving,${MUNICIPALITY},totaal`);
    expect(lines.find((line) => line.includes(',noaAssessments,'))).toMatch(/,<5,<5$/);
  });
});

describe('the progress report of a cohort whose figures are known', () => {
  const { from, to } = REPORT_COHORT.period;
  const rowOf = (body: any, sectionId: string, rowId: string) => body.sections.find((section: any) => section.id === sectionId)?.rows.find((row: any) => row.id === rowId);
  // The inburgering clocks of the two assessed last may still be starting: the report reads what the event store holds.
  const settledReport = () =>
    pollUntil(
      () => report(`?from=${from}&to=${to}`),
      (answer) => rowOf(answer.body, 'inburgering', 'inburgering.onTrack')?.total === REPORT_COHORT.withinTerm && rowOf(answer.body, 'inburgering', 'inburgering.deadlinePassed')?.total === '<5',
    );

  it('counts the milestones recorded through the API: 5 and more as they are, 1 to 4 as "<5", none as 0', async () => {
    const answer = await settledReport();
    expect(answer.status).toBe(200);
    expect(rowOf(answer.body, 'bredeIntake', 'noaAssessments')).toEqual({
      id: 'noaAssessments',
      label: 'NOA-assessment afgelegd',
      counts: { [MUNICIPALITY]: REPORT_COHORT.noaAssessments },
      total: REPORT_COHORT.noaAssessments,
    });
    expect(rowOf(answer.body, 'inburgering', 'inburgering.onTrack')).toMatchObject({ counts: { [MUNICIPALITY]: REPORT_COHORT.withinTerm }, total: REPORT_COHORT.withinTerm });
    expect(rowOf(answer.body, 'inburgering', 'inburgering.deadlinePassed')).toMatchObject({ counts: { [MUNICIPALITY]: '<5' }, total: '<5' });
    expect(rowOf(answer.body, 'aanDeSlag', 'aanDeSlagPaidWork')).toMatchObject({ counts: { [MUNICIPALITY]: 0 }, total: 0 });
    expect(answer.body.cohorts).toEqual([
      expect.objectContaining({
        cohort: '2017-Q1',
        housed: REPORT_COHORT.housed,
        milestones: expect.objectContaining({
          'intake.noaAssessmentDone': { label: 'NOA-assessment afgenomen', reached: REPORT_COHORT.noaAssessments, medianDays: REPORT_COHORT.medianDaysToNoa },
          'intake.planAgreed': { label: 'Plan van aanpak', reached: 0, medianDays: null },
        }),
      }),
    ]);
  });

  it('gives the same figures in the CSV, suppressed alike', async () => {
    await settledReport();
    const answer = await requestText(wegwijs.baseUrl, 'GET', `/reports/progress?from=${from}&to=${to}&format=csv`, { headers: BELEID });
    expect(answer.status).toBe(200);
    const lines = answer.text.split('\r\n');
    expect(lines).toContain(`§5,Brede intake en financieel ontzorgen,noaAssessments,NOA-assessment afgelegd,${REPORT_COHORT.noaAssessments},${REPORT_COHORT.noaAssessments}`);
    expect(lines).toContain(`§9,Inburgering op peildatum,inburgering.deadlinePassed,Termijn verstreken,<5,<5`);
    expect(lines.find((line) => line.startsWith('2017-Q1,'))).toMatch(new RegExp(`^2017-Q1,${REPORT_COHORT.housed},${REPORT_COHORT.noaAssessments},${REPORT_COHORT.medianDaysToNoa},0,,`));
  });
});

describe('report errors and denials', () => {
  it('answers 422 naming each bad parameter', async () => {
    const reversed = await report('?from=2026-12-31&to=2026-01-01');
    expect(reversed.status).toBe(422);
    expect(reversed.body.errors).toEqual([{ field: 'from', message: 'from must not be after to' }]);
    const bad = await report('?to=2019-3-1&format=xml');
    expect(bad.status).toBe(422);
    expect([...new Set(bad.body.errors.map((error: { field: string }) => error.field))].sort()).toEqual(['format', 'from', 'to']);
    const noSuchDay = await report('?from=2019-02-30&to=2019-03-31');
    expect(noSuchDay.status).toBe(422);
    expect(noSuchDay.body.errors).toEqual([{ field: 'from', message: 'from must be a calendar date' }]);
  });

  it('refuses a municipality not yours and roles other than policy staff, supervisors and administrators', async () => {
    const haarlem = await report('?from=2026-01-01&to=2026-12-31&municipality=GM0392');
    expect(haarlem.status).toBe(403);
    expect(haarlem.body.type).toBe('/problems/outside-municipality');
    const klantmanager = await report('?from=2026-01-01&to=2026-12-31', KLANTMANAGER);
    expect(klantmanager.status).toBe(403);
    expect(klantmanager.body.type).toBe('/problems/forbidden-role');
    const supervisor = await report('?from=2026-01-01&to=2026-12-31', authHeaders({ role: 'supervisor', id: `sv-${randomUUID().slice(0, 4)}`, municipalities: [MUNICIPALITY] }));
    expect(supervisor.status).toBe(200);
  });
});

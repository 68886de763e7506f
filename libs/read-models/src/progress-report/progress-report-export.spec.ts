import { TrajectoryHistory } from '../synthetic/trajectory-history';
import { buildProgressReport } from './progress-report';
import { progressReportToCsv, progressReportToJson, suppressSmallNumber } from './progress-report-export';

function noaReport(haarlemAssessments: number, zandvoortAssessments: number) {
  const histories = [
    ...Array.from({ length: haarlemAssessments }, (_, index) => new TrajectoryHistory(`GM0392.HLM-${index}`)),
    ...Array.from({ length: zandvoortAssessments }, (_, index) => new TrajectoryHistory(`GM0473.ZVT-${index}`)),
  ].map((history) => history.started('2018-02-01', { housingDate: '2018-02-01' }).milestone('intake.noaAssessmentDone', '2018-03-01'));
  return buildProgressReport(
    histories.flatMap((history) => history.recorded()),
    { from: '2018-01-01', to: '2019-03-31' },
  );
}

describe('small-number suppression', () => {
  it.each([
    [0, 0],
    [1, '<5'],
    [4, '<5'],
    [5, 5],
    [164, 164],
  ])('shows %p as %p', (count, shown) => {
    expect(suppressSmallNumber(count)).toBe(shown);
  });
});

describe('the progress report as JSON', () => {
  it('shows counts of 1 to 4 as "<5" and keeps zero and larger counts', () => {
    const json = JSON.parse(progressReportToJson(noaReport(6, 2)));
    const noa = json.sections[0].rows.find((row: any) => row.id === 'noaAssessments');
    const intro = json.sections[1].rows[0];

    expect(noa.counts).toEqual({ GM0392: 6, GM0473: '<5' });
    expect(noa.total).toBe(8);
    expect(intro.total).toBe(0);
  });

  it('leaves out a cohort median over fewer than five people', () => {
    const json = JSON.parse(progressReportToJson(noaReport(3, 0)));

    expect(json.cohorts[0].milestones['intake.noaAssessmentDone']).toEqual({ label: 'NOA-assessment afgenomen', reached: '<5', medianDays: null });
  });
});

describe('the progress report as CSV', () => {
  it('has a column per municipality and a total, with small numbers suppressed', () => {
    const lines = progressReportToCsv(noaReport(6, 2)).split('\r\n');

    expect(lines[0]).toBe('hoofdstuk,tabel,regel,omschrijving,GM0392,GM0473,totaal');
    expect(lines[1]).toBe('§5,Brede intake en financieel ontzorgen,noaAssessments,NOA-assessment afgelegd,6,<5,8');
  });

  it('writes one line per figure of the 2019 tables, §5 to §9', () => {
    const [figures] = progressReportToCsv(noaReport(1, 0)).split('\r\n\r\n');
    const chapters = figures.split('\r\n').slice(1).map((line) => line.split(',')[0]);

    expect(chapters).toEqual(['§5', '§5', '§6', '§7', '§7', '§7', '§7', ...Array(9).fill('§8'), ...Array(5).fill('§9')]);
  });

  it('quotes a label holding a comma', () => {
    expect(progressReportToCsv(noaReport(1, 0))).toContain('§9,Inburgering op peildatum,inburgering.onTrack,"Binnen termijn, niet gewaarschuwd",0,0');
  });

  it('appends the cohort table after an empty line, with the median left empty when suppressed', () => {
    const csv = progressReportToCsv(noaReport(6, 0));
    const [, cohortTable] = csv.split('\r\n\r\n');
    const [header, firstCohort] = cohortTable.split('\r\n');

    expect(header.startsWith('cohort (kwartaal huisvesting),gehuisvest,NOA-assessment afgenomen: bereikt,NOA-assessment afgenomen: mediaan dagen')).toBe(true);
    expect(firstCohort.startsWith('2018-Q1,6,6,28,0,,')).toBe(true);
  });
});

import { buildProgressReport, TrajectoryHistory, type ProgressReportOptions } from '@wegwijs/read-models';
import { READ_MODELS_EXIT_CODES, runProgressReport, runRebuild, type ReadModelsCommandIo, type ReadModelsDatabase } from './read-models.command';

const history = new TrajectoryHistory('GM0392.HLM-2019-0001')
  .started('2018-02-01', { housingDate: '2018-02-01' })
  .milestone('intake.noaAssessmentDone', '2018-03-01');

function fakeIo(database: Partial<ReadModelsDatabase> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const asked: ProgressReportOptions[] = [];
  let closed = 0;
  const io: ReadModelsCommandIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    openDatabase: async () => ({
      rebuild: async () => [{ projection: 'trajectory-summary', events: 12, milliseconds: 3 }],
      catchUp: async () => 0,
      run: async () => undefined,
      progressReport: async (options) => {
        asked.push(options);
        return buildProgressReport(history.recorded(), options);
      },
      close: async () => {
        closed += 1;
      },
      ...database,
    }),
  };
  return { io, out, err, asked, closed: () => closed };
}

const PROGRESS = { from: '2018-01-01', to: '2019-03-31', format: 'json', cohort: 'quarter' };

describe('wegwijs report progress', () => {
  it('prints the report as JSON with small counts suppressed', async () => {
    const fake = fakeIo();

    expect(await runProgressReport(PROGRESS, fake.io)).toBe(READ_MODELS_EXIT_CODES.ok);
    const noa = JSON.parse(fake.out.join('')).sections[0].rows[0];
    expect(noa).toMatchObject({ id: 'noaAssessments', counts: { GM0392: '<5' }, total: '<5' });
  });

  it('prints CSV and passes the municipalities, upper-cased, to the report', async () => {
    const fake = fakeIo();

    await runProgressReport({ ...PROGRESS, format: 'csv', municipality: 'gm0392, GM0473' }, fake.io);

    expect(fake.asked[0].municipalities).toEqual(['GM0392', 'GM0473']);
    expect(fake.out.join('').split('\r\n')[0]).toBe('hoofdstuk,tabel,regel,omschrijving,GM0392,GM0473,totaal');
  });

  it('exits 2 naming every bad option, without opening the database', async () => {
    const fake = fakeIo();

    const exitCode = await runProgressReport({ from: '2019-13-01x', to: '2019-03-31', format: 'xml', cohort: 'week', municipality: 'Haarlem' }, fake.io);

    expect(exitCode).toBe(READ_MODELS_EXIT_CODES.usageError);
    expect(fake.err.join('')).toBe(
      "--from must be a date YYYY-MM-DD, not '2019-13-01x'\n--format must be json or csv, not 'xml'\n--cohort must be quarter or month, not 'week'\n" +
        '--municipality takes CBS codes like GM0392, not HAARLEM\n',
    );
    expect(fake.asked).toEqual([]);
  });

  it('exits 1 and closes the database when the report fails', async () => {
    const fake = fakeIo({
      progressReport: async () => {
        throw new Error('connection reset');
      },
    });

    expect(await runProgressReport(PROGRESS, fake.io)).toBe(READ_MODELS_EXIT_CODES.databaseFailed);
    expect(fake.err.join('')).toBe('connection reset\n');
    expect(fake.closed()).toBe(1);
  });
});

describe('wegwijs read-models rebuild', () => {
  it('reports each projection rebuilt with its event count', async () => {
    const fake = fakeIo();

    expect(await runRebuild(fake.io)).toBe(READ_MODELS_EXIT_CODES.ok);
    expect(fake.out.join('')).toBe('trajectory-summary: 12 events in 3 ms\n');
  });
});

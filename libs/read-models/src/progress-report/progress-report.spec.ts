import type { RecordedTrajectoryEvent } from '@wegwijs/domain';
import { TrajectoryHistory } from '../synthetic/trajectory-history';
import { buildProgressReport, InvalidReportPeriodError, type ProgressReport, type ProgressReportOptions } from './progress-report';

const PERIOD: ProgressReportOptions = { from: '2018-01-01', to: '2019-03-31' };

function haarlem(caseNumber: number, housingDate = '2018-03-01'): TrajectoryHistory {
  return new TrajectoryHistory(`GM0392.HLM-${caseNumber}`).started(housingDate, { housingDate });
}

function zandvoort(caseNumber: number, housingDate = '2018-03-01'): TrajectoryHistory {
  return new TrajectoryHistory(`GM0473.ZVT-${caseNumber}`).started(housingDate, { housingDate });
}

function report(histories: TrajectoryHistory[], options: ProgressReportOptions = PERIOD): ProgressReport {
  const events: RecordedTrajectoryEvent[] = histories.flatMap((history) => history.recorded());
  return buildProgressReport(events, options);
}

function figure(built: ProgressReport, rowId: string) {
  const row = built.sections.flatMap((section) => section.rows).find((candidate) => candidate.id === rowId);
  if (!row) throw new Error(`no row ${rowId}`);
  return { ...row.counts, total: row.total };
}

describe('the progress report', () => {
  it('counts NOA assessments taken in the period, per municipality and in total', () => {
    const built = report([
      haarlem(1).milestone('intake.noaAssessmentDone', '2018-04-02'),
      haarlem(2).milestone('intake.noaAssessmentDone', '2019-03-31'),
      haarlem(3).milestone('intake.noaAssessmentDone', '2019-04-01'),
      zandvoort(1).milestone('intake.noaAssessmentDone', '2018-05-15'),
    ]);

    expect(figure(built, 'noaAssessments')).toEqual({ GM0392: 2, GM0473: 1, total: 3 });
  });

  it('counts financieel ontzorgen by the day it started', () => {
    const built = report([
      haarlem(1).add('financieelOntzorgen.started', { startedOn: '2018-04-01', endsOn: '2018-10-01', directlyPaidFixedCosts: [], nodeId: 'startOntzorgen' }, '2018-04-01'),
      haarlem(2).add('financieelOntzorgen.started', { startedOn: '2017-12-20', endsOn: '2018-06-20', directlyPaidFixedCosts: [], nodeId: 'startOntzorgen' }, '2017-12-20'),
    ]);

    expect(figure(built, 'financieelOntzorgenStarted')).toEqual({ GM0392: 1, total: 1 });
  });

  it('splits bridging programmes by the advice given before them, and counts UAF studies', () => {
    const built = report([
      haarlem(1).milestone('education.adviceGiven', '2018-05-01', { advice: 'voorschakeltraject' }).milestone('education.bridgingProgrammeStarted', '2018-06-01'),
      haarlem(2).milestone('education.adviceGiven', '2018-05-01', { advice: 'voorschakeltrajectZorg' }).milestone('education.bridgingProgrammeStarted', '2018-06-01'),
      haarlem(3).milestone('education.adviceGiven', '2018-05-01', { advice: 'uaf' }).milestone('education.uafStudyStarted', '2018-09-01'),
    ]);

    expect(figure(built, 'educationAdviceIntakes').total).toBe(3);
    expect(figure(built, 'bridging').total).toBe(1);
    expect(figure(built, 'bridgingCare').total).toBe(1);
    expect(figure(built, 'uafStarted').total).toBe(1);
  });

  it("counts 'Aan de slag' registrations from every plan with route werk, and hand-backs and intakes", () => {
    const built = report([
      haarlem(1)
        .milestone('intake.planAgreed', '2018-04-01', { route: 'werk' })
        .milestone('work.terugmelding', '2018-05-01')
        .milestone('intake.planRevised', '2018-06-01', { route: 'werk' })
        .milestone('work.aanDeSlagTrajectoryStarted', '2018-06-20'),
      haarlem(2).milestone('intake.planAgreed', '2018-04-01', { route: 'onderwijs' }),
    ]);

    expect(figure(built, 'aanDeSlagRegistered').total).toBe(2);
    expect(figure(built, 'aanDeSlagHandedBack').total).toBe(1);
    expect(figure(built, 'aanDeSlagInTrajectory').total).toBe(1);
  });

  it('counts paid work part-time and full-time, and as sustainable only after six months unbroken on the reference date', () => {
    const built = report([
      haarlem(1).milestone('work.paidWorkStarted', '2018-09-30', { hours: 'partTime' }),
      haarlem(2).milestone('work.paidWorkStarted', '2018-10-01', { hours: 'fullTime' }),
      haarlem(3).milestone('work.paidWorkStarted', '2018-06-01', { hours: 'fullTime' }).milestone('work.paidWorkEnded', '2019-01-15'),
      haarlem(4).milestone('work.trainingStarted', '2018-06-01').milestone('work.internshipStarted', '2018-07-01'),
    ]);

    expect(figure(built, 'aanDeSlagPaidWork').total).toBe(3);
    expect(figure(built, 'aanDeSlagPaidWorkPartTime').total).toBe(1);
    expect(figure(built, 'aanDeSlagPaidWorkFullTime').total).toBe(2);
    expect(figure(built, 'aanDeSlagSustainableWork').total).toBe(1);
    expect(figure(built, 'aanDeSlagTraining').total).toBe(1);
    expect(figure(built, 'aanDeSlagInternship').total).toBe(1);
  });

  it('gives each person with an inburgering term one status on the reference date', () => {
    const clock = (history: TrajectoryHistory, deadline: string) => history.clockStarted('2018-03-01', 'inburgeringstermijn', 'Inburgeringstermijn', deadline);
    const built = report([
      clock(haarlem(1), '2021-03-01'),
      clock(haarlem(2), '2019-06-01').add('clock.warning', { clockId: 'inburgeringstermijn', offset: 'P3M', deadline: '2019-06-01', late: false }, '2019-03-01'),
      clock(haarlem(3), '2019-03-01'),
      clock(haarlem(4), '2019-06-01').milestone('inburgering.diplomaObtained', '2019-02-01'),
      clock(haarlem(5), '2021-03-01').milestone('inburgering.exemptionGranted', '2018-12-01'),
      clock(haarlem(6), '2019-06-01').add('clock.extended', { clockId: 'inburgeringstermijn', milestone: 'inburgering.extensionGranted', by: 'P6M', deadline: '2019-12-01' }, '2019-01-10'),
    ]);

    expect(figure(built, 'inburgering.onTrack').total).toBe(2);
    expect(figure(built, 'inburgering.warned').total).toBe(1);
    expect(figure(built, 'inburgering.deadlinePassed').total).toBe(1);
    expect(figure(built, 'inburgering.diploma').total).toBe(1);
    expect(figure(built, 'inburgering.exemption').total).toBe(1);
  });

  it('follows what later input withdrew: a warning and an expiry that never fell due, a milestone that no longer counts', () => {
    const clock = (history: TrajectoryHistory, deadline: string) => history.clockStarted('2018-03-01', 'inburgeringstermijn', 'Inburgeringstermijn', deadline);
    // Expired on 2019-03-01, then an extension dated before that was entered: running again until 2019-09-01.
    const extendedLate = clock(haarlem(1), '2019-03-01')
      .add('clock.expired', { clockId: 'inburgeringstermijn', deadline: '2019-03-01' }, '2019-03-01')
      .add('clock.expiryWithdrawn', { clockId: 'inburgeringstermijn', deadline: '', on: '2019-03-01', by: 'milestone:ext' }, '2019-03-01')
      .add('clock.extended', { clockId: 'inburgeringstermijn', milestone: 'inburgering.extensionGranted', from: '2019-03-01', deadline: '2019-09-01' }, '2019-02-20');
    // Warned on 2019-01-01; then a diploma dated before the warning: never warned.
    const diplomaLate = clock(haarlem(2), '2019-04-01')
      .add('clock.warning', { clockId: 'inburgering', offset: 'P3M', deadline: '2019-04-01', late: false }, '2019-01-01')
      .add('clock.warning', { clockId: 'inburgeringstermijn', offset: 'P3M', deadline: '2019-04-01', late: false }, '2019-01-01')
      .add('clock.warningWithdrawn', { clockId: 'inburgeringstermijn', offset: 'P3M', on: '2019-01-01', by: 'milestone:diploma' }, '2019-01-01');
    // A NOA assessment recorded twice; an earlier-dated one decided the step, so the later one is displaced.
    const twice = haarlem(3).milestone('intake.noaAssessmentDone', '2018-04-10').milestone('intake.noaAssessmentDone', '2018-04-02');
    const displacedId = twice.recorded().filter((event) => event.type === 'milestone.recorded')[0].payload.milestoneId;
    twice.add('milestone.displaced', { milestone: 'intake.noaAssessmentDone', milestoneId: displacedId, reason: 'an earlier one decided the step' }, '2018-04-10');

    const built = report([extendedLate, diplomaLate, twice]);

    expect(figure(built, 'inburgering.deadlinePassed').total).toBe(0);
    expect(figure(built, 'inburgering.warned').total).toBe(0);
    expect(figure(built, 'inburgering.onTrack').total).toBe(2);
    expect(figure(built, 'noaAssessments').total).toBe(1);
  });

  it('knows an inburgering term from its start date, even when the engine recorded the clock later', () => {
    const built = report([
      haarlem(1).add('clock.started', { clockId: 'inburgeringstermijn', name: 'Inburgeringstermijn', startDate: '2018-02-01', deadline: '2021-02-01' }, '2019-06-01'),
    ]);

    expect(figure(built, 'inburgering.onTrack').total).toBe(1);
  });

  it('measures the median days from housing to each milestone per arrival quarter, for people housed in the period', () => {
    const built = report([
      haarlem(1, '2018-01-10').milestone('intake.noaAssessmentDone', '2018-02-09'),
      haarlem(2, '2018-02-01').milestone('intake.noaAssessmentDone', '2018-03-13'),
      haarlem(3, '2018-03-01').milestone('intake.noaAssessmentDone', '2018-05-30'),
      haarlem(4, '2018-04-02'),
      haarlem(5, '2017-12-01').milestone('intake.noaAssessmentDone', '2018-01-10'),
    ]);

    expect(built.cohorts.map((cohort) => [cohort.cohort, cohort.housed])).toEqual([
      ['2018-Q1', 3],
      ['2018-Q2', 1],
    ]);
    expect(built.cohorts[0].milestones['intake.noaAssessmentDone']).toEqual({ reached: 3, medianDays: 40 });
    expect(built.cohorts[1].milestones['intake.noaAssessmentDone']).toEqual({ reached: 0, medianDays: null });
  });

  it('takes the day the trajectory began for the housing date when its definition records none (no programme.started)', () => {
    const startedOnly = (caseNumber: number, startOn: string) =>
      new TrajectoryHistory(`GM0392.HLM-${caseNumber}`).add(
        'trajectory.started',
        { definitionKey: 'inburgering-only', definitionVersion: 1, contentHash: 'sha256:synthetic', municipality: 'GM0392', caseReference: `HLM-${caseNumber}`, startOn },
        '2026-12-07',
      );
    const built = report([startedOnly(1, '2018-08-20').milestone('intake.noaAssessmentDone', '2018-09-19'), startedOnly(2, '2017-06-01')]);

    expect(built.cohorts.map((cohort) => [cohort.cohort, cohort.housed])).toEqual([['2018-Q3', 1]]);
    expect(built.cohorts[0].milestones['intake.noaAssessmentDone']).toEqual({ reached: 1, medianDays: 30 });
  });

  it('takes a corrected housing date over the one the trajectory started with', () => {
    const built = report([
      haarlem(1, '2018-03-01').add('facts.corrected', { changes: { housingDate: { from: '2018-03-01', to: '2018-07-15' } }, reason: 'typo' }, '2018-03-05'),
    ]);

    expect(built.cohorts.map((cohort) => cohort.cohort)).toEqual(['2018-Q3']);
  });

  it('reports only the municipalities asked for, each as a column even when it has nothing', () => {
    const built = report([haarlem(1).milestone('intake.noaAssessmentDone', '2018-04-02'), zandvoort(1).milestone('intake.noaAssessmentDone', '2018-04-02')], {
      ...PERIOD,
      municipalities: ['GM0473', 'GM0453'],
    });

    expect(built.municipalities).toEqual(['GM0453', 'GM0473']);
    expect(figure(built, 'noaAssessments')).toEqual({ GM0453: 0, GM0473: 1, total: 1 });
  });

  it('refuses a period that ends before it starts', () => {
    expect(() => report([], { from: '2019-04-01', to: '2019-03-31' })).toThrow(InvalidReportPeriodError);
  });
});

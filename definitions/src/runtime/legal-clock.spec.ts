import type { CompiledFact, CompiledLegalClock } from './compiled-definition';
import { InvalidDurationError } from '@wegwijs/calendar';
import { computeLegalClock, isNormMet, normDeadline } from './legal-clock';

const inburgering: CompiledLegalClock = {
  id: 'inburgeringstermijn',
  name: 'Inburgeringstermijn',
  start: 'permitGrantedDate',
  term: 'P3Y',
  warnings: ['P12M', 'P6M', 'P3M', 'P1M'],
  suspendOn: ['inburgering.suspended'],
  resumeOn: ['inburgering.resumed'],
  extendOn: [{ milestone: 'inburgering.extensionGranted', durationField: 'extension' }],
  stopOn: ['inburgering.diplomaObtained', 'inburgering.exemptionGranted'],
  notifyActivity: 'warnInburgeringDeadline',
};

describe('a legal clock', () => {
  it('ends three years after its start, clamped at month end, with warnings 12, 6, 3 and 1 months before', () => {
    const state = computeLegalClock(inburgering, '2020-02-29', []);
    expect(state).toMatchObject({ status: 'running', deadline: '2023-02-28', suspendedDays: 0, stoppedOn: null });
    expect(state.warnings).toEqual([
      { before: 'P12M', on: '2022-02-28' },
      { before: 'P6M', on: '2022-08-28' },
      { before: 'P3M', on: '2022-11-28' },
      { before: 'P1M', on: '2023-01-28' },
    ]);
  });

  it('moves the deadline and its warnings by an extension DUO grants', () => {
    const state = computeLegalClock(inburgering, '2019-08-31', [
      { milestone: 'inburgering.extensionGranted', on: '2022-05-01', payload: { extension: 'P6M' } },
    ]);
    expect(state.deadline).toBe('2023-02-28');
    expect(state.warnings[0]).toEqual({ before: 'P12M', on: '2022-02-28' });
  });

  it('adds the days it was suspended once it resumes', () => {
    const state = computeLegalClock(inburgering, '2019-08-31', [
      { milestone: 'inburgering.suspended', on: '2020-03-01' },
      { milestone: 'inburgering.resumed', on: '2020-03-31' },
    ]);
    expect(state).toMatchObject({ status: 'running', suspendedDays: 30, deadline: '2022-09-30' });
  });

  it('reports suspended until a resume arrives', () => {
    expect(computeLegalClock(inburgering, '2019-08-31', [{ milestone: 'inburgering.suspended', on: '2020-03-01' }]).status).toBe('suspended');
  });

  it('stops for good at a diploma or exemption, ignoring what comes after', () => {
    const state = computeLegalClock(inburgering, '2019-08-31', [
      { milestone: 'inburgering.extensionGranted', on: '2022-09-01', payload: { extension: 'P1Y' } },
      { milestone: 'inburgering.diplomaObtained', on: '2021-06-15' },
    ]);
    expect(state).toMatchObject({ status: 'stopped', stoppedOn: '2021-06-15', stoppedBy: 'inburgering.diplomaObtained', deadline: '2022-08-31' });
  });

  it('refuses an extension without a valid duration in its payload', () => {
    expect(() => computeLegalClock(inburgering, '2019-08-31', [{ milestone: 'inburgering.extensionGranted', on: '2022-05-01', payload: {} }])).toThrow(
      InvalidDurationError,
    );
  });
});

describe('a norm', () => {
  const facts: CompiledFact[] = [{ name: 'housingDate', type: 'date', required: true }];
  const noaWithinSixWeeks = { within: 'P6W', from: 'housingDate' };

  it('is met on its last day and missed the day after', () => {
    expect(normDeadline(noaWithinSixWeeks, { housingDate: '2019-08-31' }, facts)).toBe('2019-10-12');
    expect(isNormMet(noaWithinSixWeeks, { housingDate: '2019-08-31' }, facts, '2019-10-12')).toBe(true);
    expect(isNormMet(noaWithinSixWeeks, { housingDate: '2019-08-31' }, facts, '2019-10-13')).toBe(false);
  });
});

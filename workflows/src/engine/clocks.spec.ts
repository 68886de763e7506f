import type { CompiledLegalClock } from '@wegwijs/definitions/runtime';
import { clockStatusOn, clockTimeline } from './clocks';
import type { RecordedMilestone } from './record';

const CLOCK: CompiledLegalClock = {
  id: 'inburgeringstermijn',
  name: 'Inburgeringstermijn',
  start: 'permitGrantedDate',
  term: 'P3Y',
  warnings: ['P12M', 'P6M', 'P3M', 'P1M'],
  suspendOn: ['inburgering.suspended'],
  resumeOn: ['inburgering.resumed'],
  extendOn: [{ milestone: 'inburgering.extensionGranted', durationField: 'extension' }],
  stopOn: ['inburgering.diplomaObtained'],
  notifyActivity: 'warnInburgeringDeadline',
};
const OPTIONS = { cutAfter: null, startKnownSince: 0 };
let seq = 0;
const milestone = (name: string, occurredOn: string, payload?: Record<string, string>): RecordedMilestone => ({
  seq: ++seq,
  milestoneId: `m${seq}`,
  milestone: name,
  occurredOn,
  recordedAt: '2030-01-01T00:00:00.000Z',
  actor: { role: 'klantmanager', id: 'km' },
  ...(payload ? { payload } : {}),
});

describe('a legal clock in business time', () => {
  it('ends three years after 29 February on 28 February, warns by the calendar and expires the day after', () => {
    const timeline = clockTimeline(CLOCK, '2020-02-29', [], OPTIONS);
    expect(timeline.deadline).toBe('2023-02-28');
    expect(timeline.warnings.map((warning) => [warning.offset, warning.on])).toEqual([
      ['P12M', '2022-02-28'],
      ['P6M', '2022-08-28'],
      ['P3M', '2022-11-28'],
      ['P1M', '2023-01-28'],
    ]);
    expect(timeline.expiry).toMatchObject({ on: '2023-03-01', deadline: '2023-02-28' });
  });

  it('takes a diploma by the day it was obtained: the warnings after it never fall due, however late it is recorded', () => {
    const timeline = clockTimeline(CLOCK, '2020-02-29', [milestone('inburgering.diplomaObtained', '2022-05-01')], OPTIONS);
    expect(timeline.warnings.map((warning) => warning.offset)).toEqual(['P12M']);
    expect(timeline.expiry).toBeNull();
    expect(clockStatusOn(timeline, '2022-04-30')).toBe('running');
    expect(clockStatusOn(timeline, '2022-05-01')).toBe('stopped');
  });

  it('moves the deadline by an extension dated before it, even one recorded after it passed; a warning that fell due before the extension stays', () => {
    const timeline = clockTimeline(CLOCK, '2020-02-29', [milestone('inburgering.extensionGranted', '2023-01-15', { extension: 'P6M' })], OPTIONS);
    expect(timeline.deadline).toBe('2023-08-28');
    expect(timeline.warnings.map((warning) => [warning.offset, warning.on, warning.deadline])).toEqual([
      ['P12M', '2022-02-28', '2023-02-28'],
      ['P6M', '2022-08-28', '2023-02-28'],
      ['P3M', '2022-11-28', '2023-02-28'],
      ['P1M', '2023-07-28', '2023-08-28'],
    ]);
    expect(timeline.changes.map((change) => [change.kind, change.on, change.deadline])).toEqual([
      ['started', '2020-02-29', '2023-02-28'],
      ['extended', '2023-01-15', '2023-08-28'],
      ['expired', '2023-08-29', '2023-08-28'],
    ]);
  });

  it('refuses an extension dated on the day after the deadline: the term had expired at the start of that day', () => {
    const late = milestone('inburgering.extensionGranted', '2023-03-01', { extension: 'P6M' });
    const timeline = clockTimeline(CLOCK, '2020-02-29', [late], OPTIONS);
    expect(timeline.refused).toEqual([{ milestoneId: late.milestoneId, reason: 'the clock expired on 2023-03-01; the deadline was 2023-02-28' }]);
    expect(timeline.deadline).toBe('2023-02-28');
  });

  it('stands still while suspended, and moves its deadline by the days it stood still', () => {
    const timeline = clockTimeline(CLOCK, '2020-01-10', [milestone('inburgering.suspended', '2021-03-01'), milestone('inburgering.resumed', '2021-03-31')], OPTIONS);
    expect(timeline.deadline).toBe('2023-02-09');
    expect(timeline.changes.find((change) => change.kind === 'resumed')).toMatchObject({ from: '2023-01-10', deadline: '2023-02-09' });
  });

  it('takes milestones in business-date order, whatever order they were recorded in', () => {
    const resumed = milestone('inburgering.resumed', '2021-03-31');
    const suspended = milestone('inburgering.suspended', '2021-03-01');
    expect(clockTimeline(CLOCK, '2020-01-10', [resumed, suspended], OPTIONS).deadline).toBe('2023-02-09');
  });

  it('refuses what does not fit its state, saying why', () => {
    const resume = milestone('inburgering.resumed', '2021-03-31');
    const early = milestone('inburgering.diplomaObtained', '2019-12-31');
    expect(clockTimeline(CLOCK, '2020-01-10', [resume, early], OPTIONS).refused).toEqual([
      { milestoneId: early.milestoneId, reason: 'dated before the clock started on 2020-01-10' },
      { milestoneId: resume.milestoneId, reason: 'the clock is not suspended' },
    ]);
  });

  it('lets nothing fall due after the trajectory ended', () => {
    const timeline = clockTimeline(CLOCK, '2020-02-29', [], { cutAfter: '2022-06-01', startKnownSince: 0 });
    expect(timeline.warnings.map((warning) => warning.offset)).toEqual(['P12M']);
    expect(timeline.expiry).toBeNull();
  });
});

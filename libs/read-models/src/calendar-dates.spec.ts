import { addMonthsClamped, amsterdamDateOf, daysBetween, quarterOf } from './calendar-dates';

describe('calendar dates in Europe/Amsterdam', () => {
  it('dates an instant late in the UTC evening on the next Amsterdam day', () => {
    expect(amsterdamDateOf(new Date('2019-08-31T22:30:00Z'))).toBe('2019-09-01');
  });

  it('clamps a month-end date to the last day of a shorter month', () => {
    expect(addMonthsClamped('2020-02-29', 36)).toBe('2023-02-28');
    expect(addMonthsClamped('2018-08-31', 6)).toBe('2019-02-28');
  });

  it('counts whole days between dates across a daylight-saving change', () => {
    expect(daysBetween('2019-03-30', '2019-04-01')).toBe(2);
  });

  it('names the quarter a date falls in', () => {
    expect(quarterOf('2019-09-30')).toBe('2019-Q3');
    expect(quarterOf('2019-10-01')).toBe('2019-Q4');
  });
});

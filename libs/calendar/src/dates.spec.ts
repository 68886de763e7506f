import {
  addToDate,
  addToInstant,
  amsterdamOffsetAt,
  calendarDateInAmsterdam,
  compareDates,
  daysBetween,
  monthsBetween,
  quarterOf,
  startOfDayInAmsterdam,
  subtractFromDate,
} from './dates';
import { parseDuration } from './durations';
import { DurationNotCalendarError, InvalidCalendarDateError, InvalidDurationError } from './errors';

describe('calendar arithmetic on Europe/Amsterdam calendar dates', () => {
  it('clamps three years after 29 February 2020 to 28 February 2023', () => {
    expect(addToDate('2020-02-29', 'P3Y')).toBe('2023-02-28');
  });

  it('puts 24 months after 31 August 2019 on 31 August 2021', () => {
    expect(addToDate('2019-08-31', 'P24M')).toBe('2021-08-31');
  });

  it('clamps one month after 31 January to the last day of February', () => {
    expect(addToDate('2021-01-31', 'P1M')).toBe('2021-02-28');
    expect(addToDate('2024-01-31', 'P1M')).toBe('2024-02-29');
  });

  it('adds weeks and days after months, across a year end', () => {
    expect(addToDate('2019-12-20', 'P6W')).toBe('2020-01-31');
    expect(addToDate('2019-01-31', 'P1M1D')).toBe('2019-03-01');
  });

  it('subtracts warning offsets from a deadline', () => {
    expect(subtractFromDate('2023-02-28', 'P12M')).toBe('2022-02-28');
    expect(subtractFromDate('2022-08-31', 'P6M')).toBe('2022-02-28');
    expect(subtractFromDate('2022-08-31', 'P3M')).toBe('2022-05-31');
    expect(subtractFromDate('2022-03-31', 'P1M')).toBe('2022-02-28');
  });

  it('compares dates by calendar order', () => {
    expect(compareDates('2021-08-31', '2021-09-01')).toBeLessThan(0);
    expect(compareDates('2021-08-31', '2021-08-31')).toBe(0);
  });

  it('refuses a date that does not exist', () => {
    expect(() => addToDate('2021-02-29', 'P1D')).toThrow(InvalidCalendarDateError);
    expect(() => addToDate('31-08-2019', 'P1D')).toThrow(InvalidCalendarDateError);
  });

  it('refuses a malformed duration and a time part on a calendar date', () => {
    expect(() => parseDuration('6 months')).toThrow(InvalidDurationError);
    expect(() => parseDuration('P')).toThrow(InvalidDurationError);
    expect(() => parseDuration('PT')).toThrow(InvalidDurationError);
    expect(() => addToDate('2019-08-31', 'PT1H')).toThrow(DurationNotCalendarError);
  });
});

describe('the instant a day starts in Europe/Amsterdam', () => {
  it('is 22:00 UTC the evening before in summer time', () => {
    expect(new Date(startOfDayInAmsterdam('2019-08-31')).toISOString()).toBe('2019-08-30T22:00:00.000Z');
  });

  it('is 23:00 UTC the evening before in winter time', () => {
    expect(new Date(startOfDayInAmsterdam('2023-02-28')).toISOString()).toBe('2023-02-27T23:00:00.000Z');
  });

  it('uses winter time on the day summer time begins (last Sunday of March)', () => {
    expect(new Date(startOfDayInAmsterdam('2019-03-31')).toISOString()).toBe('2019-03-30T23:00:00.000Z');
    expect(new Date(startOfDayInAmsterdam('2019-04-01')).toISOString()).toBe('2019-03-31T22:00:00.000Z');
  });

  it('uses summer time on the day summer time ends (last Sunday of October)', () => {
    expect(new Date(startOfDayInAmsterdam('2019-10-27')).toISOString()).toBe('2019-10-26T22:00:00.000Z');
    expect(new Date(startOfDayInAmsterdam('2019-10-28')).toISOString()).toBe('2019-10-27T23:00:00.000Z');
  });

  it('switches offset at 01:00 UTC exactly', () => {
    expect(amsterdamOffsetAt(Date.UTC(2019, 2, 31, 0, 59))).toBe(3_600_000);
    expect(amsterdamOffsetAt(Date.UTC(2019, 2, 31, 1, 0))).toBe(7_200_000);
    expect(amsterdamOffsetAt(Date.UTC(2019, 9, 27, 0, 59))).toBe(7_200_000);
    expect(amsterdamOffsetAt(Date.UTC(2019, 9, 27, 1, 0))).toBe(3_600_000);
  });

  it('reads the Amsterdam calendar date of a late-evening UTC instant', () => {
    expect(calendarDateInAmsterdam(Date.UTC(2019, 7, 30, 22, 30))).toBe('2019-08-31');
  });

  it('adds a month to an instant keeping the wall-clock time across a DST change', () => {
    const tenInTheMorningInMarch = Date.UTC(2019, 2, 15, 9); // 10:00 CET
    expect(new Date(addToInstant(tenInTheMorningInMarch, 'P1M')).toISOString()).toBe('2019-04-15T08:00:00.000Z');
    expect(new Date(addToInstant(tenInTheMorningInMarch, 'PT1H')).toISOString()).toBe('2019-03-15T10:00:00.000Z');
  });
});

describe('counting between calendar dates', () => {
  it('counts whole days across a daylight-saving change', () => {
    expect(daysBetween('2019-03-30', '2019-04-01')).toBe(2);
    expect(daysBetween('2019-04-01', '2019-03-30')).toBe(-2);
  });

  it('counts whole months, a clamped month end counting as a full month', () => {
    expect(monthsBetween('2019-08-31', '2020-02-29')).toBe(6);
    expect(monthsBetween('2019-08-31', '2020-02-28')).toBe(5);
    expect(monthsBetween('2021-01-31', '2021-02-28')).toBe(1);
    expect(monthsBetween('2020-03-15', '2020-03-14')).toBe(0);
    expect(monthsBetween('2020-05-15', '2020-03-14')).toBe(-2);
  });

  it('names the quarter a date falls in', () => {
    expect(quarterOf('2019-09-30')).toBe('2019-Q3');
    expect(quarterOf('2019-10-01')).toBe('2019-Q4');
  });
});

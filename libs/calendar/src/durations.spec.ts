import { exactDurationToMs, isCalendarDuration, isValidDuration, parseDuration } from './durations';
import { DurationNotExactError, InvalidDurationError } from './errors';

describe('ISO 8601 durations', () => {
  it('reads every part of a combined duration', () => {
    expect(parseDuration('P1Y2M3W4DT5H6M7.5S')).toEqual({ years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7.5 });
  });

  it('refuses what is not a duration, and says which text it was', () => {
    expect(() => parseDuration('6 months')).toThrow(InvalidDurationError);
    expect(() => parseDuration('P')).toThrow("'P' is not an ISO 8601 duration");
    expect(isValidDuration('PT')).toBe(false);
    expect(isValidDuration(6)).toBe(false);
  });

  it('tells calendar durations from those with a time of day', () => {
    expect(isCalendarDuration('P6W')).toBe(true);
    expect(isCalendarDuration('PT1H')).toBe(false);
  });

  it('gives exact durations in milliseconds and refuses months, which have no fixed length', () => {
    expect(exactDurationToMs('P1DT1M')).toBe(86_460_000);
    expect(() => exactDurationToMs('P1M')).toThrow(DurationNotExactError);
  });
});

import { parseDuration } from '@wegwijs/definitions/runtime';

const MS_PER_DAY = 86_400_000;

/**
 * An exact ISO 8601 duration in milliseconds, for activity timeouts and retry intervals. Years
 * and months have no fixed length, so they are refused here (calendar timers use dates instead).
 */
export function exactDurationToMs(duration: string): number {
  const parts = parseDuration(duration);
  if (parts.years !== 0 || parts.months !== 0) {
    throw new Error(`Duration ${duration} has years or months and no exact length`);
  }
  return (parts.weeks * 7 + parts.days) * MS_PER_DAY + ((parts.hours * 60 + parts.minutes) * 60 + parts.seconds) * 1000;
}

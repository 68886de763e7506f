/**
 * ISO 8601 durations, the one pattern Wegwijs reads them with: `P3Y`, `P6M`, `P6W`, `P10D`,
 * `PT30S`, and combinations such as `P1M1D`. No negative parts, no fractions except seconds.
 *
 *   parseDuration('P1Y6M');      // { years: 1, months: 6, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 }
 *   exactDurationToMs('PT30S');  // 30_000
 */
import { DurationNotExactError, InvalidDurationError } from './errors';

export interface DurationParts {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

const DURATION_PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const MS_PER_DAY = 86_400_000;

export function parseDuration(duration: string): DurationParts {
  const match = DURATION_PATTERN.exec(duration);
  // "P" and "PT" alone match the pattern but mean nothing.
  if (!match || duration === 'P' || duration.endsWith('T')) throw new InvalidDurationError(duration);
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => (part ? Number(part) : 0));
  return { years, months, weeks, days, hours, minutes, seconds };
}

export function isValidDuration(duration: unknown): duration is string {
  if (typeof duration !== 'string') return false;
  try {
    parseDuration(duration);
    return true;
  } catch {
    return false;
  }
}

/** True when the duration has only calendar parts (years, months, weeks, days). */
export function isCalendarDuration(duration: string): boolean {
  const parts = parseDuration(duration);
  return parts.hours === 0 && parts.minutes === 0 && parts.seconds === 0;
}

/**
 * An exact duration in milliseconds, for activity timeouts and retry intervals. Years and months
 * have no fixed length, so they are refused (calendar moments are dates instead).
 */
export function exactDurationToMs(duration: string): number {
  const parts = parseDuration(duration);
  if (parts.years !== 0 || parts.months !== 0) throw new DurationNotExactError(duration);
  return (parts.weeks * 7 + parts.days) * MS_PER_DAY + ((parts.hours * 60 + parts.minutes) * 60 + parts.seconds) * 1000;
}

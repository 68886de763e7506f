/**
 * Calendar arithmetic for trajectory deadlines: calendar dates (`YYYY-MM-DD`) in
 * Europe/Amsterdam, ISO 8601 durations with month-end clamping, and the instant a day starts.
 * Deterministic and without `Intl`, so it runs inside Temporal's workflow sandbox.
 *
 *   addToDate('2020-02-29', 'P3Y');          // '2023-02-28'
 *   subtractFromDate('2023-02-28', 'P12M');  // '2022-02-28'
 *   startOfDayInAmsterdam('2019-08-31');     // Date.UTC(2019, 7, 30, 22) — CEST
 */
import { DurationNotCalendarError, InvalidCalendarDateError, InvalidDurationError } from './errors';

export interface DurationParts {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

const DURATION_PATTERN =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Parses an ISO 8601 duration (no negative or fractional parts except seconds). */
export function parseDuration(duration: string): DurationParts {
  const match = DURATION_PATTERN.exec(duration);
  // "P" and "PT" alone match the pattern but mean nothing.
  if (!match || duration === 'P' || duration.endsWith('T')) throw new InvalidDurationError(duration);
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => (part ? Number(part) : 0));
  return { years, months, weeks, days, hours, minutes, seconds };
}

export function isValidDuration(duration: string): boolean {
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

interface CalendarDate {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number;
}

function parseCalendarDate(value: string): CalendarDate {
  const match = DATE_PATTERN.exec(value);
  if (!match) throw new InvalidCalendarDateError(value);
  const [year, month, day] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw new InvalidCalendarDateError(value);
  return { year, month, day };
}

export function isValidCalendarDate(value: string): boolean {
  try {
    parseCalendarDate(value);
    return true;
  } catch {
    return false;
  }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function formatDate(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

function toEpochDay(date: CalendarDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / MS_PER_DAY;
}

/** Years and months first, clamped to the month's last day, then weeks and days (as feelin does). */
function shiftDate(value: string, duration: string, sign: 1 | -1): string {
  const date = parseCalendarDate(value);
  const parts = parseDuration(duration);
  if (!isCalendarDuration(duration)) throw new DurationNotCalendarError(duration);
  const monthIndex = date.year * 12 + (date.month - 1) + sign * (parts.years * 12 + parts.months);
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const day = Math.min(date.day, daysInMonth(year, month));
  return formatDate(toEpochDay({ year, month, day }) + sign * (parts.weeks * 7 + parts.days));
}

/** `date + duration`, calendar-correct: `2019-08-31 + P24M = 2021-08-31`, `2020-02-29 + P3Y = 2023-02-28`. */
export function addToDate(date: string, duration: string): string {
  return shiftDate(date, duration, 1);
}

/** `date - duration`, for warnings "P12M before the deadline": `2023-02-28 - P12M = 2022-02-28`. */
export function subtractFromDate(date: string, duration: string): string {
  return shiftDate(date, duration, -1);
}

/** Compares two calendar dates: negative, zero or positive. */
export function compareDates(left: string, right: string): number {
  return toEpochDay(parseCalendarDate(left)) - toEpochDay(parseCalendarDate(right));
}

/** Day-of-month of the last Sunday of a month (EU summer time switches on those Sundays). */
function lastSundayOf(year: number, month: number): number {
  const lastDay = daysInMonth(year, month);
  const weekday = new Date(Date.UTC(year, month - 1, lastDay)).getUTCDay(); // 0 = Sunday
  return lastDay - weekday;
}

/**
 * The UTC offset of Europe/Amsterdam at an instant, in milliseconds: +2h from the last Sunday of
 * March 01:00 UTC until the last Sunday of October 01:00 UTC (the EU rule since 1996), else +1h.
 */
export function amsterdamOffsetAt(epochMs: number): number {
  const year = new Date(epochMs).getUTCFullYear();
  const summerStart = Date.UTC(year, 2, lastSundayOf(year, 3), 1);
  const summerEnd = Date.UTC(year, 9, lastSundayOf(year, 10), 1);
  return epochMs >= summerStart && epochMs < summerEnd ? 2 * 3_600_000 : 3_600_000;
}

/** Converts a wall-clock time in Amsterdam (as if it were UTC) to the real instant. */
function amsterdamLocalToInstant(localAsUtcMs: number): number {
  // Try the winter offset first; in the spring gap this lands one hour later, which is what a
  // clock does; in the autumn overlap it picks the first (summer) occurrence via the second try.
  const summer = localAsUtcMs - 2 * 3_600_000;
  if (amsterdamOffsetAt(summer) === 2 * 3_600_000) return summer;
  return localAsUtcMs - 3_600_000;
}

/** The instant (epoch ms) at which a calendar date starts in Europe/Amsterdam. */
export function startOfDayInAmsterdam(date: string): number {
  return amsterdamLocalToInstant(toEpochDay(parseCalendarDate(date)) * MS_PER_DAY);
}

/** The calendar date in Europe/Amsterdam at an instant. */
export function calendarDateInAmsterdam(epochMs: number): string {
  return new Date(epochMs + amsterdamOffsetAt(epochMs)).toISOString().slice(0, 10);
}

/**
 * Adds a duration to an instant as a person in Amsterdam would count it: calendar parts move the
 * local date (so "P1M" after 10:00 is 10:00 a month later, across DST), time parts are exact.
 */
export function addToInstant(epochMs: number, duration: string): number {
  const parts = parseDuration(duration);
  const local = epochMs + amsterdamOffsetAt(epochMs);
  const localDate = new Date(local).toISOString().slice(0, 10);
  const timeOfDay = local - Date.UTC(Number(localDate.slice(0, 4)), Number(localDate.slice(5, 7)) - 1, Number(localDate.slice(8, 10)));
  const calendarPart = `P${parts.years}Y${parts.months}M${parts.weeks}W${parts.days}D`;
  const shiftedDate = addToDate(localDate, calendarPart);
  const shiftedLocal = toEpochDay(parseCalendarDate(shiftedDate)) * MS_PER_DAY + timeOfDay;
  const exactMs = ((parts.hours * 60 + parts.minutes) * 60 + parts.seconds) * 1000;
  return amsterdamLocalToInstant(shiftedLocal) + exactMs;
}

/**
 * Calendar dates (`YYYY-MM-DD`) in Europe/Amsterdam, the municipality's calendar, with month-end
 * clamping, and the instants at which Amsterdam days begin. Deterministic and without `Intl`, so
 * it also runs inside Temporal's workflow sandbox.
 *
 *   addToDate('2020-02-29', 'P3Y');          // '2023-02-28'
 *   subtractFromDate('2023-02-28', 'P12M');  // '2022-02-28'
 *   startOfDayInAmsterdam('2019-08-31');     // Date.UTC(2019, 7, 30, 22) — CEST
 */
import { parseDuration, isCalendarDuration } from './durations';
import { DurationNotCalendarError, InvalidCalendarDateError } from './errors';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
const HOUR = 3_600_000;

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

/** A real calendar date `YYYY-MM-DD` (no 30 February). */
export function isValidCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    parseCalendarDate(value);
    return true;
  } catch {
    return false;
  }
}

/** Shaped like `YYYY-MM-DD`, without checking that the day exists (for reading stored data). */
export function looksLikeCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && DATE_PATTERN.test(value);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function formatEpochDay(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

function toEpochDay(date: CalendarDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / MS_PER_DAY;
}

/** Years and months first, clamped to the month's last day, then weeks and days (as FEEL does). */
function shiftDate(value: string, duration: string, sign: 1 | -1): string {
  const date = parseCalendarDate(value);
  const parts = parseDuration(duration);
  if (!isCalendarDuration(duration)) throw new DurationNotCalendarError(duration);
  const monthIndex = date.year * 12 + (date.month - 1) + sign * (parts.years * 12 + parts.months);
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const day = Math.min(date.day, daysInMonth(year, month));
  return formatEpochDay(toEpochDay({ year, month, day }) + sign * (parts.weeks * 7 + parts.days));
}

/** `date + duration`, calendar-correct: `2019-08-31 + P24M = 2021-08-31`, `2020-02-29 + P3Y = 2023-02-28`. */
export function addToDate(date: string, duration: string): string {
  return shiftDate(date, duration, 1);
}

/** `date - duration`, for warnings "P12M before the deadline": `2023-02-28 - P12M = 2022-02-28`. */
export function subtractFromDate(date: string, duration: string): string {
  return shiftDate(date, duration, -1);
}

/** Whole calendar days later (negative: earlier). */
export function addDays(date: string, days: number): string {
  return formatEpochDay(toEpochDay(parseCalendarDate(date)) + days);
}

/** Calendar months later, clamped at month end: 31 August + 6 months is 28 (or 29) February. */
export function addMonths(date: string, months: number): string {
  return months >= 0 ? addToDate(date, `P${months}M`) : subtractFromDate(date, `P${-months}M`);
}

/** Compares two calendar dates: negative, zero or positive. */
export function compareDates(left: string, right: string): number {
  return toEpochDay(parseCalendarDate(left)) - toEpochDay(parseCalendarDate(right));
}

/** The later of two dates. */
export function laterDate(left: string, right: string): string {
  return compareDates(left, right) >= 0 ? left : right;
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toEpochDay(parseCalendarDate(to)) - toEpochDay(parseCalendarDate(from));
}

/** Whole months from `from` to `to`, rounded towards zero (negative when `to` is earlier). */
export function monthsBetween(from: string, to: string): number {
  if (compareDates(to, from) < 0) return 0 - monthsBetween(to, from) || 0;
  const a = parseCalendarDate(from);
  const b = parseCalendarDate(to);
  const months = (b.year - a.year) * 12 + (b.month - a.month);
  return compareDates(addMonths(from, months), to) > 0 ? months - 1 : months;
}

/** '2019-Q3' for any date in July–September 2019. */
export function quarterOf(date: string): string {
  const { year, month } = parseCalendarDate(date);
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
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
  return epochMs >= summerStart && epochMs < summerEnd ? 2 * HOUR : HOUR;
}

/** Converts a wall-clock time in Amsterdam (as if it were UTC) to the real instant. */
function amsterdamLocalToInstant(localAsUtcMs: number): number {
  // Try the summer offset first; in the spring gap this lands one hour later, which is what a
  // clock does; in the autumn overlap it picks the first (summer) occurrence.
  const summer = localAsUtcMs - 2 * HOUR;
  if (amsterdamOffsetAt(summer) === 2 * HOUR) return summer;
  return localAsUtcMs - HOUR;
}

/** The instant (epoch ms) at which a calendar date starts in Europe/Amsterdam. */
export function startOfDayInAmsterdam(date: string): number {
  return amsterdamLocalToInstant(toEpochDay(parseCalendarDate(date)) * MS_PER_DAY);
}

/** The calendar date in Europe/Amsterdam at an instant. */
export function calendarDateInAmsterdam(epochMs: number): string {
  return new Date(epochMs + amsterdamOffsetAt(epochMs)).toISOString().slice(0, 10);
}

/** The same, for a `Date` (activities, read models). */
export function amsterdamDateOf(instant: Date): string {
  return calendarDateInAmsterdam(instant.getTime());
}

/**
 * Adds a duration to an instant as a person in Amsterdam would count it: calendar parts move the
 * local date (so "P1M" after 10:00 is 10:00 a month later, across DST), time parts are exact.
 */
export function addToInstant(epochMs: number, duration: string): number {
  const parts = parseDuration(duration);
  const local = epochMs + amsterdamOffsetAt(epochMs);
  const localDate = new Date(local).toISOString().slice(0, 10);
  const timeOfDay = local - toEpochDay(parseCalendarDate(localDate)) * MS_PER_DAY;
  const shiftedDate = addToDate(localDate, `P${parts.years}Y${parts.months}M${parts.weeks}W${parts.days}D`);
  const exactMs = ((parts.hours * 60 + parts.minutes) * 60 + parts.seconds) * 1000;
  return amsterdamLocalToInstant(toEpochDay(parseCalendarDate(shiftedDate)) * MS_PER_DAY + timeOfDay) + exactMs;
}

/**
 * Working days: Monday to Friday without the Dutch public holidays that the municipality is
 * closed on: Nieuwjaarsdag, Tweede Paasdag, Koningsdag (26 April when the 27th is a Sunday),
 * Bevrijdingsdag (5 May, in lustrum years only, as in most CAOs), Hemelvaartsdag, Tweede
 * Pinksterdag and both Christmas days. Goede Vrijdag is not a day off for municipalities.
 *
 *   addWorkingDays('2019-12-23', 3) // '2019-12-30' (skips Christmas and the weekend)
 */
import { addDays } from './dates';

/** The date `count` working days after `date` (the start day itself not counted). */
export function addWorkingDays(date: string, count: number): string {
  let current = date;
  let remaining = count;
  while (remaining > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current)) remaining--;
  }
  return current;
}

export function isWorkingDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !dutchPublicHolidays(Number(date.slice(0, 4))).has(date);
}

export function dutchPublicHolidays(year: number): ReadonlySet<string> {
  const easter = easterSunday(year);
  const kingsDay = new Date(`${year}-04-27T00:00:00Z`).getUTCDay() === 0 ? `${year}-04-26` : `${year}-04-27`;
  const holidays = [`${year}-01-01`, addDays(easter, 1), kingsDay, addDays(easter, 39), addDays(easter, 50), `${year}-12-25`, `${year}-12-26`];
  if (year % 5 === 0) holidays.push(`${year}-05-05`);
  return new Set(holidays);
}

/** Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

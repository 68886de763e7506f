/**
 * Calendar dates (YYYY-MM-DD) in Europe/Amsterdam, the municipality's calendar. Reports count by
 * the day something happened there, not by UTC.
 *
 *   amsterdamDateOf(new Date('2019-08-31T22:30:00Z')); // '2019-09-01'
 *   addMonthsClamped('2020-02-29', 36);                 // '2023-02-28'
 */

const amsterdamDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function amsterdamDateOf(instant: Date): string {
  return amsterdamDay.format(instant);
}

export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE.test(value);
}

/** Adds months to a calendar date, clamping to the month's last day (31 Aug + 6 months = 28/29 Feb). */
export function addMonthsClamped(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return `${targetYear}-${pad(targetMonth)}-${pad(Math.min(day, lastDay))}`;
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** '2019-Q3' for any date in July–September 2019. */
export function quarterOf(date: string): string {
  const [year, month] = date.split('-').map(Number);
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

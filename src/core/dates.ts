/**
 * Calendar dates as `YYYY-MM-DD` strings, counted in UTC days. Partner Center shows and returns
 * dates in UTC, and a plain string survives IndexedDB, messages and JSON unchanged, so the domain
 * never holds a `Date` (whose local-time getters would shift a day across time zones).
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const MS_PER_DAY = 86_400_000;

/** True when year/month/day name a real day of the Gregorian calendar (1900–9999). */
export function isValidYmd(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `YYYY-MM-DD` from parts; the caller has checked them with isValidYmd. */
export function formatYmd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** True for a real calendar day written `YYYY-MM-DD` (so `2026-02-30` is false). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  return m !== null && isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

function toEpochDay(date: string): number {
  const m = ISO_DATE.exec(date);
  if (m === null || !isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  }
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}

/**
 * Whole days from `from` to `to` (negative when `to` is earlier). Throws RangeError on a string
 * that is not a real `YYYY-MM-DD` date: dates reaching here come from our own parsers and store.
 */
export function daysBetween(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from);
}

/**
 * The date `days` days after `date` (before it when negative). Throws RangeError like daysBetween,
 * and when the result leaves the years 1900–9999.
 */
export function addDays(date: string, days: number): string {
  const result = tryAddDays(date, days);
  if (result === null) throw new RangeError(`Cannot add ${days} days to ${JSON.stringify(date)}`);
  return result;
}

/** addDays for values not yet trusted: null instead of an exception. */
export function tryAddDays(date: string, days: number): string | null {
  if (!Number.isSafeInteger(days) || !isIsoDate(date)) return null;
  const d = new Date((toEpochDay(date) + days) * MS_PER_DAY);
  const [year, month, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  return isValidYmd(year, month, day) ? formatYmd(year, month, day) : null;
}

/**
 * The UTC calendar day of an ISO timestamp with an offset (`2026-11-24T23:30:00-02:00` →
 * `2026-11-25`), or of a plain `YYYY-MM-DD`. Null when the string is neither.
 */
/** The UTC day of a clock reading (an ISO timestamp the caller trusts: its own clock). */
export function todayOf(now: string): string {
  const day = utcDayOf(now);
  if (day === null) throw new RangeError(`Not a timestamp: ${now}`);
  return day;
}

export function utcDayOf(timestamp: string): string | null {
  if (isIsoDate(timestamp)) return timestamp;
  // Only timestamps that say their offset: without one, Date.parse would read local time and the
  // day would depend on the machine's time zone.
  if (typeof timestamp !== 'string' || !TIMESTAMP.test(timestamp)) return null;
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) return null;
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (!isValidYmd(year, d.getUTCMonth() + 1, d.getUTCDate())) return null;
  return formatYmd(year, d.getUTCMonth() + 1, d.getUTCDate());
}

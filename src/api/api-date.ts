/**
 * Dates as the Partner Center API really sends them. Microsoft's own samples carry values such as
 * "2016-12-12T08: 00: 00Z" (spaces inside the time), .NET's DateTime.MinValue ("0001-01-01T00:00:00")
 * for "no date", and non-renewable offers carry far-future placeholders such as 9999-12-10. A scan of
 * real customer accounts must neither crash on these nor show "7,000 years left".
 */

import { formatYmd, isValidYmd, tryAddDays } from '../core/dates.ts';

/** An end date further than this from today is a placeholder, not a real end date. */
export const PLACEHOLDER_HORIZON_YEARS = 50;

const ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])/;

/**
 * The UTC calendar day (YYYY-MM-DD) of an API date-time, or null when the value is missing,
 * malformed, an impossible date, or outside the years 1900–9999 the core calendar works with: that
 * covers .NET's "no date" (0001-01-01) and SQL Server's (1753-01-01), and a day returned here never
 * makes the core's date or urgency math throw. Never throws.
 */
export function parseApiDate(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  // Remove every kind of whitespace: the samples put spaces after the colons of the time part.
  const compact = raw.replace(/\s+/gu, '');
  if (compact.length === 0 || compact.length > 40) return null;
  const day = ISO_DAY.exec(compact);
  if (day) {
    const [, y, m, d] = day;
    const timePart = compact.slice(day[0].length);
    const offset = /([+-])(\d{2}):?(\d{2})$/.exec(timePart);
    const iso = isoDay(Number(y), Number(m), Number(d));
    if (!iso) return null;
    // A non-UTC offset can move the instant to another UTC day ("2016-12-12T23:00:00-05:00").
    if (offset && /^\d{1,2}:\d{2}/.test(timePart)) {
      const [hh, mm] = timePart.split(':').map((part) => Number.parseInt(part, 10));
      const sign = offset[1] === '-' ? 1 : -1;
      const minutes = (hh ?? 0) * 60 + (mm ?? 0) + sign * (Number(offset[2]) * 60 + Number(offset[3]));
      const shift = Math.floor(minutes / 1440);
      return shift === 0 ? iso : tryAddDays(iso, shift);
    }
    return iso;
  }
  // US-style "12/12/2016 08:00:00" (seen in exported CSVs and some older payloads).
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(compact);
  if (us) return isoDay(Number(us[3]), Number(us[1]), Number(us[2]));
  return null;
}

/**
 * True when an end date is a placeholder ("never ends") rather than a date to act on:
 * more than PLACEHOLDER_HORIZON_YEARS after today.
 */
export function isPlaceholderEndDate(day: string, today: string): boolean {
  const year = Number(day.slice(0, 4));
  const thisYear = Number(today.slice(0, 4));
  return year - thisYear > PLACEHOLDER_HORIZON_YEARS;
}

/** The core decides what a valid day is, so the API and the tracker never disagree on a date. */
function isoDay(year: number, month: number, day: number): string | null {
  return isValidYmd(year, month, day) ? formatYmd(year, month, day) : null;
}

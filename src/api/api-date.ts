/**
 * Dates as the Partner Center API really sends them. Microsoft's own samples carry values such as
 * "2016-12-12T08: 00: 00Z" (spaces inside the time), .NET's DateTime.MinValue ("0001-01-01T00:00:00")
 * for "no date", and non-renewable offers carry far-future placeholders such as 9999-12-10. A scan of
 * real customer accounts must neither crash on these nor show "7,000 years left".
 */

/** An end date further than this from today is a placeholder, not a real end date. */
export const PLACEHOLDER_HORIZON_YEARS = 50;

const ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])/;

/**
 * The UTC calendar day (YYYY-MM-DD) of an API date-time, or null when the value is missing,
 * malformed, an impossible date, or .NET's "no date" minimum. Never throws.
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
    if (iso === '0001-01-01') return null;
    // A non-UTC offset can move the instant to another UTC day ("2016-12-12T23:00:00-05:00").
    if (offset && /^\d{1,2}:\d{2}/.test(timePart)) {
      const [hh, mm] = timePart.split(':').map((part) => Number.parseInt(part, 10));
      const sign = offset[1] === '-' ? 1 : -1;
      const minutes = (hh ?? 0) * 60 + (mm ?? 0) + sign * (Number(offset[2]) * 60 + Number(offset[3]));
      const shift = Math.floor(minutes / 1440);
      return shift === 0 ? iso : addUtcDays(iso, shift);
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

function isoDay(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1 || year > 9999) return null;
  if (month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function addUtcDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

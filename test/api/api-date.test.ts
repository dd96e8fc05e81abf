import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { isPlaceholderEndDate, parseApiDate } from '../../src/api/api-date.ts';
import { isIsoDate } from '../../src/core/dates.ts';
import { urgencyFor } from '../../src/core/urgency.ts';

describe('parseApiDate: dates as the Partner Center API sends them', () => {
  test.each([
    ['2026-12-31T00:00:00Z', '2026-12-31'],
    ['2026-12-31T00:00:00.0000000Z', '2026-12-31'],
    ['2026-12-31', '2026-12-31'],
    // Microsoft's own REST samples: spaces after the colons.
    ['2016-12-12T08: 00: 00Z', '2016-12-12'],
    ['2016-12-12T08: 00: 00.000Z', '2016-12-12'],
    [' 2016-12-12 T08:00:00Z ', '2016-12-12'],
    // Offsets move the instant to another UTC day.
    ['2026-12-31T23:00:00-05:00', '2027-01-01'],
    ['2027-01-01T01:00:00+05:00', '2026-12-31'],
    ['12/31/2026 00:00:00', '2026-12-31'],
    ['9999-12-10T00:00:00Z', '9999-12-10'],
  ])('%s → %s', (raw, day) => {
    expect(parseApiDate(raw)).toBe(day);
  });

  test.each([null, undefined, '', '   ', 'soon', '0001-01-01T00:00:00', '2026-02-30T00:00:00Z', '2026-13-01', 42, {}, 'x'.repeat(100)])('%j is no date', (raw) => {
    expect(parseApiDate(raw)).toBeNull();
  });

  // The core's calendar (and so urgency, the dashboard, reminders) covers 1900–9999 only: a date it
  // cannot take must stop here, or one subscription would break every view that sorts by urgency.
  test.each([
    '1753-01-01T00:00:00Z', // SQL Server's datetime minimum, another "no date" seen in payloads
    '1899-12-31T00:00:00Z',
    '0100-06-15',
    '01/01/1753 00:00:00',
    // In range as written, out of range once the offset moves it to the UTC day before.
    '1900-01-01T00:30:00+01:00',
  ])('%s is outside the calendar the tracker works with: no date', (raw) => {
    expect(parseApiDate(raw)).toBeNull();
  });

  test('1900-01-01 is the first day kept', () => {
    expect(parseApiDate('1900-01-01T00:00:00Z')).toBe('1900-01-01');
  });

  test('never throws, and anything it returns is a real YYYY-MM-DD', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'grapheme' }),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        ),
        (raw) => {
          const day = parseApiDate(raw);
          if (day !== null) expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        },
      ),
    );
  });

  test('whatever it returns, the core date and urgency math accept', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.date({ noInvalidDate: true, min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z') }).map((d) => d.toISOString()),
          fc
            .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.constantFrom('', 'T00:00:00Z', 'T23:59:00-12:00', 'T00:01:00+14:00'))
            .map(([y, m, d, time]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}${time}`),
        ),
        (raw) => {
          const day = parseApiDate(raw);
          if (day === null) return;
          expect(isIsoDate(day)).toBe(true);
          expect(() => urgencyFor(day, '2026-11-24')).not.toThrow();
        },
      ),
    );
  });
});

describe('isPlaceholderEndDate: far-future dates of non-renewable offers', () => {
  test('9999-12-10 is a placeholder, a date a few years out is not', () => {
    expect(isPlaceholderEndDate('9999-12-10', '2026-11-24')).toBe(true);
    expect(isPlaceholderEndDate('2031-11-24', '2026-11-24')).toBe(false);
  });
});

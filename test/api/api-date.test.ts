import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { isPlaceholderEndDate, parseApiDate } from '../../src/api/api-date.ts';

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

  test.each([null, undefined, '', '   ', 'soon', '0001-01-01T00:00:00', '2026-02-30T00:00:00Z', '2026-13-01', 42, {}, 'x'.repeat(100)])(
    '%j is no date',
    (raw) => {
      expect(parseApiDate(raw)).toBeNull();
    },
  );

  test('never throws, and anything it returns is a real YYYY-MM-DD', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())), (raw) => {
        const day = parseApiDate(raw);
        if (day !== null) expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
    );
  });
});

describe('isPlaceholderEndDate: far-future dates of non-renewable offers', () => {
  test('9999-12-10 is a placeholder, a date a few years out is not', () => {
    expect(isPlaceholderEndDate('9999-12-10', '2026-11-24')).toBe(true);
    expect(isPlaceholderEndDate('2031-11-24', '2026-11-24')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween, isIsoDate, tryAddDays, utcDayOf } from '../../src/core/dates.ts';
import { endDateUrgency, urgencyFor } from '../../src/core/urgency.ts';

describe('dates', () => {
  it('counts UTC calendar days across months, leap years and DST changes', () => {
    expect(daysBetween('2026-11-24', '2026-12-31')).toBe(37);
    expect(daysBetween('2026-12-31', '2026-11-24')).toBe(-37);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
  });

  it('adds days, the de-provisioning clock being the main user', () => {
    expect(addDays('2026-11-24', 120)).toBe('2027-03-24');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
  });

  it('rejects malformed or impossible dates with a RangeError', () => {
    expect(() => daysBetween('2026-02-30', '2026-03-01')).toThrow(RangeError);
    expect(() => addDays('12/31/2026', 1)).toThrow(RangeError);
    expect(() => addDays('2026-12-31', 1.5)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(tryAddDays('9999-12-31', 1)).toBeNull();
    expect(tryAddDays('2026-02-30', 1)).toBeNull();
    expect(tryAddDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('knows real calendar days', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(isIsoDate(20261231)).toBe(false);
  });

  it('gives the UTC day of a timestamp', () => {
    expect(utcDayOf('2026-11-24T23:30:00-02:00')).toBe('2026-11-25');
    expect(utcDayOf('2026-11-24T02:00:00Z')).toBe('2026-11-24');
    expect(utcDayOf('2026-11-24')).toBe('2026-11-24');
    expect(utcDayOf('2016-12-12T08: 00: 00Z')).toBeNull();
    expect(utcDayOf('yesterday')).toBeNull();
    // Without an offset the day would depend on the machine's time zone.
    expect(utcDayOf('2026-11-24T23:30:00')).toBeNull();
    expect(utcDayOf('2026-11-24T23:30:00.123+0530')).toBe('2026-11-24');
  });

  it('addDays and daysBetween agree (property)', () => {
    const day = fc.date({ min: new Date('1990-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        expect(daysBetween(d, addDays(d, n))).toBe(n);
      }),
    );
  });
});

describe('urgencyFor', () => {
  const today = '2026-11-24';
  it.each([
    ['2026-11-23', 'expired', -1],
    ['2026-11-24', 'critical', 0],
    ['2026-12-24', 'critical', 30],
    ['2026-12-25', 'soon', 31],
    ['2027-02-22', 'soon', 90],
    ['2027-02-23', 'later', 91],
  ])('end date %s → %s (%i days left)', (endDate, urgency, daysLeft) => {
    expect(urgencyFor(endDate, today)).toEqual({ urgency, daysLeft });
  });

  it('uses the thresholds given', () => {
    expect(urgencyFor('2026-12-04', today, { critical: 7, soon: 14 })).toEqual({ urgency: 'soon', daysLeft: 10 });
    expect(urgencyFor('2026-12-09', today, { critical: 7, soon: 14 })).toEqual({ urgency: 'later', daysLeft: 15 });
    expect(urgencyFor('2026-11-30', today, { critical: 7, soon: 14 })).toEqual({ urgency: 'critical', daysLeft: 6 });
    expect(urgencyFor('2026-11-24', today, { critical: 0, soon: 0 })).toEqual({ urgency: 'critical', daysLeft: 0 });
  });

  it('rejects nonsense thresholds and dates', () => {
    expect(() => urgencyFor('2026-12-31', today, { critical: 90, soon: 30 })).toThrow(RangeError);
    expect(() => urgencyFor('2026-12-31', today, { critical: -1, soon: 30 })).toThrow(RangeError);
    expect(() => urgencyFor('2026-12-32', today)).toThrow(RangeError);
  });
});

describe('endDateUrgency: the one rule every surface uses', () => {
  it("follows the partner's thresholds", () => {
    expect(endDateUrgency('2026-12-04', '2026-11-24', { critical: 5, soon: 30 })).toEqual({ urgency: 'soon', daysLeft: 10 });
    expect(endDateUrgency('2026-12-04', '2026-11-24')).toEqual({ urgency: 'critical', daysLeft: 10 });
  });

  it('gives none for a subscription that no longer runs, a missing or unreadable date', () => {
    for (const status of ['suspended', 'deleted', 'disabled', 'expired']) expect(endDateUrgency('2027-01-08', '2026-11-24', undefined, status)).toBeNull();
    expect(endDateUrgency('2027-01-08', '2026-11-24', undefined, 'active')).toEqual({ urgency: 'soon', daysLeft: 45 });
    expect(endDateUrgency(null, '2026-11-24')).toBeNull();
    expect(endDateUrgency('2026-02-30', '2026-11-24')).toBeNull();
  });

  it('falls back to the default thresholds when stored ones are off, rather than showing no urgency', () => {
    expect(endDateUrgency('2026-12-04', '2026-11-24', { critical: 40, soon: 10 })).toEqual({ urgency: 'critical', daysLeft: 10 });
  });
});

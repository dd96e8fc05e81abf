import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRenewalStatus } from '../../src/core/renewal-status.ts';

const expires = (date: string) => ({ kind: 'expires', date });
const renews = (date: string) => ({ kind: 'auto-renews', date });

describe('parseRenewalStatus: wordings', () => {
  it.each([
    ['Expires on 12/31/2026', expires('2026-12-31')],
    ['Expired on 11/30/2025', expires('2025-11-30')],
    ['Expire on 12/31/2026', expires('2026-12-31')],
    ['Expiring on 12/31/2026', expires('2026-12-31')],
    ['Auto renews on 1/5/2027', renews('2027-01-05')],
    ['Auto-renews on 1/5/2027', renews('2027-01-05')],
    ['Auto-renew on 1/5/2027', renews('2027-01-05')],
    ['Autorenews on 1/5/2027', renews('2027-01-05')],
    ['Renews on 1/5/2027', renews('2027-01-05')],
    ['Will automatically renew on 1/5/2027', renews('2027-01-05')],
  ])('English: %s', (text, want) => {
    expect(parseRenewalStatus(text)).toEqual(want);
  });

  it.each([
    ['Expire le 31/12/2026', expires('2026-12-31')],
    ['Expiré le 30/11/2025', expires('2025-11-30')],
    ['A expiré le 30/11/2025', expires('2025-11-30')],
    ['Expirera le 31/12/2026', expires('2026-12-31')],
    ['Renouvellements automatiques le 05/01/2027', renews('2027-01-05')],
    ['Renouvellement automatique le 05/01/2027', renews('2027-01-05')],
    ['Se renouvelle automatiquement le 05/01/2027', renews('2027-01-05')],
    ['expire le 31/12/2026', expires('2026-12-31')],
    ['Expire le 31 décembre 2026', expires('2026-12-31')],
    ['Renouvellement automatique le 5 janvier 2027', renews('2027-01-05')],
  ])('French: %s', (text, want) => {
    expect(parseRenewalStatus(text)).toEqual(want);
  });

  it.each([
    ['Gültig bis 31.12.2026', expires('2026-12-31')],
    ['Gültig bis: 31.12.2026', expires('2026-12-31')],
    ['Läuft ab am 31.12.2026', expires('2026-12-31')],
    ['Läuft am 31. Dezember 2026 ab', expires('2026-12-31')],
    ['Abgelaufen am 30.11.2025', expires('2025-11-30')],
    ['Datum der automatischen Verlängerung: 05.01.2027', renews('2027-01-05')],
    ['Automatische Verlängerung am 05.01.2027', renews('2027-01-05')],
    ['Wird automatisch verlängert am 5. Januar 2027', renews('2027-01-05')],
    ['Läuft am 31.12.2026 ab', expires('2026-12-31')],
    ['läuft am 31/12/2026 ab', expires('2026-12-31')],
    ['Automatische Verlängerung am 5. Januar 2027', renews('2027-01-05')],
    ['Gültig bis 5. Jan. 2027', expires('2027-01-05')],
  ])('German: %s', (text, want) => {
    expect(parseRenewalStatus(text)).toEqual(want);
  });

  it.each([
    ['Expira el 31/12/2026', expires('2026-12-31')],
    ['Expiró el 30/11/2025', expires('2025-11-30')],
    ['Caduca el 31/12/2026', expires('2026-12-31')],
    ['Vence el 31/12/2026', expires('2026-12-31')],
    ['Se renovará automáticamente el 31 de diciembre de 2026', renews('2026-12-31')],
    ['Se renueva automáticamente el 05/01/2027', renews('2027-01-05')],
    ['Renovación automática el 05/01/2027', renews('2027-01-05')],
    ['Expira en 31/12/2026', expires('2026-12-31')],
    ['Expira en 31 de diciembre de 2026', expires('2026-12-31')],
    ['Renovación automática en 05/01/2027', renews('2027-01-05')],
    ['Renovación automática en 5 de enero de 2027', renews('2027-01-05')],
    ['Renovacion automatica el 5 ene. 2027', renews('2027-01-05')],
  ])('Spanish: %s', (text, want) => {
    expect(parseRenewalStatus(text)).toEqual(want);
  });
});

describe('parseRenewalStatus: dates', () => {
  it.each([
    ['Expires on Dec 31, 2026', expires('2026-12-31')],
    ['Expires on Dec. 31, 2026', expires('2026-12-31')],
    ['Expires on December 31, 2026', expires('2026-12-31')],
    ['Expires on December 31st, 2026', expires('2026-12-31')],
    ['Expires on 31 December 2026', expires('2026-12-31')],
    ['Expires on 31st of December 2026', expires('2026-12-31')],
    ['Expires on 31-Dec-2026', expires('2026-12-31')],
    ['Expires on Thursday, December 31, 2026', expires('2026-12-31')],
    ['Expire le 31 déc. 2026', expires('2026-12-31')],
    ['Expire le 1er janvier 2027', expires('2027-01-01')],
    ['Expire le 15 févr. 2027', expires('2027-02-15')],
    ['Expire le 15 août 2027', expires('2027-08-15')],
    ['Expire le jeudi 31 décembre 2026', expires('2026-12-31')],
    ['Gültig bis 31. Dezember 2026', expires('2026-12-31')],
    ['Gültig bis 3. März 2027', expires('2027-03-03')],
    ['Gültig bis 3. Mrz. 2027', expires('2027-03-03')],
    ['Expira el 31 de diciembre de 2026', expires('2026-12-31')],
    ['Expira el 1 de ene. de 2027', expires('2027-01-01')],
    ['Expires on 2026-12-31', expires('2026-12-31')],
    ['Expires on 2026-12-31T00:00:00Z', expires('2026-12-31')],
    ['Expire le 2026-12-31', expires('2026-12-31')],
    ['Expires on 29.02.2028', expires('2028-02-29')],
  ])('%s', (text, want) => {
    expect(parseRenewalStatus(text)).toEqual(want);
  });

  it('reads numeric dates in the locale order', () => {
    expect(parseRenewalStatus('Expires on 05/01/2027', 'en-us')).toEqual(expires('2027-05-01'));
    expect(parseRenewalStatus('Expires on 05/01/2027', 'en-US')).toEqual(expires('2027-05-01'));
    expect(parseRenewalStatus('Expires on 05/01/2027', 'en-gb')).toEqual(expires('2027-01-05'));
    expect(parseRenewalStatus('Expires on 05/01/2027', 'en_GB')).toEqual(expires('2027-01-05'));
    expect(parseRenewalStatus('Expires on 05-01-2027', 'en-gb')).toEqual(expires('2027-01-05'));
    expect(parseRenewalStatus('Expire le 05/01/2027', 'fr-fr')).toEqual(expires('2027-01-05'));
    expect(parseRenewalStatus('Gültig bis 05.01.2027', 'de-de')).toEqual(expires('2027-01-05'));
    expect(parseRenewalStatus('Expira el 05-01-2027', 'es-es')).toEqual(expires('2027-01-05'));
    expect(parseRenewalStatus('Expira en 05/01/2027', 'es-mx')).toEqual(expires('2027-01-05'));
    expect(parseRenewalStatus('Läuft am 05.01.2027 ab', 'de-de')).toEqual(expires('2027-01-05'));
    expect(parseRenewalStatus('Renovación automática en 05/01/2027', 'en-us')).toEqual(renews('2027-05-01'));
  });

  it('lets the locale hint win over the wording language for ambiguous dates', () => {
    expect(parseRenewalStatus('Expires on 05/01/2027', 'fr-fr')).toEqual(expires('2027-01-05'));
    expect(parseRenewalStatus('Expire le 05/01/2027', 'en-us')).toEqual(expires('2027-05-01'));
  });

  it('without a hint, follows the wording language (English → US month first)', () => {
    expect(parseRenewalStatus('Expires on 05/01/2027')).toEqual(expires('2027-05-01'));
    expect(parseRenewalStatus('Expire le 05/01/2027')).toEqual(expires('2027-01-05'));
    expect(parseRenewalStatus('Gültig bis 05/01/2027')).toEqual(expires('2027-01-05'));
    expect(parseRenewalStatus('Expira el 05/01/2027')).toEqual(expires('2027-01-05'));
  });

  it('takes "expire le" as French and "expire on" as English (the connector decides)', () => {
    expect(parseRenewalStatus('expire on 05/01/2027')).toEqual(expires('2027-05-01'));
    expect(parseRenewalStatus('expire le 05/01/2027')).toEqual(expires('2027-01-05'));
  });

  it('takes the only real reading of an unambiguous date against the hinted order', () => {
    expect(parseRenewalStatus('Expires on 31/12/2026', 'en-us')).toEqual(expires('2026-12-31'));
    expect(parseRenewalStatus('Expire le 12/31/2026', 'fr-fr')).toEqual(expires('2026-12-31'));
  });

  it('reads dotted dates day first whatever the locale', () => {
    expect(parseRenewalStatus('Expires on 05.01.2027', 'en-us')).toEqual(expires('2027-01-05'));
  });

  it.each([
    'Expires on 2/30/2026',
    'Expires on 02/29/2027',
    'Expire le 31/02/2026',
    'Gültig bis 31.04.2026',
    'Expires on 2026-13-01',
    'Expires on 2026-02-30',
    'Expires on February 30, 2026',
    'Expires on 30/30/2026',
    'Expires on 0/12/2026',
    'Expires on 12/31/0999',
    'Expires on Smarch 3, 2026',
  ])('returns null for an impossible date: %s', (text) => {
    expect(parseRenewalStatus(text)).toBeNull();
  });
});

describe('parseRenewalStatus: text around it', () => {
  it('finds the status inside longer text', () => {
    expect(parseRenewalStatus('Status: Active · Expires on 12/31/2026')).toEqual(expires('2026-12-31'));
    expect(parseRenewalStatus('Dynamics AX Enterprise\n  Quantity 25\n  Expires on\n  12/31/2026  Suspend')).toEqual(expires('2026-12-31'));
    expect(parseRenewalStatus('État : Actif — Expire le 31/12/2026.')).toEqual(expires('2026-12-31'));
  });

  it('is tolerant of case, no-break spaces and repeated whitespace', () => {
    expect(parseRenewalStatus('EXPIRES   ON\u00a0DEC 31 2026')).toEqual(expires('2026-12-31'));
    expect(parseRenewalStatus('auto\u2011renews on\u202f1/5/2027')).toEqual(renews('2027-01-05'));
  });

  it('skips a keyword without a date and keeps looking', () => {
    expect(parseRenewalStatus('Auto-renew is off · Expires on 12/31/2026')).toEqual(expires('2026-12-31'));
  });

  it('does not read a negated renewal as an auto-renewal', () => {
    expect(parseRenewalStatus('Will not renew on 12/31/2026')).toBeNull();
    expect(parseRenewalStatus("Won't renew on 12/31/2026. Expires on 12/31/2026")).toEqual(expires('2026-12-31'));
    expect(parseRenewalStatus('Won\u2019t auto-renew on 12/31/2026')).toBeNull();
    expect(parseRenewalStatus('Does not auto-renew on 12/31/2026')).toBeNull();
    expect(parseRenewalStatus('No se renovará automáticamente el 31/12/2026')).toBeNull();
    expect(parseRenewalStatus('Wird nicht automatisch verlängert am 31.12.2026')).toBeNull();
    expect(parseRenewalStatus('Ne se renouvelle pas automatiquement le 31/12/2026')).toBeNull();
    // A word merely ending in a negation is no negation.
    expect(parseRenewalStatus('Casino auto renews on 1/5/2027')).toEqual(renews('2027-01-05'));
    expect(parseRenewalStatus('Plan: Contoso Enterprise Standard no. 4 · Renews on 1/5/2027')).toEqual(renews('2027-01-05'));
  });

  it.each([
    '',
    'Active',
    'Expires soon',
    'Expires in 30 days',
    'Expira en 30 días',
    'Expire en décembre 2026',
    'Unexpired 12/31/2026',
    'Renewal 12/31/2026 pending',
    '12/31/2026',
    'Dynamics 365 for Operations, Enterprise Edition',
  ])('returns null without a renewal status: %j', (text) => {
    expect(parseRenewalStatus(text)).toBeNull();
  });

  it('returns null for non-string input from untyped callers', () => {
    expect(parseRenewalStatus(undefined as unknown as string)).toBeNull();
    expect(parseRenewalStatus(42 as unknown as string)).toBeNull();
    expect(parseRenewalStatus('Expires on 12/31/2026', 42 as unknown as string)).toEqual(expires('2026-12-31'));
  });
});

describe('parseRenewalStatus: hostile input (property tests)', () => {
  const locales = fc.constantFrom(undefined, 'en-us', 'en-gb', 'fr-fr', 'de-de', 'es-es', '', 'xx', '💥', 'en-');

  it('never throws on random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), locales, (text, locale) => {
        const out = parseRenewalStatus(text, locale);
        expect(out === null || typeof out.date === 'string').toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on keyword soup, and any date it returns is a real day', () => {
    const pieces = fc.constantFrom(
      'Expires on ',
      'Auto renews on ',
      'Expire le ',
      'Gültig bis ',
      'Se renovará automáticamente el ',
      'de ',
      ' ',
      'Expira en ',
      'Renovación automática en ',
      'Läuft am ',
      ' ab',
      'Automatische Verlängerung am ',
      'en',
      'am',
      '12',
      '31',
      '/',
      '.',
      '-',
      '2026',
      '0',
      '99',
      'Dec',
      'déc.',
      'Dezember',
      ',',
      '1er',
      'on',
      'le',
      '\u0000',
      '\ud800',
      '\u0301',
      'ß',
      'İ',
      '\u00a0',
      'st',
      'Thursday',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), locales, (parts, locale) => {
        const out = parseRenewalStatus(parts.join(''), locale);
        if (out !== null) {
          expect(out.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          const d = new Date(`${out.date}T00:00:00Z`);
          expect(d.toISOString().slice(0, 10)).toBe(out.date);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('finds a well-formed status wherever it sits in random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (before, after) => {
        const text = `${before} · Expires on 12/31/2026 · ${after}`;
        // Random text before may itself hold a status; only check the call is safe and, when the
        // prefix is plain, that ours is found.
        const out = parseRenewalStatus(text);
        if (!/[a-z0-9]/i.test(before)) expect(out).toEqual(expires('2026-12-31'));
      }),
    );
  });

  it('stays fast on long hostile input', () => {
    const text = 'expires on '.repeat(5_000) + '1/'.repeat(20_000) + 'auto renew'.repeat(5_000);
    expect(() => parseRenewalStatus(text)).not.toThrow();
  });
});

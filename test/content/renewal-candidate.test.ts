import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { mayHoldRenewalStatus, mayStateExpiry } from '../../src/content/badge/renewal-candidate.ts';
import { parseRenewalStatus } from '../../src/core/renewal-status.ts';

/** Every string literal of the parser's own tests: the wordings it is known to accept. */
const parserSamples = [...readFileSync(new URL('../core/renewal-status.test.ts', import.meta.url), 'utf8').matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"/g)]
  .map((m) => m[1] ?? m[2] ?? '')
  .filter((s) => s.length > 0);

const LOCALES = [undefined, 'en-us', 'en-gb', 'fr-fr', 'de-de', 'es-es'];

describe('renewal candidate prefilter', () => {
  test('accepts every text the parser reads, in every locale', () => {
    const readable = parserSamples.filter((s) => LOCALES.some((l) => parseRenewalStatus(s, l) !== null));
    expect(readable.length).toBeGreaterThan(30);
    for (const text of readable) expect(mayHoldRenewalStatus(text), text).toBe(true);
  });

  test.each([
    'Expires on 12/4/2026',
    'Auto renews on Dec 24, 2026',
    'Expire le 04/12/2026',
    'Renouvellements automatiques le 24/12/2026',
    'Gültig bis 31.12.2026',
    'Datum der automatischen Verlängerung: 31.12.2026',
    'Se renovará automáticamente el 31 de diciembre de 2026',
    'Expira el 31/12/2026',
  ])('accepts %s', (text) => {
    expect(mayHoldRenewalStatus(text)).toBe(true);
    expect(parseRenewalStatus(text)).not.toBeNull();
  });

  test.each(['Active', '25', 'Row 12 of 5000', '12/4/2026', 'Dynamics AX Enterprise', 'Office 365 E3'])('rejects %s', (text) => {
    expect(mayHoldRenewalStatus(text)).toBe(false);
  });

  test('never rejects what the parser reads (random renewal-like texts)', () => {
    const word = fc.constantFrom(
      'Expires on',
      'Expired on',
      'Auto renews on',
      'Renews on',
      'Expire le',
      'Renouvellement automatique le',
      'Gültig bis',
      'Läuft ab am',
      'Expira el',
      'Vence el',
      'Caduca el',
      'Se renueva automáticamente el',
      'EXPIRES ON',
      'auto-renewal on',
    );
    const date = fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1990, max: 2099 }));
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), word, date, fc.string({ maxLength: 8 }), (pre, w, [d, m, y], post) => {
        const text = `${pre}${w} ${d}/${m}/${y}${post}`;
        if (LOCALES.some((l) => parseRenewalStatus(text, l) !== null)) expect(mayHoldRenewalStatus(text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test('the end-date prefilter accepts every text the parser reads as an end date ("Expires on"), and no auto-renewal', () => {
    const ends = parserSamples.filter((s) => LOCALES.some((l) => parseRenewalStatus(s, l)?.kind === 'expires'));
    expect(ends.length).toBeGreaterThan(15);
    for (const text of ends) expect(mayStateExpiry(text), text).toBe(true);
    for (const text of [
      'Auto renews on Dec 24, 2026',
      'Renouvellements automatiques le 24/12/2026',
      'Se renovará automáticamente el 31 de diciembre de 2026',
      'Datum der automatischen Verlängerung: 31.12.2026',
    ]) {
      expect(mayStateExpiry(text), text).toBe(false);
    }
    const word = fc.constantFrom('Expires on', 'Expired on', 'Expire le', 'Expirera le', 'Gültig bis', 'Läuft ab am', 'Abgelaufen am', 'Expira el', 'Vence el', 'Caduca el', 'EXPIRES ON');
    const date = fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1990, max: 2099 }));
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), word, date, fc.string({ maxLength: 8 }), (pre, w, [d, m, y], post) => {
        const text = `${pre}${w} ${d}/${m}/${y}${post}`;
        if (LOCALES.some((l) => parseRenewalStatus(text, l)?.kind === 'expires')) expect(mayStateExpiry(text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

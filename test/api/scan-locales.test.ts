/**
 * Every string the sign-in and scan UI shows exists in English and French, with the same
 * placeholders: a missing key would show the raw key to a partner.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const en = JSON.parse(readFileSync('_locales/en/messages.json', 'utf8')) as Messages;
const fr = JSON.parse(readFileSync('_locales/fr/messages.json', 'utf8')) as Messages;

const sources = readdirSync('src/pages/dashboard')
  .filter((f) => f.startsWith('scan-'))
  .map((f) => readFileSync(`src/pages/dashboard/${f}`, 'utf8'));
const literalKeys = sources.flatMap((src) => [...src.matchAll(/t\('((?:scan|signin)_[a-z_]+)'/g)].map((m) => m[1]!));
const problemKeys = [...readFileSync('src/api/signin-errors.ts', 'utf8').matchAll(/\| '([a-z-]+)'/g)].map((m) => `signin_error_${m[1]!.replace(/-/g, '_')}`);
const stopKeys = [...readFileSync('src/pages/dashboard/scan-panel.tsx', 'utf8').matchAll(/problem: 'scan-([a-z-]+)'/g)].map((m) => `scan_stop_${m[1]}`);
const keys = [...new Set([...literalKeys, ...problemKeys, ...stopKeys, 'scan_time_left_under_minute', 'scan_time_left_minutes', 'scan_time_left_hours'])];

describe('scan and sign-in strings', () => {
  test('the key lists were found', () => {
    expect(literalKeys.length).toBeGreaterThan(20);
    expect(problemKeys).toContain('signin_error_no_partner_role');
    expect(stopKeys).toContain('scan_stop_throttled');
  });

  test.each(keys)('%s exists in en and fr with the same placeholders', (key) => {
    expect(en[key]?.message, `en ${key}`).toBeTruthy();
    expect(fr[key]?.message, `fr ${key}`).toBeTruthy();
    const used = (m: string) => [...m.matchAll(/\$([A-Z]+)\$/g)].map((x) => x[1]).sort();
    expect(used(fr[key]!.message)).toEqual(used(en[key]!.message));
    expect(Object.keys(fr[key]!.placeholders ?? {})).toEqual(Object.keys(en[key]!.placeholders ?? {}));
  });
});

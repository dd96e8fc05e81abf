/**
 * Every string the sign-in and scan UI (both ways to the API), the bulk license move and the
 * subscription writes show exists in English and French, with the same placeholders: a missing key
 * would show the raw key to a partner.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { outcomeMessageKey, USER_MOVE_OUTCOMES } from '../../src/api/license-move.ts';
import { MOVE_BLOCKED_REASONS } from '../../src/core/license-move-plan.ts';
import { NO_END_REASONS } from '../../src/core/subscription-end.ts';
import { SCAN_STOP_CODES, scanProblemKey } from '../../src/pages/dashboard/scan-problem.ts';
import { API_PROBLEMS, apiProblemKey } from '../../src/pages/dashboard/api-problem.ts';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const en = JSON.parse(readFileSync('_locales/en/messages.json', 'utf8')) as Messages;
const fr = JSON.parse(readFileSync('_locales/fr/messages.json', 'utf8')) as Messages;

/** The dashboard's API pages: the scan panel and its connection, and a customer's API actions. */
const API_UI = /^(scan-|api-|use-scan-|license-move-|subscription-end-)/;
const sources = readdirSync('src/pages/dashboard')
  .filter((f) => API_UI.test(f))
  .map((f) => readFileSync(`src/pages/dashboard/${f}`, 'utf8'));
const literalKeys = [...new Set(sources.flatMap((src) => [...src.matchAll(/'((?:scan|signin|api|license_move|subscription_action|subscription_end)_[a-z_]+)'/g)].map((m) => m[1]!)))];
const problemKeys = [...readFileSync('src/api/signin-errors.ts', 'utf8').matchAll(/\| '([a-z-]+)'/g)].map((m) => `signin_error_${m[1]!.replace(/-/g, '_')}`);
const stopKeys = SCAN_STOP_CODES.map((code) => scanProblemKey({ problem: `scan-${code}`, aadsts: null }));
const underscored = (code: string) => code.replace(/-/g, '_');
const writeKeys = [
  ...API_PROBLEMS.map(apiProblemKey),
  ...USER_MOVE_OUTCOMES.map(outcomeMessageKey),
  ...MOVE_BLOCKED_REASONS.map((reason) => `license_move_blocked_${underscored(reason)}`),
  ...['shortfall', 'evidence', 'evidence_one', 'progress', 'progress_one'].map((name) => `license_move_${name}`),
  ...NO_END_REASONS.map((reason) => `subscription_action_none_${underscored(reason)}`),
  ...['confirm_suspend', 'confirm_auto_renew_off', 'confirm_override', 'done_suspend', 'done_auto_renew_off', 'already_done', 'conflict', 'pending', 'failed'].map(
    (name) => `subscription_action_${name}`,
  ),
];
const keys = [...new Set([...literalKeys, ...problemKeys, ...stopKeys, ...writeKeys, 'scan_time_left_under_minute', 'scan_time_left_minutes', 'scan_time_left_hours'])];

describe('scan, sign-in and API write strings', () => {
  test('the key lists were found', () => {
    expect(literalKeys.length).toBeGreaterThan(100);
    expect(literalKeys).toContain('api_mode_session');
    expect(literalKeys).toContain('license_move_offer');
    expect(problemKeys).toContain('signin_error_no_partner_role');
    expect(stopKeys).toEqual(expect.arrayContaining(['scan_stop_throttled', 'scan_stop_session_expired', 'scan_stop_endless_listing', 'scan_stop_page_limit']));
    expect(USER_MOVE_OUTCOMES).toContain('out-of-licenses');
    expect(MOVE_BLOCKED_REASONS).toHaveLength(3);
  });

  test("a refusal's message carries Partner Center's own description", () => {
    expect(en[outcomeMessageKey('refused')]?.placeholders?.detail?.content).toBe('$1');
  });

  test.each(keys)('%s exists in en and fr with the same placeholders', (key) => {
    expect(en[key]?.message, `en ${key}`).toBeTruthy();
    expect(fr[key]?.message, `fr ${key}`).toBeTruthy();
    const used = (m: string) => [...m.matchAll(/\$([A-Z]+)\$/g)].map((x) => x[1]).sort();
    expect(used(fr[key]!.message)).toEqual(used(en[key]!.message));
    expect(Object.keys(fr[key]!.placeholders ?? {})).toEqual(Object.keys(en[key]!.placeholders ?? {}));
  });
});

/**
 * Every message the bulk license move and the subscription writes can show exists in English and
 * French with the same placeholders: a missing key would show the raw key to a partner.
 */
import { describe, expect, test } from 'vitest';
import { outcomeMessageKey, USER_MOVE_OUTCOMES } from '../../src/api/license-move.ts';
import { MOVE_BLOCKED_REASONS } from '../../src/core/license-move-plan.ts';
import { NO_END_REASONS } from '../../src/core/subscription-end.ts';
import { loadMessages } from '../locale-messages.ts';

const en = loadMessages('en');
const fr = loadMessages('fr');
const keys = [
  ...USER_MOVE_OUTCOMES.map(outcomeMessageKey),
  ...MOVE_BLOCKED_REASONS.map((reason) => `license_move_blocked_${reason.replace(/-/g, '_')}`),
  'license_move_shortfall',
  'license_move_evidence',
  'license_move_evidence_one',
  'license_move_progress',
  'license_move_progress_one',
  ...NO_END_REASONS.map((reason) => `subscription_action_none_${reason.replace(/-/g, '_')}`),
  ...['confirm_suspend', 'confirm_auto_renew_off', 'confirm_override', 'done_suspend', 'done_auto_renew_off', 'already_done', 'conflict', 'pending', 'failed'].map(
    (name) => `subscription_action_${name}`,
  ),
];

describe('bulk license move and subscription action strings', () => {
  test('every outcome and every blocked reason was found', () => {
    expect(USER_MOVE_OUTCOMES).toContain('out-of-licenses');
    expect(MOVE_BLOCKED_REASONS).toHaveLength(3);
  });

  test.each(keys)('%s exists in en and fr with the same placeholders', (key) => {
    expect(en[key]?.message, `en ${key}`).toBeTruthy();
    expect(fr[key]?.message, `fr ${key}`).toBeTruthy();
    const used = (m: string) => [...m.matchAll(/\$([A-Z]+)\$/g)].map((x) => x[1]).sort();
    expect(used(fr[key]!.message)).toEqual(used(en[key]!.message));
    expect(Object.keys(fr[key]!.placeholders ?? {})).toEqual(Object.keys(en[key]!.placeholders ?? {}));
  });

  test('"refused" carries Partner Center\'s own description', () => {
    expect(en[outcomeMessageKey('refused')]?.placeholders?.detail?.content).toBe('$1');
  });
});

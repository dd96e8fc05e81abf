/**
 * "Days left" is said one way in each language, everywhere it is said (badges, dashboard, checklist,
 * notifications): French "n jours restants" / "1 jour restant", English "n days left" / "1 day left".
 */
import { describe, expect, test } from 'vitest';
import { loadMessages } from '../locale-messages.ts';

const fr = loadMessages('fr');
const en = loadMessages('en');

describe('days left wording', () => {
  test('French never says "Plus que n jours", "Encore n jours", "encore n jours" or "dans n jours"', () => {
    const other = Object.entries(fr).filter(([, { message }]) => /plus que \$|encore \$\w+\$? jours?|dans \$\d jours?/iu.test(message));
    expect(other.map(([key, { message }]) => `${key}: ${message}`)).toEqual([]);
  });

  test('every French count of days left reads "n jours restants"', () => {
    for (const key of ['badge_days_left', 'core_urgency_critical', 'core_urgency_soon', 'core_urgency_later']) {
      expect(fr[key]!.message, key).toMatch(/^\$(?:1|COUNT\$) jours restants$/u);
    }
    for (const key of ['core_urgency_critical_one', 'core_urgency_soon_one', 'core_urgency_later_one']) {
      expect(fr[key]!.message, key).toBe('$1 jour restant');
    }
  });

  test('English says "days left" where it gives the days before a date', () => {
    for (const key of ['core_next_wait_for_deprovision', 'core_next_wait_for_term_end', 'checklist_guide_wait']) {
      expect(en[key]!.message, key).toMatch(/\(\$2 days left\)/u);
      expect(fr[key]!.message, key).toMatch(/\(\$2 jours restants\)/u);
    }
  });
});

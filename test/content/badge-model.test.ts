import { describe, expect, test } from 'vitest';
import { badgeModel, daysLeftMessage, distinguishingName, expiryOf } from '../../src/content/badge/badge-model.ts';
import { SEED_RULES } from '../../src/core/catalog.ts';
import { matchRetiredSku } from '../../src/core/catalog.ts';
import { replacementsOf } from '../../src/content/badge/target-replacements.ts';
import { matchTargetProduct } from '../../src/core/catalog.ts';

const TODAY = '2026-11-24';
const match = (name: string) => {
  const found = matchRetiredSku(name);
  if (!found) throw new Error(`${name} should be retired`);
  return found;
};

describe('badge model', () => {
  test("targets in the article order, the first recommended, with today's catalog name beside the article's", () => {
    const model = badgeModel(match('Dynamics AX Enterprise'), null, TODAY);
    expect(model.ruleId).toBe('ax-enterprise');
    expect(model.targets.map((t) => [t.name, t.recommended])).toEqual([
      ['Dynamics 365 for Unified Operations', true],
      ['Dynamics 365 Plan', false],
    ]);
    expect(model.targets[0]!.catalogName).toBe('Dynamics 365 Finance');
    expect(model.retiredOn).toBe('2016-11-01');
    expect(model.noRenewalFrom).toBe('2017-07-01');
    expect(model.expiry).toBeNull();
    expect(model.autoRenewUnexpected).toBe(false);
  });

  test('the product name is the text the page shows, not the rule name', () => {
    const model = badgeModel(match('DYNAMICS AX ENTERPRISE – 25 licenses'), null, TODAY);
    expect(model.productName).toBe('DYNAMICS AX ENTERPRISE');
    expect(model.ruleName).toBe('Dynamics AX Enterprise');
  });

  test('an add-on without a listed replacement carries its note and no target', () => {
    const model = badgeModel(match('Microsoft Dynamics CRM Online Additional Storage'), null, TODAY);
    expect(model.targets).toEqual([]);
    expect(model.noteKey).toBe('catalog_note_no_direct_replacement');
  });

  test.each([
    [-40, 'expired'],
    [-1, 'expired'],
    [0, 'critical'],
    [10, 'critical'],
    [30, 'critical'],
    [31, 'soon'],
    [90, 'soon'],
    [91, 'later'],
    [400, 'later'],
  ])('expires in %i days → %s', (days, urgency) => {
    const date = new Date(Date.UTC(2026, 10, 24 + days)).toISOString().slice(0, 10);
    const model = badgeModel(match('Dynamics AX Task'), { kind: 'expires', date }, TODAY);
    expect(model.expiry).toEqual({ date, daysLeft: days, urgency });
  });

  test('partner thresholds change the urgency', () => {
    expect(expiryOf('2026-12-04', TODAY, { critical: 5, soon: 20 })).toMatchObject({ daysLeft: 10, urgency: 'soon' });
  });

  test('a suspended subscription gets no days left and no urgency (no "45 days left" on a finished migration)', () => {
    const model = badgeModel(match('Dynamics AX Enterprise'), { kind: 'expires', date: '2027-01-08' }, TODAY, undefined, 'suspended');
    expect(model.expiry).toBeNull();
    expect(expiryOf('2027-01-08', TODAY, undefined, 'suspended')).toBeNull();
    expect(badgeModel(match('Dynamics AX Enterprise'), { kind: 'auto-renews', date: '2027-01-08' }, TODAY, undefined, 'suspended').autoRenewUnexpected).toBe(false);
    expect(badgeModel(match('Dynamics AX Enterprise'), { kind: 'expires', date: '2027-01-08' }, TODAY, undefined, 'active').expiry).toMatchObject({ daysLeft: 45 });
  });

  test('auto-renew on a retired SKU is flagged, with its date; no expiry', () => {
    const model = badgeModel(match('Microsoft Dynamics CRM Online Professional'), { kind: 'auto-renews', date: '2026-12-24' }, TODAY);
    expect(model.autoRenewUnexpected).toBe(true);
    expect(model.autoRenewDate).toBe('2026-12-24');
    expect(model.expiry).toBeNull();
  });

  test('a malformed date is no date, never a wrong one', () => {
    expect(expiryOf('2026-13-45', TODAY)).toBeNull();
    expect(badgeModel(match('Dynamics AX Task'), { kind: 'expires', date: 'soon' }, TODAY).expiry).toBeNull();
  });

  test.each([
    [0, 'badge_expires_today', []],
    [1, 'badge_day_left', []],
    [12, 'badge_days_left', ['12']],
    [-1, 'badge_expired_yesterday', []],
    [-5, 'badge_expired_days_ago', ['5']],
  ])('days left %i → %s', (days, key, substitutions) => {
    expect(daysLeftMessage(days)).toEqual({ key, substitutions });
  });
});

describe('catalog highlight', () => {
  test('a target product names the retired SKUs it is the first choice for, and those it is another choice for', () => {
    const teamMembers = matchTargetProduct('Dynamics 365 Team Members')!;
    const { recommendedFor, alsoFor } = replacementsOf(teamMembers);
    expect(recommendedFor).toEqual(expect.arrayContaining(['Dynamics AX Task / Self Service', 'Microsoft Dynamics CRM Online Basic', 'Microsoft Dynamics CRM Online Essential']));
    expect(alsoFor).toEqual([]);
    const sales = replacementsOf(matchTargetProduct('Dynamics 365 for Sales Enterprise Edition')!);
    expect(sales.recommendedFor).toEqual([]);
    expect(sales.alsoFor).toEqual(expect.arrayContaining(['Microsoft Dynamics CRM Online Professional', 'Microsoft Dynamics CRM Online Basic']));
  });
});

describe('distinguishingName (what a badge short of room shows)', () => {
  test.each([
    ['Dynamics 365 Customer Engagement Plan', 'Customer Engagement Plan'],
    ['Dynamics 365 for Team Members', 'Team Members'],
    ['Dynamics 365 Finance', 'Finance'],
    ['Microsoft Dynamics 365 Operations – Activity', 'Operations – Activity'],
    ['Dynamics 365 Enterprise Customer Engagement Plan', 'Enterprise Customer Engagement Plan'],
    ['Power BI Pro', 'Power BI Pro'],
    ['Dynamics 365', 'Dynamics 365'],
  ])('%s → %s', (name, short) => {
    expect(distinguishingName(name)).toBe(short);
  });

  test('the targets of every seed rule stay told apart once shortened', () => {
    for (const rule of SEED_RULES) {
      const names = rule.targets.map((t) => t.catalogNames[0] ?? t.name);
      expect(new Set(names.map(distinguishingName)).size).toBe(new Set(names).size);
      for (const name of names) expect(distinguishingName(name).length).toBeGreaterThan(0);
    }
  });
});

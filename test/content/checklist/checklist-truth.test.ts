/**
 * The checklist never says a step is done when it is not (issue 15): the purchase per retired
 * subscription, an override that is not forgotten, a hand tick that does not erase the invite guard,
 * one urgency rule with the partner's thresholds, and step 3 in the right tense.
 */
import { describe, expect, test } from 'vitest';
import type { MigrationEvent } from '../../../src/core/migration.ts';
import { checklistModel, deprovisionSentenceKey } from '../../../src/core/checklist-view.ts';
import { customerSummary } from '../../../src/core/tracked-customers.ts';
import { checklistFixtures } from './checklist-fixtures.ts';
import { DEFAULT_SETTINGS, type CustomerView, type MigrationRecord, type Settings, type SubscriptionRecord } from '../../../src/core/records.ts';
import type { Relationship } from '../../../src/core/observation.ts';

const ID = '2e5f9c3a-7d4f-4a01-9c83-4f9e6d1a0b32';
const NOW = '2026-11-24T10:00:00.000Z';
const TODAY = '2026-11-24';

const { sub, record } = checklistFixtures(ID, NOW);

function view(subscriptions: SubscriptionRecord[], migration: MigrationRecord | null = null, extra: { relationship?: Relationship; settings?: Settings } = {}): CustomerView {
  return {
    customer: { customerId: ID, name: 'Northwind Traders', relationship: extra.relationship ?? 'reseller', firstSeenAt: NOW, lastSeenAt: NOW, lastEvidence: '', overlayOpen: false },
    subscriptions,
    migration,
    rules: [],
    settings: extra.settings ?? DEFAULT_SETTINGS,
    hasNotes: false,
  };
}

const page = (kind: 'subscriptions' | 'subscription-details' | 'users-and-licenses') => ({ kind });
const model = (v: CustomerView, kind: Parameters<typeof page>[0] = 'subscriptions') => checklistModel(v, ID, page(kind), TODAY, NOW);
const missing = (m: ReturnType<typeof model>) => m.steps[0]?.missing?.map((n) => [n.target.id, n.bought, n.licenses]) ?? [];
const purchasedOnPage = (text: string): MigrationEvent => ({ type: 'purchase-detected', evidence: { source: 'page', text } });

describe('purchase: done per retired subscription, with seats', () => {
  const northwind = [
    sub('Microsoft Dynamics CRM Online Basic', 30, { channel: 'other' }),
    sub('Microsoft Dynamics CRM Online Additional Storage', 5),
    sub('Field Service Add-On for Microsoft Dynamics CRM Online', 8),
    sub('Dynamics 365 Sales Professional', 10),
  ];

  test('"Customer Engagement Plan × 8, Team Members × 30" is not Done on "Dynamics 365 Sales Professional · 10" (even as recorded by an older version)', () => {
    const m = model(view(northwind, record([purchasedOnPage('Dynamics 365 Sales Professional · Active · 10')])));
    expect(m.steps[0]?.status).not.toBe('done');
    expect(m.action.code).toBe('purchase');
    expect(missing(m)).toEqual([
      ['d365-team-members', 0, 30],
      ['d365-customer-engagement-plan', 0, 8],
    ]);
    const row = customerSummary(view(northwind, record([purchasedOnPage('Dynamics 365 Sales Professional · Active · 10')])), TODAY)!.row;
    expect(row.steps.purchase.status).not.toBe('done');
    expect(row.purchaseMissing.map((n) => n.target.id)).toEqual(['d365-team-members', 'd365-customer-engagement-plan']);
  });

  test('AX Enterprise + AX Device with only Finance bought: not Done, "Operations – Device: none yet"', () => {
    const subs = [sub('Dynamics AX Enterprise', 15), sub('Dynamics 365 Finance', 15), sub('Dynamics AX Device', 6)];
    const m = model(view(subs, record([purchasedOnPage('Dynamics 365 Finance · Active · 15')])));
    expect(m.steps[0]?.status).toBe('in-progress');
    expect(missing(m)).toEqual([['d365-operations-device', 0, 6]]);
    const bought = model(view([...subs, sub('Dynamics 365 Operations - Device', 6)], record([purchasedOnPage('Dynamics 365 Finance · Active · 15')])));
    expect(bought.steps[0]?.status).toBe('done');
    expect(bought.steps[0]?.missing).toBeUndefined();
  });

  test('Finance × 1 where × 3 are needed: not Done, "1 of 3", and suspending warns about the shortfall', () => {
    const subs = [sub('Dynamics AX Enterprise', 3), sub('Dynamics 365 Finance', 1)];
    const progress = record([purchasedOnPage('Dynamics 365 Finance · Active · 1'), { type: 'users-progress', moved: 3, total: 3, evidence: { source: 'manual' } }]);
    const m = model(view(subs, progress), 'subscription-details');
    expect(m.steps[0]?.status).toBe('in-progress');
    expect(missing(m)).toEqual([['d365-unified-operations', 1, 3]]);
    expect(m.guard).toMatchObject({ verdict: 'needs-override', missing: [expect.objectContaining({ bought: 1, licenses: 3, status: 'short' })] });
    // Every user ticked as moved: no "0 users still hold" line, the shortfall is what is said.
    expect(m.notices.map((n) => n.code)).not.toContain('users-still-on-legacy');
    expect(m.notices).toContainEqual({ code: 'purchase-short', missing: [expect.objectContaining({ bought: 1, licenses: 3 })] });
  });

  test("a hand tick of step 1 keeps the partner's word (and the checklist still says nothing is missing then)", () => {
    const m = model(view([sub('Dynamics AX Enterprise', 3)], record([{ type: 'step-ticked', step: 'purchase' }])));
    expect(m.steps[0]?.status).toBe('done');
    expect(m.steps[0]?.missing).toBeUndefined();
  });
});

describe('"Suspend anyway" is not forgotten', () => {
  const subs = [sub('Dynamics AX Enterprise', 2, { renewal: { kind: 'expires', date: '2027-02-01' } })];
  const counted: MigrationEvent = { type: 'users-seen', onRetired: 2, onReplacement: 0, evidence: { source: 'page' } };
  const overridden = record([counted, { type: 'suspend-requested', override: true }]);
  const suspended = record([counted, { type: 'suspend-requested', override: true }, { type: 'step-ticked', step: 'suspend', date: TODAY }]);

  test('the checklist warns and the launcher stays red, after the request and after the suspension', () => {
    for (const rec of [overridden, suspended]) {
      const m = model(view(subs, rec));
      expect(m.notices).toContainEqual(expect.objectContaining({ code: 'suspended-with-users-left', usersLeft: 2 }));
      expect(m.launcherTone).toBe('critical');
    }
    expect(model(view(subs, overridden)).notices.find((n) => n.code === 'suspended-with-users-left')).toMatchObject({ stage: 'requested' });
    expect(model(view(subs, suspended)).notices.find((n) => n.code === 'suspended-with-users-left')).toMatchObject({ stage: 'suspended' });
    // Suspended: its end date counts down nothing any more (no "69 days left" beside users cut off).
    expect(model(view(subs, suspended)).notices.map((n) => n.code)).not.toContain('end-date');
  });

  test('the dashboard row keeps its urgency and its end date, and says users may have lost access', () => {
    const suspendedSubs = [sub('Dynamics AX Enterprise', 2, { status: 'suspended', renewal: { kind: 'expires', date: '2027-02-01' } })];
    for (const [rec, s] of [
      [overridden, subs],
      [suspended, suspendedSubs],
    ] as const) {
      const row = customerSummary(view([...s], rec), TODAY)!.row;
      expect(row.urgency).toBe('critical');
      expect(row.endDate).toBe('2027-02-01');
      expect(row.daysLeft).toBe(69);
      expect(row.accessAtRisk).toEqual({ usersLeft: 2 });
    }
  });

  test('once the users are covered, the warning goes', () => {
    const covered = record([counted, { type: 'suspend-requested', override: true }, { type: 'users-seen', onRetired: 0, onReplacement: 2, evidence: { source: 'page' } }]);
    const m = model(view([...subs, sub('Dynamics 365 Finance', 2)], covered));
    expect(m.notices.map((n) => n.code)).not.toContain('suspended-with-users-left');
    expect(customerSummary(view([...subs, sub('Dynamics 365 Finance', 2)], covered), TODAY)!.row.accessAtRisk).toBeNull();
  });
});

describe('a hand tick of step 1 does not erase the invite guard', () => {
  test('"Not yet your customer, invite first" stays after ticking the purchase by hand', () => {
    const ticked = record([{ type: 'step-ticked', step: 'purchase' }]);
    const m = model(view([sub('Dynamics AX Enterprise', 3)], ticked, { relationship: 'none' }));
    expect(m.steps[0]?.status).toBe('done');
    expect(m.notices.map((n) => n.code)).toContain('invite-needed');
  });
});

describe("one urgency rule, with the partner's thresholds", () => {
  test('the checklist\'s end-date warning follows the thresholds in Settings (critical at 5 days: 10 days left is "soon")', () => {
    const settings: Settings = { ...DEFAULT_SETTINGS, thresholds: { critical: 5, soon: 30 } };
    const subs = [sub('Dynamics AX Enterprise', 3, { renewal: { kind: 'expires', date: '2026-12-04' } })];
    const m = model(view(subs, null, { settings }));
    expect(m.notices).toContainEqual({ code: 'end-date', urgency: 'soon', daysLeft: 10, endDate: '2026-12-04' });
    expect(m.launcherTone).toBe('soon');
    expect(customerSummary(view(subs, null, { settings }), TODAY)!.row.urgency).toBe('soon');
  });

  test('no urgency and no days-left alarm once the migration is finished (suspended after every user moved)', () => {
    const done = record([
      { type: 'users-seen', onRetired: 3, onReplacement: 0, evidence: { source: 'page' } },
      { type: 'users-seen', onRetired: 0, onReplacement: 3, evidence: { source: 'page' } },
      { type: 'step-ticked', step: 'suspend', date: TODAY },
    ]);
    const subs = [sub('Dynamics AX Enterprise', 3, { status: 'suspended', renewal: { kind: 'expires', date: '2027-01-08' } }), sub('Dynamics 365 Finance', 3)];
    const m = model(view(subs, done));
    expect(m.notices.map((n) => n.code)).not.toContain('end-date');
    const row = customerSummary(view(subs, done), TODAY)!.row;
    expect(row.urgency).toBeNull();
  });
});

describe('step 3 in the right tense', () => {
  test('"Will be de-provisioned" before the day, "De-provisioned" after it', () => {
    const suspended = record([{ type: 'step-ticked', step: 'suspend', date: TODAY }]);
    const m = model(view([sub('Dynamics AX Enterprise', 3, { status: 'suspended' })], suspended));
    expect(m.state.deprovisionOn).toBe('2027-03-24');
    expect(deprovisionSentenceKey(m)).toBe('checklist_deprovision_on_future');
    expect(deprovisionSentenceKey({ ...m, today: '2027-03-25' })).toBe('checklist_deprovision_on');
  });
});

describe('the users warning names only retired SKUs users hold', () => {
  test('AX Enterprise and AX Task held, only AX Enterprise users left: the warning names AX Enterprise alone', () => {
    const subs = [sub('Dynamics AX Enterprise', 2), sub('Dynamics AX Task', 4), sub('Dynamics 365 Finance', 2), sub('Dynamics 365 Operations – Activity', 4)];
    const progress = record([purchasedOnPage('Finance'), { type: 'users-seen', onRetired: 2, onReplacement: 0, retiredRuleIds: ['ax-enterprise'], evidence: { source: 'page' } }]);
    const m = model(view(subs, progress), 'subscription-details');
    expect(m.notices).toContainEqual({ code: 'users-still-on-legacy', usersLeft: 2, retiredNames: ['Dynamics AX Enterprise'] });
    expect(m.usersHoldNames).toEqual(['Dynamics AX Enterprise']);
  });
});

import { describe, expect, test } from 'vitest';
import { checklistModel, deprovisionDelay } from '../../src/core/checklist-view.ts';
import { lineLicenses, replacedText } from '../../src/content/checklist/plan-text.ts';
import { checklistFixtures } from '../content/checklist/checklist-fixtures.ts';
import { DEFAULT_SETTINGS, type CustomerView, type MigrationRecord, type SubscriptionRecord } from '../../src/core/records.ts';

const ID = '3f6c2b7e-2d1a-4c1e-9f4e-6b5a1c2d3e4f';
const NOW = '2026-11-24T10:00:00.000Z';
const TODAY = '2026-11-24';

const { sub, record } = checklistFixtures(ID, NOW);

function view(subscriptions: SubscriptionRecord[], migration: MigrationRecord | null = null): CustomerView {
  return {
    customer: { customerId: ID, name: 'Contoso', relationship: 'reseller', firstSeenAt: NOW, lastSeenAt: NOW, lastEvidence: '', overlayOpen: false },
    subscriptions,
    migration,
    rules: [],
    settings: DEFAULT_SETTINGS,
    hasNotes: false,
  };
}

const page = (kind: 'subscriptions' | 'subscription-details' | 'users-and-licenses') => ({ kind });

describe('checklistModel', () => {
  test('before anything: the plan from the retired subscriptions, purchase first, the end date when close', () => {
    const model = checklistModel(view([sub('Dynamics AX Enterprise', 25, { renewal: { kind: 'expires', date: '2026-12-20' } }), sub('Office 365 E3', 100)]), ID, page('subscriptions'), TODAY, NOW);
    expect(model.started).toBe(false);
    expect(model.retired.map((r) => r.ruleId)).toEqual(['ax-enterprise']);
    expect(model.lines.map((l) => [l.target.id, l.licenses])).toEqual([['d365-unified-operations', 25]]);
    // What the catalog highlight marks as needed on Add subscriptions, from the same plan.
    expect(model.planNeeds.map((n) => [n.target.id, n.licenses])).toEqual([['d365-unified-operations', 25]]);
    expect(model.action).toEqual({ code: 'purchase' });
    expect(model.notices).toEqual([{ code: 'end-date', urgency: 'critical', daysLeft: 26, endDate: '2026-12-20' }]);
  });

  test('the consolidated option exists when one target covers several retired SKUs, and is followed once chosen', () => {
    const subs = [sub('Microsoft Dynamics CRM Online Professional', 10), sub('Field Service Add-On for Microsoft Dynamics CRM Online', 4)];
    const model = checklistModel(view(subs), ID, page('subscriptions'), TODAY, NOW);
    expect(model.plan.consolidated).not.toBeNull();
    const chosen = checklistModel(view(subs, { ...record([]), planChoice: 'consolidated' }), ID, page('subscriptions'), TODAY, NOW);
    expect(chosen.lines).toBe(chosen.plan.consolidated);
  });

  test('one product replacing several retired SKUs is one shopping line per plan, with its count and what it replaces', () => {
    // QA: "Customer Engagement Plan × 5" and "× 9" listed one under the other.
    const subs = [sub('Microsoft Dynamics CRM Online Professional', 5), sub('Field Service Add-On for Microsoft Dynamics CRM Online', 9)];
    const oneToOne = checklistModel(view(subs), ID, page('subscriptions'), TODAY, NOW);
    const lines = oneToOne.lines;
    expect(lines.map((l) => [l.target.id, l.licenses])).toEqual([['d365-customer-engagement-plan', 14]]);
    expect(replacedText(lines[0]!)).toBe('Microsoft Dynamics CRM Online Professional (5), Field Service Add-On for Microsoft Dynamics CRM Online (9)');
    const consolidated = checklistModel(view(subs, { ...record([]), planChoice: 'consolidated' }), ID, page('subscriptions'), TODAY, NOW);
    expect(consolidated.lines.map((l) => [l.target.id, l.licenses])).toEqual([['d365-customer-engagement-plan', 9]]);
  });

  test('a retired subscription whose seat count is 0 or unknown: the line gives no count rather than "× 0 licenses"', () => {
    const unknown = sub('Dynamics AX Enterprise', 0);
    delete (unknown as Partial<SubscriptionRecord>).quantity;
    for (const retired of [sub('Dynamics AX Enterprise', 0), unknown]) {
      const [line] = checklistModel(view([retired]), ID, page('subscriptions'), TODAY, NOW).lines;
      expect(line?.target.id).toBe('d365-unified-operations');
      expect(lineLicenses(line!)).toBeNull();
      expect(replacedText(line!)).toBe('Dynamics AX Enterprise');
    }
    const [counted] = checklistModel(view([sub('Dynamics AX Enterprise', 3)]), ID, page('subscriptions'), TODAY, NOW).lines;
    expect(lineLicenses(counted!)).toBe(3);
    expect(replacedText(counted!)).toBe('Dynamics AX Enterprise (3)');
  });

  test('suspending while users still hold the retired licence is warned about where it matters', () => {
    const progress = record([
      { type: 'purchase-detected', evidence: { source: 'page', text: 'Dynamics 365 Finance · Active' } },
      { type: 'users-progress', moved: 1, total: 3, evidence: { source: 'page' } },
    ]);
    const model = checklistModel(view([sub('Dynamics AX Enterprise', 3), sub('Dynamics 365 Finance', 3)], progress), ID, page('subscription-details'), TODAY, NOW);
    expect(model.guard).toEqual({ verdict: 'needs-override', usersLeft: 2 });
    expect(model.notices).toContainEqual({ code: 'users-still-on-legacy', usersLeft: 2, retiredNames: ['Dynamics AX Enterprise'] });
    expect(model.steps.map((s) => s.status)).toEqual(['done', 'in-progress', 'todo']);
  });

  test('a customer without a relationship: invite first; another channel: the customer must cancel', () => {
    const invite = checklistModel(view([sub('Dynamics AX Enterprise', 3)], record([{ type: 'relationship-observed', relationship: 'none' }])), ID, page('subscriptions'), TODAY, NOW);
    expect(invite.action.code).toBe('send-invite');
    expect(invite.notices.map((n) => n.code)).toContain('invite-needed');
    const other = checklistModel(view([sub('Dynamics AX Enterprise', 3)], record([{ type: 'other-channel-detected' }])), ID, page('subscriptions'), TODAY, NOW);
    expect(other.notices.map((n) => n.code)).toContain('other-channel');
    expect(other.guard).toEqual({ verdict: 'blocked', reason: 'other-channel' });
  });

  test('after suspension: the de-provisioning day, and the end date no longer alarms', () => {
    const done = record([
      { type: 'purchase-detected', evidence: { source: 'page' } },
      { type: 'users-progress', moved: 3, total: 3, evidence: { source: 'page' } },
      { type: 'suspend-detected', date: TODAY, evidence: { source: 'api', text: 'status: suspended' } },
    ]);
    const model = checklistModel(
      view([sub('Dynamics AX Enterprise', 3, { status: 'suspended', renewal: { kind: 'expires', date: '2026-12-01' } }), sub('Dynamics 365 Finance', 3)], done),
      ID,
      page('subscriptions'),
      TODAY,
      NOW,
    );
    expect(model.action).toEqual({ code: 'wait-for-deprovision', deprovisionOn: '2027-03-24', daysLeft: 120 });
    expect(model.notices).toEqual([]);
    expect(deprovisionDelay(model)).toBe(120);
    // Step 3's sentence, ready for the page to word: the future tense while the day is to come.
    expect(model.deprovision).toEqual({ key: 'checklist_deprovision_on_future', on: '2027-03-24', delayDays: 120 });

    // The delay setting changed to 90 since: the recorded date stays, and so do the days it was computed with.
    const later = checklistModel(
      { ...view([sub('Dynamics AX Enterprise', 3, { status: 'suspended' })], done), settings: { ...DEFAULT_SETTINGS, deprovisionDays: 90 } },
      ID,
      page('subscriptions'),
      TODAY,
      NOW,
    );
    expect(later.state.deprovisionOn).toBe('2027-03-24');
    expect(deprovisionDelay(later)).toBe(120);
    expect(later.deprovision?.delayDays).toBe(120);
    // Not suspended yet: the setting is what a suspension would get.
    const before = checklistModel({ ...view([sub('Dynamics AX Enterprise', 3)]), settings: { ...DEFAULT_SETTINGS, deprovisionDays: 90 } }, ID, page('subscriptions'), TODAY, NOW);
    expect(deprovisionDelay(before)).toBe(90);
    expect(before.deprovision).toBeNull();
  });
});

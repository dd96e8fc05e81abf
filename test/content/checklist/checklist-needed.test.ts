/**
 * When the content script loads the migration checklist without any page evidence: only for a
 * customer the worker already follows (src/content/features/checklist.tsx `followed`).
 */
import { describe, expect, test } from 'vitest';
import { followed } from '../../../src/content/features/checklist.tsx';
import { initialMigration } from '../../../src/core/migration.ts';
import { DEFAULT_SETTINGS, type CustomerView, type SubscriptionRecord } from '../../../src/core/records.ts';
import type { RetirementRule } from '../../../src/core/catalog.ts';

const ID = '3f6c2b7e-2d1a-4c1e-9f4e-6b5a1c2d3e4f';
const NOW = '2026-11-24T10:00:00.000Z';

function sub(name: string, extra: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  return { key: name.toLowerCase(), customerId: ID, name, quantity: 3, status: 'active', source: 'page', evidence: 'https://partner.microsoft.com/', seenAt: NOW, ...extra };
}

function view(subscriptions: SubscriptionRecord[], extra: Partial<CustomerView> = {}, overlayOpen = false): CustomerView {
  return {
    customer: { customerId: ID, name: 'Contoso', relationship: 'reseller', firstSeenAt: NOW, lastSeenAt: NOW, lastEvidence: '', overlayOpen },
    subscriptions,
    migration: null,
    rules: [],
    settings: DEFAULT_SETTINGS,
    hasNotes: false,
    ...extra,
  };
}

describe('followed: the worker says this customer needs the checklist', () => {
  test('an unknown customer, or one with only current products, does not', () => {
    expect(followed({ ...view([]), customer: null })).toBe(false);
    expect(followed(view([sub('Dynamics 365 Finance'), sub('Microsoft 365 E3')]))).toBe(false);
  });

  test('a retired subscription recorded does, until it is deleted', () => {
    expect(followed(view([sub('Dynamics AX Enterprise')]))).toBe(true);
    expect(followed(view([sub('Dynamics AX Enterprise', { status: 'suspended' })]))).toBe(true);
    expect(followed(view([sub('Dynamics AX Enterprise', { status: 'deleted' })]))).toBe(false);
  });

  test('a migration under way does, even once the retired subscription is gone', () => {
    const migration = { customerId: ID, revision: 1, updatedAt: NOW, state: initialMigration(ID, NOW), planChoice: null, notes: '' };
    expect(followed(view([], { migration }))).toBe(true);
  });

  test('an overlay the partner left open does', () => {
    expect(followed(view([], {}, true))).toBe(true);
  });

  test("the partner's own rules count", () => {
    const rule: RetirementRule = {
      id: 'partner-legacy-crm',
      family: 'Legacy CRM',
      name: 'Contoso Legacy CRM Plan',
      offerNames: ['Contoso Legacy CRM Plan'],
      targets: [],
      origin: 'partner',
    };
    expect(followed(view([sub('Contoso Legacy CRM Plan')]))).toBe(false);
    expect(followed(view([sub('Contoso Legacy CRM Plan')], { rules: [rule] }))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTER, filterCustomers, partnerCenterLinks } from '../../src/pages/dashboard/customer-filter.ts';
import type { TrackedCustomer } from '../../src/core/tracked-customers.ts';

const row = (customerId: string, name: string, extra: Partial<TrackedCustomer>): TrackedCustomer => ({
  customerId, name, retired: [], expiring: [], endDate: null, daysLeft: null, urgency: null, migration: null, phase: 'purchase',
  nextAction: { code: 'purchase' }, deprovisionOn: null, blocked: false, lastSeenAt: '2026-11-20T00:00:00.000Z', reviewedAt: null,
  steps: { purchase: { status: 'todo', outOfOrder: false }, reassign: { status: 'todo', outOfOrder: false }, suspend: { status: 'todo', outOfOrder: false } },
  ...extra,
});

const rows = [
  row('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Société Générale', { endDate: '2027-01-01', daysLeft: 38, urgency: 'soon', retired: [{ ruleId: 'ax-enterprise', ruleName: 'AX', name: 'Dynamics AX Enterprise', quantity: 3, status: null }] }),
  row('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'Beta', { endDate: '2026-12-01', daysLeft: 7, urgency: 'critical', phase: 'reassign' }),
  row('cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'Gamma', { phase: 'suspended' }),
];

describe('filterCustomers', () => {
  it('sorts by urgency by default', () => {
    expect(filterCustomers(rows, DEFAULT_FILTER).map((r) => r.name)).toEqual(['Beta', 'Société Générale', 'Gamma']);
  });
  it('searches names without accents, tenant ids and product names', () => {
    expect(filterCustomers(rows, { ...DEFAULT_FILTER, search: 'societe' }).map((r) => r.name)).toEqual(['Société Générale']);
    expect(filterCustomers(rows, { ...DEFAULT_FILTER, search: 'BBBBBBBB' }).map((r) => r.name)).toEqual(['Beta']);
    expect(filterCustomers(rows, { ...DEFAULT_FILTER, search: 'ax enterprise' }).map((r) => r.name)).toEqual(['Société Générale']);
  });
  it('filters by step and urgency (including "no urgency")', () => {
    expect(filterCustomers(rows, { ...DEFAULT_FILTER, phase: 'reassign' }).map((r) => r.name)).toEqual(['Beta']);
    expect(filterCustomers(rows, { ...DEFAULT_FILTER, urgency: 'none' }).map((r) => r.name)).toEqual(['Gamma']);
  });
  it('sorts by name and end date in both directions', () => {
    expect(filterCustomers(rows, { ...DEFAULT_FILTER, sort: 'name' }).map((r) => r.name)).toEqual(['Beta', 'Gamma', 'Société Générale']);
    expect(filterCustomers(rows, { ...DEFAULT_FILTER, sort: 'endDate', direction: 'descending' }).map((r) => r.name)).toEqual(['Gamma', 'Société Générale', 'Beta']);
  });
  it('a renewal customer (nothing retired) is found by its expiring product and filtered by the "to renew" step', () => {
    const renewal = row('dddddddd-dddd-4ddd-8ddd-dddddddddddd', 'Adventure Works', {
      endDate: '2026-12-04', daysLeft: 10, urgency: 'critical', phase: 'renew', expiring: ['Dynamics 365 Customer Engagement Plan'],
      nextAction: { code: 'renew', subscriptions: ['Dynamics 365 Customer Engagement Plan'] },
    });
    const all = [...rows, renewal];
    expect(filterCustomers(all, { ...DEFAULT_FILTER, search: 'engagement plan' }).map((r) => r.name)).toEqual(['Adventure Works']);
    expect(filterCustomers(all, { ...DEFAULT_FILTER, phase: 'renew' }).map((r) => r.name)).toEqual(['Adventure Works']);
    expect(filterCustomers(all, DEFAULT_FILTER).map((r) => r.name)).toEqual(['Beta', 'Adventure Works', 'Société Générale', 'Gamma']);
  });
  it('links to the customer\'s Partner Center pages', () => {
    expect(partnerCenterLinks('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa').users).toBe('https://partner.microsoft.com/dashboard/commerce2/customers/aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa/users');
  });
});

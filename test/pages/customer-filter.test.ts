import { describe, expect, it } from 'vitest';
import { applyFilter, DEFAULT_FILTER, filterCustomers, isFiltered, partnerCenterLinks, sortCustomers } from '../../src/pages/dashboard/customer-filter.ts';
import { END_WINDOWS, endWindowOf, overviewCounts } from '../../src/core/overview-counts.ts';
import { TRACKED_PHASES } from '../../src/core/tracked-customers.ts';
import type { TrackedCustomer } from '../../src/core/tracked-customers.ts';

const row = (customerId: string, name: string, extra: Partial<TrackedCustomer>): TrackedCustomer => ({
  customerId,
  name,
  retired: [],
  expiring: [],
  expiringEnds: [],
  endDate: null,
  daysLeft: null,
  urgency: null,
  migration: null,
  phase: 'purchase',
  nextAction: { code: 'purchase' },
  deprovisionOn: null,
  suspensionSeen: null,
  blocked: false,
  accessAtRisk: null,
  purchaseMissing: [],
  lastSeenAt: '2026-11-20T00:00:00.000Z',
  reviewedAt: null,
  steps: { purchase: { status: 'todo', outOfOrder: false }, reassign: { status: 'todo', outOfOrder: false }, suspend: { status: 'todo', outOfOrder: false } },
  ...extra,
});

const rows = [
  row('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Société Générale', {
    endDate: '2027-01-01',
    daysLeft: 38,
    urgency: 'soon',
    retired: [{ ruleId: 'ax-enterprise', ruleName: 'AX', name: 'Dynamics AX Enterprise', quantity: 3, status: null }],
  }),
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
      endDate: '2026-12-04',
      daysLeft: 10,
      urgency: 'critical',
      phase: 'renew',
      expiring: ['Dynamics 365 Customer Engagement Plan'],
      nextAction: { code: 'renew', subscriptions: ['Dynamics 365 Customer Engagement Plan'] },
    });
    const all = [...rows, renewal];
    expect(filterCustomers(all, { ...DEFAULT_FILTER, search: 'engagement plan' }).map((r) => r.name)).toEqual(['Adventure Works']);
    expect(filterCustomers(all, { ...DEFAULT_FILTER, phase: 'renew' }).map((r) => r.name)).toEqual(['Adventure Works']);
    expect(filterCustomers(all, DEFAULT_FILTER).map((r) => r.name)).toEqual(['Beta', 'Adventure Works', 'Société Générale', 'Gamma']);
  });
  it("links to the customer's Partner Center pages, under the base the partner browses", () => {
    expect(partnerCenterLinks('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa').users).toBe('https://partner.microsoft.com/dashboard/commerce2/customers/aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa/users');
    expect(partnerCenterLinks('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '/fr-fr/dashboard/v2').subscriptions).toBe(
      'https://partner.microsoft.com/fr-fr/dashboard/v2/customers/aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa/subscriptions',
    );
  });
});

describe('the overview and the filters it sets agree', () => {
  const days = [-4, 0, 30, 31, 60, 61, 90, 91, null];
  const dated = days.map((d, i) =>
    row(`${String(i).padStart(8, '0')}-aaaa-4aaa-8aaa-aaaaaaaaaaaa`, `C${i}`, {
      daysLeft: d,
      urgency: d === null ? null : d < 0 ? 'expired' : d <= 30 ? 'critical' : 'soon',
      endDate: d === null ? null : '2027-01-01',
      phase: i % 2 ? 'reassign' : 'purchase',
    }),
  );
  const safe = row('ffffffff-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Safe', { daysLeft: 10, urgency: null, endDate: '2026-12-01', phase: 'suspended' });
  const all = [...dated, safe];

  it('puts end dates in windows: overdue, the next 30 days, 31–60, 61–90; nothing later, unknown, or with nobody at risk', () => {
    expect(all.map(endWindowOf)).toEqual(['overdue', 'within-30', 'within-30', 'within-60', 'within-60', 'within-90', 'within-90', null, null, null]);
  });

  it('each count is exactly what its filter lists', () => {
    const counts = overviewCounts(all);
    expect(counts.total).toBe(10);
    expect(counts.windows).toEqual({ overdue: 1, 'within-30': 2, 'within-60': 2, 'within-90': 2 });
    expect(counts.phases).toMatchObject({ purchase: 5, reassign: 4, suspended: 1, renew: 0 });
    for (const window of END_WINDOWS) expect(filterCustomers(all, { ...DEFAULT_FILTER, window })).toHaveLength(counts.windows[window]);
    for (const phase of TRACKED_PHASES) expect(filterCustomers(all, { ...DEFAULT_FILTER, phase })).toHaveLength(counts.phases[phase]);
  });

  it('filters by review, and says when any filter is on', () => {
    const reviewed = [row('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'R', { reviewedAt: '2026-11-20T00:00:00.000Z' }), row('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'N', {})];
    expect(filterCustomers(reviewed, { ...DEFAULT_FILTER, reviewed: 'reviewed' }).map((r) => r.name)).toEqual(['R']);
    expect(filterCustomers(reviewed, { ...DEFAULT_FILTER, reviewed: 'not-reviewed' }).map((r) => r.name)).toEqual(['N']);
    expect(isFiltered(DEFAULT_FILTER)).toBe(false);
    expect(isFiltered({ ...DEFAULT_FILTER, sort: 'name' })).toBe(false);
    expect(isFiltered({ ...DEFAULT_FILTER, window: 'overdue' })).toBe(true);
    expect(isFiltered({ ...DEFAULT_FILTER, search: '  ' })).toBe(false);
  });

  it('a sort keeps the urgency order among ties, in both directions', () => {
    const sameDay = [
      row('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Later one', { endDate: '2027-01-01', daysLeft: 38, urgency: 'later' }),
      row('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'Critical one', { endDate: '2027-01-01', daysLeft: 38, urgency: 'critical' }),
      row('cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'Earlier', { endDate: '2026-12-01', daysLeft: 7, urgency: 'critical' }),
    ];
    expect(sortCustomers(sameDay, 'endDate', 'ascending').map((r) => r.name)).toEqual(['Earlier', 'Critical one', 'Later one']);
    expect(sortCustomers(sameDay, 'endDate', 'descending').map((r) => r.name)).toEqual(['Critical one', 'Later one', 'Earlier']);
  });

  it('a search filters the sorted list without re-sorting it, and finds the same rows as before', () => {
    const sorted = sortCustomers(rows, 'name', 'ascending');
    expect(applyFilter(sorted, { ...DEFAULT_FILTER, search: 'a' }).map((r) => r.name)).toEqual(['Beta', 'Gamma', 'Société Générale']);
  });
});

import { describe, expect, test } from 'vitest';
import { applyMigrationEvent, initialMigration, type MigrationState } from '../../src/core/migration.ts';
import { catalogMatchers } from '../../src/core/product-matchers.ts';
import { purchaseCoverage, missingPurchases } from '../../src/core/purchase.ts';
import { SEED_RULES, TARGETS, type RetirementRule } from '../../src/core/catalog.ts';
import type { PageSnapshot } from '../../src/content/progress/page-snapshot.ts';
import { pageProgress, type PageProgressInput } from '../content/progress/page-progress-harness.ts';

const CUSTOMER = '2e5f9c3a-7d4f-4a01-9c83-4f9e6d1a0b32';
const URL_SUBS = `https://partner.microsoft.com/en-us/dashboard/commerce2/customers/${CUSTOMER}/subscriptions`;
const NOW = '2026-11-24T10:00:00.000Z';

const subsPage = (rows: string[][]): PageSnapshot => ({
  headings: ['Northwind Traders', 'Subscriptions'],
  tables: [{ headers: ['Name', 'Status', 'Quantity', 'Renewal'], rows }],
  fields: [],
});

function input(rows: string[][], overrides: Partial<PageProgressInput> = {}): PageProgressInput {
  return {
    url: URL_SUBS,
    pageKind: 'subscriptions',
    customerId: CUSTOMER,
    subscriptionId: null,
    locale: 'en-us',
    snapshot: subsPage(rows),
    matchers: catalogMatchers(),
    known: { migration: null, subscriptions: [] },
    seenAt: NOW,
    ...overrides,
  };
}

const types = (rows: string[][], overrides: Partial<PageProgressInput> = {}) => pageProgress(input(rows, overrides)).events.map((e) => e.type);
const rowsAsRecords = (rows: string[][]) => rows.map(([name, status, quantity]) => ({ name: name!, status: status!.toLowerCase(), quantity: Number(quantity) }));

describe('purchase is done per retired subscription, with seats', () => {
  test('"Customer Engagement Plan × 8, Team Members × 30" is not bought by "Dynamics 365 Sales Professional · 10"', () => {
    const rows = [
      ['Microsoft Dynamics CRM Online Basic', 'Active', '30', 'Expires on 6/12/2027'],
      ['Microsoft Dynamics CRM Online Additional Storage', 'Active', '5', 'Expires on 1/23/2027'],
      ['Field Service Add-On for Microsoft Dynamics CRM Online', 'Active', '8', 'Expires on 12/4/2026'],
      ['Dynamics 365 Sales Professional', 'Active', '10', 'Auto renews on 2/22/2027'],
    ];
    expect(types(rows)).not.toContain('purchase-detected');
    const coverage = purchaseCoverage(rowsAsRecords(rows), [], null);
    expect(missingPurchases(coverage).map((n) => [n.target.id, n.bought, n.licenses])).toEqual([
      ['d365-team-members', 0, 30],
      ['d365-customer-engagement-plan', 0, 8],
    ]);
    // Bought as the plan says: done.
    const bought = [...rows, ['Dynamics 365 Team Members', 'Active', '30', ''], ['Dynamics 365 Customer Engagement Plan', 'Active', '8', '']];
    expect(types(bought)).toContain('purchase-detected');
  });

  test('AX Enterprise and AX Device: buying only Finance leaves "Operations – Device: none yet"', () => {
    const rows = [
      ['Dynamics AX Enterprise', 'Active', '15', 'Expires on 11/19/2026'],
      ['Dynamics 365 Finance', 'Active', '15', 'Auto renews on 10/30/2027'],
      ['Dynamics AX Device', 'Active', '6', 'Expires on 6/12/2027'],
    ];
    expect(types(rows)).not.toContain('purchase-detected');
    const missing = missingPurchases(purchaseCoverage(rowsAsRecords(rows), [], null));
    expect(missing.map((n) => [n.target.id, n.status])).toEqual([['d365-operations-device', 'none']]);
    expect(types([...rows, ['Dynamics 365 Operations - Device', 'Active', '6', '']])).toContain('purchase-detected');
  });

  test('Finance × 1 where × 3 are needed is not bought: "1 of 3", and the users page cannot show 3 of 3 moved', () => {
    const rows = [
      ['Dynamics AX Enterprise', 'Active', '3', 'Expires on 1/8/2027'],
      ['Dynamics 365 Finance', 'Active', '1', 'Auto renews on 11/24/2027'],
    ];
    expect(types(rows)).not.toContain('purchase-detected');
    const [short] = missingPurchases(purchaseCoverage(rowsAsRecords(rows), [], null));
    expect([short?.status, short?.bought, short?.licenses]).toEqual(['short', 1, 3]);

    // Users and licenses: all three users show Finance (the look-alike lets it); one license covers one user.
    const users = (licences: string[]): PageSnapshot => ({
      headings: ['Users and licenses'],
      tables: [{ headers: ['Display name', 'User name', 'Licenses'], rows: licences.map((l, i) => [`User ${i}`, `u${i}@northwind.com`, l]) }],
      fields: [],
    });
    const known = { migration: initialMigration(CUSTOMER, NOW), subscriptions: rowsAsRecords(rows) as never };
    let state: MigrationState = known.migration;
    const read = (licences: string[]) => {
      for (const event of pageProgress(input([], { pageKind: 'users-and-licenses', snapshot: users(licences), known: { ...known, migration: state } })).events) {
        const result = applyMigrationEvent(state, event, { deprovisionDays: 120 }, NOW);
        if (!result.ok) throw new Error(JSON.stringify(result.reason));
        state = result.state;
      }
    };
    read(['Dynamics AX Enterprise', 'Dynamics AX Enterprise', 'Dynamics AX Enterprise']);
    expect(state.users).toEqual({ moved: 0, total: 3 });
    read(['Dynamics 365 Finance', 'Dynamics 365 Finance', 'Dynamics 365 Finance']);
    expect(state.users).toEqual({ moved: 1, total: 3 });
    expect(state.steps.reassign.status).toBe('in-progress');
  });

  test('a user holding a product the plan does not buy is not moved (Team Members for an AX Enterprise user)', () => {
    const records = [
      { name: 'Dynamics AX Enterprise', status: 'active', quantity: 2 },
      { name: 'Dynamics 365 Finance', status: 'active', quantity: 2 },
    ];
    const users: PageSnapshot = {
      headings: ['Users and licenses'],
      tables: [
        {
          headers: ['Display name', 'User name', 'Licenses'],
          rows: [
            ['A', 'a@x.com', 'Dynamics AX Enterprise'],
            ['B', 'b@x.com', 'Dynamics AX Enterprise'],
          ],
        },
      ],
      fields: [],
    };
    let state = initialMigration(CUSTOMER, NOW);
    const apply = (snapshot: PageSnapshot) => {
      for (const event of pageProgress(input([], { pageKind: 'users-and-licenses', snapshot, known: { migration: state, subscriptions: records as never } })).events) {
        const result = applyMigrationEvent(state, event, { deprovisionDays: 120 }, NOW);
        if (result.ok) state = result.state;
      }
    };
    apply(users);
    expect(state.users).toEqual({ moved: 0, total: 2 });
    // A lost AX Enterprise and holds Team Members: not covered, so not moved.
    apply({
      ...users,
      tables: [
        {
          ...users.tables[0]!,
          rows: [
            ['A', 'a@x.com', 'Dynamics 365 Team Members'],
            ['B', 'b@x.com', 'Dynamics AX Enterprise'],
          ],
        },
      ],
    });
    expect(state.users?.moved).toBe(0);
    expect(state.steps.reassign.status).toBe('todo');
  });

  test('a partner rule whose target is Team Members: Team Members the customer already held for others is no purchase', () => {
    const teamMembers = TARGETS.teamMembers;
    const rule: RetirementRule = { id: 'partner-legacy-portal', family: 'Partner', name: 'Contoso Legacy Portal', offerNames: ['Contoso Legacy Portal'], targets: [teamMembers], origin: 'partner' };
    const rules = [rule];
    const rows = [
      ['Contoso Legacy Portal', 'Active', '60', 'Expires on 1/8/2027'],
      ['Dynamics 365 Team Members', 'Active', '50', 'Auto renews on 6/12/2027'],
    ];
    const withRule = { matchers: catalogMatchers(rules), known: { migration: null, subscriptions: [], rules } };
    expect(types(rows, withRule)).not.toContain('purchase-detected');
    const [need] = purchaseCoverage(rowsAsRecords(rows), rules, null).needs;
    expect([need?.target.id, need?.status, need?.bought, need?.licenses]).toEqual(['d365-team-members', 'short', 50, 60]);
    // 60 more bought next to them: covered.
    expect(types([...rows.slice(0, 1), ['Dynamics 365 Team Members', 'Active', '110', '']], withRule)).toContain('purchase-detected');
    expect(SEED_RULES.some((r) => r.id === rule.id)).toBe(false);
  });

  test('with no plan chosen, the consolidated licenses are a purchase too', () => {
    const records = [
      { name: 'Microsoft Dynamics CRM Online Professional', status: 'active', quantity: 5 },
      { name: 'Field Service Add-On for Microsoft Dynamics CRM Online', status: 'active', quantity: 9 },
      { name: 'Dynamics 365 Customer Engagement Plan', status: 'active', quantity: 9 },
    ];
    expect(purchaseCoverage(records, [], null).complete).toBe(true);
    expect(purchaseCoverage(records, [], 'one-to-one').complete).toBe(false);
    expect(purchaseCoverage(records, [], 'consolidated').complete).toBe(true);
  });
});

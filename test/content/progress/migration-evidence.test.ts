import { describe, expect, test } from 'vitest';
import type { PageSnapshot } from '../../../src/content/progress/page-snapshot.ts';
import { readSubscriptionFacts } from '../../../src/content/progress/subscription-facts.ts';
import { readPurchase, readSuspension } from '../../../src/core/page-progress.ts';
import { readReassignment } from './page-progress-harness.ts';
import { stubMatchers } from './stub-matchers.ts';

const HEADERS = ['Name', 'Status', 'Quantity', 'Billing', 'Renewal'];

function subscriptions(rows: string[][], headers: string[] = HEADERS): PageSnapshot {
  return { headings: ['Contoso Ltd', 'Subscriptions'], tables: [{ headers, rows }], fields: [] };
}

describe('readSubscriptionFacts', () => {
  test('reads retired and target rows with status and quantity, ignores the rest', () => {
    const facts = readSubscriptionFacts(
      subscriptions([
        ['Dynamics AX Enterprise', 'Active', '25', 'Monthly', 'Expires on 3/1/2027'],
        ['Office 365 E3', 'Active', '120', 'Monthly', 'Auto renews on 5/1/2027'],
        ['Dynamics 365 for Operations, Enterprise Edition', 'Active', '1\u202f025', 'Annual', 'Auto renews on 5/1/2027'],
      ]),
      stubMatchers,
    );
    expect(facts).toHaveLength(2);
    expect(facts[0]).toMatchObject({ name: 'Dynamics AX Enterprise', status: 'active', quantity: 25 });
    expect(facts[0]?.retired?.ruleId).toBe('ax-enterprise');
    expect(facts[0]?.text).toContain('Expires on 3/1/2027');
    expect(facts[1]).toMatchObject({ status: 'active', quantity: 1025 });
    expect(facts[1]?.target?.targetId).toBe('d365-unified-operations');
  });

  test('a French grid without usable headers still yields the status from its cells', () => {
    const facts = readSubscriptionFacts(subscriptions([['Dynamics AX Enterprise', '25', 'Suspendu']], []), stubMatchers);
    expect(facts[0]).toMatchObject({ status: 'suspended', quantity: null });
  });

  test('a details page: product from the heading, status from the Status field', () => {
    const facts = readSubscriptionFacts(
      {
        headings: ['Dynamics AX Enterprise'],
        tables: [],
        fields: [
          { label: 'État', value: 'Suspendu' },
          { label: 'Quantité', value: '25' },
          { label: 'Date d’expiration', value: 'Expire le 01/03/2027' },
        ],
      },
      stubMatchers,
    );
    expect(facts).toEqual([expect.objectContaining({ name: 'Dynamics AX Enterprise', status: 'suspended', quantity: 25 })]);
    expect(facts[0]?.text).toContain('Expire le 01/03/2027');
  });
});

describe('readPurchase', () => {
  test('a target of the retired SKU, active, next to the old one → purchase evidence', () => {
    const facts = readSubscriptionFacts(
      subscriptions([
        ['Dynamics AX Enterprise', 'Active', '25', '', ''],
        ['Dynamics 365 Finance', 'Active', '25', '', ''],
      ]),
      stubMatchers,
    );
    expect(readPurchase(facts)).toEqual({ targetIds: ['d365-unified-operations'], text: expect.stringContaining('Dynamics 365 Finance') });
  });

  test('a pending target, an unrelated Dynamics 365 product, or no retired row proves nothing', () => {
    const pending = readSubscriptionFacts(
      subscriptions([
        ['Dynamics AX Enterprise', 'Active'],
        ['Dynamics 365 Finance', 'Pending'],
      ]),
      stubMatchers,
    );
    expect(readPurchase(pending)).toBeNull();
    const unrelated = readSubscriptionFacts(
      subscriptions([
        ['Dynamics AX Enterprise', 'Active'],
        ['Dynamics 365 Team Members', 'Active'],
      ]),
      stubMatchers,
    );
    expect(readPurchase(unrelated)).toBeNull();
    const alone = readSubscriptionFacts(subscriptions([['Dynamics 365 Finance', 'Active']]), stubMatchers);
    expect(readPurchase(alone)).toBeNull();
  });

  test('the plan’s chosen targets narrow what counts', () => {
    const facts = readSubscriptionFacts(
      subscriptions([
        ['Dynamics AX Enterprise', 'Active'],
        ['Dynamics 365 Finance', 'Active'],
      ]),
      stubMatchers,
    );
    expect(readPurchase(facts, { ruleIds: ['ax-enterprise'], targetIds: ['d365-plan'] })).toBeNull();
    expect(readPurchase(facts, { ruleIds: ['crm-professional'], targetIds: [] })).toBeNull();
  });
});

describe('readSuspension', () => {
  test('counts suspended retired subscriptions among those in scope', () => {
    const facts = readSubscriptionFacts(
      subscriptions([
        ['Dynamics CRM Online Professional', 'Suspended', '10'],
        ['Dynamics AX Enterprise', 'Active', '25'],
        ['Dynamics 365 Finance', 'Active', '25'],
      ]),
      stubMatchers,
    );
    expect(readSuspension(facts)).toMatchObject({ suspended: 1, total: 2 });
    expect(readSuspension(facts, { ruleIds: ['crm-professional'], targetIds: [] })).toMatchObject({ suspended: 1, total: 1 });
    expect(readSuspension(facts, { ruleIds: ['ax-enterprise'], targetIds: [] })).toBeNull();
  });
});

describe('readReassignment', () => {
  const users = (rows: string[][]): PageSnapshot => ({
    headings: ['Users and licenses'],
    tables: [{ headers: ['Display name', 'User name', 'Licenses'], rows }],
    fields: [],
  });

  test('who is still on the retired licence, and who holds a replacement (not a "moved" count: one snapshot cannot tell)', () => {
    const evidence = readReassignment(
      users([
        ['Ada Lovelace', 'ada@contoso.com', 'Dynamics 365 for Operations, Enterprise Edition'],
        ['Alan Turing', 'alan@contoso.com', 'Dynamics AX Enterprise; Office 365 E3'],
        ['Grace Hopper', 'grace@contoso.com', 'Dynamics AX Enterprise, Dynamics 365 Finance'],
        ['Linus', 'linus@contoso.com', 'Office 365 E3'],
      ]),
      stubMatchers,
      { ruleIds: ['ax-enterprise'], targetIds: [] },
    );
    expect(evidence).toMatchObject({ onReplacement: 1, inScope: 3, onRetired: 2, usersSeen: 4 });
  });

  test('nobody left on the retired licence', () => {
    const evidence = readReassignment(
      users([
        ['Ada', 'ada@contoso.com', 'Dynamics 365 Finance'],
        ['Alan', 'alan@contoso.com', 'Dynamics 365 Finance, Office 365 E3'],
      ]),
      stubMatchers,
    );
    expect(evidence).toMatchObject({ onReplacement: 2, inScope: 2, onRetired: 0 });
  });

  test('a licence of another migration is not counted as left to move', () => {
    const evidence = readReassignment(users([['Ada', 'ada@contoso.com', 'Dynamics CRM Online Professional']]), stubMatchers, { ruleIds: ['ax-enterprise'], targetIds: [] });
    expect(evidence).toMatchObject({ onReplacement: 0, inScope: 0, onRetired: 0, usersSeen: 1 });
  });

  test('an empty or still-loading grid concludes nothing', () => {
    expect(readReassignment(users([]), stubMatchers)).toBeNull();
    expect(readReassignment(users([['Loading…']]), stubMatchers)).toBeNull();
  });
});

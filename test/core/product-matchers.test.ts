import { describe, expect, test } from 'vitest';
import { catalogMatchers } from '../../src/core/product-matchers.ts';
import { readSubscriptionFacts } from '../../src/content/progress/subscription-facts.ts';
import { readPurchase, readSuspension } from '../../src/core/page-progress.ts';
import { readReassignment } from '../content/progress/page-progress-harness.ts';
import type { PageSnapshot } from '../../src/content/progress/page-snapshot.ts';

/** The readers with the real catalog, on the names partners actually see (offer, catalog and licence names). */
const matchers = catalogMatchers();

const grid = (rows: string[][]): PageSnapshot => ({
  headings: ['Subscriptions'],
  tables: [{ headers: ['Name', 'Status', 'Quantity', 'Renewal'], rows }],
  fields: [],
});

describe('progress with the real catalog', () => {
  test('AX Enterprise next to today’s Dynamics 365 Finance, active → purchased', () => {
    const facts = readSubscriptionFacts(
      grid([
        ['Dynamics AX Enterprise', 'Active', '25', 'Expires on 1/8/2027'],
        ['Dynamics 365 Finance', 'Active', '25', 'Auto renews on 11/24/2027'],
        ['Microsoft 365 Business Basic', 'Active', '40', ''],
      ]),
      matchers,
    );
    expect(facts.map((f) => [f.retired?.ruleId ?? null, f.target?.targetId ?? null])).toEqual([
      ['ax-enterprise', null],
      [null, 'd365-unified-operations'],
    ]);
    expect(readPurchase(facts)?.targetIds).toEqual(['d365-unified-operations']);
  });

  test('Team Members is not a replacement for AX Enterprise', () => {
    const facts = readSubscriptionFacts(
      grid([
        ['Dynamics AX Enterprise', 'Active', '25', ''],
        ['Dynamics 365 Team Members', 'Active', '5', ''],
      ]),
      matchers,
    );
    expect(readPurchase(facts)).toBeNull();
  });

  test('CRM Online Professional (French grid) suspended', () => {
    const facts = readSubscriptionFacts(
      grid([
        ['Microsoft Dynamics CRM Online Professional', 'Suspendu', '10', 'Expire le 06/12/2026'],
        ['Dynamics 365 Customer Engagement Plan', 'Actif', '10', ''],
      ]),
      matchers,
    );
    expect(readSuspension(facts)).toMatchObject({ suspended: 1, total: 1 });
    expect(readPurchase(facts)?.targetIds).toEqual(['d365-customer-engagement-plan']);
  });

  test('licence names on Users and licenses', () => {
    const evidence = readReassignment(
      {
        headings: ['Users and licenses'],
        tables: [
          {
            headers: ['Display name', 'User name', 'Licenses'],
            rows: [
              ['Ada', 'ada@contoso.com', 'Dynamics 365 Finance, Office 365 E3'],
              ['Alan', 'alan@contoso.com', 'Dynamics AX Enterprise'],
              ['Linus', 'linus@contoso.com', 'Office 365 E3'],
            ],
          },
        ],
        fields: [],
      },
      matchers,
      { ruleIds: ['ax-enterprise'], targetIds: ['d365-unified-operations'] },
    );
    expect(evidence).toMatchObject({ onReplacement: 1, inScope: 2, onRetired: 1 });
  });
});

/**
 * A current (not retired) product that will not renew is recorded from the page, with its end date,
 * for every customer (with a migration or none): the dashboard flags it. A whole grid that no longer
 * shows it as expiring clears what a page recorded before; a searched or paged one proves nothing.
 */
import { describe, expect, test } from 'vitest';
import { pageProgress, subscriptionsPageInput, type PageProgressInput } from './page-progress-harness.ts';
import type { PageSnapshot } from '../../../src/content/progress/page-snapshot.ts';

const subsPage = (rows: string[][], partial = false): PageSnapshot => ({
  headings: ['Contoso', 'Subscriptions'],
  tables: [{ headers: ['Product', 'Quantity', 'Status', 'Renewal'], rows, partial }],
  fields: [],
});

const input = (overrides: Partial<PageProgressInput>): PageProgressInput => subscriptionsPageInput(subsPage([]), overrides);

describe('a current product that will not renew', () => {
  test('is recorded with its end date next to a retired SKU, and for a customer with nothing retired', () => {
    const withMigration = pageProgress(
      input({
        snapshot: subsPage([
          ['Dynamics AX Enterprise', '25', 'Active', 'Expires on 12/4/2026'],
          ['Microsoft 365 Business Basic', '80', 'Active', 'Expires on 12/4/2026'],
          ['Office 365 E3', '80', 'Active', 'Auto renews on 3/1/2027'],
        ]),
      }),
    );
    expect(withMigration.observation!.subscriptions.map((s) => [s.name, s.renewal])).toEqual([
      ['Dynamics AX Enterprise', { kind: 'expires', date: '2026-12-04' }],
      ['Microsoft 365 Business Basic', { kind: 'expires', date: '2026-12-04' }],
    ]);
    const currentOnly = pageProgress(
      input({
        snapshot: subsPage([
          ['Microsoft 365 Business Basic', '80', 'Active', 'Expires on 12/4/2026'],
          ['Office 365 E3', '80', 'Active', 'Auto renews on 3/1/2027'],
        ]),
      }),
    );
    expect(currentOnly.observation!.subscriptions).toEqual([{ name: 'Microsoft 365 Business Basic', quantity: 80, status: 'active', renewal: { kind: 'expires', date: '2026-12-04' } }]);
    expect(currentOnly.events).toEqual([]);
  });

  test('renewed again (or gone) on the whole grid: its end date is cleared; a paged grid clears nothing', () => {
    const known = { migration: null, subscriptions: [{ name: 'Microsoft 365 Business Basic', renewal: { kind: 'expires' as const, date: '2026-12-04' }, source: 'page' as const }] };
    const renewed = pageProgress(input({ known, snapshot: subsPage([['Microsoft 365 Business Basic', '80', 'Active', 'Auto renews on 12/4/2027']]) }));
    expect(renewed.observation!.subscriptions).toEqual([{ name: 'Microsoft 365 Business Basic', renewal: null }]);
    const paged = pageProgress(input({ known, snapshot: subsPage([['Office 365 E3', '80', 'Active', 'Auto renews on 3/1/2027']], true) }));
    expect(paged.observation).toBeNull();
  });
});

import { describe, expect, test } from 'vitest';
import { applyMigrationEvent, initialMigration, type MigrationState } from '../../../src/core/migration.ts';
import { CUSTOMER, NOW, pageProgress, subscriptionsPageInput, URL_SUBS, type PageProgressInput } from './page-progress-harness.ts';
import { catalogMatchers } from '../../../src/core/product-matchers.ts';
import type { PageSnapshot } from '../../../src/content/progress/page-snapshot.ts';

const subsPage = (rows: string[][]): PageSnapshot => ({
  headings: ['Contoso', 'Subscriptions'],
  tables: [{ headers: ['Name', 'Status', 'Quantity', 'Renewal'], rows }],
  fields: [],
});

const input = (overrides: Partial<PageProgressInput>): PageProgressInput => subscriptionsPageInput(subsPage([]), overrides);

function apply(state: MigrationState, events: ReturnType<typeof pageProgress>['events']): MigrationState {
  for (const event of events) {
    const result = applyMigrationEvent(state, event, { deprovisionDays: 120 }, NOW);
    if (!result.ok) throw new Error(JSON.stringify(result.reason));
    state = result.state;
  }
  return state;
}

describe('pageProgress', () => {
  test('a grid that shows the term end date and auto-renew in their own columns: the renewal is read from them', () => {
    const snapshot: PageSnapshot = {
      headings: ['Contoso', 'Subscriptions'],
      tables: [
        {
          headers: ['Product', 'Status', 'Quantity', 'Term end date', 'Auto-renew'],
          rows: [
            ['Dynamics AX Enterprise', 'Active', '3', 'Jan 8, 2027', 'Off'],
            ['Dynamics 365 Finance', 'Active', '3', 'Nov 24, 2027', 'On'],
          ],
        },
      ],
      fields: [],
    };
    const progress = pageProgress(input({ snapshot }));
    expect(progress.observation?.subscriptions.map((s) => [s.name, s.renewal])).toEqual([
      ['Dynamics AX Enterprise', { kind: 'expires', date: '2027-01-08' }],
      ['Dynamics 365 Finance', { kind: 'auto-renews', date: '2027-11-24' }],
    ]);
  });

  test('a French details pane: « Date de fin du terme » beside « Renouvellement automatique : Désactivé » is an end date', () => {
    const snapshot: PageSnapshot = {
      headings: ['Dynamics AX Enterprise'],
      tables: [],
      fields: [
        { label: 'État', value: 'Actif' },
        { label: 'Date de fin du terme', value: '08/01/2027' },
        { label: 'Renouvellement automatique', value: 'Désactivé' },
      ],
    };
    const progress = pageProgress(
      input({
        snapshot,
        pageKind: 'subscription-details',
        subscriptionId: 'a1c0ffee-0000-4000-8000-000000000001',
        locale: 'fr-fr',
        url: URL_SUBS.replace('en-us', 'fr-fr') + '/a1c0ffee-0000-4000-8000-000000000001',
      }),
    );
    expect(progress.observation?.subscriptions[0]?.renewal).toEqual({ kind: 'expires', date: '2027-01-08' });
  });

  test('a date column without an auto-renew setting says nothing about renewal', () => {
    const snapshot: PageSnapshot = { headings: ['Subscriptions'], tables: [{ headers: ['Product', 'Status', 'End date'], rows: [['Dynamics AX Enterprise', 'Active', 'Jan 8, 2027']] }], fields: [] };
    expect(pageProgress(input({ snapshot })).observation?.subscriptions[0]?.renewal).toBeNull();
  });

  test('subscriptions page before purchase: an observation with the renewal, no event', () => {
    const progress = pageProgress(
      input({
        snapshot: subsPage([
          ['Dynamics AX Enterprise', 'Active', '3', 'Expires on 1/8/2027'],
          ['Office 365 E3', 'Active', '120', 'Auto renews on 6/12/2027'],
        ]),
      }),
    );
    expect(progress.events).toEqual([]);
    expect(progress.observation).toEqual({
      customerId: CUSTOMER,
      subscriptions: [{ name: 'Dynamics AX Enterprise', quantity: 3, status: 'active', renewal: { kind: 'expires', date: '2027-01-08' } }],
      source: 'page',
      evidence: URL_SUBS,
      seenAt: NOW,
    });
  });

  test('the target active next to the old one → purchase-detected with the page and the text seen', () => {
    const progress = pageProgress(
      input({
        snapshot: subsPage([
          ['Dynamics AX Enterprise', 'Active', '3', 'Expires on 1/8/2027'],
          ['Dynamics 365 Finance', 'Active', '3', 'Auto renews on 11/24/2027'],
        ]),
      }),
    );
    expect(progress.events).toEqual([{ type: 'purchase-detected', evidence: { source: 'page', page: URL_SUBS, text: expect.stringContaining('Dynamics 365 Finance · Active · 3') } }]);
    const state = apply(initialMigration(CUSTOMER, NOW), progress.events);
    expect(state.steps.purchase.status).toBe('done');
    // Seen again: nothing new to send.
    expect(
      pageProgress(
        input({
          snapshot: subsPage([
            ['Dynamics AX Enterprise', 'Active', '3', 'Expires on 1/8/2027'],
            ['Dynamics 365 Finance', 'Active', '3', ''],
          ]),
          known: { migration: state, subscriptions: [] },
        }),
      ).events.map((e) => e.type),
    ).toEqual(['renewal-observed']);
  });

  test('users page: 0 of N on the first reading, then n of N as users leave the retired licence, then all moved; a users page alone starts nothing', () => {
    const users = (licences: string[]): PageSnapshot => ({
      headings: ['Users and licenses'],
      tables: [{ headers: ['Display name', 'User name', 'Licenses'], rows: licences.map((l, i) => [`User ${i}`, `u${i}@contoso.com`, l]) }],
      fields: [],
    });
    const known = { migration: initialMigration(CUSTOMER, NOW), subscriptions: [{ name: 'Dynamics AX Enterprise', status: 'active' as const }] };
    // A user already on the replacement at the first reading was never seen on the retired licence: not "moved".
    const first = pageProgress(input({ pageKind: 'users-and-licenses', snapshot: users(['Dynamics 365 Finance', 'Dynamics AX Enterprise', 'Dynamics AX Enterprise', 'Office 365 E3']), known }));
    expect(first.events).toEqual([expect.objectContaining({ type: 'users-seen', onRetired: 2, onReplacement: 1 })]);
    const seen = apply(known.migration, first.events);
    expect(seen.users).toEqual({ moved: 0, total: 2 });
    expect(seen.steps.reassign.status).toBe('todo');
    // Seen again unchanged: nothing to send.
    expect(
      pageProgress(
        input({ pageKind: 'users-and-licenses', snapshot: users(['Dynamics 365 Finance', 'Dynamics AX Enterprise', 'Dynamics AX Enterprise', 'Office 365 E3']), known: { ...known, migration: seen } }),
      ).events,
    ).toEqual([]);
    const one = apply(
      seen,
      pageProgress(
        input({ pageKind: 'users-and-licenses', snapshot: users(['Dynamics 365 Finance', 'Dynamics 365 Finance', 'Dynamics AX Enterprise', 'Office 365 E3']), known: { ...known, migration: seen } }),
      ).events,
    );
    expect(one.users).toEqual({ moved: 1, total: 2 });
    expect(one.steps.reassign.status).toBe('in-progress');
    const all = pageProgress(
      input({ pageKind: 'users-and-licenses', snapshot: users(['Dynamics 365 Finance', 'Dynamics 365 Finance', 'Dynamics 365 Finance', 'Office 365 E3']), known: { ...known, migration: one } }),
    );
    const state = apply(one, all.events);
    expect(state.users).toEqual({ moved: 2, total: 2 });
    expect(state.steps.reassign.status).toBe('done');
    expect(pageProgress(input({ pageKind: 'users-and-licenses', snapshot: users(['Office 365 E3']) })).events).toEqual([]);
  });

  test('French list page with every retired subscription suspended → suspend-detected today', () => {
    const progress = pageProgress(
      input({
        url: URL_SUBS.replace('en-us', 'fr-fr'),
        locale: 'fr-fr',
        snapshot: subsPage([
          ['Dynamics AX Enterprise', 'Suspendu', '3', 'Expire le 08/01/2027'],
          ['Dynamics 365 Finance', 'Actif', '3', ''],
        ]),
        known: { migration: initialMigration(CUSTOMER, NOW), subscriptions: [] },
      }),
    );
    expect(progress.events).toContainEqual({ type: 'suspend-detected', date: '2026-11-24', evidence: expect.objectContaining({ text: expect.stringContaining('Suspendu') }) });
    expect(progress.observation?.subscriptions[0]).toMatchObject({ status: 'suspended', renewal: { kind: 'expires', date: '2027-01-08' } });
  });

  test('a details page completes the suspension only when no other retired subscription is still active', () => {
    const details: PageSnapshot = {
      headings: ['Contoso', 'Dynamics AX Enterprise'],
      tables: [],
      fields: [
        { label: 'Status', value: 'Suspended' },
        { label: 'Quantity', value: '3' },
      ],
    };
    const base = { pageKind: 'subscription-details' as const, subscriptionId: 'sub-1', snapshot: details };
    const alone = pageProgress(input({ ...base, known: { migration: null, subscriptions: [{ name: 'Dynamics AX Enterprise', status: 'active', subscriptionId: 'sub-1' }] } }));
    expect(alone.events.map((e) => e.type)).toEqual(['suspend-detected']);
    expect(alone.observation?.subscriptions[0]).toMatchObject({ subscriptionId: 'sub-1', status: 'suspended' });
    const another = pageProgress(
      input({
        ...base,
        known: {
          migration: null,
          subscriptions: [
            { name: 'Dynamics AX Enterprise', status: 'active', subscriptionId: 'sub-1' },
            { name: 'Dynamics AX Enterprise', status: 'active', subscriptionId: 'sub-2' },
          ],
        },
      }),
    );
    expect(another.events).toEqual([]);
  });

  test('the end date of a migration under way follows the page', () => {
    const migration = initialMigration(CUSTOMER, NOW);
    const progress = pageProgress(input({ snapshot: subsPage([['Dynamics AX Enterprise', 'Active', '3', 'Expires on 1/8/2027']]), known: { migration, subscriptions: [] } }));
    expect(progress.events).toEqual([{ type: 'renewal-observed', renewal: { kind: 'expires', date: '2027-01-08' } }]);
  });
});

test('a details page matches a subscription recorded from the list by name (the list gave no id)', () => {
  const details: PageSnapshot = { headings: ['Dynamics AX Enterprise'], tables: [], fields: [{ label: 'Status', value: 'Suspended' }] };
  const progress = pageProgress(
    input({
      pageKind: 'subscription-details',
      subscriptionId: 'sub-1',
      snapshot: details,
      known: {
        migration: null,
        subscriptions: [
          { name: 'Dynamics  AX Enterprise', status: 'active' },
          { name: 'Dynamics 365 Finance', status: 'active' },
        ],
      },
    }),
  );
  expect(progress.events.map((e) => e.type)).toEqual(['suspend-detected']);
});

test('a step unticked by hand is not re-ticked by the same page seen again', () => {
  let state = initialMigration(CUSTOMER, NOW);
  const rows = [
    ['Dynamics AX Enterprise', 'Active', '3', ''],
    ['Dynamics 365 Finance', 'Active', '3', ''],
  ];
  state = apply(state, pageProgress(input({ snapshot: subsPage(rows), known: { migration: state, subscriptions: [] } })).events);
  expect(state.steps.purchase.status).toBe('done');
  state = apply(state, [{ type: 'step-unticked', step: 'purchase' }]);
  expect(pageProgress(input({ snapshot: subsPage(rows), known: { migration: state, subscriptions: [] } })).events).toEqual([]);
});

test('a retired subscription from the Open channel is recorded as another channel', () => {
  const snapshot: PageSnapshot = {
    headings: ['Subscriptions'],
    tables: [
      {
        headers: ['Product', 'Quantity', 'Status', 'Renewal', 'Channel'],
        rows: [
          ['Dynamics AX Enterprise', '5', 'Active', 'Expires on 1/8/2027', 'Open channel'],
          ['Office 365 E3', '5', 'Active', '', 'CSP'],
        ],
      },
    ],
    fields: [],
  };
  const progress = pageProgress(input({ snapshot }));
  expect(progress.observation?.subscriptions[0]).toMatchObject({ channel: 'other', quantity: 5, status: 'active' });
  expect(progress.events).toEqual([{ type: 'other-channel-detected', evidence: expect.objectContaining({ text: expect.stringContaining('Open channel') }) }]);
  const french = pageProgress(
    input({ snapshot: { ...snapshot, tables: [{ headers: ['Produit', 'Quantité', 'État', 'Renouvellement', 'Canal'], rows: [['Dynamics AX Enterprise', '5', 'Actif', '', 'CSP']] }] } }),
  );
  expect(french.observation?.subscriptions[0]?.channel).toBe('csp');
  expect(french.events).toEqual([]);
});

test('a users grid that shows only part of its rows (aria-rowcount) concludes nothing', () => {
  const known = { migration: initialMigration(CUSTOMER, NOW), subscriptions: [{ name: 'Dynamics AX Enterprise', status: 'active' as const }] };
  const snapshot: PageSnapshot = {
    headings: ['Users and licenses'],
    tables: [{ headers: ['Display name', 'User name', 'Licenses'], rows: [['Ada', 'ada@contoso.com', 'Dynamics 365 Finance']], partial: true }],
    fields: [],
  };
  expect(pageProgress(input({ pageKind: 'users-and-licenses', snapshot, known })).events).toEqual([]);
  expect(pageProgress(input({ pageKind: 'users-and-licenses', snapshot: { ...snapshot, tables: [{ ...snapshot.tables[0]!, partial: false }] }, known })).events).toEqual([
    expect.objectContaining({ type: 'users-seen', onRetired: 0, onReplacement: 1 }),
  ]);
});

describe('new commerce ends by auto-renew off, not by suspension', () => {
  const rule = {
    id: 'm365-e3-no-teams',
    family: 'Microsoft 365',
    name: 'Microsoft 365 E3 (no Teams)',
    offerNames: ['Microsoft 365 E3 (no Teams)'],
    targets: [{ id: 'm365-e3', name: 'Microsoft 365 E3', catalogNames: [], licenseNames: [], skuPartNumbers: [] }],
    origin: 'partner' as const,
  };
  const partner = catalogMatchers([rule]);
  const page = (rows: string[][]) => ({ headings: ['Subscriptions'], tables: [{ headers: ['Name', 'Product ID', 'Status', 'Quantity', 'Renewal'], rows }], fields: [] });

  test('the product id marks it new commerce; once it no longer renews, its term end is seen (to confirm), not a suspension', () => {
    const renewing = pageProgress(
      input({
        matchers: partner,
        snapshot: page([['Microsoft 365 E3 (no Teams)', 'CFQ7TTC0LFLX:0001', 'Active', '20', 'Auto renews on 5/1/2027']]),
        known: { migration: initialMigration(CUSTOMER, NOW), subscriptions: [] },
      }),
    );
    expect(renewing.observation?.subscriptions[0]).toMatchObject({ commerce: 'new-commerce' });
    expect(renewing.events.map((e) => e.type)).not.toContain('auto-renew-off-detected');
    const off = pageProgress(
      input({
        matchers: partner,
        snapshot: page([['Microsoft 365 E3 (no Teams)', 'CFQ7TTC0LFLX:0001', 'Active', '20', 'Expires on 5/1/2027']]),
        known: { migration: initialMigration(CUSTOMER, NOW), subscriptions: [] },
      }),
    );
    expect(off.events).toContainEqual({
      type: 'auto-renew-off-detected',
      date: '2026-11-24',
      endsOn: '2027-05-01',
      evidence: expect.objectContaining({ text: expect.stringContaining('CFQ7TTC0LFLX:0001') }),
    });
    const state = apply(initialMigration(CUSTOMER, NOW), off.events);
    expect(state.suspendSeen).toMatchObject({ endsOn: '2027-05-01' });
    const confirmed = applyMigrationEvent(state, { type: 'suspend-confirmed' }, { deprovisionDays: 120 }, NOW);
    expect(confirmed.ok && confirmed.state).toMatchObject({ endedBy: 'auto-renew-off', deprovisionOn: '2027-05-01' });
  });

  test('a legacy retired subscription that "Expires on" is not ended: it waits for its suspension', () => {
    const progress = pageProgress(
      input({ snapshot: subsPage([['Dynamics AX Enterprise', 'Active', '3', 'Expires on 1/8/2027']]), known: { migration: initialMigration(CUSTOMER, NOW), subscriptions: [] } }),
    );
    expect(progress.events.map((e) => e.type)).not.toContain('auto-renew-off-detected');
  });
});

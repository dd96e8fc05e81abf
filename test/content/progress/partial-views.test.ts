/**
 * Regression tests for the content review's findings 3, 4 and 8: progress read off a page that shows
 * only part of what it lists (searched, filtered, paged, loading, truncated) never completes a step, and
 * a trial or "Attach" offer is not the purchase. Run with the real catalog and the core state machine,
 * down to what the suspend guard then answers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { applyMigrationEvent, initialMigration, suspendGuard, type MigrationEvent, type MigrationState } from '../../../src/core/migration.ts';
import { pageProgress, type PageProgressInput } from './page-progress-harness.ts';
import { catalogMatchers } from '../../../src/core/product-matchers.ts';
import type { PageSnapshot, PageTable } from '../../../src/content/progress/page-snapshot.ts';

const CUSTOMER = '3f6c2b7e-2d1a-4c1e-9f4e-6b5a1c2d3e4f';
const BASE = `https://partner.microsoft.com/en-us/dashboard/commerce2/customers/${CUSTOMER}`;
const NOW = '2026-11-24T10:00:00.000Z';
const matchers = catalogMatchers();
const evidence = { source: 'page' as const, page: 'x', text: 'x' };

function input(o: Partial<PageProgressInput>): PageProgressInput {
  return {
    url: `${BASE}/subscriptions`,
    pageKind: 'subscriptions',
    customerId: CUSTOMER,
    subscriptionId: null,
    locale: 'en-us',
    snapshot: { headings: [], tables: [], fields: [] },
    matchers,
    known: { migration: null, subscriptions: [] },
    seenAt: NOW,
    ...o,
  };
}

function apply(state: MigrationState, events: readonly MigrationEvent[]): MigrationState {
  for (const event of events) {
    const result = applyMigrationEvent(state, event, { deprovisionDays: 120 }, NOW);
    if (!result.ok) throw new Error(JSON.stringify(result.reason));
    state = result.state;
  }
  return state;
}

/** Target bought; a full users page read earlier: 1 of 5 moved. */
function bought(): MigrationState {
  return apply(initialMigration(CUSTOMER, NOW), [
    { type: 'purchase-detected', evidence },
    { type: 'users-progress', moved: 1, total: 5, evidence },
  ]);
}

const usersTable = (rows: string[][], extra: Partial<PageTable> = {}): PageSnapshot => ({
  headings: ['Users and licenses'],
  fields: [],
  tables: [{ headers: ['Display name', 'User name', 'Licenses'], rows, ...extra }],
});
const AX_ACTIVE = [{ name: 'Dynamics AX Enterprise', status: 'active' as const, quantity: 5 }];

describe('users grid showing part of the users', () => {
  test('a search narrowing the grid to one moved user does not complete the reassign step (URL query)', () => {
    const state = bought();
    const progress = pageProgress(
      input({
        url: `${BASE}/users?search=ann`,
        pageKind: 'users-and-licenses',
        snapshot: usersTable([['Ann Lee', 'ann@contoso.com', 'Dynamics 365 Finance']]),
        known: { migration: state, subscriptions: AX_ACTIVE },
      }),
    );
    expect(progress.events).toEqual([]);
    expect(suspendGuard(apply(state, progress.events))).toEqual({ verdict: 'needs-override', usersLeft: 4 });
  });

  test('a search box holding text (snapshot says filtered) is not read', () => {
    const snapshot = { ...usersTable([['Ann Lee', 'ann@contoso.com', 'Dynamics 365 Finance']]), incomplete: 'filtered' as const };
    expect(pageProgress(input({ pageKind: 'users-and-licenses', url: `${BASE}/users`, snapshot, known: { migration: bought(), subscriptions: AX_ACTIVE } })).events).toEqual([]);
  });

  test('a grid still loading is not read', () => {
    const snapshot = { ...usersTable([['Ann Lee', 'ann@contoso.com', 'Dynamics 365 Finance']]), incomplete: 'loading' as const };
    expect(pageProgress(input({ pageKind: 'users-and-licenses', url: `${BASE}/users`, snapshot, known: { migration: bought(), subscriptions: AX_ACTIVE } })).events).toEqual([]);
  });

  test('never a users total below the one already known (a page shows fewer rows, not fewer users)', () => {
    const snapshot = usersTable([
      ['Ann Lee', 'ann@contoso.com', 'Dynamics 365 Finance'],
      ['Bob Ray', 'bob@contoso.com', 'Dynamics 365 Finance'],
    ]);
    expect(pageProgress(input({ pageKind: 'users-and-licenses', url: `${BASE}/users`, snapshot, known: { migration: bought(), subscriptions: AX_ACTIVE } })).events).toEqual([]);
  });

  test('the full grid is still read: totals at or above the known one are sent', () => {
    const snapshot = usersTable([
      ['Ann Lee', 'ann@contoso.com', 'Dynamics 365 Finance'],
      ['Bob Ray', 'bob@contoso.com', 'Dynamics 365 Finance'],
      ['Cy Doe', 'cy@contoso.com', 'Dynamics AX Enterprise'],
      ['Di Roe', 'di@contoso.com', 'Dynamics AX Enterprise'],
      ['Ed Poe', 'ed@contoso.com', 'Dynamics AX Enterprise'],
    ]);
    const progress = pageProgress(input({ pageKind: 'users-and-licenses', url: `${BASE}/users`, snapshot, known: { migration: bought(), subscriptions: AX_ACTIVE } }));
    expect(progress.events).toMatchObject([{ type: 'users-seen', onRetired: 3, onReplacement: 2 }]);
    expect(apply(bought(), progress.events).users).toEqual({ moved: 2, total: 5 });
  });

  test('an HTML table declaring more rows than it shows (aria-rowcount) is partial', () => {
    const snapshot = usersTable([['Ann Lee', 'ann@contoso.com', 'Dynamics 365 Finance']], { partial: true });
    expect(pageProgress(input({ pageKind: 'users-and-licenses', url: `${BASE}/users`, snapshot, known: { migration: null, subscriptions: AX_ACTIVE } })).events).toEqual([]);
  });

  for (const [label, cells] of [
    ['still loading (empty)', ['', '']],
    ['truncated', ['Office 365 E3 +1 more', '2 licenses']],
    ['truncated (French)', ['Office 365 E3 et 2 autres', 'Office 365 E5']],
  ] as const) {
    test(`licence cells ${label} are unknown, not "nobody holds the retired licence"`, () => {
      const state = apply(initialMigration(CUSTOMER, NOW), [{ type: 'purchase-detected', evidence }]);
      const progress = pageProgress(
        input({
          pageKind: 'users-and-licenses',
          url: `${BASE}/users`,
          snapshot: usersTable([
            ['Ann', 'ann@contoso.com', cells[0]],
            ['Bob', 'bob@contoso.com', cells[1]],
          ]),
          known: { migration: state, subscriptions: [{ name: 'Dynamics AX Enterprise', status: 'active' }] },
        }),
      );
      expect(progress.events).toEqual([]);
      expect(suspendGuard(apply(state, progress.events)).verdict).not.toBe('allowed');
    });
  }

  test('0 of 0 is not sent while an active retired subscription with seats is known', () => {
    const state = apply(initialMigration(CUSTOMER, NOW), [{ type: 'purchase-detected', evidence }]);
    const snapshot = usersTable([
      ['Ann', 'ann@contoso.com', 'Office 365 E3'],
      ['Bob', 'bob@contoso.com', 'Office 365 E5'],
    ]);
    expect(pageProgress(input({ pageKind: 'users-and-licenses', url: `${BASE}/users`, snapshot, known: { migration: state, subscriptions: AX_ACTIVE } })).events).toEqual([]);
    // Without seats known, a grid where nobody holds it still says so.
    const free = pageProgress(
      input({ pageKind: 'users-and-licenses', url: `${BASE}/users`, snapshot, known: { migration: state, subscriptions: [{ name: 'Dynamics AX Enterprise', status: 'active' }] } }),
    );
    expect(free.events).toMatchObject([{ type: 'users-seen', onRetired: 0, onReplacement: 0 }]);
    expect(apply(state, free.events).steps.reassign.status).toBe('done');
  });
});

describe('subscriptions grid showing part of the subscriptions', () => {
  const known = [
    { name: 'Dynamics AX Enterprise', status: 'suspended' as const, subscriptionId: 'a' },
    { name: 'Microsoft Dynamics CRM Online Professional', status: 'active' as const, subscriptionId: 'b' },
  ];
  const suspendedOnly: PageSnapshot = { headings: ['Subscriptions'], fields: [], tables: [{ headers: ['Name', 'Status', 'Quantity'], rows: [['Dynamics AX Enterprise', 'Suspended', '3']] }] };

  test('filtered to Suspended: another retired subscription known as active keeps the suspend step open', () => {
    const state = bought();
    const progress = pageProgress(input({ snapshot: suspendedOnly, known: { migration: state, subscriptions: known } }));
    expect(progress.events.map((e) => e.type)).not.toContain('suspend-detected');
    expect(suspendGuard(apply(state, progress.events))).not.toEqual({ verdict: 'blocked', reason: 'already-suspended' });
  });

  test('a paged grid (partial) or a status filter in the URL completes nothing', () => {
    const paged = { ...suspendedOnly, tables: [{ ...suspendedOnly.tables[0]!, partial: true }] };
    expect(pageProgress(input({ snapshot: paged, known: { migration: bought(), subscriptions: [] } })).events.map((e) => e.type)).not.toContain('suspend-detected');
    expect(pageProgress(input({ url: `${BASE}/subscriptions?status=suspended`, snapshot: suspendedOnly, known: { migration: bought(), subscriptions: [] } })).events.map((e) => e.type)).not.toContain(
      'suspend-detected',
    );
  });

  test('the whole grid with every retired subscription suspended completes the step', () => {
    const all: PageSnapshot = {
      ...suspendedOnly,
      tables: [
        {
          headers: ['Name', 'Status', 'Quantity'],
          rows: [
            ['Dynamics AX Enterprise', 'Suspended', '3'],
            ['Microsoft Dynamics CRM Online Professional', 'Suspended', '2'],
          ],
        },
      ],
    };
    expect(pageProgress(input({ snapshot: all, known: { migration: bought(), subscriptions: known } })).events.map((e) => e.type)).toContain('suspend-detected');
  });
});

describe('what counts as the purchase', () => {
  const grid = (rows: string[][]): PageSnapshot => ({ headings: ['Subscriptions'], fields: [], tables: [{ headers: ['Name', 'Status', 'Quantity'], rows }] });

  test.each([
    [
      ['Dynamics AX Enterprise', 'Active', '3'],
      ['Dynamics 365 Finance Attach to Qualifying Dynamics 365 Base Offer', 'Active', '1'],
    ],
    [
      ['Microsoft Dynamics CRM Online Professional', 'Active', '3'],
      ['Dynamics 365 Sales Enterprise Edition Trial', 'Active', '25'],
    ],
  ])('a trial or Attach offer is not the purchase: %j, %j', (retired, offer) => {
    expect(pageProgress(input({ snapshot: grid([retired, offer]) })).events.map((e) => e.type)).not.toContain('purchase-detected');
  });

  test('the offer itself still is', () => {
    expect(
      pageProgress(
        input({
          snapshot: grid([
            ['Dynamics AX Enterprise', 'Active', '3'],
            ['Dynamics 365 Finance', 'Active', '3'],
          ]),
        }),
      ).events.map((e) => e.type),
    ).toContain('purchase-detected');
  });
});

describe('users moved on the sample customer Contoso (QA: "1 of 4 users moved" before anything was bought)', () => {
  const sample = JSON.parse(readFileSync(new URL('../../fixtures/pages/sample-data.json', import.meta.url), 'utf8')) as {
    customers: { name: string; subscriptions: { name: string; quantity: number; status: 'active' }[]; users: { name: string; email: string; licenses: string[] }[] }[];
  };
  const contoso = sample.customers.find((c) => c.name === 'Contoso Ltd')!;
  const grid = (users: readonly { name: string; email: string; licenses: readonly string[] }[]) => usersTable(users.map((u) => [u.name, u.email, u.licenses.join(', ')]));
  const read = (state: MigrationState | null, users: Parameters<typeof grid>[0]) =>
    pageProgress(input({ pageKind: 'users-and-licenses', url: `${BASE}/users`, snapshot: grid(users), known: { migration: state, subscriptions: contoso.subscriptions } }));

  test('Megan, who always held Team Members, is not counted as moved: 0 of 3, 3 users left', () => {
    const state = apply(initialMigration(CUSTOMER, NOW), read(null, contoso.users).events);
    expect(state.users).toEqual({ moved: 0, total: 3 });
    expect(state.steps.reassign.status).toBe('todo');
    expect(suspendGuard(state)).toEqual({ verdict: 'needs-override', usersLeft: 3 });
  });

  test('moving Adele to Dynamics 365 Finance makes it 1 of 3; moving everyone completes the step', () => {
    const first = apply(initialMigration(CUSTOMER, NOW), read(null, contoso.users).events);
    const adeleMoved = contoso.users.map((u) => (u.name === 'Adele Vance' ? { ...u, licenses: ['Dynamics 365 Finance', 'Office 365 E3'] } : u));
    const second = apply(first, read(first, adeleMoved).events);
    expect(second.users).toEqual({ moved: 1, total: 3 });
    expect(second.steps.reassign.status).toBe('in-progress');
    const replacement: Record<string, string> = { 'Dynamics AX Task': 'Dynamics 365 Operations – Activity', 'Microsoft Dynamics CRM Online Professional': 'Dynamics 365 Customer Engagement Plan' };
    const allMoved = adeleMoved.map((u) => ({ ...u, licenses: u.licenses.map((l) => replacement[l] ?? l) }));
    const done = apply(second, read(second, allMoved).events);
    expect(done.users).toEqual({ moved: 3, total: 3 });
    expect(done.steps.reassign.status).toBe('done');
  });
});

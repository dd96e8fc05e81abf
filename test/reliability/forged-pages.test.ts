/**
 * Forged Partner Center pages, read by the content script and sent as page readings: retired SKUs
 * shown Suspended beside active Dynamics 365 targets, details pages, users grids where everyone
 * moved, customers lists full of made-up tenant ids. A page may record what it shows, but never end
 * anything by itself: no suspension done, no de-provisioning clock started, nothing de-provisioned
 * without the partner's confirmation, and at most 100 new customers per page.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SEED_RULES } from '../../src/core/catalog.ts';
import { LIMITS } from '../../src/messages.ts';
import type { MigrationRecord } from '../../src/core/records.ts';
import type { LoadedWorker } from '../background/tracker-fixtures.ts';
import { CONTENT_SENDER, CONTOSO, FABRIKAM, freshWorker, summary, TAILSPIN } from './reliability-fixtures.ts';

const READINGS = 1_000;
const TENANTS = [CONTOSO, FABRIKAM, TAILSPIN];
const RETIRED = SEED_RULES.filter((r) => r.targets.length > 0);
const TARGETS = RETIRED.flatMap((r) => r.targets);

let worker: LoadedWorker & { now: () => string };
beforeEach(async () => {
  worker = await freshWorker();
});
afterEach(() => worker.close());

const base = (tenant: string) => `https://partner.microsoft.com/en-us/dashboard/v2/customers/${tenant}`;
const shell = (tenant: string) => ({
  url: `${base(tenant)}/subscriptions`,
  pageKind: 'subscriptions',
  customerId: tenant,
  subscriptionId: null,
  locale: 'en-us',
  seenAt: '2026-11-24T09:00:00.000Z',
  customerName: 'Contoso Ltd',
  incomplete: null,
  partialGrid: false,
  subscriptions: [] as unknown[],
  users: null as unknown,
  customers: null as unknown,
});
const row = (name: string, status: string) => ({ name, status, quantity: 25, channel: null, text: `${name} · ${status === 'suspended' ? 'Suspended' : 'Active'} · 25` });

const subscriptionsPage = fc
  .record({
    tenant: fc.constantFrom(...TENANTS),
    retired: fc.array(fc.record({ rule: fc.constantFrom(...RETIRED), suspended: fc.boolean() }), { minLength: 1, maxLength: 3 }),
    targets: fc.array(fc.constantFrom(...TARGETS), { maxLength: 3 }),
    details: fc.boolean(),
  })
  .map(({ tenant, retired, targets, details }) => ({
    ...shell(tenant),
    ...(details ? { url: `${base(tenant)}/subscriptions/s1`, pageKind: 'subscription-details', subscriptionId: 's1' } : {}),
    subscriptions: [...retired.map((r) => row(r.rule.name, r.suspended ? 'suspended' : 'active')), ...targets.map((t) => row(t.name, 'active'))],
  }));

const everyoneMoved = fc.record({ tenant: fc.constantFrom(...TENANTS), users: fc.integer({ min: 1, max: 5_000 }), target: fc.constantFrom(...TARGETS) }).map(({ tenant, users, target }) => ({
  ...shell(tenant),
  url: `${base(tenant)}/users`,
  pageKind: 'users-and-licenses',
  users: {
    usersSeen: users,
    emptyLicences: 0,
    partial: false,
    hasLicenseColumn: true,
    groups: [{ retiredRuleIds: [], targetIds: [target.id], truncated: false, count: users, samples: ['ana · moved'] }],
  },
}));

const fakeCustomersList = fc.array(fc.uuid({ version: 4 }), { minLength: 100, maxLength: 400 }).map((ids) => ({
  ...shell(CONTOSO),
  url: 'https://partner.microsoft.com/en-us/dashboard/v2/customers/list',
  pageKind: 'customers',
  customerId: null,
  customers: ids.map((id, i) => ({ customerId: id, name: `Fake customer ${i}`, relationship: 'reseller' })),
}));

const forged = fc.oneof({ arbitrary: subscriptionsPage, weight: 6 }, { arbitrary: everyoneMoved, weight: 3 }, { arbitrary: fakeCustomersList, weight: 1 });

/** A step that ends something, recorded: the suspension done, its clock, or the subscription gone. */
const ended = (m: MigrationRecord) => m.state.steps.suspend.status === 'done' || m.state.suspendedOn !== null || m.state.deprovisionOn !== null || m.state.deprovisionedOn !== null;

describe('forged pages', () => {
  it(`${READINGS} forged readings from a content script: nothing ended without the partner`, { timeout: 60_000 }, async () => {
    const readings = fc.sample(forged, { numRuns: READINGS, seed: 13 });
    const db = await worker.dbModule.openTrackerDb();
    let endedUnconfirmed = 0;
    let mostNewCustomers = 0;
    let fakeIds = 0;
    let suspendedShown = 0;
    for (const reading of readings) {
      if (Array.isArray(reading.customers)) fakeIds += reading.customers.length;
      if (reading.subscriptions.some((s) => (s as { status: string }).status === 'suspended')) suspendedShown += 1;
      const before = await db.count('customers');
      const reply = await worker.send({ kind: 'page/reading', reading }, CONTENT_SENDER);
      expect(reply.ok, JSON.stringify(reply).slice(0, 300)).toBe(true);
      mostNewCustomers = Math.max(mostNewCustomers, (await db.count('customers')) - before);
      endedUnconfirmed += (await db.getAll('migrations')).filter(ended).length;
    }
    const migrations = await db.getAll('migrations');
    const waiting = migrations.filter((m) => m.state.suspendSeen).length;
    summary(
      `forged pages: ${READINGS} readings (${suspendedShown} showing a retired SKU Suspended, ${fakeIds} made-up tenant ids on customers lists) → ` +
        `${endedUnconfirmed} steps that end something recorded without confirmation, at most ${mostNewCustomers} new customers per reading; ` +
        `${waiting} of ${migrations.length} migrations hold a suspension seen, waiting for the partner`,
    );
    expect(endedUnconfirmed).toBe(0);
    expect(mostNewCustomers).toBeLessThanOrEqual(LIMITS.newCustomersPerReading);
    // The partner's click in the checklist is what starts the clock.
    const seen = migrations.find((m) => m.state.suspendSeen && m.state.steps.suspend.status !== 'done');
    expect(seen).toBeDefined();
    const confirmed = await worker.send({ kind: 'migration/apply', customerId: seen!.customerId, event: { type: 'suspend-confirmed' } }, CONTENT_SENDER);
    expect(confirmed).toMatchObject({ ok: true, data: { outcome: 'applied', migration: { state: { steps: { suspend: { status: 'done' } } } } } });
  });
});

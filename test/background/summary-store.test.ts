/**
 * The customers' stored summaries (src/background/summary-store.ts) are the summaries their records
 * give: after every kind of change, through the worker's router as the extension drives it, each
 * stored summary dated for the day equals a fresh customerSummary of the customer's records, and the
 * dashboard's answer equals the rows computed from every record at once (as every read did before
 * summaries were stored). A worker loaded afresh reads them without recomputing; other rules in
 * force recompute them all; a new day dates them again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CustomerView, ExportBundle } from '../../src/core/records.ts';
import type { ImportReport } from '../../src/messages.ts';
import { customerSummary, rowOn, trackedCustomers, type DashboardView } from '../../src/core/tracked-customers.ts';
import { readDashboard, readSnapshot } from '../../src/background/store.ts';
import { SUMMARIES_REVISION_KEY, type TrackerDb } from '../../src/background/db.ts';
import type { CustomerObservation } from '../../src/core/observation.ts';
import type { ManagedPolicy } from '../../src/core/managed-policy.ts';
import { CONTENT_SENDER, CONTOSO, E4_RULE, FABRIKAM, freshIndexedDb, loadWorker, pageObservation, subscriptionsReading, TAILSPIN, type LoadedWorker } from './tracker-fixtures.ts';

let clock = Date.parse('2026-11-24T09:00:00.000Z');
const now = () => new Date((clock += 1000)).toISOString();
const today = () => new Date(clock).toISOString().slice(0, 10);
/** What storage.managed holds; a test changes it as an administrator may. */
let policy: unknown = {};

let worker: LoadedWorker;
async function start(): Promise<void> {
  freshIndexedDb();
  policy = {};
  worker = await restart();
}
/** The worker loaded afresh on the same profile (an MV3 worker stopped when idle, then woken). */
async function restart(): Promise<LoadedWorker> {
  return loadWorker(now, { managedPolicy: () => policy });
}
afterEach(() => worker.close());

const db = (): Promise<TrackerDb> => worker.dbModule.openTrackerDb();
const record = (...observations: CustomerObservation[]) => worker.data({ kind: 'observations/record', observations });
const apiObservation = (customerId: string, subscriptions: CustomerObservation['subscriptions']): CustomerObservation => ({
  ...pageObservation(),
  customerId,
  customerName: `Customer ${customerId.slice(0, 4)}`,
  source: 'api',
  evidence: `/v1/customers/${customerId}/subscriptions`,
  complete: true,
  seenAt: now(),
  subscriptions,
});
const AX = { subscriptionId: 'ax-1', name: 'Dynamics AX Enterprise', quantity: 25, status: 'active' as const, renewal: { kind: 'expires' as const, date: '2026-12-31' } };
const E3 = { subscriptionId: 'e3-1', name: 'Office 365 E3', quantity: 40, status: 'active' as const, renewal: { kind: 'expires' as const, date: '2026-12-10' } };
const E4 = { subscriptionId: 'e4-1', name: 'Office 365 Enterprise E4', quantity: 10, status: 'active' as const, renewal: { kind: 'auto-renews' as const, date: '2027-02-01' } };

/**
 * Every stored summary, dated for today, is the customer's summary from its records; and the
 * dashboard's answer is the rows from every record at once.
 */
async function expectSummariesRight(): Promise<void> {
  const inForce = await worker.data<ManagedPolicy>({ kind: 'managed/get' });
  const read = await readDashboard(await db(), inForce);
  const day = today();
  expect(read.summaries).not.toBeNull();
  for (const { customerId, facts } of read.summaries!) {
    const view = await worker.data<CustomerView>({ kind: 'customer/get', customerId });
    const fresh = customerSummary(view, day, read.reviewed.get(customerId) ?? null);
    if (!fresh) {
      expect(facts, customerId).toBeNull();
      continue;
    }
    const { migration: _migration, purchaseMissing: _missing, ...row } = fresh.row;
    expect(facts && rowOn(facts, view.settings, day, read.reviewed.get(customerId) ?? null), customerId).toEqual(row);
  }
  const snapshot = await readSnapshot(await db(), inForce);
  expect(read.summaries).toHaveLength(snapshot.customers.length);
  const dashboard = await worker.data<DashboardView>({ kind: 'dashboard/get' });
  expect(dashboard.customers).toEqual(trackedCustomers(snapshot.customers, snapshot.subscriptions, snapshot.migrations, snapshot.rules, snapshot.settings, day, snapshot.reviewed));
  expect(dashboard.total).toBe(dashboard.customers.length);
}

const revision = async () => (await db()).get('meta', SUMMARIES_REVISION_KEY);

describe("the stored summaries are the customers' summaries", () => {
  it('after an API scan, a page reading, migration steps, plan and notes, a review, a removed subscription and an import', async () => {
    await start();
    await record(apiObservation(CONTOSO, [AX, E3]), apiObservation(FABRIKAM, [E3]), apiObservation(TAILSPIN, [{ ...E3, renewal: { kind: 'auto-renews', date: '2027-01-01' } }]));
    await expectSummariesRight();

    expect(await worker.send({ kind: 'page/reading', reading: subscriptionsReading({ withTarget: true, seenAt: now() }) }, CONTENT_SENDER)).toMatchObject({ ok: true });
    await expectSummariesRight();

    await worker.data({ kind: 'migration/apply', customerId: CONTOSO, event: { type: 'step-ticked', step: 'purchase' } });
    await worker.data({ kind: 'migration/apply', customerId: CONTOSO, event: { type: 'suspend-requested', override: true } });
    await expectSummariesRight();

    await worker.data({ kind: 'migration/annotate', customerId: CONTOSO, planChoice: 'consolidated', notes: 'Call Ana first' });
    await expectSummariesRight();
    await worker.data({ kind: 'customers/mark-reviewed', customerIds: [FABRIKAM] });
    await expectSummariesRight();

    // A complete scan without the expiring E3: it is removed, and Fabrikam no longer tracked.
    await record(apiObservation(FABRIKAM, []));
    await expectSummariesRight();

    // Suspended, seen on a page: the countdown to de-provisioning is the day's.
    expect(await worker.send({ kind: 'page/reading', reading: subscriptionsReading({ withTarget: true, status: 'suspended', seenAt: now() }) }, CONTENT_SENDER)).toMatchObject({ ok: true });
    await worker.data({ kind: 'migration/apply', customerId: CONTOSO, event: { type: 'suspend-confirmed' } });
    await expectSummariesRight();

    // The overlay opened on a customer never seen: a bare record, not tracked.
    await worker.data({ kind: 'customer/overlay-set', customerId: CONTOSO, open: true });
    await expectSummariesRight();

    // Into another browser that saw the same customers earlier: the file's newer records replace theirs.
    const bundle = await worker.data<ExportBundle>({ kind: 'data/export' });
    await start();
    const earlier = (o: CustomerObservation) => ({ ...o, seenAt: '2026-11-01T08:00:00.000Z' });
    await record(earlier(apiObservation(CONTOSO, [{ ...AX, quantity: 3 }])), earlier(apiObservation(FABRIKAM, [AX])), earlier(apiObservation(TAILSPIN, [E3])));
    await expectSummariesRight();
    const before = await worker.data<DashboardView>({ kind: 'dashboard/get' });
    expect((await worker.data<ImportReport>({ kind: 'data/import', json: JSON.stringify(bundle) })).accepted.subscriptions).toBeGreaterThan(0);
    await expectSummariesRight();
    expect(await worker.data<DashboardView>({ kind: 'dashboard/get' })).not.toEqual(before);
  });

  it('after a change of rules, the partner’s or the organisation’s: every summary is recomputed', async () => {
    await start();
    await record(apiObservation(CONTOSO, [AX]), apiObservation(FABRIKAM, [E4]));
    await expectSummariesRight();
    expect((await worker.data<DashboardView>({ kind: 'dashboard/get' })).customers.map((c) => c.customerId)).toEqual([CONTOSO]);

    await worker.data({ kind: 'rules/put', rule: E4_RULE });
    await expectSummariesRight();
    expect((await worker.data<DashboardView>({ kind: 'dashboard/get' })).customers.map((c) => c.customerId).sort()).toEqual([CONTOSO, FABRIKAM].sort());
    await worker.data({ kind: 'rules/delete', ruleId: E4_RULE.id });
    await expectSummariesRight();

    policy = { rules: [E4_RULE] };
    await expectSummariesRight();
    expect((await worker.data<DashboardView>({ kind: 'dashboard/get' })).customers).toHaveLength(2);
  });
});

describe('reading the summaries', () => {
  it('a worker loaded afresh reads the stored summaries as they are (nothing recomputed, nothing written)', async () => {
    await start();
    await record(apiObservation(CONTOSO, [AX]), apiObservation(FABRIKAM, [E3]));
    const first = await worker.data<DashboardView>({ kind: 'dashboard/get' });
    const stored = await revision();
    await worker.close();
    worker = await restart();
    expect(await worker.data<DashboardView>({ kind: 'dashboard/get' })).toEqual(first);
    expect(await revision()).toBe(stored);
  });

  it('a profile whose summaries are missing (just upgraded) gets them all on the first read', async () => {
    await start();
    await record(apiObservation(CONTOSO, [AX]), apiObservation(FABRIKAM, [E3]));
    await (await db()).clear('summaries');
    await expectSummariesRight();
    expect(await (await db()).count('summaries')).toBe(2);
  });

  it('a new day dates the same summaries again: days left count down, urgency follows', async () => {
    await start();
    await record(apiObservation(CONTOSO, [AX]));
    const monday = await worker.data<DashboardView>({ kind: 'dashboard/get' });
    clock += 86_400_000;
    const tuesday = await worker.data<DashboardView>({ kind: 'dashboard/get' });
    expect(tuesday.today).not.toBe(monday.today);
    expect(tuesday.customers[0]!.daysLeft).toBe(monday.customers[0]!.daysLeft! - 1);
    await expectSummariesRight();
    clock += 40 * 86_400_000;
    expect((await worker.data<DashboardView>({ kind: 'dashboard/get' })).customers[0]).toMatchObject({ urgency: 'expired' });
    await expectSummariesRight();
  });

  it('the rows held by a running worker come with the settings in force', async () => {
    await start();
    await record(apiObservation(CONTOSO, [AX]));
    const before = await worker.data<DashboardView>({ kind: 'dashboard/get' });
    await worker.data({ kind: 'settings/put', settings: { deprovisionDays: 90 } });
    const after = await worker.data<DashboardView>({ kind: 'dashboard/get' });
    expect(after.settings.deprovisionDays).toBe(90);
    expect(after.customers).toEqual(before.customers);
    await worker.data({ kind: 'settings/put', settings: { thresholds: { critical: 60, soon: 120 } } });
    await expectSummariesRight();
  });

  it('a first screen: the most urgent rows, with the total and the counts of every customer', async () => {
    await start();
    await record(apiObservation(CONTOSO, [AX]), apiObservation(FABRIKAM, [E3]), apiObservation(TAILSPIN, [{ ...AX, renewal: { kind: 'expires', date: '2027-06-30' } }]));
    const all = await worker.data<DashboardView>({ kind: 'dashboard/get' });
    const first = await worker.data<DashboardView>({ kind: 'dashboard/get', first: 2 });
    expect(first.customers).toEqual(all.customers.slice(0, 2));
    expect(first).toMatchObject({ total: 3, counts: all.counts, today: all.today });
    expect(all.counts.total).toBe(3);
    expect(await worker.send({ kind: 'dashboard/get', first: 0 })).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
  });
});

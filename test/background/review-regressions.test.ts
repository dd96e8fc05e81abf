/**
 * Regression tests for the tracker review's findings (F1–F12), through the worker's router as the
 * extension drives it: each states the correct behaviour for an input that used to go wrong.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportReport, Reply } from '../../src/messages.ts';
import type { CustomerView, ExportBundle } from '../../src/core/records.ts';
import type { DashboardView } from '../../src/core/tracked-customers.ts';
import type { CustomerObservation } from '../../src/core/observation.ts';
import { CONTOSO, EXTENSION_ID, EXTENSION_ORIGIN, FABRIKAM, freshIndexedDb, PAGE_SENDER, pageObservation } from './tracker-fixtures.ts';

let clock = Date.parse('2026-11-24T09:00:00.000Z');
const now = () => new Date((clock += 1000)).toISOString();

async function freshWorker() {
  vi.resetModules();
  const router = await import('../../src/background/router.ts');
  const dbModule = await import('../../src/background/db.ts');
  const env = { extensionId: EXTENSION_ID, extensionOrigin: EXTENSION_ORIGIN, db: () => dbModule.openTrackerDb(), now, openPage: async () => undefined };
  return { dbModule, send: async (message: unknown): Promise<Reply<unknown>> => (await router.route(message, PAGE_SENDER, env)).reply };
}

let worker: Awaited<ReturnType<typeof freshWorker>>;
beforeEach(async () => {
  freshIndexedDb();
  worker = await freshWorker();
});
afterEach(async () => {
  await worker.dbModule.closeTrackerDb();
});

async function data<T>(message: unknown): Promise<T> {
  const reply = await worker.send(message);
  if (!reply.ok) throw new Error(`${JSON.stringify(message).slice(0, 80)}: ${reply.error.code} ${reply.error.message}`);
  return reply.data as T;
}
const record = (...observations: CustomerObservation[]) => data({ kind: 'observations/record', observations });
const view = (customerId = CONTOSO) => data<CustomerView>({ kind: 'customer/get', customerId });
const dashboard = () => data<DashboardView>({ kind: 'dashboard/get' });
const exportData = () => data<ExportBundle>({ kind: 'data/export' });
const importData = (bundle: unknown) => data<ImportReport>({ kind: 'data/import', json: JSON.stringify(bundle) });

const apiObservation = (overrides: Partial<CustomerObservation>): CustomerObservation => ({
  ...pageObservation(),
  source: 'api',
  evidence: `/v1/customers/${CONTOSO}/subscriptions`,
  complete: true,
  ...overrides,
});

describe('F5: a complete API observation clears what the previous scan recorded', () => {
  const e3 = (renewal: 'expires' | 'auto-renews') => ({ subscriptionId: 's9', name: 'Office 365 E3', quantity: 10, status: 'active' as const, renewal: { kind: renewal, date: '2026-12-10' } });

  it('an "Expires on" turned back to auto-renew no longer shows the customer as critical', async () => {
    await record(apiObservation({ seenAt: '2026-11-24T08:00:00.000Z', subscriptions: [e3('expires')] }));
    expect((await dashboard()).customers.map((c) => c.urgency)).toEqual(['critical']);
    // The scan now leaves the subscription out (nothing to track) and says the list is complete.
    await record(apiObservation({ seenAt: '2026-11-25T08:00:00.000Z', subscriptions: [] }));
    expect((await dashboard()).customers).toEqual([]);
    expect((await view()).subscriptions).toEqual([]);
  });

  it('a page sighting is kept, and a complete empty list for an unknown customer creates nothing', async () => {
    await record(pageObservation());
    await record(apiObservation({ seenAt: '2026-11-25T08:00:00.000Z', subscriptions: [] }), apiObservation({ customerId: FABRIKAM, subscriptions: [] }));
    expect((await view()).subscriptions).toHaveLength(2);
    expect((await view(FABRIKAM)).customer).toBeNull();
  });
});

describe('F3: an imported subscription merges as a sighting would', () => {
  const upgrade = () =>
    record(
      apiObservation({
        seenAt: '2026-11-21T10:00:00.000Z',
        complete: undefined,
        subscriptions: [{ subscriptionId: 'AAA', name: 'Dynamics AX Enterprise', quantity: 25, status: 'active', renewal: { kind: 'expires', date: '2026-12-31' } }],
      }),
    );

  it('an older export with the name-keyed copy does not bring it back beside the id-keyed record', async () => {
    await record(pageObservation());
    const old = await exportData();
    await upgrade();
    const report = await importData(old);
    expect(report.rejected).toEqual([]);
    const keys = (await view()).subscriptions.map((s) => s.key).sort();
    expect(keys).toEqual([`${CONTOSO}|id:aaa`, `${CONTOSO}|name:office 365 e3`]);
    expect((await dashboard()).customers[0]?.retired).toHaveLength(1);
  });

  it('a newer name-keyed sighting in the file updates the id-keyed record in place', async () => {
    await record(pageObservation());
    const other = await exportData();
    await upgrade();
    for (const s of other.subscriptions) s.seenAt = '2026-11-22T10:00:00.000Z';
    const ax = other.subscriptions.find((s) => s.name === 'Dynamics AX Enterprise')!;
    ax.status = 'suspended';
    await importData(other);
    const subs = (await view()).subscriptions;
    expect(subs.filter((s) => s.name === 'Dynamics AX Enterprise')).toEqual([expect.objectContaining({ key: `${CONTOSO}|id:aaa`, status: 'suspended' })]);
    expect((await dashboard()).customers[0]?.retired).toHaveLength(1);
  });
});

describe('F8: timestamps from the future are brought back to now', () => {
  it('an imported seenAt in 2030 does not freeze the record against later sightings', async () => {
    await record(pageObservation());
    const bundle = await exportData();
    for (const s of bundle.subscriptions) s.seenAt = '2030-01-01T00:00:00.000Z';
    for (const c of bundle.customers) c.lastSeenAt = '2030-01-01T00:00:00.000Z';
    await importData(bundle);
    for (const s of (await view()).subscriptions) expect(s.seenAt < '2030-01-01').toBe(true);
    // Partner Center now shows it suspended: a later real page read wins.
    clock += 86_400_000;
    await record(
      pageObservation({
        seenAt: new Date(clock).toISOString(),
        subscriptions: [{ name: 'Dynamics AX Enterprise', quantity: 25, status: 'suspended', renewal: { kind: 'expires', date: '2026-12-31' } }],
      }),
    );
    expect((await view()).subscriptions.find((s) => s.name === 'Dynamics AX Enterprise')?.status).toBe('suspended');
  });

  it('settings saved on a machine whose clock was ahead are proposed as saved now, and a file saved before a later local save proposes nothing', async () => {
    const bundle = await exportData();
    bundle.settings = { ...bundle.settings, deprovisionDays: 90, updatedAt: '2030-01-01T00:00:00.000Z' };
    const report = await importData(bundle);
    expect(report.settingsProposed?.patch).toEqual({ deprovisionDays: 90 });
    await data({ kind: 'settings/put', settings: report.settingsProposed!.patch });
    expect((await data<{ updatedAt: string }>({ kind: 'settings/get' })).updatedAt < '2027').toBe(true);
    await data({ kind: 'settings/put', settings: { deprovisionDays: 100 } });
    const later = await exportData();
    bundle.settings = { ...later.settings, deprovisionDays: 90, updatedAt: new Date(clock - 60_000).toISOString() };
    expect((await importData(bundle)).settingsProposed).toBeNull();
  });

  it('an observation stamped in the future is recorded as seen now', async () => {
    await record(pageObservation({ seenAt: '2031-05-05T00:00:00.000Z' }));
    const seen = (await view()).subscriptions.map((s) => s.seenAt);
    expect(seen.every((t) => t < '2027-01-01')).toBe(true);
    expect((await view()).customer?.lastSeenAt.slice(0, 4)).toBe('2026');
  });
});

describe('F2: importing an older migration whose notes were edited later keeps newer step progress', () => {
  it('steps from the copy that changed them last, notes from the copy annotated last', async () => {
    await record(pageObservation());
    await data({ kind: 'migration/apply', customerId: CONTOSO, event: { type: 'purchase-detected', evidence: { source: 'page' } } });
    const other = await exportData();
    // This browser goes on: every user moved.
    await data({ kind: 'migration/apply', customerId: CONTOSO, event: { type: 'users-progress', moved: 25, total: 25, evidence: { source: 'page', text: '25 of 25' } } });
    // The other browser typed notes afterwards: only its record's timestamps moved.
    const m = other.migrations[0]!;
    m.notes = 'call Bob';
    m.updatedAt = m.annotatedAt = new Date(clock + 60_000).toISOString();
    const report = await importData(other);
    expect(report.accepted.migrations).toBe(1);
    const after = (await view()).migration!;
    expect(after.state.steps.reassign).toMatchObject({ status: 'done', evidence: { source: 'page', text: '25 of 25' } });
    expect(after.state.users).toEqual({ moved: 25, total: 25 });
    expect(after.state.phase).toBe('suspend');
    expect(after.notes).toBe('call Bob');
  });

  it('a step done only in the file is kept, and local notes edited later stay', async () => {
    await record(pageObservation());
    const customers = await exportData();
    // The other browser recorded the purchase...
    await data({ kind: 'migration/apply', customerId: CONTOSO, event: { type: 'purchase-detected', evidence: { source: 'api' } } });
    const withPurchase = await exportData();
    // ...and this one, which never saw it, typed notes later (its record is the newer one).
    await worker.dbModule.closeTrackerDb();
    freshIndexedDb();
    worker = await freshWorker();
    await importData(customers);
    await data({ kind: 'migration/annotate', customerId: CONTOSO, notes: 'local notes' });
    await importData(withPurchase);
    const after = (await view()).migration!;
    expect(after.state.steps.purchase.status).toBe('done');
    expect(after.state.phase).toBe('reassign');
    expect(after.notes).toBe('local notes');
  });
});

describe('F7: a corrupted migration in a file is refused, never stored', () => {
  async function withMigration() {
    await record(pageObservation());
    await data({ kind: 'migration/apply', customerId: CONTOSO, event: { type: 'step-ticked', step: 'purchase' } });
    return exportData();
  }
  const corruptions: [string, (state: Record<string, unknown>) => void][] = [
    ['an impossible date', (s) => void (s.deprovisionOn = '2026-02-30')],
    ['a date before 1900', (s) => void (s.endDate = '1753-01-01')],
    ['a warning that is not one', (s) => void (s.warnings = ['boom'])],
    ['step evidence of the wrong shape', (s) => void ((s.steps as Record<string, Record<string, unknown>>).purchase!.evidence = { source: 'page', page: 42, at: '2026-11-24T09:00:00.000Z' })],
    ['an unknown relationship', (s) => void (s.relationship = 'owner')],
    ['a malformed suspend request', (s) => void (s.suspendRequest = { at: 'x', override: 'yes' })],
  ];
  it.each(corruptions)('%s', async (_label, corrupt) => {
    const bundle = await withMigration();
    await worker.dbModule.closeTrackerDb();
    freshIndexedDb();
    worker = await freshWorker();
    corrupt(bundle.migrations[0]!.state as unknown as Record<string, unknown>);
    const report = await importData(bundle);
    expect(report.rejected.map((r) => r.reason)).toEqual(['invalid-migration']);
    expect((await view()).migration).toBeNull();
    expect((await worker.send({ kind: 'dashboard/get' })).ok).toBe(true);
  });

  it('the stored phase is recomputed from the steps, not trusted', async () => {
    const bundle = await withMigration();
    await worker.dbModule.closeTrackerDb();
    freshIndexedDb();
    worker = await freshWorker();
    bundle.migrations[0]!.state.phase = 'deprovisioned';
    await importData(bundle);
    expect((await view()).migration?.state.phase).toBe('reassign');
  });
});

describe('F11: one revision counter', () => {
  it('after notes, the revision the record shows is the one an event must expect', async () => {
    await record(pageObservation());
    await data({ kind: 'migration/apply', customerId: CONTOSO, event: { type: 'step-ticked', step: 'purchase' } });
    const annotated = await data<{ revision: number; state: { revision: number } }>({ kind: 'migration/annotate', customerId: CONTOSO, notes: 'n' });
    expect(annotated.state.revision).toBe(annotated.revision);
    const applied = await data<{ outcome: string }>({
      kind: 'migration/apply',
      customerId: CONTOSO,
      event: { type: 'users-progress', moved: 1, total: 2, evidence: { source: 'manual' }, expectedRevision: annotated.revision },
    });
    expect(applied.outcome).toBe('applied');
    const stale = await data<{ outcome: string; reason: { code: string } }>({
      kind: 'migration/apply',
      customerId: CONTOSO,
      event: { type: 'users-progress', moved: 2, total: 2, evidence: { source: 'manual' }, expectedRevision: annotated.revision },
    });
    expect(stale).toMatchObject({ outcome: 'rejected', reason: { code: 'stale-revision' } });
  });
});

describe('F12: the event log is capped per customer', () => {
  it("keeps the newest events of a customer that keeps sending refused actions, and other customers' events", async () => {
    const { EVENTS_KEPT_PER_CUSTOMER } = await import('../../src/background/store.ts');
    await record(pageObservation(), pageObservation({ customerId: FABRIKAM }));
    const refused = { kind: 'migration/apply', customerId: CONTOSO, event: { type: 'step-unticked', step: 'suspend' } };
    await data({ kind: 'migration/apply', customerId: CONTOSO, event: { type: 'step-ticked', step: 'purchase' } });
    await data({ kind: 'migration/apply', customerId: CONTOSO, event: { type: 'deprovisioned', date: '2026-11-20', evidence: { source: 'manual' } } });
    for (let i = 0; i < EVENTS_KEPT_PER_CUSTOMER + 20; i += 1) expect(await data<{ outcome: string }>(refused)).toMatchObject({ outcome: 'rejected' });
    const contoso = await data<{ kind: string }[]>({ kind: 'events/list', customerId: CONTOSO, limit: 500 });
    expect(contoso).toHaveLength(EVENTS_KEPT_PER_CUSTOMER);
    expect(contoso.every((e) => e.kind === 'migration-rejected')).toBe(true);
    const db = await worker.dbModule.openTrackerDb();
    expect(await db.countFromIndex('events', 'byCustomer', CONTOSO)).toBe(EVENTS_KEPT_PER_CUSTOMER);
    expect(await data<unknown[]>({ kind: 'events/list', customerId: FABRIKAM })).toHaveLength(1);
  });
});

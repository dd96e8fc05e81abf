import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { closeTrackerDb, DB_NAME, DB_VERSION, openTrackerDb, upgradeTrackerDb, type TrackerDb, type TrackerSchema } from '../../src/background/db.ts';
import * as store from '../../src/background/store.ts';
import { CONTOSO, FABRIKAM, freshIndexedDb, pageObservation } from './tracker-fixtures.ts';

const NOW = '2026-11-24T09:00:00.000Z';

let db: TrackerDb;
beforeEach(async () => {
  freshIndexedDb();
  db = await openTrackerDb();
});
afterEach(async () => {
  await closeTrackerDb();
});

describe('schema', () => {
  it('creates every store of version 3 on a fresh profile', () => {
    expect(DB_VERSION).toBe(3);
    expect([...db.objectStoreNames].sort()).toEqual(['customers', 'events', 'evidence', 'meta', 'migrations', 'notified', 'rules', 'settings', 'subscriptions', 'summaries'].sort());
  });

  it('reopening the current version keeps every record (no upgrade step runs twice)', async () => {
    await store.recordObservations(db, [pageObservation()], NOW);
    await store.applyMigration(db, CONTOSO, { type: 'purchase-detected', evidence: { source: 'page', page: 'x' } }, NOW);
    await store.putSettings(db, { deprovisionDays: 90 }, NOW);
    await closeTrackerDb();
    // Open at the same version with the same upgrade function: nothing is touched.
    const again = await openDB<TrackerSchema>(DB_NAME, DB_VERSION, { upgrade: (d, old, version, tx) => void upgradeTrackerDb(d, old, version ?? DB_VERSION, tx) });
    expect(await again.count('customers')).toBe(1);
    expect(await again.count('subscriptions')).toBe(2);
    expect((await again.get('migrations', CONTOSO))?.state.steps.purchase.status).toBe('done');
    expect((await again.get('settings', 'settings'))?.deprovisionDays).toBe(90);
    again.close();
  });
});

describe('observations', () => {
  it('records a customer and its subscriptions, and a rescan updates in place', async () => {
    await store.recordObservations(db, [pageObservation()], NOW);
    await store.recordObservations(db, [pageObservation({ seenAt: '2026-11-21T10:00:00.000Z', subscriptions: [{ name: 'Dynamics AX Enterprise', quantity: 30, status: 'active' }] })], NOW);
    const view = await store.getCustomerView(db, CONTOSO);
    expect(view.customer?.name).toBe('Contoso Ltd');
    expect(view.subscriptions).toHaveLength(2);
    const ax = view.subscriptions.find((s) => s.name === 'Dynamics AX Enterprise');
    expect(ax?.quantity).toBe(30);
    // A field the newer observation did not carry keeps its value.
    expect(ax?.renewal).toEqual({ kind: 'expires', date: '2026-12-31' });
  });

  it('upgrades a name-keyed subscription to its id when the API reports it, without a duplicate', async () => {
    await store.recordObservations(db, [pageObservation()], NOW);
    await store.recordObservations(
      db,
      [
        pageObservation({
          source: 'api',
          evidence: `/v1/customers/${CONTOSO}/subscriptions`,
          seenAt: '2026-11-22T10:00:00.000Z',
          subscriptions: [{ subscriptionId: 'A1B2-SUB', name: 'Dynamics AX Enterprise', quantity: 25, channel: 'csp' }],
        }),
      ],
      NOW,
    );
    const view = await store.getCustomerView(db, CONTOSO);
    const axes = view.subscriptions.filter((s) => s.name === 'Dynamics AX Enterprise');
    expect(axes).toHaveLength(1);
    expect(axes[0]).toMatchObject({ subscriptionId: 'A1B2-SUB', source: 'api', channel: 'csp', renewal: { kind: 'expires', date: '2026-12-31' } });
  });

  it('an older observation never overwrites a newer one', async () => {
    await store.recordObservations(db, [pageObservation({ seenAt: '2026-11-22T00:00:00.000Z' })], NOW);
    await store.recordObservations(db, [pageObservation({ seenAt: '2026-11-01T00:00:00.000Z', customerName: 'Old name', subscriptions: [{ name: 'Dynamics AX Enterprise', quantity: 1 }] })], NOW);
    const view = await store.getCustomerView(db, CONTOSO);
    expect(view.customer?.name).toBe('Contoso Ltd');
    expect(view.subscriptions.find((s) => s.name === 'Dynamics AX Enterprise')?.quantity).toBe(25);
    expect(view.customer?.firstSeenAt).toBe('2026-11-01T00:00:00.000Z');
  });

  it('a batch that fails midway (a value IndexedDB cannot store) writes nothing at all', async () => {
    const bad = pageObservation({ customerId: FABRIKAM });
    (bad.subscriptions[0] as unknown as Record<string, unknown>).quantity = () => 1; // DataCloneError on put
    await expect(store.recordObservations(db, [pageObservation(), bad], NOW)).rejects.toThrow();
    expect(await db.count('customers')).toBe(0);
    expect(await db.count('subscriptions')).toBe(0);
    expect(await db.count('events')).toBe(0);
  });

  it('a transaction aborted from outside mid-command (the worker dying) leaves nothing half-written', async () => {
    // Abort the transaction right after the first subscription write, as a worker killed mid-flight would.
    const original = db.transaction.bind(db);
    const killing = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop !== 'transaction') return Reflect.get(target, prop, receiver) as unknown;
        return (...args: Parameters<typeof original>) => {
          const tx = original(...args);
          const objectStore = tx.objectStore.bind(tx);
          (tx as { objectStore: unknown }).objectStore = (name: never) => {
            const s = objectStore(name) as unknown as { put: (...a: unknown[]) => Promise<unknown> };
            if ((name as string) !== 'subscriptions') return s;
            const put = s.put.bind(s);
            s.put = async (...a: unknown[]) => {
              const key = await put(...a);
              tx.abort();
              return key;
            };
            return s;
          };
          return tx;
        };
      },
    });
    await expect(store.recordObservations(killing, [pageObservation()], NOW)).rejects.toThrow();
    expect(await db.count('customers')).toBe(0);
    expect(await db.count('subscriptions')).toBe(0);
  });
});

describe('migrations', () => {
  const evidence = { source: 'page' as const, page: 'https://partner.microsoft.com/x', text: 'Dynamics 365 Finance · Active' };

  it('starts a migration on the first event and bumps the revision on every change', async () => {
    const first = await store.applyMigration(db, CONTOSO, { type: 'purchase-detected', evidence }, NOW);
    expect(first.outcome).toBe('applied');
    if (first.outcome !== 'applied') return;
    expect(first.migration.revision).toBe(1);
    expect(first.migration.state.steps.purchase.status).toBe('done');
    const again = await store.applyMigration(db, CONTOSO, { type: 'purchase-detected', evidence }, NOW);
    // Seen again: nothing changes, nothing is written.
    expect(again.outcome === 'applied' && again.migration.revision).toBe(1);
    const users = await store.applyMigration(db, CONTOSO, { type: 'users-progress', moved: 3, total: 10, evidence }, NOW);
    expect(users.outcome === 'applied' && users.migration.revision).toBe(2);
  });

  it('a rejected event is an outcome with a reason, logged, and changes nothing', async () => {
    await store.applyMigration(db, CONTOSO, { type: 'purchase-detected', evidence }, NOW);
    await store.applyMigration(db, CONTOSO, { type: 'users-progress', moved: 3, total: 10, evidence }, NOW);
    const result = await store.applyMigration(db, CONTOSO, { type: 'suspend-requested' }, NOW);
    expect(result).toMatchObject({ outcome: 'rejected', reason: { code: 'users-still-on-legacy', usersLeft: 7 } });
    expect((await db.get('migrations', CONTOSO))?.revision).toBe(2);
    const log = await store.listEvents(db, CONTOSO, 10);
    expect(log[0]?.kind).toBe('migration-rejected');
  });

  it('uses the de-provisioning days from settings', async () => {
    await store.putSettings(db, { deprovisionDays: 90 }, NOW);
    const result = await store.applyMigration(db, CONTOSO, { type: 'suspend-detected', date: '2026-11-24', evidence: { source: 'api' } }, NOW);
    expect(result.outcome === 'applied' && result.migration.state.deprovisionOn).toBe('2027-02-22');
  });

  it('two commands sent at the same moment on the same customer both land (none lost)', async () => {
    const results = await Promise.all([
      store.applyMigration(db, CONTOSO, { type: 'purchase-detected', evidence }, NOW),
      store.applyMigration(db, CONTOSO, { type: 'users-progress', moved: 10, total: 10, evidence }, NOW),
      store.annotateMigration(db, CONTOSO, { notes: 'Call Ana before suspending' }, NOW),
      store.annotateMigration(db, CONTOSO, { planChoice: 'consolidated' }, NOW),
    ]);
    expect(results).toHaveLength(4);
    const record = await db.get('migrations', CONTOSO);
    expect(record?.revision).toBe(4);
    expect(record?.state.steps.purchase.status).toBe('done');
    expect(record?.state.steps.reassign.status).toBe('done');
    expect(record?.notes).toBe('Call Ana before suspending');
    expect(record?.planChoice).toBe('consolidated');
  });
});

describe('settings, rules, checkpoint, reminders, log', () => {
  it('settings default, then persist a partial update', async () => {
    expect(await store.getSettings(db)).toMatchObject({ thresholds: { critical: 30, soon: 90 }, deprovisionDays: 120, updatedAt: null });
    await store.putSettings(db, { thresholds: { critical: 14, soon: 60 } }, NOW);
    expect(await store.getSettings(db)).toMatchObject({ thresholds: { critical: 14, soon: 60 }, deprovisionDays: 120, updatedAt: NOW });
  });

  it('stores and clears the scan checkpoint', async () => {
    expect(await store.getCheckpoint(db)).toBeNull();
    await store.putCheckpoint(db, { done: 120, token: 'abc' });
    expect(await store.getCheckpoint(db)).toEqual({ done: 120, token: 'abc' });
    await store.putCheckpoint(db, null);
    expect(await store.getCheckpoint(db)).toBeNull();
  });

  it('claims a reminder once per customer and end date', async () => {
    const due = [{ customerId: CONTOSO, endDate: '2026-12-31' }];
    expect(await store.claimReminders(db, due, NOW)).toHaveLength(1);
    expect(await store.claimReminders(db, due, '2026-11-25T09:00:00.000Z')).toHaveLength(0);
    // A new end date (renewed, then expiring again) is a new reminder.
    expect(await store.claimReminders(db, [{ customerId: CONTOSO, endDate: '2027-12-31' }], NOW)).toHaveLength(1);
  });

  it('the event log is append-only and newest first', async () => {
    await store.recordObservations(db, [pageObservation()], NOW);
    await store.putSettings(db, { remindersEnabled: false }, '2026-11-24T10:00:00.000Z');
    const all = await store.listEvents(db, undefined, 10);
    expect(all.map((e) => e.kind)).toEqual(['settings-changed', 'observation']);
    expect(all[0]!.seq).toBeGreaterThan(all[1]!.seq);
    expect(await store.listEvents(db, CONTOSO, 10)).toHaveLength(1);
  });
});

describe('overlay state', () => {
  it('is remembered even before the customer was first observed, and the observation still names it', async () => {
    const created = await store.setOverlayOpen(db, CONTOSO, true, '2026-11-24T09:00:00.000Z');
    expect(created).toMatchObject({ customerId: CONTOSO, overlayOpen: true, name: null });
    // The page read stamped a moment before the overlay opened, recorded just after.
    await store.recordObservations(db, [pageObservation({ seenAt: '2026-11-24T08:59:59.000Z' })], NOW);
    const view = await store.getCustomerView(db, CONTOSO);
    expect(view.customer).toMatchObject({ name: 'Contoso Ltd', relationship: 'reseller', overlayOpen: true });
    expect(view.subscriptions).toHaveLength(2);
  });
});

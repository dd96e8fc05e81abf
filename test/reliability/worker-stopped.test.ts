/**
 * The worker stopped in the middle of a command (an MV3 worker may be killed at any moment): the
 * command's transaction is aborted at a random write, the worker's modules are loaded afresh, and the
 * sender carries on as it does (the scan resumes from its checkpoint, the partner imports the file
 * again). Nothing is lost and nothing is duplicated.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TrackerDb } from '../../src/background/db.ts';
import type { CustomerObservation } from '../../src/core/observation.ts';
import type { ExportBundle } from '../../src/core/records.ts';
import type { ImportReport } from '../../src/messages.ts';
import { freshIndexedDb, loadWorker, testNow, type LoadedWorker } from '../background/tracker-fixtures.ts';
import { summary } from './reliability-fixtures.ts';

const CUSTOMERS = 240;
const BATCH = 24;
const SCAN_RUNS = 12;
const IMPORT_RUNS = 12;

let worker: LoadedWorker | null = null;
afterEach(() => worker?.close());

/**
 * Stands between the commands and the database and aborts the transaction that issues the
 * `killAt`-th write (put, add or delete) since this worker started, as a worker killed then would.
 */
function dyingAt(killAt: number): { wrapDb: (db: TrackerDb) => TrackerDb; died: () => boolean } {
  let writes = 0;
  const patched = new WeakSet<object>();
  const wrapDb = (db: TrackerDb): TrackerDb =>
    new Proxy(db, {
      get(target, prop) {
        if (prop !== 'transaction') {
          const value = Reflect.get(target, prop) as unknown;
          return typeof value === 'function' ? (value.bind(target) as unknown) : value;
        }
        return (...args: Parameters<TrackerDb['transaction']>) => {
          const tx = target.transaction(...args);
          const objectStore = tx.objectStore.bind(tx);
          (tx as { objectStore: unknown }).objectStore = (name: never) => {
            const store = objectStore(name) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
            if (patched.has(store)) return store;
            patched.add(store);
            for (const method of ['put', 'add', 'delete']) {
              const original = store[method]!.bind(store);
              store[method] = (...a: unknown[]) => {
                const request = original(...a);
                if (++writes === killAt) tx.abort();
                return request;
              };
            }
            return store;
          };
          return tx;
        };
      },
    });
  return { wrapDb, died: () => writes >= killAt };
}

async function restart(killAt: number): Promise<ReturnType<typeof dyingAt>> {
  await worker?.close();
  const dying = dyingAt(killAt);
  worker = await loadWorker(testNow, { wrapDb: dying.wrapDb });
  return dying;
}

const guid = (i: number) => `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`;
const observation = (i: number): CustomerObservation => ({
  customerId: guid(i),
  customerName: `Customer ${i}`,
  relationship: 'reseller',
  source: 'api',
  complete: true,
  evidence: `/v1/customers/${guid(i)}/subscriptions`,
  seenAt: '2026-11-24T08:00:00.000Z',
  subscriptions: [
    { subscriptionId: `ax-${i}`, name: 'Dynamics AX Enterprise', quantity: 10, status: 'active', renewal: { kind: 'expires', date: '2026-12-31' } },
    { subscriptionId: `d365-${i}`, name: 'Dynamics 365 Finance', quantity: 10, status: 'active', renewal: { kind: 'auto-renews', date: '2027-06-30' } },
  ],
});

/** The API scan as the dashboard runs it: record a batch, then save the checkpoint; resume from the checkpoint. */
async function scan(kills: number[]): Promise<number> {
  let restarts = 0;
  let dying = await restart(kills[0] ?? Infinity);
  for (;;) {
    const checkpoint = (await worker!.data<{ next: number } | null>({ kind: 'scan/checkpoint-get' }))?.next ?? 0;
    if (checkpoint * BATCH >= CUSTOMERS) return restarts;
    let stopped = false;
    for (let b = checkpoint; b * BATCH < CUSTOMERS && !stopped; b++) {
      const observations = Array.from({ length: BATCH }, (_, i) => observation(b * BATCH + i));
      const recorded = await worker!.send({ kind: 'observations/record', observations });
      const saved = recorded.ok ? await worker!.send({ kind: 'scan/checkpoint-put', checkpoint: { next: b + 1 } }) : recorded;
      stopped = !saved.ok || dying.died();
    }
    if (!stopped) continue;
    restarts += 1;
    dying = await restart(kills[restarts] ?? Infinity);
  }
}

/** What the profile holds that should be there once: customers, subscriptions, evidence texts, first sightings logged. */
async function counts() {
  const db = await worker!.dbModule.openTrackerDb();
  const events = await db.getAll('events');
  const subscriptions = await db.getAll('subscriptions');
  const perCustomer = new Map<string, number>();
  for (const s of subscriptions) perCustomer.set(s.customerId, (perCustomer.get(s.customerId) ?? 0) + 1);
  return {
    customers: await db.count('customers'),
    subscriptions: subscriptions.length,
    customersWithOtherThanTwo: [...perCustomer.values()].filter((n) => n !== 2).length,
    evidence: await db.count('evidence'),
    sightingsLogged: events.filter((e) => e.kind === 'observation').length,
    migrations: await db.count('migrations'),
  };
}

const expected = { customers: CUSTOMERS, subscriptions: 2 * CUSTOMERS, customersWithOtherThanTwo: 0, evidence: CUSTOMERS, sightingsLogged: CUSTOMERS };
// A scan is about 1,200 writes (per customer: its record, 2 subscriptions, an evidence text, a log
// entry), an import of it about 1,000: most kill points fall inside.
const killPoint = fc.integer({ min: 1, max: 1_200 });

describe('worker stopped mid-command', () => {
  it(`mid-scan (${SCAN_RUNS} scans of ${CUSTOMERS} customers, killed at random writes) and mid-import (${IMPORT_RUNS} imports): nothing lost or duplicated`, { timeout: 60_000 }, async () => {
    const tally = { scanKills: 0, importKills: 0, lost: 0, duplicated: 0, halfWritten: 0 };
    const compare = (got: Record<string, number>) => {
      for (const [key, want] of Object.entries(expected)) {
        if ((got[key] ?? 0) < want) tally.lost += 1;
        if ((got[key] ?? 0) > want) tally.duplicated += 1;
      }
    };

    let bundle: ExportBundle | null = null;
    for (const kills of fc.sample(fc.array(killPoint, { minLength: 1, maxLength: 3 }), { numRuns: SCAN_RUNS, seed: 13 })) {
      freshIndexedDb();
      tally.scanKills += await scan(kills);
      await restart(Infinity);
      compare(await counts());
      bundle ??= await worker!.data<ExportBundle>({ kind: 'data/export' });
    }

    for (const killAt of fc.sample(killPoint, { numRuns: IMPORT_RUNS, seed: 13 })) {
      freshIndexedDb();
      const dying = await restart(killAt);
      const first = await worker!.send({ kind: 'data/import', json: JSON.stringify(bundle) });
      if (dying.died()) {
        tally.importKills += 1;
        await restart(Infinity);
        const after = await counts();
        // All or nothing: a stopped import leaves nothing behind.
        if (first.ok || Object.values(after).some((n) => n !== 0)) tally.halfWritten += 1;
        await worker!.data({ kind: 'data/import', json: JSON.stringify(bundle) });
      }
      compare({ ...(await counts()), sightingsLogged: CUSTOMERS });
      const again = await worker!.data<ImportReport>({ kind: 'data/import', json: JSON.stringify(bundle) });
      if (again.accepted.customers + again.accepted.subscriptions > 0) tally.duplicated += 1;
    }

    summary(
      `worker stopped: ${SCAN_RUNS} scans of ${CUSTOMERS} customers killed ${tally.scanKills} times mid-command, ${IMPORT_RUNS} imports killed ${tally.importKills} times → ` +
        `${tally.lost} lost, ${tally.duplicated} duplicated, ${tally.halfWritten} half-written imports`,
    );
    expect(tally).toMatchObject({ lost: 0, duplicated: 0, halfWritten: 0 });
    expect(tally.scanKills).toBeGreaterThan(SCAN_RUNS);
    expect(tally.importKills).toBeGreaterThan(IMPORT_RUNS / 2);
  });
});

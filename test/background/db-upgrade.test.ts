/**
 * Upgrades from every earlier schema version, with data, lose nothing. For each version v below
 * DB_VERSION, a profile is built exactly as release v left it (its upgrade steps only, plus records
 * in that version's shape), then opened by the current code.
 *
 * Version 2 moved the subscriptions' evidence text into the `evidence` store (once per customer and
 * text). Version 3 added the `summaries` store, empty: the first dashboard read computes every
 * customer's summary from the records (src/background/summary-store.ts). When version 4 lands, add
 * `4: ...` to PROFILES below (records in version 3's shape, and what they must look like after the
 * upgrade): the loop then covers 3 → 4 as well as every older version → 4.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { closeTrackerDb, DB_NAME, DB_VERSION, openTrackerDb, upgradeTrackerDb, type TrackerDb, type TrackerSchema } from '../../src/background/db.ts';
import { getCustomerView, readDashboard } from '../../src/background/store.ts';
import { customerSummary } from '../../src/core/tracked-customers.ts';
import { CONTOSO, FABRIKAM, freshIndexedDb } from './tracker-fixtures.ts';

const STORES = ['customers', 'events', 'evidence', 'meta', 'migrations', 'notified', 'rules', 'settings', 'subscriptions', 'summaries'];

interface Profile {
  /** Writes records in the shape version `version` stored them. */
  seed(db: TrackerDb): Promise<void>;
  /** Checks they are all there, in the current shape, after the upgrade. */
  check(db: TrackerDb): Promise<void>;
}

const PAGE = (customerId: string, page = 'subscriptions') => `https://partner.microsoft.com/dashboard/v2/customers/${customerId}/${page}`;
const customer = (customerId: string, name: string) => ({
  customerId,
  name,
  relationship: 'reseller' as const,
  firstSeenAt: '2026-11-01T00:00:00.000Z',
  lastSeenAt: '2026-11-02T00:00:00.000Z',
  lastEvidence: PAGE(customerId),
  overlayOpen: true,
});
const subscription = (customerId: string, name: string) => ({
  key: `${customerId}|name:${name.toLowerCase()}`,
  customerId,
  name,
  quantity: 5,
  status: 'active' as const,
  source: 'page' as const,
  seenAt: '2026-11-02T00:00:00.000Z',
});

const PROFILES: Record<number, Profile> = {
  0: { seed: async () => undefined, check: async () => undefined },
  1: {
    // Version 1 kept the observation's evidence text in every subscription.
    seed: async (db) => {
      await db.put('customers', customer(CONTOSO, 'Contoso'));
      await db.put('customers', customer(FABRIKAM, 'Fabrikam'));
      const v1 = (s: ReturnType<typeof subscription>, evidence: string) => db.put('subscriptions', { ...s, evidence } as never);
      await v1(subscription(CONTOSO, 'Dynamics AX Enterprise'), PAGE(CONTOSO));
      await v1(subscription(CONTOSO, 'Office 365 E3'), PAGE(CONTOSO));
      await v1(subscription(CONTOSO, 'Dynamics 365 Finance'), PAGE(CONTOSO, 'subscriptions/details'));
      await v1(subscription(FABRIKAM, 'Dynamics AX Task'), PAGE(CONTOSO));
      await db.put('meta', { done: 3 }, 'scan-checkpoint');
    },
    check: async (db) => {
      expect(await db.get('customers', CONTOSO)).toMatchObject({ name: 'Contoso', overlayOpen: true });
      expect(await db.get('meta', 'scan-checkpoint')).toEqual({ done: 3 });
      const evidence = (await getCustomerView(db, CONTOSO)).subscriptions.map((s) => [s.name, s.evidence]).sort();
      expect(evidence).toEqual([
        ['Dynamics 365 Finance', PAGE(CONTOSO, 'subscriptions/details')],
        ['Dynamics AX Enterprise', PAGE(CONTOSO)],
        ['Office 365 E3', PAGE(CONTOSO)],
      ]);
      expect((await getCustomerView(db, FABRIKAM)).subscriptions).toMatchObject([{ name: 'Dynamics AX Task', evidence: PAGE(CONTOSO), quantity: 5 }]);
      // Each text once per customer; the subscriptions refer to it.
      expect((await db.getAll('evidence')).map((e) => [e.customerId, e.text]).sort()).toEqual(
        [
          [CONTOSO, PAGE(CONTOSO)],
          [CONTOSO, PAGE(CONTOSO, 'subscriptions/details')],
          [FABRIKAM, PAGE(CONTOSO)],
        ].sort(),
      );
      for (const stored of await db.getAll('subscriptions')) expect(Object.keys(stored)).not.toContain('evidence');
    },
  },
  2: {
    seed: async (db) => {
      await db.put('customers', customer(CONTOSO, 'Contoso'));
      const id = await db.add('evidence', { customerId: CONTOSO, text: PAGE(CONTOSO) } as never);
      await db.put('subscriptions', { ...subscription(CONTOSO, 'Dynamics AX Enterprise'), evidenceId: id });
      await db.put('meta', { done: 3 }, 'scan-checkpoint');
    },
    check: async (db) => {
      expect(await db.get('customers', CONTOSO)).toMatchObject({ name: 'Contoso', overlayOpen: true });
      expect(await db.get('meta', 'scan-checkpoint')).toEqual({ done: 3 });
      expect((await getCustomerView(db, CONTOSO)).subscriptions).toMatchObject([{ name: 'Dynamics AX Enterprise', evidence: PAGE(CONTOSO) }]);
      // No summaries yet: the first dashboard read computes them from the records, and keeps them.
      expect(await db.count('summaries')).toBe(0);
      await expectSummariesFromRecords(db);
      expect(await db.count('summaries')).toBe(1);
    },
  },
  3: {
    seed: async (db) => {
      await PROFILES[2]!.seed(db);
      await readDashboard(db);
    },
    check: async (db) => {
      expect(await db.count('summaries')).toBe(1);
      await expectSummariesFromRecords(db);
    },
  },
};

/** The dashboard's summaries are the customers' summaries as computed from their records. */
async function expectSummariesFromRecords(db: TrackerDb): Promise<void> {
  const { summaries } = await readDashboard(db);
  for (const { customerId, facts } of summaries ?? []) {
    expect(facts?.row).toEqual(expect.objectContaining({ customerId }));
    const fresh = customerSummary(await getCustomerView(db, customerId), '2026-11-24');
    expect(facts?.row.retired).toEqual(fresh?.row.retired);
  }
  expect(summaries).toHaveLength(await db.count('customers'));
}

beforeEach(() => freshIndexedDb());
afterEach(async () => closeTrackerDb());

describe('schema upgrades', () => {
  for (let from = 0; from < DB_VERSION; from++) {
    it(`from version ${from} to ${DB_VERSION} keeps every record`, async () => {
      const profile = PROFILES[from];
      expect(profile, `add a PROFILES entry for version ${from}`).toBeDefined();
      if (from > 0) {
        const old = await openDB<TrackerSchema>(DB_NAME, from, { upgrade: (db, oldVersion, _version, tx) => void upgradeTrackerDb(db, oldVersion, from, tx) });
        await profile!.seed(old);
        old.close();
      }
      const db = await openTrackerDb();
      expect(db.version).toBe(DB_VERSION);
      expect([...db.objectStoreNames].sort()).toEqual(STORES);
      await profile!.check(db);
    });
  }

  it(`a version ${DB_VERSION} profile with data reopens untouched`, async () => {
    const db = await openTrackerDb();
    await PROFILES[DB_VERSION]!.seed(db);
    await closeTrackerDb();
    await PROFILES[DB_VERSION]!.check(await openTrackerDb());
  });
});

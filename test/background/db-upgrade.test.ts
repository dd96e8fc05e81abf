/**
 * Upgrades from every earlier schema version, with data, lose nothing. For each version v below
 * DB_VERSION, a profile is built exactly as release v left it (its upgrade steps only, plus records
 * in that version's shape), then opened by the current code.
 *
 * Today the schema is at version 1, so the only earlier "version" is 0: a fresh install. When
 * version 2 lands, add `2: ...` to PROFILES below (records in version 1's shape, and what they must
 * look like after the upgrade): the loop then covers 1 → 2 as well as 0 → 2.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { closeTrackerDb, DB_NAME, DB_VERSION, openTrackerDb, upgradeTrackerDb, type TrackerDb, type TrackerSchema } from '../../src/background/db.ts';
import { CONTOSO, freshIndexedDb } from './tracker-fixtures.ts';

const STORES = ['customers', 'events', 'meta', 'migrations', 'notified', 'rules', 'settings', 'subscriptions'];

interface Profile {
  /** Writes records in the shape version `version` stored them. */
  seed(db: TrackerDb): Promise<void>;
  /** Checks they are all there, in the current shape, after the upgrade. */
  check(db: TrackerDb): Promise<void>;
}

const PROFILES: Record<number, Profile> = {
  0: { seed: async () => undefined, check: async () => undefined },
  1: {
    seed: async (db) => {
      await db.put('customers', { customerId: CONTOSO, name: 'Contoso', relationship: 'reseller', firstSeenAt: '2026-11-01T00:00:00.000Z', lastSeenAt: '2026-11-02T00:00:00.000Z', lastEvidence: 'x', overlayOpen: true });
      await db.put('meta', { done: 3 }, 'scan-checkpoint');
    },
    check: async (db) => {
      expect(await db.get('customers', CONTOSO)).toMatchObject({ name: 'Contoso', overlayOpen: true });
      expect(await db.get('meta', 'scan-checkpoint')).toEqual({ done: 3 });
    },
  },
};

beforeEach(() => freshIndexedDb());
afterEach(async () => closeTrackerDb());

describe('schema upgrades', () => {
  for (let from = 0; from < DB_VERSION; from++) {
    it(`from version ${from} to ${DB_VERSION} keeps every record`, async () => {
      const profile = PROFILES[from];
      expect(profile, `add a PROFILES entry for version ${from}`).toBeDefined();
      if (from > 0) {
        const old = await openDB<TrackerSchema>(DB_NAME, from, { upgrade: (db, oldVersion) => upgradeTrackerDb(db, oldVersion, from) });
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

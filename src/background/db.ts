/**
 * The IndexedDB schema and its upgrades. The worker opens the database per command through
 * `openTrackerDb` (a cached connection is not state: it is reopened whenever the browser closes it).
 *
 * Upgrades are stepwise (`if (oldVersion < N)`): a profile on any earlier version runs every step
 * after its own, in order, inside the one versionchange transaction, so an interrupted upgrade
 * leaves the old version intact. To add version N+1: bump DB_VERSION, add one `if (oldVersion < N+1)`
 * block that creates or transforms stores, and add an upgrade test from version N with data.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { CustomerRecord, EventRecord, JsonValue, MigrationRecord, Settings, SubscriptionRecord } from '../core/records.ts';
import type { RetirementRule } from '../core/catalog-types.ts';
import type { CustomerFacts } from '../core/tracked-customers.ts';

export const DB_NAME = 'sku-shift';
export const DB_VERSION = 3;

/** A reminder already raised: one per customer and end date, so a date is never notified twice. */
export interface NotifiedRecord {
  /** `${customerId}|${endDate}` */
  key: string;
  customerId: string;
  endDate: string;
  notifiedAt: string;
}

/**
 * A subscription as stored since version 2: the text of its evidence (the page URL or API path it was
 * seen on, up to 2 KB, the same for every subscription of one observation) is kept once per customer
 * in `evidence` and referenced here (src/background/subscription-store.ts joins them back).
 */
export type StoredSubscription = Omit<SubscriptionRecord, 'evidence'> & { evidenceId: number };

export interface EvidenceRecord {
  /** Assigned by the store (auto-increment). */
  id: number;
  customerId: string;
  text: string;
}

/**
 * A customer's summary facts as last computed from its records (version 3; src/background/summary-store.ts):
 * one per customer record, written in the same transaction as every change to the customer's records.
 */
export interface SummaryRecord {
  customerId: string;
  /** The rules in force when it was computed (summary-store.ts rulesKeyOf): another key means it is out of date. */
  rulesKey: string;
  /** null: the customer is not tracked (nothing retired or expiring, no migration). */
  facts: CustomerFacts | null;
}

export interface TrackerSchema extends DBSchema {
  customers: { key: string; value: CustomerRecord };
  subscriptions: { key: string; value: StoredSubscription; indexes: { byCustomer: string } };
  /** Evidence texts of a customer's subscriptions, one record per distinct text (version 2). */
  evidence: { key: number; value: EvidenceRecord; indexes: { byCustomer: string } };
  migrations: { key: string; value: MigrationRecord };
  /** Append-only: written with add(), never put() or deleted. */
  events: { key: number; value: EventRecord; indexes: { byCustomer: string } };
  /** One record under SETTINGS_KEY. */
  settings: { key: string; value: Settings };
  /** Partner-defined retirement rules (seed rules live in code, src/core/catalog.ts). */
  rules: { key: string; value: RetirementRule };
  notified: { key: string; value: NotifiedRecord };
  /** Every customer's summary facts, the dashboard's read (version 3). */
  summaries: { key: string; value: SummaryRecord };
  /** Small opaque values, e.g. the API scan checkpoint under CHECKPOINT_KEY. */
  meta: { key: string; value: JsonValue };
}

export type TrackerDb = IDBPDatabase<TrackerSchema>;
export type TrackerStoreName = StoreNames<TrackerSchema>;
export type TrackerTx<S extends TrackerStoreName[], M extends IDBTransactionMode> = IDBPTransaction<TrackerSchema, S, M>;

export const SETTINGS_KEY = 'settings';
export const CHECKPOINT_KEY = 'scan-checkpoint';
/** Prefix of the meta keys `reviewed|<customerId>` → ISO time the partner marked the customer reviewed. */
export const REVIEWED_KEY_PREFIX = 'reviewed|';
/** A number raised by every write to the summaries or the review marks: what the dashboard read last is still right while it holds. */
export const SUMMARIES_REVISION_KEY = 'summaries-revision';
/** The customer-pages base (locale + prefix) of the last Partner Center customer page read. */
export const CUSTOMER_BASE_KEY = 'partner-center-base';

type UpgradeTx = IDBPTransaction<TrackerSchema, TrackerStoreName[], 'versionchange'>;

/**
 * Runs every step after `oldVersion` up to `newVersion` (DB_VERSION in the extension; the upgrade
 * tests stop earlier to build a profile as an older release left it), in order, in the versionchange
 * transaction `tx`. A step that moves data awaits only requests on `tx`; any failure aborts it, so
 * the profile stays at its old version, untouched.
 */
export async function upgradeTrackerDb(db: IDBPDatabase<TrackerSchema>, oldVersion: number, newVersion: number, tx: UpgradeTx): Promise<void> {
  try {
    if (oldVersion < 1 && newVersion >= 1) {
      db.createObjectStore('customers', { keyPath: 'customerId' });
      const subscriptions = db.createObjectStore('subscriptions', { keyPath: 'key' });
      subscriptions.createIndex('byCustomer', 'customerId');
      db.createObjectStore('migrations', { keyPath: 'customerId' });
      const events = db.createObjectStore('events', { keyPath: 'seq', autoIncrement: true });
      // Records with customerId null (settings, import) are simply absent from this index.
      events.createIndex('byCustomer', 'customerId');
      db.createObjectStore('settings');
      db.createObjectStore('rules', { keyPath: 'id' });
      db.createObjectStore('notified', { keyPath: 'key' });
      db.createObjectStore('meta');
    }
    if (oldVersion < 2 && newVersion >= 2) {
      const evidence = db.createObjectStore('evidence', { keyPath: 'id', autoIncrement: true });
      evidence.createIndex('byCustomer', 'customerId');
      await moveEvidenceOut(tx);
    }
    if (oldVersion < 3 && newVersion >= 3) {
      // Left empty: the summaries depend on the rules in force (the organisation's too, not readable
      // here), so the first dashboard read computes them all (summary-store.ts rebuildSummaries).
      db.createObjectStore('summaries', { keyPath: 'customerId' });
    }
  } catch {
    try {
      tx.abort();
    } catch {
      // Already aborted by the failed request itself.
    }
  }
}

/** Version 1 kept the evidence text in every subscription record: keep each distinct text once per customer. */
async function moveEvidenceOut(tx: UpgradeTx): Promise<void> {
  const ids = new Map<string, number>();
  let cursor = await tx.objectStore('subscriptions').openCursor();
  while (cursor) {
    const { evidence: text, ...record } = cursor.value as StoredSubscription & { evidence?: unknown };
    const customerId = record.customerId;
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- v1 kept a string here; anything else is kept as its text
    const evidenceText = String(text ?? '');
    const key = JSON.stringify([customerId, evidenceText]);
    let id = ids.get(key);
    if (id === undefined) {
      id = await tx.objectStore('evidence').add({ customerId, text: evidenceText } as EvidenceRecord);
      ids.set(key, id);
    }
    await cursor.update({ ...record, evidenceId: id });
    cursor = await cursor.continue();
  }
}

/**
 * The profile's database was written by a newer SKU Shift (the extension was rolled back): nothing
 * can be read or written until the extension is updated again. Opening it fails with a VersionError.
 */
export class DatabaseTooNew extends Error {
  constructor() {
    super('The data was saved by a newer version of SKU Shift: update the extension to use it (nothing was changed).');
    this.name = 'DatabaseTooNew';
  }
}

let connection: Promise<TrackerDb> | null = null;

/**
 * Opens (or reuses) the connection on the global indexedDB (fake-indexeddb in the Node tests).
 * Reusing it keeps nothing between commands but the handle: every command reads what it needs.
 */
export function openTrackerDb(name: string = DB_NAME): Promise<TrackerDb> {
  if (connection) return connection;
  const opening = openDB<TrackerSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion, newVersion, tx) {
      void upgradeTrackerDb(db, oldVersion, newVersion ?? DB_VERSION, tx);
    },
    blocking(_current, _blocked, event) {
      // A newer version (an updated extension) wants the database: let it have it.
      (event.target as IDBDatabase).close();
      connection = null;
    },
    terminated() {
      connection = null;
    },
  });
  const opened = opening.catch((error: unknown) => {
    if (connection === opened) connection = null;
    throw error instanceof DOMException && error.name === 'VersionError' ? new DatabaseTooNew() : error;
  });
  connection = opened;
  return opened;
}

/** Closes and forgets the cached connection (tests; and before deleting the database). */
export async function closeTrackerDb(): Promise<void> {
  const current = connection;
  connection = null;
  if (current) (await current).close();
}

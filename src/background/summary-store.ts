/**
 * Every customer's summary facts (src/core/tracked-customers.ts CustomerFacts) kept beside its
 * records in the `summaries` store (version 3), so the dashboard reads 10,000 customers' facts with one
 * getAll instead of matching every subscription and judging every purchase again on each read.
 *
 * Kept right by construction: every store function that changes a customer's records (observations,
 * page readings, migration events, plan and notes, the overlay's bare record, an import) writes the
 * customer's facts in the same transaction (putSummaries / refreshSummaries), and raises the revision
 * the dashboard's read checks (SUMMARIES_REVISION_KEY). Facts depend on the rules in force, the
 * organisation's included: each one carries the key of the rules it was computed with, and a read that
 * finds one out of date, or a customer without one (a profile just upgraded to version 3), recomputes
 * them all from the records (rebuildSummaries). What the day changes is never stored: the read dates
 * the facts (summaryOn), so a summary read after midnight is that day's.
 *
 * Runs inside the caller's transaction (src/background/transaction.ts): the stores it uses must be
 * in its scope (SUMMARY_STORES).
 */
import type { CustomerRecord, MigrationRecord, SubscriptionRecord } from '../core/records.ts';
import type { RetirementRule } from '../core/catalog-types.ts';
import { customerFacts, everyCustomerFacts } from '../core/tracked-customers.ts';
import { SUMMARIES_REVISION_KEY, type SummaryRecord, type TrackerStoreName, type TrackerTx } from './db.ts';
import { allSubscriptions, loadSubscriptions, settled } from './subscription-store.ts';

type Tx<M extends IDBTransactionMode = 'readwrite'> = TrackerTx<TrackerStoreName[], M>;

/** The stores a transaction that writes summaries needs (with the customer's records it reads them from). */
export const SUMMARY_STORES = ['customers', 'subscriptions', 'evidence', 'migrations', 'summaries', 'meta'] as const satisfies readonly TrackerStoreName[];

/** A short, stable key of a list of rules (FNV-1a over its JSON, two 32-bit lanes): equal rules, equal key. */
export function rulesKeyOf(rules: readonly RetirementRule[]): string {
  const text = JSON.stringify(rules);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}.${text.length}`;
}

/** Raises the revision the dashboard's read is checked against (in the caller's transaction). */
export async function bumpSummariesRevision(tx: Tx): Promise<void> {
  const meta = tx.objectStore('meta');
  const current = await meta.get(SUMMARIES_REVISION_KEY);
  await meta.put((typeof current === 'number' ? current : 0) + 1, SUMMARIES_REVISION_KEY);
}

export async function summariesRevision(tx: Tx<IDBTransactionMode>): Promise<number> {
  const current = await tx.objectStore('meta').get(SUMMARIES_REVISION_KEY);
  return typeof current === 'number' ? current : 0;
}

/** One customer's records as the caller holds them after its writes. */
export interface CustomerRecords {
  customer: CustomerRecord;
  subscriptions: readonly SubscriptionRecord[];
  migration: MigrationRecord | null;
}

/** Stores the facts of customers whose records the caller has in hand (written in this transaction). */
export async function putSummaries(tx: Tx, customers: readonly CustomerRecords[], rules: readonly RetirementRule[]): Promise<void> {
  if (customers.length === 0) return;
  const rulesKey = rulesKeyOf(rules);
  const store = tx.objectStore('summaries');
  await settled(customers.map((c) => () => store.put({ customerId: c.customer.customerId, rulesKey, facts: customerFacts(c.customer, c.subscriptions, c.migration, rules) })));
  await bumpSummariesRevision(tx);
}

/** Reads the customers' records back (after the caller's writes) and stores their facts. */
export async function refreshSummaries(tx: Tx, customerIds: Iterable<string>, rules: readonly RetirementRule[]): Promise<void> {
  const ids = [...new Set(customerIds)];
  const loaded = await settled(ids.map((id) => () => Promise.all([tx.objectStore('customers').get(id), loadSubscriptions(tx, id), tx.objectStore('migrations').get(id)])));
  const records: CustomerRecords[] = [];
  for (const [customer, subscriptions, migration] of loaded) if (customer) records.push({ customer, subscriptions: subscriptions.records, migration: migration ?? null });
  await putSummaries(tx, records, rules);
}

/** Every stored summary, and whether it can be used as is: one per customer, each computed with `rules`. */
export async function readSummaries(tx: Tx<IDBTransactionMode>, rules: readonly RetirementRule[]): Promise<{ summaries: SummaryRecord[]; current: boolean }> {
  const [summaries, customers] = await Promise.all([tx.objectStore('summaries').getAll(), tx.objectStore('customers').count()]);
  const rulesKey = rulesKeyOf(rules);
  return { summaries, current: summaries.length === customers && summaries.every((s) => s.rulesKey === rulesKey) };
}

/** Recomputes every customer's facts from the records with `rules`, replacing what was stored. */
export async function rebuildSummaries(tx: Tx, rules: readonly RetirementRule[]): Promise<SummaryRecord[]> {
  const [customers, subscriptions, migrations] = await Promise.all([tx.objectStore('customers').getAll(), allSubscriptions(tx), tx.objectStore('migrations').getAll()]);
  const rulesKey = rulesKeyOf(rules);
  const summaries: SummaryRecord[] = everyCustomerFacts(customers, subscriptions, migrations, rules).map((s) => ({ ...s, rulesKey }));
  const store = tx.objectStore('summaries');
  await store.clear();
  await settled(summaries.map((s) => () => store.put(s)));
  await bumpSummariesRevision(tx);
  return summaries;
}

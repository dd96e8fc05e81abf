/**
 * A customer's subscriptions as the rest of the worker sees them (SubscriptionRecord, with its
 * evidence text) over the stored shape (src/background/db.ts StoredSubscription): every subscription
 * of one observation shares its evidence, so the text is stored once per customer in `evidence` and
 * referenced by id. Writing a customer's subscriptions also deletes the texts nothing refers to any
 * more. Runs inside the caller's transaction (src/background/transaction.ts).
 */
import type { SubscriptionRecord } from '../core/records.ts';
import type { EvidenceRecord, StoredSubscription, TrackerStoreName, TrackerTx } from './db.ts';

type Tx<M extends IDBTransactionMode> = TrackerTx<TrackerStoreName[], M>;

/** One customer's subscriptions and the evidence records they use, as read in the transaction. */
export interface CustomerSubscriptions {
  customerId: string;
  records: SubscriptionRecord[];
  evidence: EvidenceRecord[];
}

function joined(stored: readonly StoredSubscription[], evidence: readonly EvidenceRecord[]): SubscriptionRecord[] {
  const texts = new Map(evidence.map((e) => [e.id, e.text]));
  return stored.map(({ evidenceId, ...record }) => ({ ...record, evidence: texts.get(evidenceId) ?? '' }));
}

export async function loadSubscriptions(tx: Tx<IDBTransactionMode>, customerId: string): Promise<CustomerSubscriptions> {
  const [stored, evidence] = await Promise.all([tx.objectStore('subscriptions').index('byCustomer').getAll(customerId), tx.objectStore('evidence').index('byCustomer').getAll(customerId)]);
  return { customerId, records: joined(stored, evidence), evidence };
}

/** Every customer's subscriptions (the dashboard, the export). */
export async function allSubscriptions(tx: Tx<IDBTransactionMode>): Promise<SubscriptionRecord[]> {
  const [stored, evidence] = await Promise.all([tx.objectStore('subscriptions').getAll(), tx.objectStore('evidence').getAll()]);
  return joined(stored, evidence);
}

/**
 * Stores `after` as the customer's whole list of subscriptions, writing only what differs from
 * `loaded`; returns what is now stored (to merge a later observation of the same batch into).
 */
export async function saveSubscriptions(tx: Tx<'readwrite'>, loaded: CustomerSubscriptions, after: readonly SubscriptionRecord[]): Promise<CustomerSubscriptions> {
  const subscriptions = tx.objectStore('subscriptions');
  const evidenceStore = tx.objectStore('evidence');
  const before = new Map(loaded.records.map((r) => [r.key, JSON.stringify(r)]));
  const changed = after.filter((r) => before.get(r.key) !== JSON.stringify(r));
  const kept = new Set(after.map((r) => r.key));

  const ids = new Map(loaded.evidence.map((e) => [e.text, e.id]));
  const added = [...new Set(changed.map((r) => r.evidence))].filter((text) => !ids.has(text));
  // Written with add(): `id` comes from the store's key generator (hence the cast).
  const newIds = await settled(added.map((text) => () => evidenceStore.add({ customerId: loaded.customerId, text } as EvidenceRecord)));
  added.forEach((text, i) => ids.set(text, newIds[i]!));

  const used = new Set(after.map((r) => r.evidence));
  const evidence = [...ids].filter(([text]) => used.has(text)).map(([text, id]) => ({ id, customerId: loaded.customerId, text }));
  await settled<unknown>([
    ...changed.map(
      ({ evidence: text, ...record }) =>
        () =>
          subscriptions.put({ ...record, evidenceId: ids.get(text)! }),
    ),
    ...loaded.records.filter((r) => !kept.has(r.key)).map((r) => () => subscriptions.delete(r.key)),
    ...[...ids]
      .filter(([text]) => !used.has(text))
      .map(
        ([, id]) =>
          () =>
            evidenceStore.delete(id),
      ),
  ]);
  return { customerId: loaded.customerId, records: [...after], evidence };
}

/**
 * Issues every request, then waits for them all. A request that throws as it is issued (a value
 * IndexedDB cannot store, a transaction already aborted) leaves those issued before it observed:
 * they fail with the aborted transaction, and must not surface as unhandled rejections.
 */
export async function settled<T>(issue: (() => Promise<T>)[]): Promise<T[]> {
  const requests: Promise<T>[] = [];
  try {
    for (const request of issue) requests.push(request());
  } finally {
    for (const request of requests) request.catch(() => undefined);
  }
  return Promise.all(requests);
}

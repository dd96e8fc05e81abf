/**
 * One command = one transaction. `inTransaction` runs the command's reads and writes inside a
 * single IndexedDB transaction and guarantees all-or-nothing: if the command throws at any point
 * (a failed put, a DataCloneError thrown synchronously by put(), a bug in the merge), the transaction
 * is aborted, so nothing it already wrote is committed. Without the explicit abort, IndexedDB would
 * auto-commit the writes issued before the throw.
 *
 * The body must only await IndexedDB requests of `tx` (never fetch, timers or messaging): awaiting
 * anything else lets the transaction auto-commit midway.
 */
import type { TrackerDb, TrackerStoreName, TrackerTx } from './db.ts';

export async function inTransaction<S extends TrackerStoreName[], M extends IDBTransactionMode, T>(db: TrackerDb, stores: S, mode: M, body: (tx: TrackerTx<S, M>) => Promise<T>): Promise<T> {
  const tx = db.transaction(stores, mode) as TrackerTx<S, M>;
  // Observed so an abort never surfaces as an unhandled rejection.
  const done = tx.done.then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  let result: T;
  try {
    result = await body(tx);
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already finished or aborted by IndexedDB itself.
    }
    await done;
    throw error;
  }
  const outcome = await done;
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- IndexedDB's own error, rethrown as it came
  if (!outcome.ok) throw outcome.error ?? new Error('Transaction aborted');
  return result;
}

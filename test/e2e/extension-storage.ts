/**
 * Everything the built extension keeps, as text, read inside its worker: storage.local,
 * storage.session and every IndexedDB store. For assertions that a secret is stored nowhere.
 */
import type { Worker } from 'playwright-core';

type Chrome = { storage: { local: { get(keys: null): Promise<unknown> }; session: { get(keys: null): Promise<unknown> } } };

export async function extensionStorageText(worker: Worker): Promise<{ local: string; session: string; indexedDb: string }> {
  const local = JSON.stringify(await worker.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.storage.local.get(null)));
  const session = JSON.stringify(await worker.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.storage.session.get(null)));
  const indexedDb = await worker.evaluate(async () => {
    const dump: unknown[] = [];
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error ?? new Error(`cannot open ${info.name!}`));
      });
      for (const store of Array.from(db.objectStoreNames)) {
        dump.push(
          await new Promise((resolve) => {
            const request = db.transaction(store).objectStore(store).getAll();
            request.onsuccess = () => resolve(request.result);
          }),
        );
      }
      db.close();
    }
    return JSON.stringify(dump);
  });
  return { local, session, indexedDb };
}

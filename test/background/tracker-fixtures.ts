/** Shared test data for the tracker's tests: tenant ids, observations, a fresh fake IndexedDB. */
// Installs every IndexedDB global (IDBRequest, IDBKeyRange...) that idb expects to find.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { vi } from 'vitest';
import type { CustomerObservation } from '../../src/core/observation.ts';
import type { Reply } from '../../src/messages.ts';
import type { TrackerDb } from '../../src/background/db.ts';

export const CONTOSO = '4f1c2a7e-9b3d-4c6a-8e21-5d7f0a9b1c23';
export const FABRIKAM = '0a9e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c';
export const TAILSPIN = 'c3d2e1f0-a9b8-4c7d-8e6f-5a4b3c2d1e0f';

/** A brand-new empty IndexedDB for each test (the modules read the global `indexedDB`). */
export function freshIndexedDb(): void {
  (globalThis as { indexedDB: IDBFactory }).indexedDB = new IDBFactory();
}

export function pageObservation(overrides: Partial<CustomerObservation> = {}): CustomerObservation {
  return {
    customerId: CONTOSO,
    customerName: 'Contoso Ltd',
    relationship: 'reseller',
    subscriptions: [
      { name: 'Dynamics AX Enterprise', quantity: 25, status: 'active', renewal: { kind: 'expires', date: '2026-12-31' } },
      { name: 'Office 365 E3', quantity: 40, status: 'active', renewal: { kind: 'auto-renews', date: '2027-03-01' } },
    ],
    source: 'page',
    evidence: `https://partner.microsoft.com/dashboard/commerce2/customers/${CONTOSO}/subscriptions`,
    seenAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}

/** A page reading of Contoso's subscriptions page: Dynamics AX Enterprise (and its replacement, withTarget), as the content script sends it. */
export function subscriptionsReading(options: { withTarget?: boolean; status?: 'active' | 'suspended'; seenAt?: string } = {}) {
  const url = `https://partner.microsoft.com/en-us/dashboard/v2/customers/${CONTOSO}/subscriptions`;
  const row = (name: string, status: 'active' | 'suspended') => ({ name, status, quantity: 5, channel: null, text: `${name} · ${status === 'active' ? 'Active' : 'Suspended'} · 5` });
  const subscriptions = [row('Dynamics AX Enterprise', options.status ?? 'active')];
  if (options.withTarget) subscriptions.push(row('Dynamics 365 Finance', 'active'));
  return {
    url,
    pageKind: 'subscriptions',
    customerId: CONTOSO,
    subscriptionId: null,
    locale: 'en-us',
    seenAt: options.seenAt ?? '2026-11-24T09:00:00.000Z',
    customerName: 'Contoso Ltd',
    incomplete: null,
    partialGrid: false,
    subscriptions,
    users: null,
    customers: null,
  };
}

/** A partner rule: Office 365 E4, retired, moved to Microsoft 365 E5. */
export const E4_RULE = {
  id: 'o365-e4',
  family: 'Office 365',
  name: 'Office 365 Enterprise E4',
  offerNames: ['Office 365 Enterprise E4'],
  targets: [{ id: 'm365-e5', name: 'Microsoft 365 E5', catalogNames: ['Microsoft 365 E5'] }],
};

export const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}/`;
export const PAGE_SENDER = { id: EXTENSION_ID, url: `${EXTENSION_ORIGIN}src/pages/dashboard/index.html` };
export const CONTENT_SENDER = {
  id: EXTENSION_ID,
  url: `https://partner.microsoft.com/dashboard/commerce2/customers/${CONTOSO}/subscriptions`,
  tab: { id: 7 },
};

/**
 * The worker's router as a freshly started worker loads it (modules re-imported: nothing survives
 * from an earlier command but what IndexedDB holds), sending as `sender` (the dashboard by default).
 * `data` throws on an error reply, for steps that must succeed. `wrapDb` stands between the commands
 * and the database (e.g. to stop a transaction midway, as a worker that dies would). `managedPolicy`
 * stands for storage.managed (the organisation's policy), read afresh for every command.
 */
export async function loadWorker(now: () => string, options: { wrapDb?: (db: TrackerDb) => TrackerDb; managedPolicy?: () => unknown } = {}) {
  vi.resetModules();
  const router = await import('../../src/background/router.ts');
  const dbModule = await import('../../src/background/db.ts');
  const wrap = options.wrapDb ?? ((db: TrackerDb) => db);
  const managed = options.managedPolicy;
  const env = {
    extensionId: EXTENSION_ID,
    extensionOrigin: EXTENSION_ORIGIN,
    db: async () => wrap(await dbModule.openTrackerDb()),
    now,
    openPage: async () => undefined,
    ...(managed ? { managedPolicy: async () => managed() } : {}),
  };
  const send = async (message: unknown, sender: object = PAGE_SENDER): Promise<Reply<unknown>> => (await router.route(message, sender, env)).reply;
  const data = async <T>(message: unknown, sender: object = PAGE_SENDER): Promise<T> => {
    const reply = await send(message, sender);
    if (!reply.ok) throw new Error(`${JSON.stringify(message).slice(0, 80)}: ${reply.error.code} ${reply.error.message}`);
    return reply.data as T;
  };
  return { send, data, dbModule, close: () => dbModule.closeTrackerDb() };
}
export type LoadedWorker = Awaited<ReturnType<typeof loadWorker>>;

let clock = Date.parse('2026-11-24T09:00:00.000Z');
/** The tests' clock: starts on 24 Nov 2026 and moves one second per reading, never back. */
export const testNow = (): string => new Date((clock += 1000)).toISOString();
/** The clock's current time in milliseconds, without moving it. */
export const testTime = (): number => clock;

/** A fresh profile and a freshly loaded worker on the tests' clock. */
export async function startWorker(options: Parameters<typeof loadWorker>[1] = {}): Promise<LoadedWorker> {
  freshIndexedDb();
  return loadWorker(testNow, options);
}

/**
 * Regression tests for the tracker review's findings (F1–F12), through the worker's router as the
 * extension drives it: each states the correct behaviour for an input that used to go wrong.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CustomerView, DashboardView, ExportBundle, ImportReport, Reply } from '../../src/messages.ts';
import type { CustomerObservation } from '../../src/core/observation.ts';
import { CONTOSO, EXTENSION_ID, EXTENSION_ORIGIN, FABRIKAM, freshIndexedDb, PAGE_SENDER, pageObservation } from './tracker-fixtures.ts';

let clock = Date.parse('2026-11-24T09:00:00.000Z');
const now = () => new Date((clock += 1000)).toISOString();

async function freshWorker() {
  vi.resetModules();
  const router = await import('../../src/background/router.ts');
  const dbModule = await import('../../src/background/db.ts');
  const env = { extensionId: EXTENSION_ID, extensionOrigin: EXTENSION_ORIGIN, db: () => dbModule.openTrackerDb(), now };
  return { dbModule, send: async (message: unknown): Promise<Reply<unknown>> => (await router.route(message, PAGE_SENDER, env)).reply };
}

let worker: Awaited<ReturnType<typeof freshWorker>>;
beforeEach(async () => {
  freshIndexedDb();
  worker = await freshWorker();
});
afterEach(async () => {
  await worker.dbModule.closeTrackerDb();
});

async function data<T>(message: unknown): Promise<T> {
  const reply = await worker.send(message);
  if (!reply.ok) throw new Error(`${JSON.stringify(message).slice(0, 80)}: ${reply.error.code} ${reply.error.message}`);
  return reply.data as T;
}
const record = (...observations: CustomerObservation[]) => data({ kind: 'observations/record', observations });
const view = (customerId = CONTOSO) => data<CustomerView>({ kind: 'customer/get', customerId });
const dashboard = () => data<DashboardView>({ kind: 'dashboard/get' });
const exportData = () => data<ExportBundle>({ kind: 'data/export' });
const importData = (bundle: unknown) => data<ImportReport>({ kind: 'data/import', json: JSON.stringify(bundle) });

const apiObservation = (overrides: Partial<CustomerObservation>): CustomerObservation => ({
  ...pageObservation(),
  source: 'api',
  evidence: `/v1/customers/${CONTOSO}/subscriptions`,
  complete: true,
  ...overrides,
});

describe('F5: a complete API observation clears what the previous scan recorded', () => {
  const e3 = (renewal: 'expires' | 'auto-renews') => ({ subscriptionId: 's9', name: 'Office 365 E3', quantity: 10, status: 'active' as const, renewal: { kind: renewal, date: '2026-12-10' } });

  it('an "Expires on" turned back to auto-renew no longer shows the customer as critical', async () => {
    await record(apiObservation({ seenAt: '2026-11-24T08:00:00.000Z', subscriptions: [e3('expires')] }));
    expect((await dashboard()).customers.map((c) => c.urgency)).toEqual(['critical']);
    // The scan now leaves the subscription out (nothing to track) and says the list is complete.
    await record(apiObservation({ seenAt: '2026-11-25T08:00:00.000Z', subscriptions: [] }));
    expect((await dashboard()).customers).toEqual([]);
    expect((await view()).subscriptions).toEqual([]);
  });

  it('a page sighting is kept, and a complete empty list for an unknown customer creates nothing', async () => {
    await record(pageObservation());
    await record(apiObservation({ seenAt: '2026-11-25T08:00:00.000Z', subscriptions: [] }), apiObservation({ customerId: FABRIKAM, subscriptions: [] }));
    expect((await view()).subscriptions).toHaveLength(2);
    expect((await view(FABRIKAM)).customer).toBeNull();
  });
});

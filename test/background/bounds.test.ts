/**
 * Every size the worker accepts or answers with is bounded, and the bounds never refuse ordinary
 * work (issue 13, item 7). Through the worker's router.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIMITS, type ImportReport } from '../../src/messages.ts';
import type { ExportBundle } from '../../src/core/records.ts';
import { CONTENT_SENDER, CONTOSO, type LoadedWorker, loadWorker, pageObservation, startWorker, testNow } from './tracker-fixtures.ts';

let worker: LoadedWorker;
beforeEach(async () => {
  worker = await startWorker();
});
afterEach(async () => {
  await worker.close();
  vi.doUnmock('../../src/messages.ts');
});

const guid = (i: number) => `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`;

describe('import', () => {
  it('a 1 MB file of junk items gets a small reply that still counts them all', async () => {
    const junk = Array.from({ length: 10_000 }, () => ({ customerId: 'x'.repeat(96) }));
    const json = JSON.stringify({ format: 'sku-shift-export', version: 1, customers: junk, subscriptions: [], migrations: [], rules: [] });
    expect(json.length).toBeGreaterThan(1_000_000);
    const reply = await worker.send({ kind: 'data/import', json });
    const report = reply.ok ? (reply.data as ImportReport) : null;
    expect(report).toMatchObject({ fileRejected: false, rejectedCount: 10_000 });
    expect(report?.rejected).toHaveLength(LIMITS.importRejectionsListed);
    expect(JSON.stringify(reply).length).toBeLessThan(100_000);
  });

  it('a file larger than an ordinary command (up to the import limit) is imported, not refused', async () => {
    await worker.data({ kind: 'observations/record', observations: [pageObservation()] });
    const bundle = await worker.data<ExportBundle>({ kind: 'data/export' });
    await worker.close();
    worker = await startWorker();
    // An export is JSON: whitespace around it is still the same file (a pretty-printed big export).
    const json = `${JSON.stringify(bundle, null, 2)}${' '.repeat(LIMITS.commandLength + 1000)}`;
    const report = await worker.data<ImportReport>({ kind: 'data/import', json });
    expect(report).toMatchObject({ fileRejected: false, accepted: { customers: 1, subscriptions: 2 } });
    expect(await worker.send({ kind: 'data/import', json: ' '.repeat(LIMITS.importLength + 1) })).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });
});

describe('customers created by pages', () => {
  it('stop once the tracker holds the most a page may fill it to; known customers are still updated', async () => {
    vi.doMock('../../src/messages.ts', async (original) => {
      const actual = await original<typeof import('../../src/messages.ts')>();
      return { ...actual, LIMITS: { ...actual.LIMITS, customersFromPages: 150 } };
    });
    worker = await loadWorker(testNow);
    const list = (from: number, count: number, name = 'Fake') => ({
      url: 'https://partner.microsoft.com/dashboard/v2/customers/list',
      pageKind: 'customers',
      customerId: null,
      subscriptionId: null,
      locale: 'en-us',
      seenAt: '2026-11-24T09:00:00.000Z',
      customerName: null,
      incomplete: null,
      partialGrid: false,
      subscriptions: [],
      users: null,
      customers: Array.from({ length: count }, (_, i) => ({ customerId: guid(from + i), name: `${name} ${from + i}`, relationship: null })),
    });
    const read = (reading: object) => worker.data<{ customersNotRecorded: number }>({ kind: 'page/reading', reading }, CONTENT_SENDER);
    expect(await read(list(0, 100))).toMatchObject({ customersNotRecorded: 0 });
    expect(await read(list(100, 100))).toMatchObject({ customersNotRecorded: 50 });
    expect(await read(list(200, 100))).toMatchObject({ customersNotRecorded: 100 });
    expect(await read(list(0, 100, 'Renamed'))).toMatchObject({ customersNotRecorded: 0 });
    const db = await worker.dbModule.openTrackerDb();
    expect(await db.count('customers')).toBe(150);
    expect((await db.get('customers', guid(7)))?.name).toBe('Renamed 7');
  });
});

describe('the event log', () => {
  it('an observation of 1000 subscriptions logs what changed in brief, not a second copy of them', async () => {
    const subscriptions = Array.from({ length: LIMITS.subscriptionsPerObservation }, (_, i) => ({ name: `Subscription ${i}` }));
    await worker.data({ kind: 'observations/record', observations: [pageObservation({ subscriptions })] });
    const [entry] = await worker.data<{ detail: { subscriptions: unknown[]; notListed: number } }[]>({ kind: 'events/list', customerId: CONTOSO });
    expect(entry?.detail.subscriptions).toHaveLength(20);
    expect(entry?.detail.notListed).toBe(980);
  });
});

/**
 * What one command may make the worker store: stored bytes (every IndexedDB record as JSON, with
 * its key) per byte sent (the command as JSON), for ordinary traffic and for the worst a sender can
 * send within the command size limit (issue 13, item 7). The customers' summaries (the dashboard's
 * read, derived from the records: src/background/summary-store.ts) are counted apart, with their
 * own bound: one per customer, never more than a fraction of what was sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/messages.ts';
import type { LoadedWorker } from '../background/tracker-fixtures.ts';
import { CONTENT_SENDER, freshWorker, summary } from './reliability-fixtures.ts';

let worker: LoadedWorker;
beforeEach(async () => {
  worker = await freshWorker();
});
afterEach(() => worker.close());

/** Stored bytes: the records, and the summaries derived from them. */
async function storedBytes(): Promise<{ records: number; summaries: number }> {
  const db = await worker.dbModule.openTrackerDb();
  const bytes = { records: 0, summaries: 0 };
  for (const name of db.objectStoreNames) {
    const tx = db.transaction(name);
    let cursor = await tx.store.openCursor();
    while (cursor) {
      bytes[name === 'summaries' ? 'summaries' : 'records'] += JSON.stringify(cursor.value).length + (tx.store.keyPath === null ? JSON.stringify(cursor.key).length : 0);
      cursor = await cursor.continue();
    }
  }
  return bytes;
}

/** The summaries' own bound, in stored bytes per sent byte (a dashboard row per customer is smaller than what shows it). */
const SUMMARIES_MAX = 1.5;

/** Stored bytes per sent byte for one command into an empty profile: the records, and the summaries (checked against SUMMARIES_MAX). */
async function amplification(message: object, sender?: object): Promise<number> {
  const reply = await worker.send(message, sender);
  expect(reply.ok, JSON.stringify(reply).slice(0, 200)).toBe(true);
  const sent = JSON.stringify(message).length;
  const { records, summaries } = await storedBytes();
  summariesRatio = summaries / sent;
  expect(summariesRatio).toBeLessThan(SUMMARIES_MAX);
  return records / sent;
}
let summariesRatio = 0;
const summaries = () => ` (+ summaries ${summariesRatio.toFixed(2)})`;

const guid = (i: number) => `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`;

// Heavy by design (tens of thousands of records in fake IndexedDB): generous time on a shared machine.
describe('stored bytes per sent byte', { timeout: 60_000 }, () => {
  it('an API scan batch of 200 customers with 3 subscriptions each', async () => {
    const observations = Array.from({ length: LIMITS.observationsPerBatch }, (_, i) => ({
      customerId: guid(i),
      customerName: `Customer ${i} Ltd`,
      relationship: 'reseller',
      source: 'api',
      complete: true,
      evidence: `/v1/customers/${guid(i)}/subscriptions`,
      seenAt: '2026-11-24T08:00:00.000Z',
      subscriptions: ['Dynamics AX Enterprise', 'Dynamics 365 Finance', 'Microsoft Dynamics CRM Online Professional'].map((name, n) => ({
        subscriptionId: guid(i * 10 + n).replace('0000-4000', 'aaaa-4bbb'),
        name,
        quantity: 25,
        status: 'active',
        renewal: { kind: 'expires', date: '2026-12-31' },
      })),
    }));
    const ratio = await amplification({ kind: 'observations/record', observations });
    summary(`stored bytes per sent byte, API scan batch (200 customers × 3 subscriptions): ${ratio.toFixed(2)}${summaries()}`);
    expect(ratio).toBeLessThan(4);
  });

  it('a hostile batch: the longest evidence and 1000 one-letter subscriptions per customer', async () => {
    const evidence = `/v1/customers/${'e'.repeat(LIMITS.evidenceLength - 20)}`;
    const observation = (i: number) => ({
      customerId: guid(i),
      source: 'page',
      evidence,
      seenAt: '2026-11-24T08:00:00.000Z',
      subscriptions: Array.from({ length: LIMITS.subscriptionsPerObservation }, (_, n) => ({ name: String.fromCharCode(0x4e00 + n) })),
    });
    // A tenth of what fits in one command (the ratio is the same, the run far shorter).
    const observations = Array.from({ length: 12 }, (_, i) => observation(i));
    const ratio = await amplification({ kind: 'observations/record', observations });
    summary(`stored bytes per sent byte, hostile batch (${observations.length} customers × 1000 subscriptions, 2 KB evidence): ${ratio.toFixed(2)}${summaries()}`);
    expect(ratio).toBeLessThan(15);
  });

  it("a customer's subscriptions page (the retired SKU, its replacement, 8 other products)", async () => {
    const customerId = guid(1);
    const url = `https://partner.microsoft.com/en-us/dashboard/v2/customers/${customerId}/subscriptions`;
    const names = [
      'Dynamics AX Enterprise',
      'Dynamics 365 Finance',
      'Office 365 E3',
      'Microsoft 365 Business Premium',
      'Exchange Online (Plan 1)',
      'Power BI Pro',
      'Visio Plan 2',
      'Project Plan 3',
      'Microsoft Teams Rooms Pro',
      'Windows 10/11 Enterprise E3',
    ];
    const subscriptions = names.map((name) => ({ name, status: 'active', quantity: 25, channel: null, text: `${name} · Active · 25 · Auto renews on Dec 31, 2026` }));
    const reading = {
      url,
      pageKind: 'subscriptions',
      customerId,
      subscriptionId: null,
      locale: 'en-us',
      seenAt: '2026-11-24T08:00:00.000Z',
      customerName: 'Contoso Ltd',
      incomplete: null,
      partialGrid: false,
      subscriptions,
      users: null,
      customers: null,
    };
    const ratio = await amplification({ kind: 'page/reading', reading }, { ...CONTENT_SENDER, url });
    summary(`stored bytes per sent byte, a subscriptions page (10 rows): ${ratio.toFixed(2)}${summaries()}`);
    expect(ratio).toBeLessThan(4);
  });

  it('a hostile page: 5000 retired-looking rows under the longest URL', async () => {
    const customerId = guid(1);
    const url = `https://partner.microsoft.com/en-us/dashboard/v2/customers/${customerId}/subscriptions?${'q'.repeat(LIMITS.evidenceLength - 120)}`;
    const subscriptions = Array.from({ length: LIMITS.rowsPerReading }, (_, n) => ({
      name: `Dynamics AX Enterprise ${n}`,
      status: 'active',
      quantity: 1,
      channel: null,
      text: `Dynamics AX Enterprise ${n}`,
    }));
    const reading = {
      url,
      pageKind: 'subscriptions',
      customerId,
      subscriptionId: null,
      locale: 'en-us',
      seenAt: '2026-11-24T08:00:00.000Z',
      customerName: 'Contoso',
      incomplete: null,
      partialGrid: false,
      subscriptions,
      users: null,
      customers: null,
    };
    const ratio = await amplification({ kind: 'page/reading', reading }, { ...CONTENT_SENDER, url: `https://partner.microsoft.com/en-us/dashboard/v2/customers/${customerId}/subscriptions` });
    summary(`stored bytes per sent byte, hostile page (5000 rows, 2 KB URL): ${ratio.toFixed(2)}${summaries()}`);
    expect(ratio).toBeLessThan(3);
  });
});

import { describe, expect, test } from 'vitest';
import { PartnerCenterClient, type FetchLike } from '../../src/api/partner-center-client.ts';
import { runCustomerScan, type ScanSink } from '../../src/api/customer-scan.ts';
import { isScanCheckpoint, type ScanCheckpoint } from '../../src/api/scan-checkpoint.ts';
import type { CustomerObservation } from '../../src/core/observation.ts';
import { LIMITS } from '../../src/messages.ts';
import { createFakePartnerCenter, generateCustomers } from '../e2e/fake-partner-api.ts';
import { fakeClock } from './fake-clock.ts';

/**
 * A hostile or broken API's customer listing: the scan ends with a clear outcome in bounded work,
 * and every checkpoint it saves is one the worker accepts and a resume can start from.
 */

/** Stops a runaway scan: past this many requests the test has already failed. */
const RUNAWAY = 5_000;

function sinkLikeWorker() {
  const recorded = new Map<string, number>();
  const checkpoints: ScanCheckpoint[] = [];
  const sink: ScanSink = {
    async record(observations: CustomerObservation[]) {
      for (const o of observations) recorded.set(o.customerId, (recorded.get(o.customerId) ?? 0) + 1);
    },
    async saveCheckpoint(checkpoint) {
      // What the worker does with it: refuse anything over the limit; a resume re-reads and checks it.
      const json = JSON.stringify(checkpoint);
      if (json.length > LIMITS.checkpointLength) throw new Error(`checkpoint of ${json.length} characters refused`);
      expect(isScanCheckpoint(JSON.parse(json))).toBe(true);
      checkpoints.push(JSON.parse(json) as ScanCheckpoint);
    },
  };
  return { sink, recorded, checkpoints };
}

function answering(route: (url: URL, headers: Record<string, string>) => unknown) {
  let requests = 0;
  const fetch: FetchLike = async (url, init) => {
    requests += 1;
    if (requests > RUNAWAY) throw new Error('runaway listing');
    const body = route(new URL(url), init.headers);
    return { status: 200, headers: { get: () => null }, text: async () => JSON.stringify(body) };
  };
  return { fetch, requests: () => requests };
}

describe('a listing that never ends', () => {
  test('empty pages whose continuation token changes every time: stops after a few, with a clear reason', async () => {
    const clock = fakeClock();
    let n = 0;
    const api = answering(() => ({ totalCount: 0, items: [], continuationToken: `token-${(n += 1)}` }));
    const client = new PartnerCenterClient({ fetch: api.fetch, getAccessToken: async () => 't', clock });
    const memory = sinkLikeWorker();
    const result = await runCustomerScan({ client, sink: memory.sink, clock, signal: new AbortController().signal, scanId: 's' });
    expect(result.state).toBe('failed');
    expect(result.stopReason?.kind).toBe('endless-listing');
    expect(api.requests()).toBeLessThanOrEqual(3);
  });

  test('empty pages between real ones are tolerated: the customers after them are read', async () => {
    const clock = fakeClock();
    const [a, b, c, d] = generateCustomers(4, '2026-11-24').map((customer) => ({ id: customer.id, companyProfile: { companyName: customer.companyName } }));
    const pages = [[a], [], [b, c], [], [], [d]];
    const api = answering((url, headers) => {
      if (url.pathname.endsWith('/subscriptions')) return { items: [] };
      const index = url.searchParams.get('seekOperation') ? Number(headers['MS-ContinuationToken']) : 0;
      return { items: pages[index] ?? [], ...(index + 1 < pages.length ? { continuationToken: String(index + 1) } : {}) };
    });
    const client = new PartnerCenterClient({ fetch: api.fetch, getAccessToken: async () => 't', clock });
    const memory = sinkLikeWorker();
    const result = await runCustomerScan({ client, sink: memory.sink, clock, signal: new AbortController().signal, scanId: 's' });
    expect(result.state).toBe('done');
    expect(result.counts.customersDone).toBe(4);
  });

  test('non-empty pages that go round and round: the run stops at its page limit and says so (resumable)', async () => {
    const clock = fakeClock();
    const customers = generateCustomers(3, '2026-11-24');
    let n = 0;
    const api = answering((url) => {
      if (url.pathname.endsWith('/subscriptions')) return { items: [] };
      return { items: customers.map((c) => ({ id: c.id, companyProfile: { companyName: c.companyName } })), continuationToken: `t${(n += 1)}` };
    });
    const client = new PartnerCenterClient({ fetch: api.fetch, getAccessToken: async () => 't', clock });
    const memory = sinkLikeWorker();
    const result = await runCustomerScan({ client, sink: memory.sink, clock, signal: new AbortController().signal, scanId: 's', maxPagesPerRun: 40 });
    expect(result.state).toBe('paused');
    expect(result.stopReason?.kind).toBe('page-limit');
    expect(result.pagesListed).toBe(40);
    // The same three customers, read again and again, are still one record each (upsert).
    expect(memory.recorded.size).toBe(3);
  });
});

describe('a page far larger than asked for', () => {
  test("3,000 customers in one page: every checkpoint fits the worker's limit, and an interrupted scan resumes to the end", async () => {
    const clock = fakeClock();
    const customers = generateCustomers(3_000, '2026-11-24').map((c, i) => ({ ...c, companyName: `"Contoso" \\ ${'N'.repeat(180)} ${i}` }));
    const fake = createFakePartnerCenter({ customers, fixedPageSize: 3_000, today: '2026-11-24', now: clock.now });
    const client = new PartnerCenterClient({ fetch: fake.fetch, getAccessToken: async () => 't', clock });
    const memory = sinkLikeWorker();
    const controller = new AbortController();
    const first = await runCustomerScan({
      client,
      sink: memory.sink,
      clock,
      signal: controller.signal,
      scanId: 's',
      onProgress: (cp) => {
        if (cp.counts.customersDone >= 1_100) controller.abort(new DOMException('Cancelled', 'AbortError'));
      },
    });
    expect(first.state).toBe('paused');
    expect(first.counts.customersDone).toBeLessThan(3_000);
    // Resume from what the worker holds, in a new run (nothing of the first run's memory).
    const saved = memory.checkpoints.at(-1)!;
    const second = await runCustomerScan({
      client: new PartnerCenterClient({ fetch: fake.fetch, getAccessToken: async () => 't', clock }),
      sink: memory.sink,
      clock,
      signal: new AbortController().signal,
      scanId: 's',
      checkpoint: saved,
    });
    expect(second.state).toBe('done');
    expect(memory.recorded.size).toBe(3_000);
    // Only the customers in flight at the cancel were read twice.
    const twice = [...memory.recorded.values()].filter((count) => count > 1).length;
    expect(twice).toBeLessThanOrEqual(300);
    expect(second.counts.customersDone).toBe(3_000 + twice);
    const largest = Math.max(...memory.checkpoints.map((cp) => JSON.stringify(cp).length));
    expect(largest).toBeLessThan(LIMITS.checkpointLength);
  });

  test('failures with long, escaped messages never push a checkpoint over the limit', async () => {
    const clock = fakeClock();
    const customers = generateCustomers(400, '2026-11-24').map((c) => ({ ...c, companyName: `\u0001"${'\\'.repeat(300)}` }));
    const fake = createFakePartnerCenter({ customers, fixedPageSize: 400, today: '2026-11-24', now: clock.now });
    const hostile: FetchLike = async (url, init) => {
      if (!url.includes('/subscriptions')) return fake.fetch(url, init);
      return { status: 404, headers: { get: () => null }, text: async () => JSON.stringify({ code: 1, description: '\u0002"'.repeat(2_000) }) };
    };
    const client = new PartnerCenterClient({ fetch: hostile, getAccessToken: async () => 't', clock });
    const memory = sinkLikeWorker();
    const result = await runCustomerScan({ client, sink: memory.sink, clock, signal: new AbortController().signal, scanId: 's' });
    expect(result.state).toBe('done');
    expect(result.counts.failed).toBe(400);
    expect(result.failures.length).toBeGreaterThan(0);
  });
});

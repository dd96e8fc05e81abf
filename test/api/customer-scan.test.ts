import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { CustomerObservation } from '../../src/core/observation.ts';
import { PartnerCenterClient } from '../../src/api/partner-center-client.ts';
import { runCustomerScan, type ScanSink } from '../../src/api/customer-scan.ts';
import { isResumable, isScanCheckpoint, type ScanCheckpoint } from '../../src/api/scan-checkpoint.ts';
import { scanProgress } from '../../src/api/scan-progress.ts';
import { matchRetiredSku } from '../../src/core/catalog.ts';
import { parseCommand } from '../../src/background/router.ts';
import { CommandError, LIMITS, type Reply } from '../../src/messages.ts';
import type { DashboardView } from '../../src/core/tracked-customers.ts';
import { EXTENSION_ID, EXTENSION_ORIGIN, freshIndexedDb, PAGE_SENDER } from '../background/tracker-fixtures.ts';
import { createFakePartnerCenter, expectedFindings, generateCustomers, type FakeApiOptions } from '../e2e/fake-partner-api.ts';
import { fakeClock } from './fake-clock.ts';

/**
 * The tracker's upsert, reduced to what matters here: one record per customer, and how many writes.
 * Like the worker, a complete observation with nothing in it creates nothing for an unknown customer.
 */
function memorySink() {
  const records = new Map<string, CustomerObservation>();
  /** Every observation the scan sent, by customer (the last one). */
  const sent = new Map<string, CustomerObservation>();
  const checkpoints: ScanCheckpoint[] = [];
  let writes = 0;
  let batches = 0;
  const sink: ScanSink = {
    async record(observations) {
      batches += 1;
      for (const observation of observations) {
        sent.set(observation.customerId, observation);
        if (observation.complete && observation.subscriptions.length === 0 && !records.has(observation.customerId)) continue;
        writes += 1;
        records.set(observation.customerId, observation);
      }
    },
    async saveCheckpoint(checkpoint) {
      expect(isScanCheckpoint(JSON.parse(JSON.stringify(checkpoint)))).toBe(true);
      checkpoints.push(checkpoint);
    },
  };
  return { sink, records, sent, checkpoints, writes: () => writes, batches: () => batches };
}

function setup(options: FakeApiOptions) {
  const clock = fakeClock();
  const fake = createFakePartnerCenter({ today: '2026-11-24', now: clock.now, ...options });
  const client = new PartnerCenterClient({ fetch: fake.fetch, getAccessToken: async () => 'token', clock, correlationId: 'scan-1' });
  const expected = expectedFindings(fake.customers, (name) => matchRetiredSku(name) !== null).map((f) => f.customer.id);
  return { clock, fake, client, expected };
}

describe('runCustomerScan', () => {
  test('records every customer holding a retired SKU or an expiring subscription, once, and nothing else', async () => {
    const { clock, fake, client, expected } = setup({ customers: 57, maxPageSize: 20 });
    const memory = memorySink();
    const result = await runCustomerScan({ client, sink: memory.sink, clock, signal: new AbortController().signal, scanId: 'scan-1', pageSize: 20 });
    expect(result.state).toBe('done');
    expect([...memory.records.keys()].sort()).toEqual([...expected].sort());
    expect(memory.writes()).toBe(expected.length);
    // Every customer read sent its complete list, so a later scan clears what this one recorded.
    expect(memory.sent.size).toBe(57);
    expect([...memory.sent.values()].every((o) => o.complete === true && o.source === 'api')).toBe(true);
    // Batched: one record command per batch of customers, not one per customer.
    expect(memory.batches()).toBeLessThanOrEqual(Math.ceil(57 / 25) + 3);
    expect(result.counts.customersDone).toBe(57);
    expect(result.counts.withRetired).toBe(fake.customers.filter((c) => c.subscriptions.some((s) => matchRetiredSku(s.offerName))).length);
    expect(result.pagesListed).toBe(3);
    expect(scanProgress(result)).toMatchObject({ done: 57, total: 57, fraction: 1 });
    // Every request carried the scan's correlation id and its own request id.
    expect(fake.log.every((r) => r.correlationId === 'scan-1' && r.requestId)).toBe(true);
  });

  test("the days left come from the API end date, with the sample's malformed dates and placeholders handled", async () => {
    const { clock, client, fake } = setup({ customers: 24 });
    const memory = memorySink();
    await runCustomerScan({ client, sink: memory.sink, clock, signal: new AbortController().signal, scanId: 's' });
    for (const customer of fake.customers) {
      const retired = customer.subscriptions.find((s) => matchRetiredSku(s.offerName));
      const recorded = memory.records.get(customer.id);
      if (!retired) {
        const expiring = customer.subscriptions.find((s) => !s.autoRenewEnabled && !s.commitmentEndDate.startsWith('9999'));
        if (!expiring) expect(recorded).toBeUndefined();
        else expect(recorded?.subscriptions.find((s) => s.subscriptionId === expiring.id)?.renewal).toEqual({ kind: 'expires', date: expiring.commitmentEndDate.slice(0, 10) });
        expect(recorded?.subscriptions.some((s) => s.name.includes('Power BI')) ?? false).toBe(false);
        continue;
      }
      const sub = recorded?.subscriptions.find((s) => s.subscriptionId === retired.id);
      expect(sub?.renewal).toEqual({ kind: 'expires', date: retired.commitmentEndDate.slice(0, 10) });
      // The far-future placeholder subscription is never recorded.
      expect(recorded?.subscriptions.some((s) => s.name.includes('Power BI'))).toBe(false);
    }
  });

  test('cancel leaves a resumable checkpoint; resuming finishes with nothing lost and nothing duplicated', async () => {
    const { clock, client, expected } = setup({ customers: 80, maxPageSize: 25 });
    const memory = memorySink();
    const controller = new AbortController();
    const first = await runCustomerScan({
      client,
      sink: memory.sink,
      clock,
      signal: controller.signal,
      scanId: 'scan-1',
      pageSize: 25,
      onProgress: (cp) => {
        if (cp.counts.customersDone >= 33) controller.abort(new DOMException('Cancelled', 'AbortError'));
      },
    });
    expect(first.state).toBe('paused');
    expect(isResumable(first)).toBe(true);
    expect(first.counts.customersDone).toBeLessThan(80);
    // Resume from what was persisted (a JSON round trip, as through the worker).
    const saved = JSON.parse(JSON.stringify(memory.checkpoints.at(-1))) as unknown;
    expect(isScanCheckpoint(saved)).toBe(true);
    const second = await runCustomerScan({
      client,
      sink: memory.sink,
      clock,
      signal: new AbortController().signal,
      scanId: 'scan-1',
      checkpoint: saved as ScanCheckpoint,
    });
    expect(second.state).toBe('done');
    expect([...memory.records.keys()].sort()).toEqual([...expected].sort());
    // Customers in flight at the cancel may be read twice; the upsert makes that harmless.
    expect(second.counts.customersDone).toBeGreaterThanOrEqual(80);
    expect(second.counts.customersDone).toBeLessThanOrEqual(80 + 8);
  });

  test('a 429 storm and a per-minute limit: Retry-After honoured, nothing lost, few 429s', async () => {
    const { clock, client, fake, expected } = setup({ customers: 300, maxPageSize: 100, rateLimit: { requests: 100, windowMs: 60_000 } });
    fake.stormUntil(clock.now() + 45_000);
    const memory = memorySink();
    const start = clock.now();
    const result = await runCustomerScan({ client, sink: memory.sink, clock, signal: new AbortController().signal, scanId: 's', pageSize: 100 });
    expect(result.state).toBe('done');
    expect([...memory.records.keys()].sort()).toEqual([...expected].sort());
    const ok = fake.log.filter((r) => r.status === 200).length;
    const throttled = fake.log.filter((r) => r.status === 429).length;
    expect(ok).toBe(303);
    // No retry storm: a handful of 429s per throttling episode, not one per waiting request per second.
    expect(throttled).toBeLessThan(ok * 0.1);
    // 303 requests at 100 per minute, after a 45 s storm: at least ~3 minutes, and not much more.
    const elapsed = clock.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(45_000 + 3 * 60_000 - 60_000);
    expect(elapsed).toBeLessThan(45_000 + 4 * 60_000);
  });

  test('5xx answers are retried; the scan completes', async () => {
    const { clock, client, fake, expected } = setup({ customers: 40, serverErrorRate: 0.3 });
    const memory = memorySink();
    const result = await runCustomerScan({ client, sink: memory.sink, clock, signal: new AbortController().signal, scanId: 's' });
    expect(result.state).toBe('done');
    expect(memory.records.size).toBe(expected.length);
    expect(fake.log.some((r) => r.status >= 500)).toBe(true);
  });

  test('a customer the API refuses is noted and skipped; the others are still read', async () => {
    const { clock, fake } = setup({ customers: 10 });
    const gone = fake.customers[3]!;
    // The customer left between listing and reading: 404 for its subscriptions.
    fake.customers[3] = { ...gone, id: 'ffffffff-ffff-4fff-8fff-ffffffffffff' };
    const listing = createFakePartnerCenter({ customers: [gone, ...fake.customers.filter((_, i) => i !== 3)], today: '2026-11-24' });
    const listingClient = new PartnerCenterClient({
      fetch: async (url, init) => (url.includes('/subscriptions') ? fake.fetch(url, init) : listing.fetch(url, init)),
      getAccessToken: async () => 't',
      clock,
    });
    const memory = memorySink();
    const result = await runCustomerScan({ client: listingClient, sink: memory.sink, clock, signal: new AbortController().signal, scanId: 's' });
    expect(result.state).toBe('done');
    expect(result.counts.failed).toBe(1);
    expect(result.failures[0]).toMatchObject({ customerId: gone.id, kind: 'not-found' });
    expect(result.counts.customersDone).toBe(9);
  });

  test('a revoked sign-in stops the scan with a reason, keeping the rest for a resume', async () => {
    const { clock, fake, expected } = setup({ customers: 30, maxPageSize: 10 });
    let allowed = 14;
    const client = new PartnerCenterClient({
      fetch: (url, init) => (allowed-- > 0 ? fake.fetch(url, init) : fake.fetch(url, { ...init, headers: { ...init.headers, Authorization: '' } })),
      getAccessToken: async () => 'token',
      clock,
    });
    const memory = memorySink();
    const result = await runCustomerScan({ client, sink: memory.sink, clock, signal: new AbortController().signal, scanId: 's', pageSize: 10, workers: 2 });
    expect(result.state).toBe('failed');
    expect(result.stopReason?.kind).toBe('unauthorized');
    expect(isResumable(result)).toBe(true);
    expect(result.pending.length).toBeGreaterThan(0);
    const resumed = await runCustomerScan({
      client: new PartnerCenterClient({ fetch: fake.fetch, getAccessToken: async () => 'token', clock }),
      sink: memory.sink,
      clock,
      signal: new AbortController().signal,
      scanId: 's',
      checkpoint: result,
    });
    expect(resumed.state).toBe('done');
    expect([...memory.records.keys()].sort()).toEqual([...expected].sort());
  });
});

test("a checkpoint with a full page of long-named customers fits the worker's size limit", async () => {
  const clock = fakeClock();
  const base = createFakePartnerCenter({ customers: 100, today: '2026-11-24' });
  const fake = createFakePartnerCenter({ customers: base.customers.map((c) => ({ ...c, companyName: 'N'.repeat(500) })), today: '2026-11-24', now: clock.now });
  const client = new PartnerCenterClient({ fetch: fake.fetch, getAccessToken: async () => 't', clock });
  const memory = memorySink();
  await runCustomerScan({ client, sink: memory.sink, clock, signal: new AbortController().signal, scanId: 's', pageSize: 100 });
  const largest = Math.max(...memory.checkpoints.map((cp) => JSON.stringify(cp).length));
  expect(largest).toBeLessThan(LIMITS.checkpointLength);
});

describe('scanProgress', () => {
  test('time left from the scanning rate, unknown until the total is', async () => {
    const { clock, client } = setup({ customers: 30, maxPageSize: 10, totalCount: 'page', latencyMs: 0 });
    const memory = memorySink();
    const seen: ReturnType<typeof scanProgress>[] = [];
    await runCustomerScan({
      client,
      sink: memory.sink,
      clock: { ...clock, now: () => clock.now() },
      signal: new AbortController().signal,
      scanId: 's',
      pageSize: 10,
      onProgress: (cp) => {
        clock.advance(1_000);
        seen.push(scanProgress(cp));
      },
    });
    // While pages remain and the API reports only page counts, the total is a lower bound.
    expect(seen.some((p) => !p.totalKnown && p.msLeft === null)).toBe(true);
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ done: 30, total: 30, totalKnown: true, fraction: 1, msLeft: 0 });
    expect(last.perMinute).toBeGreaterThan(0);
  });
});

test('a continuation token that expired while paused: the listing starts again, nothing is lost or duplicated', async () => {
  const { clock, client, fake, expected } = setup({ customers: 60, maxPageSize: 20 });
  const memory = memorySink();
  const controller = new AbortController();
  const first = await runCustomerScan({
    client,
    sink: memory.sink,
    clock,
    signal: controller.signal,
    scanId: 's',
    pageSize: 20,
    onProgress: (cp) => {
      if (cp.counts.customersDone >= 30) controller.abort(new DOMException('Cancelled', 'AbortError'));
    },
  });
  expect(first.state).toBe('paused');
  fake.expireContinuationTokens();
  const resumed = await runCustomerScan({ client, sink: memory.sink, clock, signal: new AbortController().signal, scanId: 's', checkpoint: first });
  expect(resumed.state).toBe('done');
  expect(resumed.relisted).toBe(1);
  expect(resumed.counts.customersDone).toBe(60);
  expect([...memory.records.keys()].sort()).toEqual([...expected].sort());
  expect(fake.log.some((r) => r.status === 400)).toBe(true);
});

test('when the worker cannot record, the scan stops and the unrecorded customers stay pending', async () => {
  const { clock, client } = setup({ customers: 40, maxPageSize: 40 });
  const checkpoints: ScanCheckpoint[] = [];
  let calls = 0;
  const result = await runCustomerScan({
    client,
    clock,
    signal: new AbortController().signal,
    scanId: 's',
    pageSize: 40,
    sink: {
      record: async () => {
        calls += 1;
        if (calls > 1) throw new Error('No reply from the background worker.');
      },
      saveCheckpoint: async (cp) => {
        checkpoints.push(cp);
      },
    },
  });
  expect(result.state).toBe('failed');
  expect(result.stopReason).toEqual({ kind: 'unexpected', message: 'No reply from the background worker.' });
  // Recorded customers left the pending list; every other one is still there for the resume.
  expect(result.counts.customersDone + result.pending.length).toBe(40);
  expect(result.pending.length).toBeGreaterThan(0);
});

/** A sink that checks each batch as the worker does, refusing the whole batch for one bad field. */
/** A sink that validates like the worker; `refuse` stands for a rule the scan cannot know (a newer worker). */
function workerLikeSink(refuse: (observation: CustomerObservation) => boolean = () => false) {
  const memory = memorySink();
  const batchSizes: number[] = [];
  const sink: ScanSink = {
    async record(observations) {
      batchSizes.push(observations.length);
      const parsed = parseCommand({ kind: 'observations/record', observations });
      if (!parsed.ok) throw new CommandError(parsed.error);
      const refused = observations.findIndex(refuse);
      if (refused >= 0) throw new CommandError({ code: 'invalid-command', message: `observations[${refused}].subscriptions[0].quantity: out of range` });
      await memory.sink.record(observations);
    },
    saveCheckpoint: memory.sink.saveCheckpoint,
  };
  return { ...memory, sink, batchSizes };
}

test('one record the worker refuses fails that customer only: the rest of its batch is recorded, and the scan finishes', async () => {
  const clock = fakeClock();
  const customers = generateCustomers(30, '2026-11-24');
  const bad = customers[4]!;
  bad.subscriptions = [{ ...bad.subscriptions[0]!, offerName: 'Dynamics AX Enterprise' }];
  const fake = createFakePartnerCenter({ customers, today: '2026-11-24', now: clock.now });
  const client = new PartnerCenterClient({ fetch: fake.fetch, getAccessToken: async () => 't', clock });
  // Nothing our side can know is wrong, but the worker refuses it.
  const worker = workerLikeSink((observation) => observation.customerId === bad.id);
  const result = await runCustomerScan({ client, sink: worker.sink, clock, signal: new AbortController().signal, scanId: 's' });
  expect(result.state).toBe('done');
  expect(result.counts.failed).toBe(1);
  expect(result.failures).toEqual([expect.objectContaining({ customerId: bad.id, name: bad.companyName, kind: 'rejected' })]);
  expect(result.failures[0]?.message).toMatch(/quantity/);
  expect(result.counts.customersDone).toBe(29);
  const expected = expectedFindings(customers, (name) => matchRetiredSku(name) !== null)
    .map((f) => f.customer.id)
    .filter((id) => id !== bad.id);
  expect([...worker.records.keys()].sort()).toEqual(expected.sort());
  // A resume never meets the refused customer again: it left the pending list.
  expect(result.pending).toEqual([]);
});

test('a worker that cannot write (not a refusal) still stops the scan: nothing is marked failed for it', async () => {
  const { clock, client } = setup({ customers: 10 });
  const result = await runCustomerScan({
    client,
    clock,
    signal: new AbortController().signal,
    scanId: 's',
    sink: {
      record: async () => {
        throw new CommandError({ code: 'storage-failed', message: 'Quota exceeded' });
      },
      saveCheckpoint: async () => {},
    },
  });
  expect(result.state).toBe('failed');
  expect(result.counts.failed).toBe(0);
  expect(result.pending.length).toBe(10);
});

describe('a rescan clears what the previous scan recorded and is no longer so (through the real worker)', () => {
  // One timeline for the scan and the worker (which dates what it records and says what day it is).
  let clock: ReturnType<typeof fakeClock>;
  let worker: { send(message: unknown): Promise<Reply<unknown>>; close(): Promise<void> };

  beforeEach(async () => {
    clock = fakeClock(Date.parse('2026-11-24T09:00:00.000Z'));
    const now = () => new Date(clock.now()).toISOString();
    freshIndexedDb();
    vi.resetModules();
    const router = await import('../../src/background/router.ts');
    const db = await import('../../src/background/db.ts');
    const env = { extensionId: EXTENSION_ID, extensionOrigin: EXTENSION_ORIGIN, db: () => db.openTrackerDb(), now, openPage: async () => undefined };
    worker = { send: async (message) => (await router.route(message, PAGE_SENDER, env)).reply, close: () => db.closeTrackerDb() };
  });
  afterEach(async () => {
    await worker.close();
  });

  const workerSink = (): ScanSink => ({
    async record(observations) {
      const reply = await worker.send({ kind: 'observations/record', observations });
      if (!reply.ok) throw new CommandError(reply.error);
    },
    async saveCheckpoint() {},
  });
  const dashboard = async () => {
    const reply = await worker.send({ kind: 'dashboard/get' });
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.data as DashboardView;
  };

  test('"Expires on" turned back to auto-renew, and a retired subscription de-provisioned: both gone after the rescan', async () => {
    const customers = generateCustomers(30, '2026-11-24');
    // One customer whose only concern is a current product it chose not to renew…
    const renewing = customers.find((c) => !c.subscriptions.some((s) => matchRetiredSku(s.offerName)) && c.subscriptions.some((s) => s.offerName === 'Office 365 E1'))!;
    // …and one holding a retired SKU (and nothing expiring besides).
    const migrated = customers.find(
      (c) => c.subscriptions.filter((s) => matchRetiredSku(s.offerName)).length === 1 && !c.subscriptions.some((s) => s.offerName === 'Office 365 E1') && c.subscriptions[0]!.status === 'active',
    )!;
    const fake = createFakePartnerCenter({ customers, today: '2026-11-24', now: clock.now });
    const client = new PartnerCenterClient({ fetch: fake.fetch, getAccessToken: async () => 't', clock });
    const scan = (scanId: string) => runCustomerScan({ client, sink: workerSink(), clock, signal: new AbortController().signal, scanId });

    expect((await scan('first')).state).toBe('done');
    const before = (await dashboard()).customers.map((c) => c.customerId);
    expect(before).toEqual(expect.arrayContaining([renewing.id, migrated.id]));

    // The partner turns auto-renew back on; the other customer's legacy subscription is de-provisioned.
    for (const s of renewing.subscriptions) s.autoRenewEnabled = true;
    migrated.subscriptions = migrated.subscriptions.filter((s) => !matchRetiredSku(s.offerName));
    clock.advance(24 * 3_600_000);
    expect((await scan('second')).state).toBe('done');

    const after = (await dashboard()).customers.map((c) => c.customerId);
    expect(after).not.toContain(renewing.id);
    expect(after).not.toContain(migrated.id);
    expect(after.sort()).toEqual(
      expectedFindings(customers, (name) => matchRetiredSku(name) !== null)
        .map((f) => f.customer.id)
        .sort(),
    );
  });
});

/**
 * Session mode in Node, with every real part between the dashboard and the API: the session client
 * (src/api/session-transport.ts) → the worker's relay (src/background/api-relay.ts) → a Partner
 * Center tab's token → the fake API. The scan and the license move work the same as with a Microsoft
 * sign-in; an expired, refused or missing session pauses the scan instead of failing it.
 */
import { describe, expect, test } from 'vitest';
import { relayApiRequest, type SessionSource } from '../../src/background/api-relay.ts';
import { runCustomerScan, type ScanSink } from '../../src/api/customer-scan.ts';
import { readLicenseMoveInputs, runLicenseMove } from '../../src/api/license-move.ts';
import { isResumable, type ScanCheckpoint } from '../../src/api/scan-checkpoint.ts';
import { sessionClient } from '../../src/api/session-transport.ts';
import { matchRetiredSku } from '../../src/core/catalog.ts';
import { planLicenseMove } from '../../src/core/license-move-plan.ts';
import type { CustomerObservation } from '../../src/core/observation.ts';
import { createFakePartnerCenter, expectedFindings, generateCustomers, type FakeApiOptions } from '../e2e/fake-partner-api.ts';
import { sampleLicensing, SAMPLE_SKUS } from '../e2e/fake-partner-licenses.ts';
import { fakeClock } from './fake-clock.ts';

const FIRST_TOKEN = 'eyJ0eXAiOiJKV1QifQ.session-one.sig';
const SECOND_TOKEN = 'eyJ0eXAiOiJKV1QifQ.session-two.sig';

function session(options: FakeApiOptions = {}) {
  const clock = fakeClock();
  const accepted = new Set([FIRST_TOKEN, SECOND_TOKEN]);
  const used: string[] = [];
  const fake = createFakePartnerCenter({
    today: '2026-11-24',
    now: clock.now,
    acceptToken: (token) => {
      used.push(token);
      return accepted.has(token);
    },
    ...options,
  });
  const page = { open: true, token: FIRST_TOKEN as string | null };
  const source: SessionSource = { tabs: async () => (page.open ? [7] : []), ask: async () => ({ token: page.token }) };
  const fetch = (async (url: string, init: RequestInit) => {
    const target = new URL(url);
    const answer = await fake.answer(init.method ?? 'GET', target.pathname + target.search, init.headers as Record<string, string>, init.body as string | undefined);
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  }) as typeof globalThis.fetch;
  const client = sessionClient((request) => relayApiRequest(request, { source, fetch }), { clock, correlationId: 'scan-s' });
  const records = new Map<string, CustomerObservation>();
  const checkpoints: ScanCheckpoint[] = [];
  const sink: ScanSink = {
    async record(observations) {
      for (const o of observations) if (!(o.complete && o.subscriptions.length === 0)) records.set(o.customerId, o);
    },
    async saveCheckpoint(cp) {
      checkpoints.push(JSON.parse(JSON.stringify(cp)) as ScanCheckpoint);
    },
  };
  const scan = (checkpoint: ScanCheckpoint | null = null, onProgress?: (cp: ScanCheckpoint) => void) =>
    runCustomerScan({ client, sink, clock, signal: new AbortController().signal, scanId: 'scan-s', pageSize: 20, checkpoint, ...(onProgress ? { onProgress } : {}) });
  const expected = () =>
    expectedFindings(fake.customers, (name) => matchRetiredSku(name) !== null)
      .map((f) => f.customer.id)
      .sort();
  return { clock, fake, page, client, records, scan, expected, used, accepted };
}

describe("the scan with the partner's Partner Center session (no app registration)", () => {
  test("scans every customer, every request carrying the page's token", async () => {
    const s = session({ customers: 45, maxPageSize: 20 });
    const result = await s.scan();
    expect(result.state).toBe('done');
    expect([...s.records.keys()].sort()).toEqual(s.expected());
    expect(s.fake.log.every((r) => r.hadToken && r.status === 200 && r.correlationId === 'scan-s')).toBe(true);
    expect(new Set(s.used)).toEqual(new Set([FIRST_TOKEN]));
  });

  test('the page refreshes its token mid-scan: the next requests use the new one', async () => {
    const s = session({ customers: 45, maxPageSize: 20 });
    const result = await s.scan(null, (cp) => {
      if (cp.counts.customersDone >= 20) s.page.token = SECOND_TOKEN;
    });
    expect(result.state).toBe('done');
    expect(s.used.at(0)).toBe(FIRST_TOKEN);
    expect(s.used.at(-1)).toBe(SECOND_TOKEN);
  });

  test('signed out mid-scan: paused (not failed) with the reason; signed in again, it resumes with nothing lost or duplicated', async () => {
    const s = session({ customers: 60, maxPageSize: 20 });
    const paused = await s.scan(null, (cp) => {
      if (cp.counts.customersDone >= 25) s.page.token = null;
    });
    expect(paused.state).toBe('paused');
    expect(paused.stopReason?.kind).toBe('session-unavailable');
    expect(isResumable(paused)).toBe(true);
    s.page.token = SECOND_TOKEN;
    const resumed = await s.scan(paused);
    expect(resumed.state).toBe('done');
    expect(resumed.stopReason).toBeNull();
    expect([...s.records.keys()].sort()).toEqual(s.expected());
    expect(resumed.counts.customersDone).toBeLessThanOrEqual(60 + 25);
  });

  test('the page holds an expired token (401): paused as "session expired"', async () => {
    const s = session({ customers: 10 });
    s.accepted.delete(FIRST_TOKEN);
    const result = await s.scan();
    expect(result).toMatchObject({ state: 'paused', stopReason: { kind: 'session-expired' } });
    // Asked twice (once again in case the page had just refreshed it), not in a loop.
    expect(s.fake.log.filter((r) => r.status === 401)).toHaveLength(2);
  });

  test('the session is refused (403) for the listing: paused as "session refused"', async () => {
    const s = session({ customers: 10, forbidden: true });
    expect(await s.scan()).toMatchObject({ state: 'paused', stopReason: { kind: 'session-refused' } });
  });

  test('no Partner Center tab open: paused, saying to open Partner Center', async () => {
    const s = session({ customers: 10 });
    s.page.open = false;
    const result = await s.scan();
    expect(result).toMatchObject({ state: 'paused', stopReason: { kind: 'session-unavailable' } });
    expect(result.stopReason?.message).toContain('open Partner Center');
    expect(s.fake.log).toHaveLength(0);
  });
});

test('the license move runs the same way with the session', async () => {
  const licensing = sampleLicensing({ users: 25, targetUnits: 25 });
  const customer = { ...generateCustomers(1, '2026-11-24')[0]!, licensing };
  const s = session({ customers: [customer] });
  const inputs = await readLicenseMoveInputs(s.client, customer.id);
  const plan = planLicenseMove(inputs.users, inputs.skus, { retiredSkuId: SAMPLE_SKUS.retired.skuId, targetSkuId: SAMPLE_SKUS.target.skuId, whenShort: 'as-many-as-fit' });
  const run = await runLicenseMove({ api: s.client, customerId: customer.id, plan, clock: s.clock, signal: new AbortController().signal });
  expect(run.state).toBe('done');
  expect(run.verification).toMatchObject({ moved: 25, usersLeftOnRetired: 0 });
  expect(new Set(s.used)).toEqual(new Set([FIRST_TOKEN]));
});

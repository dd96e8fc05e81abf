import { describe, expect, test } from 'vitest';
import { PartnerCenterClient, PartnerCenterError, type FetchLike } from '../../src/api/partner-center-client.ts';
import { DEFAULT_RETRY_POLICY, backoffMs, throttleDelayMs } from '../../src/api/retry-policy.ts';
import { fakeClock } from './fake-clock.ts';

/**
 * A hostile API: every request is throttled with a Retry-After that says "now". Before the shared
 * retry rule, the client retried at once without end (20,000 requests in 20 s of virtual time).
 */
const HOSTILE: [string, number, Record<string, string>][] = [
  ['Retry-After: 0', 429, { 'retry-after': '0' }],
  ['Retry-After: 0.001 (a tiny fraction)', 429, { 'retry-after': '0.001' }],
  ['retry-after-ms: 0', 429, { 'retry-after-ms': '0' }],
  ['retry-after-ms: 0 beside Retry-After: 0', 429, { 'retry-after-ms': '0', 'retry-after': '0' }],
  ['Retry-After: a date in the past', 429, { 'retry-after': 'Thu, 01 Jan 1970 00:00:00 GMT' }],
  ['503 with Retry-After: 0', 503, { 'retry-after': '0' }],
];

/** Stops a runaway client: past this many requests the test has already failed. */
const RUNAWAY = 2_000;

function throttling(clock: ReturnType<typeof fakeClock>, status: number, headers: Record<string, string>) {
  const at: number[] = [];
  const fetch: FetchLike = async () => {
    at.push(clock.now());
    if (at.length > RUNAWAY) throw new Error('runaway retries');
    return {
      status,
      headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
      text: async () => JSON.stringify({ statusCode: status, message: 'Rate limit is exceeded. Try again in 0 seconds.' }),
    };
  };
  return { fetch, at };
}

const CUSTOMER = '11111111-1111-4111-8111-111111111111';

describe('hostile Retry-After values: requests stay bounded and spaced', () => {
  test.each(HOSTILE)('%s, on a read: gives up as "throttled" after a bounded number of ever longer waits', async (_name, status, headers) => {
    const clock = fakeClock();
    const api = throttling(clock, status, headers);
    const client = new PartnerCenterClient({ fetch: api.fetch, getAccessToken: async () => 't', clock, random: () => 0 });
    const error = await client.listSubscriptions(CUSTOMER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerCenterError);
    expect((error as PartnerCenterError).kind).toBe('throttled');
    expect(api.at.length).toBe(DEFAULT_RETRY_POLICY.maxThrottleRetries + 1);
    // Each retry waited at least the exponential backoff, whatever the header said.
    const gaps = api.at.slice(1).map((t, i) => t - api.at[i]!);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(backoffMs(i + 1, () => 0)));
    // In the audit's 20 s of virtual time: a handful of requests, not 20,000.
    expect(api.at.filter((t) => t - api.at[0]! <= 20_000).length).toBeLessThanOrEqual(6);
  });

  test.each(HOSTILE)('%s, on a write: the same rule (bounded, spaced)', async (_name, status, headers) => {
    const clock = fakeClock();
    const api = throttling(clock, status, headers);
    const client = new PartnerCenterClient({ fetch: api.fetch, getAccessToken: async () => 't', clock, random: () => 0 });
    const error = await client.send('POST', `/v1/customers/${CUSTOMER}/users/u1/licenseupdates`, { body: { licensesToAssign: [], licensesToRemove: [] } }).catch((e: unknown) => e);
    expect((error as PartnerCenterError).kind).toBe('throttled');
    expect(api.at.length).toBe(DEFAULT_RETRY_POLICY.maxThrottleRetries + 1);
    expect(api.at.filter((t) => t - api.at[0]! <= 20_000).length).toBeLessThanOrEqual(6);
  });

  test('twenty requests in parallel under "Retry-After: 0": every one bounded, and all wait together', async () => {
    const clock = fakeClock();
    const api = throttling(clock, 429, { 'retry-after': '0' });
    const client = new PartnerCenterClient({ fetch: api.fetch, getAccessToken: async () => 't', clock, random: () => 0.5 });
    const results = await Promise.all(Array.from({ length: 20 }, () => client.listSubscriptions(CUSTOMER).catch((e: unknown) => e)));
    expect(results.every((r) => r instanceof PartnerCenterError && r.kind === 'throttled')).toBe(true);
    expect(api.at.length).toBeLessThanOrEqual(20 * (DEFAULT_RETRY_POLICY.maxThrottleRetries + 1));
    // The shared "not before" time holds everyone back: far fewer than 20 requests per second.
    const span = (api.at.at(-1)! - api.at[0]!) / 1_000;
    expect(api.at.length / Math.max(1, span)).toBeLessThan(5);
  });

  test('a real Retry-After longer than the backoff is honoured as it is', async () => {
    const clock = fakeClock();
    const api = throttling(clock, 429, { 'retry-after': '30' });
    const client = new PartnerCenterClient({ fetch: api.fetch, getAccessToken: async () => 't', clock, random: () => 0 });
    await client.listSubscriptions(CUSTOMER).catch(() => undefined);
    expect(api.at[1]! - api.at[0]!).toBe(30_000);
  });

  test('the total wait is capped too: a huge Retry-After gives up early instead of waiting an hour per try', async () => {
    const clock = fakeClock();
    const api = throttling(clock, 429, { 'retry-after': '3600' });
    const client = new PartnerCenterClient({ fetch: api.fetch, getAccessToken: async () => 't', clock, maxThrottleWaitMs: 10 * 60_000 });
    const error = (await client.listSubscriptions(CUSTOMER).catch((e: unknown) => e)) as PartnerCenterError;
    expect(error.kind).toBe('throttled');
    expect(api.at).toHaveLength(1);
  });
});

describe('throttleDelayMs', () => {
  test("max(Retry-After, backoff): never below the backoff, never below the server's real value", () => {
    for (const attempt of [1, 2, 3, 6, 10]) {
      for (const retryAfter of [null, 0, 1, 0.001]) {
        expect(throttleDelayMs(retryAfter, attempt, () => 0)).toBe(backoffMs(attempt, () => 0));
      }
      expect(throttleDelayMs(120_000, attempt, () => 1)).toBe(120_000);
    }
    expect(backoffMs(1, () => 0)).toBe(500);
    expect(backoffMs(20, () => 1)).toBe(60_000);
  });
});

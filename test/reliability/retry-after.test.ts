/**
 * A hostile API that throttles every request with whatever Retry-After it likes (zero, fractions,
 * negatives, junk, dates past and future, retry-after-ms): every call, read or write, stays bounded
 * in requests and never retries faster than the exponential backoff (the shared rule,
 * src/api/retry-policy.ts; the hand-picked cases are in test/api/retry-storms.test.ts).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PartnerCenterClient, PartnerCenterError, type FetchLike } from '../../src/api/partner-center-client.ts';
import { backoffMs, DEFAULT_RETRY_POLICY } from '../../src/api/retry-policy.ts';
import { fakeClock } from '../api/fake-clock.ts';
import { summary } from './reliability-fixtures.ts';

const CALLS = 400;
const CUSTOMER = '11111111-1111-4111-8111-111111111111';
const MAX_PER_CALL = DEFAULT_RETRY_POLICY.maxThrottleRetries + 1;

const seconds = fc.oneof(
  fc.constantFrom('0', '0.0', '0.001', '-1', '-0', '00', '1e9', 'NaN', 'Infinity', '', ' ', '0x10', '١', '5, 0'),
  fc.double({ min: -10, max: 5, noNaN: true }).map(String),
  fc.nat(3).map(String),
  fc.string({ maxLength: 12 }),
);
const httpDate = fc.integer({ min: -10 * 86_400_000, max: 60_000 }).map((offset) => new Date(Date.UTC(2026, 10, 24, 9) + offset).toUTCString());
const headers = fc.record({ 'retry-after': fc.oneof(seconds, httpDate), 'retry-after-ms': seconds, 'x-ms-retry-after-ms': seconds }, { requiredKeys: [] });
const call = fc.record({ status: fc.constantFrom(429, 503), headers, write: fc.boolean() });

describe('hostile Retry-After values', () => {
  it(`${CALLS} throttled calls: each bounded in requests, never faster than the backoff`, { timeout: 60_000 }, async () => {
    let requests = 0;
    let mostPerCall = 0;
    let mostIn20s = 0;
    let tooFast = 0;
    await fc.assert(
      fc.asyncProperty(call, async ({ status, headers: sent, write }) => {
        const clock = fakeClock();
        const at: number[] = [];
        const fetch: FetchLike = async () => {
          at.push(clock.now());
          if (at.length > 10 * MAX_PER_CALL) throw new Error('runaway retries');
          return { status, headers: { get: (name: string) => (sent as Record<string, string>)[name.toLowerCase()] ?? null }, text: async () => '{"statusCode":429}' };
        };
        const client = new PartnerCenterClient({ fetch, getAccessToken: async () => 't', clock, random: () => 0 });
        const outcome = await (
          write ? client.send('POST', `/v1/customers/${CUSTOMER}/users/u1/licenseupdates`, { body: { licensesToAssign: [], licensesToRemove: [] } }) : client.listSubscriptions(CUSTOMER)
        ).catch((e: unknown) => e);
        expect(outcome).toBeInstanceOf(PartnerCenterError);
        requests += at.length;
        mostPerCall = Math.max(mostPerCall, at.length);
        mostIn20s = Math.max(mostIn20s, at.filter((t) => t - at[0]! <= 20_000).length);
        at.slice(1).forEach((t, i) => {
          if (t - at[i]! < backoffMs(i + 1, () => 0)) tooFast += 1;
        });
        expect(at.length).toBeLessThanOrEqual(MAX_PER_CALL);
      }),
      { numRuns: CALLS, seed: 13 },
    );
    summary(
      `hostile Retry-After: ${CALLS} throttled calls (reads and writes, 429 and 503) → ${requests} requests, at most ${mostPerCall} per call (bound ${MAX_PER_CALL}), at most ${mostIn20s} in 20 s of virtual time, ${tooFast} retries sooner than the backoff`,
    );
    expect(tooFast).toBe(0);
    expect(mostIn20s).toBeLessThanOrEqual(6);
  });
});

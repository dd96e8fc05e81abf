import { describe, expect, test } from 'vitest';
import { PartnerCenterClient, PartnerCenterError, type FetchLike } from '../../src/api/partner-center-client.ts';
import { retryAfterMs } from '../../src/api/retry-policy.ts';
import { createFakePartnerCenter } from '../e2e/fake-partner-api.ts';
import { fakeClock } from './fake-clock.ts';

function scripted(answers: { status: number; headers?: Record<string, string>; body?: unknown }[]) {
  const calls: { url: string; headers: Record<string, string> }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, headers: init.headers });
    const answer = answers.shift() ?? { status: 200, body: { items: [] } };
    return {
      status: answer.status,
      headers: { get: (name: string) => answer.headers?.[name.toLowerCase()] ?? null },
      text: async () => (answer.body === undefined ? '' : JSON.stringify(answer.body)),
    };
  };
  return { fetch, calls };
}

const token = async () => 'token-1';

describe('PartnerCenterClient', () => {
  test('sends the documented headers; one MS-RequestId per logical request, kept across retries', async () => {
    const { fetch, calls } = scripted([{ status: 503 }, { status: 200, body: { items: [] } }]);
    const client = new PartnerCenterClient({ fetch, getAccessToken: token, clock: fakeClock(), correlationId: 'scan-1' });
    await client.listSubscriptions('11111111-1111-4111-8111-111111111111');
    expect(calls).toHaveLength(2);
    const [first, second] = calls;
    expect(first?.url).toBe('https://api.partnercenter.microsoft.com/v1/customers/11111111-1111-4111-8111-111111111111/subscriptions');
    expect(first?.headers.Authorization).toBe('Bearer token-1');
    expect(first?.headers.Accept).toBe('application/json');
    expect(first?.headers['MS-CorrelationId']).toBe('scan-1');
    expect(first?.headers['MS-RequestId']).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.headers['MS-RequestId']).toBe(first?.headers['MS-RequestId']);
  });

  test('honours Retry-After on 429: no request is sent before it, and it then succeeds', async () => {
    const clock = fakeClock();
    const { fetch, calls } = scripted([
      { status: 429, headers: { 'retry-after': '57' }, body: { statusCode: 429, message: 'Rate limit is exceeded. Try again in 57 seconds.' } },
      { status: 200, body: { items: [] } },
    ]);
    const client = new PartnerCenterClient({ fetch, getAccessToken: token, clock });
    const start = clock.now();
    await client.listSubscriptions('11111111-1111-4111-8111-111111111111');
    expect(calls).toHaveLength(2);
    expect(clock.now() - start).toBeGreaterThanOrEqual(57_000);
    expect(client.stats().throttled).toBe(1);
  });

  test('backs off exponentially on 5xx and gives up with a clear error after the retries', async () => {
    const clock = fakeClock();
    const { fetch, calls } = scripted(Array.from({ length: 10 }, () => ({ status: 500 })));
    const client = new PartnerCenterClient({ fetch, getAccessToken: token, clock, maxRetries: 4, random: () => 1 });
    const error = await client.listSubscriptions('11111111-1111-4111-8111-111111111111').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerCenterError);
    expect((error as PartnerCenterError).kind).toBe('server');
    expect(calls).toHaveLength(5);
    expect(clock.slept).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  test('on 401 asks for a fresh token once, then reports "unauthorized"', async () => {
    const asked: boolean[] = [];
    const { fetch, calls } = scripted([{ status: 401 }, { status: 401, body: { code: 401, description: 'expired' } }]);
    const client = new PartnerCenterClient({
      fetch,
      clock: fakeClock(),
      getAccessToken: async (force) => {
        asked.push(force);
        return force ? 'token-2' : 'token-1';
      },
    });
    const error = (await client.listSubscriptions('11111111-1111-4111-8111-111111111111').catch((e: unknown) => e)) as PartnerCenterError;
    expect(error.kind).toBe('unauthorized');
    expect(asked).toEqual([false, true]);
    expect(calls.map((c) => c.headers.Authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  test('403 is "forbidden" with the API\'s description, not retried', async () => {
    const { fetch, calls } = scripted([{ status: 403, body: { code: 403, description: 'No role' } }]);
    const client = new PartnerCenterClient({ fetch, getAccessToken: token, clock: fakeClock() });
    const error = (await client.listCustomers(100, null).catch((e: unknown) => e)) as PartnerCenterError;
    expect(error.kind).toBe('forbidden');
    expect(error.message).toBe('No role');
    expect(calls).toHaveLength(1);
  });

  test('a cancelled request stops waiting at once', async () => {
    const never: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => {
        if (init.signal?.aborted) reject(init.signal.reason);
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    const client = new PartnerCenterClient({ fetch: never, getAccessToken: token, clock: fakeClock() });
    const controller = new AbortController();
    const pending = client.listCustomers(100, null, controller.signal);
    await new Promise((r) => setTimeout(r, 5)); // the request is in flight
    controller.abort(new DOMException('Cancelled', 'AbortError'));
    await expect(pending).rejects.toThrow('Cancelled');
  });

  test('pages through every customer with continuation tokens, each once', async () => {
    const fake = createFakePartnerCenter({ customers: 23, maxPageSize: 10, today: '2026-11-24' });
    const client = new PartnerCenterClient({ fetch: fake.fetch, getAccessToken: token, clock: fakeClock() });
    const ids: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const page = await client.listCustomers(10, next);
      ids.push(...page.items.map((c) => c.id));
      next = page.continuationToken;
      pages += 1;
    } while (next);
    expect(pages).toBe(3);
    expect(ids).toEqual(fake.customers.map((c) => c.id));
    expect(fake.log[1]?.path).toBe('/v1/customers?size=10&seekOperation=next');
  });

  test("reads Retry-After as seconds, as an HTTP date, and Azure's retry-after-ms", () => {
    const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n] ?? null });
    expect(retryAfterMs(headers({ 'retry-after': '57' }), 0)).toBe(57_000);
    expect(retryAfterMs(headers({ 'retry-after': new Date(90_000).toUTCString() }), 30_000)).toBe(60_000);
    expect(retryAfterMs(headers({ 'retry-after-ms': '1500', 'retry-after': '2' }), 0)).toBe(1_500);
    expect(retryAfterMs(headers({ 'retry-after': 'soon' }), 0)).toBeNull();
  });
});

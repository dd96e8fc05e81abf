import { describe, expect, test } from 'vitest';
import { PartnerCenterClient, type FetchLike } from '../../src/api/partner-center-client.ts';
import { endEvents, endSubscription, subscriptionPath, type EndSubscriptionOptions } from '../../src/api/subscription-actions.ts';
import { createFakePartnerCenter, generateCustomers, type FakeApiOptions, type FakeCustomer, type FakeSubscription } from '../e2e/fake-partner-api.ts';
import { fakeClock } from './fake-clock.ts';

const NCE = 'CFQ7TTC0LH18:0001:CFQ7TTC0K971';

function setup(options: FakeApiOptions = {}, wrap: (fetch: FetchLike, fake: ReturnType<typeof createFakePartnerCenter>) => FetchLike = (f) => f) {
  const clock = fakeClock();
  const base = generateCustomers(1, '2026-11-24')[0]!;
  const legacy: FakeSubscription = { ...base.subscriptions[0]!, offerName: 'Dynamics AX Enterprise', status: 'active', autoRenewEnabled: false };
  const newCommerce: FakeSubscription = {
    ...legacy,
    id: 'a7d3c1f0-2b4e-4c6d-8e9f-0a1b2c3d4e5f',
    offerId: NCE,
    offerName: 'Dynamics 365 Business Central Essentials',
    autoRenewEnabled: true,
    commitmentEndDate: '2027-03-31T00:00:00Z',
  };
  const customer: FakeCustomer = { ...base, subscriptions: [legacy, newCommerce] };
  const fake = createFakePartnerCenter({ customers: [customer], today: '2026-11-24', now: clock.now, ...options });
  const client = new PartnerCenterClient({ fetch: wrap(fake.fetch, fake), getAccessToken: async () => 't', clock });
  const end = (subscription: FakeSubscription, patch: Partial<EndSubscriptionOptions> = {}) =>
    endSubscription({ api: client, clock, customerId: customer.id, subscriptionId: subscription.id, otherChannel: false, usersLeftOnRetired: 0, override: false, ...patch });
  const patches = () => fake.log.filter((r) => r.method === 'PATCH');
  return { clock, fake, customer, legacy, newCommerce, end, patches };
}

describe('endSubscription: legacy → suspend, with If-Match', () => {
  test('nobody left on the retired license: suspended, verified, recorded as the suspend step seen through the API', async () => {
    const sent: { headers: Record<string, string>; body: Record<string, unknown> }[] = [];
    const t = setup({}, (fetch) => async (url, init) => {
      if (init.method === 'PATCH') sent.push({ headers: init.headers, body: JSON.parse(init.body ?? '{}') as Record<string, unknown> });
      return fetch(url, init);
    });
    const result = await t.end(t.legacy);
    expect(result).toMatchObject({ outcome: 'done', action: 'suspend', subscription: { status: 'suspended' } });
    expect(t.legacy.status).toBe('suspended');
    expect(t.patches()).toHaveLength(1);
    // The full subscription, read just before, with its etag.
    expect(sent[0]?.headers['If-Match']).toMatch(/^".+-0"$/);
    expect(sent[0]?.body).toMatchObject({ id: t.legacy.id, offerId: t.legacy.offerId, offerName: 'Dynamics AX Enterprise', status: 'suspended', quantity: t.legacy.quantity });
    expect(endEvents(t.customer.id, result, false, '2026-11-24', 'Suspended through the API')).toEqual([
      { type: 'suspend-detected', date: '2026-11-24', evidence: { source: 'api', page: subscriptionPath(t.customer.id, t.legacy.id), text: 'Suspended through the API' } },
    ]);
  });

  test('users left on the retired license: refused without the override, nothing written; with it, suspended and the override recorded', async () => {
    const t = setup();
    const refused = await t.end(t.legacy, { usersLeftOnRetired: 3 });
    expect(refused).toEqual({ outcome: 'not-offered', offer: { verdict: 'needs-override', action: 'suspend', usersLeft: 3 } });
    expect(t.patches()).toHaveLength(0);
    expect(t.legacy.status).toBe('active');
    const unknown = await t.end(t.legacy, { usersLeftOnRetired: null });
    expect(unknown.outcome).toBe('not-offered');
    const forced = await t.end(t.legacy, { usersLeftOnRetired: 3, override: true });
    expect(forced.outcome).toBe('done');
    expect(endEvents(t.customer.id, forced, true, '2026-11-24', 'x').map((e) => e.type)).toEqual(['suspend-requested', 'suspend-detected']);
  });

  test("another channel's subscription: never written, even with the override", async () => {
    const t = setup();
    const result = await t.end(t.legacy, { otherChannel: true, override: true });
    expect(result).toEqual({ outcome: 'not-offered', offer: { verdict: 'none', reason: 'other-channel' } });
    expect(t.patches()).toHaveLength(0);
  });

  test('already suspended: nothing written', async () => {
    const t = setup();
    t.legacy.status = 'suspended';
    expect((await t.end(t.legacy)).outcome).toBe('already-done');
    expect(t.patches()).toHaveLength(0);
  });

  test('412, changed in Partner Center since it was read: read again and reported, not retried', async () => {
    let first = true;
    const t = setup({}, (fetch, fake) => async (url, init) => {
      if (init.method === 'PATCH' && first) {
        first = false;
        fake.changeSubscription(fake.customers[0]!.subscriptions[0]!, { autoRenewEnabled: true });
      }
      return fetch(url, init);
    });
    const result = await t.end(t.legacy);
    expect(result).toMatchObject({ outcome: 'conflict', action: 'suspend', subscription: { status: 'active', autoRenewEnabled: true } });
    expect(t.fake.log.filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([412]);
    expect(t.legacy.status).toBe('active');
  });

  test('412 because someone suspended it meanwhile: already done', async () => {
    const t = setup({}, (fetch, fake) => async (url, init) => {
      if (init.method === 'PATCH') fake.changeSubscription(fake.customers[0]!.subscriptions[0]!, { status: 'suspended' });
      return fetch(url, init);
    });
    expect((await t.end(t.legacy)).outcome).toBe('already-done');
  });

  test('a 503 on the PATCH is retried (If-Match makes it safe): applied once, even when the lost answer had applied it', async () => {
    let failed = false;
    const t = setup({}, (fetch) => async (url, init) => {
      if (init.method === 'PATCH' && !failed) {
        failed = true;
        await fetch(url, init); // applied, but the answer is lost
        return { status: 503, headers: { get: () => null }, text: async () => '' };
      }
      return fetch(url, init);
    });
    const result = await t.end(t.legacy);
    expect(result.outcome).toBe('already-done');
    expect(t.legacy.status).toBe('suspended');
    expect(t.fake.log.filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([200, 412]);
  });

  test('202 + Location: polled until the operation is done, then verified', async () => {
    const t = setup({ patchPolls: 3 });
    const start = t.clock.now();
    const result = await t.end(t.legacy);
    expect(result).toMatchObject({ outcome: 'done', subscription: { status: 'suspended' } });
    expect(t.fake.log.filter((r) => r.path.includes('/operations/')).map((r) => r.status)).toEqual([202, 202, 202, 200]);
    expect(t.clock.now() - start).toBeGreaterThanOrEqual(4 * 2_000);
  });

  test('202 that never finishes: "pending" after a bounded number of polls', async () => {
    const t = setup({ patchPolls: 1_000 });
    const result = await t.end(t.legacy);
    expect(result.outcome).toBe('pending');
    expect(t.fake.log.filter((r) => r.path.includes('/operations/')).length).toBe(30);
  });

  test('a Location off the API host is never followed: the subscription itself is polled', async () => {
    const t = setup({}, (fetch) => async (url, init) => {
      if (init.method !== 'PATCH') return fetch(url, init);
      const answer = await fetch(url, init);
      return { status: 202, headers: { get: (name: string) => (name === 'location' ? 'https://attacker.example/steal' : null) }, text: answer.text };
    });
    const result = await t.end(t.legacy);
    expect(result.outcome).toBe('done');
    expect(t.fake.log.some((r) => r.path.includes('steal'))).toBe(false);
  });

  test('a failure is a result with its kind, not a throw', async () => {
    const t = setup({ forbidden: true });
    expect(await t.end(t.legacy)).toMatchObject({ outcome: 'failed', action: null, kind: 'forbidden' });
  });
});

describe('endSubscription: new commerce → auto-renew off', () => {
  test('auto-renew turned off (status untouched), recorded as the end seen through the API, ending at its term end', async () => {
    const t = setup();
    const result = await t.end(t.newCommerce);
    expect(result).toMatchObject({ outcome: 'done', action: 'turn-off-auto-renew', subscription: { autoRenewEnabled: false, status: 'active' } });
    expect(t.newCommerce.autoRenewEnabled).toBe(false);
    expect(t.newCommerce.status).toBe('active');
    const evidence = { source: 'api', page: subscriptionPath(t.customer.id, t.newCommerce.id), text: 'x' };
    expect(endEvents(t.customer.id, result, false, '2026-11-24', 'x')).toEqual([
      { type: 'auto-renew-off-detected', date: '2026-11-24', endsOn: '2027-03-31', evidence },
      { type: 'renewal-observed', renewal: { kind: 'expires', date: '2027-03-31' } },
    ]);
    expect(endEvents(t.customer.id, result, true, '2026-11-24', 'x').map((e) => e.type)).toEqual(['suspend-requested', 'auto-renew-off-detected', 'renewal-observed']);
  });

  test('auto-renew off without a real term end (the far-future placeholder): nothing to record as the end', async () => {
    const t = setup();
    t.newCommerce.commitmentEndDate = '9999-12-10T00:00:00Z';
    const result = await t.end(t.newCommerce);
    expect(result.outcome).toBe('done');
    expect(endEvents(t.customer.id, result, false, '2026-11-24', 'x')).toEqual([]);
  });

  test('already off: nothing written', async () => {
    const t = setup();
    t.newCommerce.autoRenewEnabled = false;
    expect((await t.end(t.newCommerce)).outcome).toBe('already-done');
    expect(t.patches()).toHaveLength(0);
  });

  test('users left: the same guard as a suspension', async () => {
    const t = setup();
    expect((await t.end(t.newCommerce, { usersLeftOnRetired: 1 })).outcome).toBe('not-offered');
    expect(t.patches()).toHaveLength(0);
  });
});

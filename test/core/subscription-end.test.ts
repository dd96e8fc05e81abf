import { describe, expect, test } from 'vitest';
import { matchRetiredSku } from '../../src/core/catalog.ts';
import { endAllowed, endPathFor, subscriptionEndOffer, type SubscriptionEndFacts } from '../../src/core/subscription-end.ts';

const LEGACY = '031c9e47-4802-4248-838e-778fb1d2cc05';
const NCE = 'CFQ7TTC0LH18:0001:CFQ7TTC0K971';
const facts = (patch: Partial<SubscriptionEndFacts> = {}): SubscriptionEndFacts => ({
  offerId: LEGACY,
  status: 'active',
  autoRenewEnabled: false,
  otherChannel: false,
  usersLeftOnRetired: 0,
  ...patch,
});

describe('endPathFor: how the old subscriptions are ended', () => {
  const rule = {
    id: 'm365-e3-no-teams',
    family: 'Microsoft 365',
    name: 'Microsoft 365 E3 (no Teams)',
    offerNames: ['Microsoft 365 E3 (no Teams)'],
    targets: [{ id: 'm365-e3', name: 'Microsoft 365 E3', catalogNames: [], licenseNames: [], skuPartNumbers: [] }],
    origin: 'partner' as const,
  };
  test('every retired subscription still running is new commerce: auto-renew off', () => {
    expect(
      endPathFor(
        [
          { name: 'Microsoft 365 E3 (no Teams)', status: 'active', commerce: 'new-commerce' },
          { name: 'Office 365 E3', status: 'active' },
        ],
        (name) => matchRetiredSku(name, [rule]) !== null,
      ),
    ).toBe('auto-renew-off');
  });
  test('a legacy or unknown one among them, or none at all: suspend (the article’s path)', () => {
    expect(
      endPathFor(
        [
          { name: 'Microsoft 365 E3 (no Teams)', status: 'active', commerce: 'new-commerce' },
          { name: 'Dynamics AX Enterprise', status: 'active' },
        ],
        (name) => matchRetiredSku(name, [rule]) !== null,
      ),
    ).toBe('suspend');
    expect(endPathFor([{ name: 'Microsoft 365 E3 (no Teams)', status: 'active' }], (name) => matchRetiredSku(name, [rule]) !== null)).toBe('suspend');
    expect(endPathFor([], (name) => matchRetiredSku(name, [rule]) !== null)).toBe('suspend');
  });
});

describe('subscriptionEndOffer: which end, and only when nobody is cut off', () => {
  test('legacy with nobody left on the retired license: suspend is offered', () => {
    expect(subscriptionEndOffer(facts())).toEqual({ verdict: 'offer', action: 'suspend' });
  });

  test('new commerce: turn auto-renew off, never suspend (suspension does not stop billing)', () => {
    expect(subscriptionEndOffer(facts({ offerId: NCE, autoRenewEnabled: true }))).toEqual({ verdict: 'offer', action: 'turn-off-auto-renew' });
  });

  test('users left, or not known: only with an explicit override', () => {
    const left = subscriptionEndOffer(facts({ usersLeftOnRetired: 3 }));
    expect(left).toEqual({ verdict: 'needs-override', action: 'suspend', usersLeft: 3 });
    expect(endAllowed(left, false)).toBe(false);
    expect(endAllowed(left, true)).toBe(true);
    expect(subscriptionEndOffer(facts({ usersLeftOnRetired: null }))).toEqual({ verdict: 'needs-override', action: 'suspend', usersLeft: null });
    expect(subscriptionEndOffer(facts({ usersLeftOnRetired: -1 }))).toEqual({ verdict: 'needs-override', action: 'suspend', usersLeft: null });
    expect(subscriptionEndOffer(facts({ offerId: NCE, autoRenewEnabled: true, usersLeftOnRetired: 2 }))).toMatchObject({ verdict: 'needs-override', action: 'turn-off-auto-renew' });
  });

  test("another channel's subscription: never, not even with the override", () => {
    const offer = subscriptionEndOffer(facts({ otherChannel: true }));
    expect(offer).toEqual({ verdict: 'none', reason: 'other-channel' });
    expect(endAllowed(offer, true)).toBe(false);
    expect(subscriptionEndOffer(facts({ otherChannel: true, offerId: NCE, autoRenewEnabled: true })).verdict).toBe('none');
  });

  test.each([
    [{ status: 'suspended' }, 'already-suspended'],
    [{ status: 'Suspended' }, 'already-suspended'],
    [{ status: 'expired' }, 'not-active'],
    [{ status: 'deleted' }, 'not-active'],
    [{ status: 'pending' }, 'not-active'],
    [{ status: null }, 'not-active'],
    [{ offerId: NCE, autoRenewEnabled: false }, 'already-ending'],
    [{ offerId: NCE, status: 'suspended', autoRenewEnabled: true }, 'not-active'],
    [{ offerId: 'something else' }, 'unknown-commerce'],
  ] as [Partial<SubscriptionEndFacts>, string][])('%o: nothing to offer (%s)', (patch, reason) => {
    const offer = subscriptionEndOffer(facts(patch));
    expect(offer).toEqual({ verdict: 'none', reason });
    expect(endAllowed(offer, true)).toBe(false);
  });
});

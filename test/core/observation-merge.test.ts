import { describe, expect, it } from 'vitest';
import { mergeObservation, subscriptionKey } from '../../src/core/observation-merge.ts';
import type { CustomerObservation } from '../../src/core/observation.ts';

const ID = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const obs = (o: Partial<CustomerObservation>): CustomerObservation => ({ customerId: ID, subscriptions: [], source: 'page', evidence: 'e', seenAt: '2026-11-20T00:00:00.000Z', ...o });

describe('mergeObservation', () => {
  it('keys by id when known, else by the normalised name (NBSP, case, dashes)', () => {
    expect(subscriptionKey(ID, { name: 'Dynamics\u00a0AX  Enterprise' })).toBe(subscriptionKey(ID, { name: 'dynamics ax enterprise' }));
    expect(subscriptionKey(ID, { subscriptionId: 'ABC', name: 'x' })).toBe(`${ID}|id:abc`);
  });

  it('keeps two subscriptions of the same offer apart when both have ids, and does not guess between them by name', () => {
    const first = mergeObservation(
      undefined,
      [],
      obs({
        subscriptions: [
          { subscriptionId: 's1', name: 'Dynamics AX Enterprise', quantity: 5 },
          { subscriptionId: 's2', name: 'Dynamics AX Enterprise', quantity: 7 },
        ],
      }),
    );
    expect(first.put).toHaveLength(2);
    // A page lists the offer twice without ids: ambiguous, so neither id-keyed record is touched and
    // no third, name-keyed record is created (nothing could ever match or clear it later).
    const row = { name: 'Dynamics AX Enterprise', quantity: 9 };
    const byName = mergeObservation(first.customer, first.put, obs({ seenAt: '2026-11-21T00:00:00.000Z', subscriptions: [row, row] }));
    expect(byName.put).toEqual([]);
    expect(byName.delete).toEqual([]);
    expect(byName.changed).toEqual([]);
    // The customer was still seen.
    expect(byName.customer?.lastSeenAt).toBe('2026-11-21T00:00:00.000Z');
  });

  it('a name-only sighting of a subscription known by id updates that record', () => {
    const first = mergeObservation(undefined, [], obs({ subscriptions: [{ subscriptionId: 's1', name: 'Dynamics AX Enterprise', quantity: 5 }] }));
    const next = mergeObservation(first.customer, first.put, obs({ seenAt: '2026-11-21T00:00:00.000Z', subscriptions: [{ name: 'Dynamics AX Enterprise', status: 'suspended' }] }));
    expect(next.put).toEqual([expect.objectContaining({ key: `${ID}|id:s1`, quantity: 5, status: 'suspended' })]);
    expect(next.delete).toEqual([]);
  });

  it('fills the customer name from an older sighting only when none is known', () => {
    const fresh = mergeObservation(undefined, [], obs({ seenAt: '2026-11-22T00:00:00.000Z' }));
    const older = mergeObservation(fresh.customer, [], obs({ customerName: 'Contoso' }));
    expect(older.customer?.name).toBe('Contoso');
    expect(older.customer?.lastSeenAt).toBe('2026-11-22T00:00:00.000Z');
  });
});

describe('what counts as a change', () => {
  it('a revisit that shows the same thing refreshes seenAt but reports no change', () => {
    const sub = { name: 'Dynamics AX Enterprise', quantity: 5, renewal: { kind: 'expires' as const, date: '2026-12-31' } };
    const first = mergeObservation(undefined, [], obs({ customerName: 'Contoso', subscriptions: [sub] }));
    expect(first.changed).toHaveLength(1);
    const again = mergeObservation(first.customer, first.put, obs({ customerName: 'Contoso', seenAt: '2026-11-21T00:00:00.000Z', subscriptions: [sub] }));
    expect(again.put).toHaveLength(1);
    expect(again.put[0]!.seenAt).toBe('2026-11-21T00:00:00.000Z');
    expect(again.changed).toHaveLength(0);
    const suspended = mergeObservation(again.customer, again.put, obs({ seenAt: '2026-11-22T00:00:00.000Z', subscriptions: [{ ...sub, status: 'suspended' }] }));
    expect(suspended.changed).toHaveLength(1);
  });
});

describe("a complete observation (the API's full list of the customer's subscriptions)", () => {
  const E3 = { subscriptionId: 's9', name: 'Office 365 E3', quantity: 10, status: 'active' as const };
  const AX = { subscriptionId: 's1', name: 'Dynamics AX Enterprise', quantity: 5, status: 'active' as const };
  const api = (o: Partial<CustomerObservation>) => obs({ source: 'api', evidence: '/v1/customers/x/subscriptions', complete: true, ...o });

  it('retires API-sourced records it no longer lists (an "Expires on" turned back to auto-renew, a de-provisioned one)', () => {
    const first = mergeObservation(undefined, [], api({ subscriptions: [{ ...E3, renewal: { kind: 'expires', date: '2026-12-10' } }, AX] }));
    expect(first.put).toHaveLength(2);
    // Rescan: E3 auto-renews again, so the scan leaves it out; AX is still there.
    const rescan = mergeObservation(first.customer, first.put, api({ seenAt: '2026-11-21T00:00:00.000Z', subscriptions: [AX] }));
    expect(rescan.delete).toEqual([subscriptionKey(ID, E3)]);
    expect(rescan.put.map((s) => s.key)).toEqual([subscriptionKey(ID, AX)]);
    // Nothing left at all: every API record goes.
    const empty = mergeObservation(rescan.customer, rescan.put, api({ seenAt: '2026-11-22T00:00:00.000Z', subscriptions: [] }));
    expect(empty.delete).toEqual([subscriptionKey(ID, AX)]);
    expect(empty.customer?.lastSeenAt).toBe('2026-11-22T00:00:00.000Z');
  });

  it('leaves page sightings, records seen after it, and incomplete observations alone', () => {
    const page = mergeObservation(undefined, [], obs({ subscriptions: [{ name: 'Dynamics GP Starter', quantity: 2 }] }));
    const later = mergeObservation(page.customer, page.put, api({ seenAt: '2026-11-23T00:00:00.000Z', subscriptions: [AX] }));
    const stored = [...page.put, ...later.put];
    // A complete list taken before AX was recorded does not retire it; the page record stays.
    expect(mergeObservation(later.customer, stored, api({ seenAt: '2026-11-22T00:00:00.000Z', subscriptions: [] })).delete).toEqual([]);
    // Without `complete`, absence means nothing.
    expect(mergeObservation(later.customer, stored, api({ seenAt: '2026-11-24T00:00:00.000Z', subscriptions: [], complete: undefined })).delete).toEqual([]);
  });

  it('creates nothing for a customer never seen when the list is empty', () => {
    const none = mergeObservation(undefined, [], api({ customerName: 'Fabrikam', subscriptions: [] }));
    expect(none).toEqual({ customer: null, customerChanged: false, put: [], delete: [], changed: [] });
    // With subscriptions, the customer is created as usual.
    expect(mergeObservation(undefined, [], api({ subscriptions: [AX] })).customer?.customerId).toBe(ID);
  });
});

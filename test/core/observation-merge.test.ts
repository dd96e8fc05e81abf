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
    const first = mergeObservation(undefined, [], obs({ subscriptions: [{ subscriptionId: 's1', name: 'Dynamics AX Enterprise', quantity: 5 }, { subscriptionId: 's2', name: 'Dynamics AX Enterprise', quantity: 7 }] }));
    expect(first.put).toHaveLength(2);
    // A page lists the offer twice without ids: ambiguous, so neither id-keyed record is touched and
    // no third, name-keyed record is created (nothing could ever match or clear it later).
    const row = { name: 'Dynamics AX Enterprise', quantity: 9 };
    const byName = mergeObservation(first.customer, first.put, obs({ seenAt: '2026-11-21T00:00:00.000Z', subscriptions: [row, row] }));
    expect(byName.put).toEqual([]);
    expect(byName.delete).toEqual([]);
    expect(byName.changed).toEqual([]);
    // The customer was still seen.
    expect(byName.customer.lastSeenAt).toBe('2026-11-21T00:00:00.000Z');
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
    expect(older.customer.name).toBe('Contoso');
    expect(older.customer.lastSeenAt).toBe('2026-11-22T00:00:00.000Z');
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

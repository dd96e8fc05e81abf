/**
 * What a customer's API actions work from: the retired subscriptions among its subscriptions, the
 * users a suspension would cut off (those holding a license of the same retired product, whatever
 * its license name), and the read after a move (only users the move did move count as moved).
 */
import { describe, expect, it } from 'vitest';
import { planLicenseMove, type LicenseUserWithSkus, type SubscribedSku } from '../../src/core/license-move-plan.ts';
import type { LicenseMoveRun, UserMoveOutcome } from '../../src/api/license-move.ts';
import type { ApiSubscription } from '../../src/api/partner-center-types.ts';
import { readAfterMove, readWithSubscription, retiredSubscriptions, usersOnRetiredProduct, type CustomerApiRead } from '../../src/pages/dashboard/api-actions-model.ts';
import { SAMPLE_SKUS } from '../e2e/fake-partner-licenses.ts';

const { retired, target, office } = SAMPLE_SKUS;

function subscription(id: string, offerName: string, patch: Partial<ApiSubscription> = {}): ApiSubscription {
  return {
    id,
    offerId: '4f3ac3ac-0000-4000-8000-000000000001',
    offerName,
    friendlyName: offerName,
    quantity: 10,
    status: 'active',
    autoRenewEnabled: false,
    commitmentEndDate: '2027-01-31T00:00:00Z',
    effectiveStartDate: '2016-07-01T00:00:00Z',
    billingType: 'license',
    partnerId: null,
    ...patch,
  };
}

const user = (n: number, skuIds: string[]): LicenseUserWithSkus => ({
  userId: `0000000${n}-1111-4222-8333-444455556666`,
  displayName: `User ${n}`,
  userPrincipalName: `user${n}@contoso.example`,
  skuIds,
  licenses: skuIds.map((id) => [retired, target, office].find((s) => s.skuId === id)!),
});

function read(): CustomerApiRead {
  const skus: SubscribedSku[] = [
    { ...retired, availableUnits: 0 },
    { ...target, availableUnits: 5 },
    { ...office, availableUnits: 0 },
  ];
  return {
    users: [user(1, [retired.skuId, office.skuId]), user(2, [retired.skuId]), user(3, [retired.skuId]), user(4, [office.skuId])],
    skus,
    subscriptions: [
      subscription('s-crm', 'Microsoft Dynamics CRM Online Professional'),
      subscription('s-ax', 'Dynamics AX Enterprise'),
      subscription('s-o365', 'Office 365 E3', { autoRenewEnabled: true }),
      subscription('s-ce', 'Dynamics 365 Customer Engagement Plan', { autoRenewEnabled: true }),
    ],
    at: '2026-11-30T10:00:00Z',
  };
}

const runOf = (outcomes: Record<string, UserMoveOutcome>): Pick<LicenseMoveRun, 'results'> => ({
  results: Object.entries(outcomes).map(([userId, outcome]) => ({ userId, displayName: userId, userPrincipalName: null, outcome, detail: null })),
});

describe('retired subscriptions and the users they would cut off', () => {
  it('lists only the subscriptions to a retired product', () => {
    expect(retiredSubscriptions(read(), []).map((s) => s.id)).toEqual(['s-crm', 's-ax']);
  });

  it('counts the users on the same retired product under its license name (CRMSTANDARD for the CRM Online Professional offer)', () => {
    const r = read();
    expect(usersOnRetiredProduct(r, r.subscriptions[0]!, [])).toBe(3);
    // Nobody holds a Dynamics AX license: ending that subscription cuts nobody off.
    expect(usersOnRetiredProduct(r, r.subscriptions[1]!, [])).toBe(0);
  });
});

describe('readAfterMove', () => {
  it('moved users hold the target instead and took its free units; an interrupted or refused one is still on the retired license', () => {
    const before = read();
    const plan = planLicenseMove(before.users, before.skus, { retiredSkuId: retired.skuId, targetSkuId: target.skuId, whenShort: 'as-many-as-fit' });
    const [u1, u2, u3] = before.users;
    const after = readAfterMove(before, plan, runOf({ [u1!.userId]: 'moved', [u2!.userId]: 'interrupted', [u3!.userId]: 'refused' }), '2026-11-30T10:05:00Z');
    expect(after.users[0]!.skuIds).toEqual([office.skuId, target.skuId]);
    expect(after.users[1]!.skuIds).toEqual([retired.skuId]);
    expect(after.skus.find((s) => s.skuId === target.skuId)?.availableUnits).toBe(4);
    expect(usersOnRetiredProduct(after, after.subscriptions[0]!, [])).toBe(2);
    expect(after.at).toBe('2026-11-30T10:05:00Z');
    // A rerun's plan from it touches only the users still on the retired license.
    const rerun = planLicenseMove(after.users, after.skus, { retiredSkuId: retired.skuId, targetSkuId: target.skuId, whenShort: 'as-many-as-fit' });
    expect(rerun.moves.map((m) => m.user.userId)).toEqual([u2!.userId, u3!.userId]);
  });

  it('a user left with neither license no longer holds the retired one', () => {
    const before = read();
    const plan = planLicenseMove(before.users, before.skus, { retiredSkuId: retired.skuId, targetSkuId: target.skuId, whenShort: 'as-many-as-fit' });
    const after = readAfterMove(before, plan, runOf({ [before.users[1]!.userId]: 'lost-both' }), before.at);
    expect(after.users[1]!.skuIds).toEqual([]);
    expect(after.skus.find((s) => s.skuId === target.skuId)?.availableUnits).toBe(5);
  });
});

it('readWithSubscription: the subscription as Partner Center now shows it', () => {
  const r = read();
  const suspended = { ...r.subscriptions[0]!, status: 'suspended' };
  expect(readWithSubscription(r, suspended).subscriptions.map((s) => s.status)).toEqual(['suspended', 'active', 'active', 'active']);
});

import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { freeUnits, licenseMoveOptions, planLicenseMove, usersAfterApiMove, verifyLicenseMove, type LicenseUserWithSkus, type SubscribedSku } from '../../src/core/license-move-plan.ts';

const RETIRED = 'sku-crm-pro';
const TARGET = 'sku-d365-cep';
const OTHER = 'sku-o365-e3';
const GROUP = 'group-aad';

const sku = (skuId: string, name: string, availableUnits: number, patch: Partial<SubscribedSku> = {}): SubscribedSku => ({
  skuId,
  name,
  skuPartNumber: null,
  licenseGroupId: GROUP,
  availableUnits,
  ...patch,
});
const retiredSku = sku(RETIRED, 'Microsoft Dynamics CRM Online Professional', 0, { skuPartNumber: 'CRMSTANDARD' });
const targetSku = (available: number, patch: Partial<SubscribedSku> = {}) => sku(TARGET, 'Dynamics 365 Customer Engagement Plan', available, { skuPartNumber: 'DYN365_ENTERPRISE_PLAN1', ...patch });
const office = sku(OTHER, 'Office 365 E3', 40, { skuPartNumber: 'ENTERPRISEPACK' });

let n = 0;
const user = (skuIds: string[], name = `User ${(n += 1)}`): LicenseUserWithSkus => ({
  userId: `u-${name.toLowerCase().replace(/\W+/g, '-')}`,
  displayName: name,
  userPrincipalName: `${name.toLowerCase().replace(/\W+/g, '.')}@contoso.example`,
  skuIds,
});

const ids = (list: readonly { user: { userId: string } }[]) => list.map((x) => x.user.userId);

describe('planLicenseMove: who moves and what each user gets', () => {
  test('every holder of the retired license gets the target in its place, in one request each', () => {
    const users = [user([RETIRED, OTHER], 'Ada'), user([RETIRED], 'Ben'), user([OTHER], 'Cy'), user([], 'Dee')];
    const plan = planLicenseMove(users, [retiredSku, targetSku(10), office], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort: 'as-many-as-fit' });
    expect(plan.blocked).toBeNull();
    expect(ids(plan.moves.map((m) => ({ user: m.user })))).toEqual(['u-ada', 'u-ben']);
    for (const move of plan.moves) expect(move).toMatchObject({ assign: [TARGET], remove: [RETIRED] });
    // Other licenses are untouched: a request names only the two SKUs of the move.
    expect(plan.holders.map((u) => u.userId)).toEqual(['u-ada', 'u-ben']);
    expect(plan.units).toEqual({ needed: 2, available: 10 });
    expect(plan.shortfall).toBeNull();
    expect(plan.leftOut).toEqual([]);
    expect(plan.retired.name).toBe('Microsoft Dynamics CRM Online Professional');
    expect(plan.target?.name).toBe('Dynamics 365 Customer Engagement Plan');
  });

  test('a holder who already has the target only loses the retired license: no unit needed, and goes first', () => {
    const users = [user([RETIRED], 'Ada'), user([RETIRED, TARGET], 'Ben')];
    const plan = planLicenseMove(users, [targetSku(1)], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort: 'as-many-as-fit' });
    expect(plan.moves.map((m) => [m.user.displayName, m.assign, m.remove])).toEqual([
      ['Ben', [], [RETIRED]],
      ['Ada', [TARGET], [RETIRED]],
    ]);
    expect(plan.units).toEqual({ needed: 1, available: 1 });
  });

  test('users already on the target are counted, never touched', () => {
    const users = [user([TARGET], 'Ada'), user([TARGET, OTHER], 'Ben'), user([RETIRED], 'Cy')];
    const plan = planLicenseMove(users, [targetSku(5)], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort: 'as-many-as-fit' });
    expect(plan.alreadyOnTarget).toBe(2);
    expect(plan.moves.map((m) => m.user.displayName)).toEqual(['Cy']);
  });

  test('nobody on the retired license: nothing to do', () => {
    const plan = planLicenseMove([user([TARGET]), user([OTHER])], [targetSku(5)], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort: 'as-many-as-fit' });
    expect(plan.holders).toEqual([]);
    expect(plan.moves).toEqual([]);
    expect(plan.blocked).toBeNull();
    expect(plan.shortfall).toBeNull();
  });
});

describe('planLicenseMove: not enough licenses', () => {
  const five = () => ['Ada', 'Ben', 'Cy', 'Dee', 'Eve'].map((name) => user([RETIRED], name));

  test('as many as fit: the first users in order move, the others stay, and the purchase to increase is named', () => {
    const plan = planLicenseMove(five(), [targetSku(3)], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort: 'as-many-as-fit' });
    expect(plan.moves.map((m) => m.user.displayName)).toEqual(['Ada', 'Ben', 'Cy']);
    expect(plan.leftOut.map((l) => [l.user.displayName, l.reason])).toEqual([
      ['Dee', 'not-enough-units'],
      ['Eve', 'not-enough-units'],
    ]);
    expect(plan.shortfall).toEqual({ missing: 2, skuId: TARGET, skuName: 'Dynamics 365 Customer Engagement Plan' });
    expect(plan.units).toEqual({ needed: 5, available: 3 });
  });

  test('none: nothing moves until the purchase is increased', () => {
    const plan = planLicenseMove(five(), [targetSku(3)], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort: 'none' });
    expect(plan.moves).toEqual([]);
    expect(plan.leftOut).toHaveLength(5);
    expect(plan.shortfall?.missing).toBe(2);
    expect(plan.blocked).toBeNull();
  });

  test('no unit at all: only those who already hold the target lose the retired license', () => {
    const users = [user([RETIRED], 'Ada'), user([RETIRED, TARGET], 'Ben')];
    const plan = planLicenseMove(users, [targetSku(0)], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort: 'as-many-as-fit' });
    expect(plan.moves.map((m) => m.user.displayName)).toEqual(['Ben']);
    expect(plan.shortfall?.missing).toBe(1);
  });

  test('exactly enough is not short', () => {
    const plan = planLicenseMove(five(), [targetSku(5)], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort: 'none' });
    expect(plan.moves).toHaveLength(5);
    expect(plan.shortfall).toBeNull();
  });

  test.each([
    [-3, 0],
    [Number.NaN, 0],
    [2.7, 2],
    [Number.POSITIVE_INFINITY, 0],
  ])('free units from the API as %s count as %s', (raw, expected) => {
    expect(freeUnits(targetSku(raw))).toBe(expected);
    const plan = planLicenseMove(five(), [targetSku(raw)], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort: 'as-many-as-fit' });
    expect(plan.moves).toHaveLength(expected);
  });
});

describe('planLicenseMove: when nothing can be moved', () => {
  test('the target is not subscribed: buy it first (no shortfall is invented)', () => {
    const plan = planLicenseMove([user([RETIRED])], [retiredSku], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort: 'as-many-as-fit' });
    expect(plan.blocked).toBe('target-not-subscribed');
    expect(plan.target).toBeNull();
    expect(plan.moves).toEqual([]);
    expect(plan.shortfall).toBeNull();
    expect(plan.leftOut).toHaveLength(1);
  });

  test('the same SKU on both sides', () => {
    const plan = planLicenseMove([user([RETIRED])], [sku(RETIRED, 'x', 9)], { retiredSkuId: RETIRED, targetSkuId: RETIRED, whenShort: 'as-many-as-fit' });
    expect(plan.blocked).toBe('same-sku');
    expect(plan.moves).toEqual([]);
  });

  test('licenses of different license groups cannot be swapped in one request; an unknown group is not a difference', () => {
    const users = [user([RETIRED])];
    const differ = planLicenseMove(users, [retiredSku, targetSku(5, { licenseGroupId: 'group-minecraft' })], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort: 'as-many-as-fit' });
    expect(differ.blocked).toBe('license-groups-differ');
    expect(differ.moves).toEqual([]);
    const unknown = planLicenseMove(users, [retiredSku, targetSku(5, { licenseGroupId: null })], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort: 'as-many-as-fit' });
    expect(unknown.blocked).toBeNull();
  });

  test("the retired license is named from a user's license when the customer no longer subscribes to it", () => {
    const holder: LicenseUserWithSkus = { ...user([RETIRED]), licenses: [{ skuId: RETIRED, name: 'Dynamics AX Enterprise', skuPartNumber: null, licenseGroupId: GROUP }] };
    const plan = planLicenseMove([holder], [targetSku(5)], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort: 'as-many-as-fit' });
    expect(plan.retired.name).toBe('Dynamics AX Enterprise');
    const unnamed = planLicenseMove([user([RETIRED])], [targetSku(5)], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort: 'as-many-as-fit' });
    expect(unnamed.retired.name).toBe(RETIRED);
  });
});

describe("planLicenseMove: the partner's choice and reruns", () => {
  test('only the users chosen move; the others are left out as not chosen, and need no unit', () => {
    const users = ['Ada', 'Ben', 'Cy'].map((name) => user([RETIRED], name));
    const plan = planLicenseMove(users, [targetSku(1)], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort: 'none', userIds: ['u-ben'] });
    expect(plan.moves.map((m) => m.user.displayName)).toEqual(['Ben']);
    expect(plan.leftOut.map((l) => [l.user.displayName, l.reason])).toEqual([
      ['Ada', 'not-chosen'],
      ['Cy', 'not-chosen'],
    ]);
    expect(plan.shortfall).toBeNull();
  });

  test('a user listed twice (paged reads) is moved once', () => {
    const ada = user([RETIRED], 'Ada');
    const plan = planLicenseMove([ada, ada, { ...ada }], [targetSku(5)], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort: 'as-many-as-fit' });
    expect(plan.moves).toHaveLength(1);
    expect(plan.holders).toHaveLength(1);
  });

  test('a rerun after a partial move touches only the users still on the retired license', () => {
    const users = ['Ada', 'Ben', 'Cy', 'Dee'].map((name) => user([RETIRED], name));
    const first = planLicenseMove(users, [targetSku(2)], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort: 'as-many-as-fit' });
    // What the API shows after the first run (two moved), and after buying two more licenses.
    const moved = new Set(first.moves.map((m) => m.user.userId));
    const after = users.map((u) => (moved.has(u.userId) ? { ...u, skuIds: [TARGET] } : u));
    const rerun = planLicenseMove(after, [targetSku(2)], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort: 'as-many-as-fit' });
    expect(rerun.moves.map((m) => m.user.displayName)).toEqual(['Cy', 'Dee']);
    expect(rerun.moves.some((m) => moved.has(m.user.userId))).toBe(false);
    expect(rerun.alreadyOnTarget).toBe(2);
  });
});

describe('planLicenseMove: invariants over any customer', () => {
  const skuId = fc.constantFrom(RETIRED, TARGET, OTHER);
  const arbUser = fc.record({
    userId: fc.constantFrom(...Array.from({ length: 30 }, (_, i) => `u${i}`)),
    displayName: fc.string(),
    userPrincipalName: fc.constant(null),
    skuIds: fc.uniqueArray(skuId, { maxLength: 3 }),
  });
  test('never more units than free, every move for a holder, nobody twice, everyone accounted for', () => {
    fc.assert(
      fc.property(fc.array(arbUser, { maxLength: 60 }), fc.integer({ min: -5, max: 40 }), fc.constantFrom<'as-many-as-fit' | 'none'>('as-many-as-fit', 'none'), (users, available, whenShort) => {
        const plan = planLicenseMove(users, [retiredSku, targetSku(available)], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort });
        const assigned = plan.moves.filter((m) => m.assign.length > 0).length;
        expect(assigned).toBeLessThanOrEqual(Math.max(0, available));
        const holderIds = new Set(plan.holders.map((u) => u.userId));
        for (const move of plan.moves) {
          expect(holderIds.has(move.user.userId)).toBe(true);
          expect(move.remove).toEqual([RETIRED]);
          expect(move.assign).toEqual(move.user.skuIds.includes(TARGET) ? [] : [TARGET]);
        }
        const moved = plan.moves.map((m) => m.user.userId);
        expect(new Set(moved).size).toBe(moved.length);
        expect([...moved, ...plan.leftOut.map((l) => l.user.userId)].sort()).toEqual([...holderIds].sort());
        expect(plan.shortfall !== null).toBe(plan.units.needed > plan.units.available);
        if (whenShort === 'none' && plan.shortfall) expect(plan.moves).toEqual([]);
      }),
    );
  });
});

describe('licenseMoveOptions: what to offer', () => {
  test("a retired license users hold, with the subscribed replacements in the catalog's order", () => {
    const sales = sku('sku-sales', 'Dynamics 365 for Sales Enterprise Edition', 4, { skuPartNumber: 'DYN365_ENTERPRISE_SALES' });
    const users = [user([RETIRED, OTHER]), user([RETIRED]), user([OTHER])];
    const options = licenseMoveOptions(users, [office, sales, retiredSku, targetSku(10)]);
    expect(options).toHaveLength(1);
    expect(options[0]!.retired.skuId).toBe(RETIRED);
    expect(options[0]!.holders).toBe(2);
    // CRM Professional → Customer Engagement Plan first (the article's recommendation), then Sales.
    expect(options[0]!.targets.map((t) => t.skuId)).toEqual([TARGET, 'sku-sales']);
  });

  test('nobody on it, or no replacement bought yet', () => {
    expect(licenseMoveOptions([user([OTHER])], [retiredSku, targetSku(3)])).toEqual([]);
    const [option] = licenseMoveOptions([user([RETIRED])], [retiredSku, office]);
    expect(option?.targets).toEqual([]);
  });

  test('a current product is never offered as retired', () => {
    const teamMembers = sku('sku-tm', 'Dynamics 365 Team Members', 3, { skuPartNumber: 'DYN365_TEAM_MEMBERS' });
    expect(licenseMoveOptions([user(['sku-tm']), user([OTHER])], [teamMembers, office])).toEqual([]);
  });
});

describe('after the move', () => {
  test('verifyLicenseMove reads back who is on the target, who is still on the retired license, who holds neither', () => {
    const users = ['Ada', 'Ben', 'Cy', 'Dee'].map((name) => user([RETIRED], name));
    const plan = planLicenseMove(users, [targetSku(10)], { retiredSkuId: RETIRED, targetSkuId: TARGET, whenShort: 'as-many-as-fit' });
    const now = [{ ...users[0]!, skuIds: [TARGET] }, { ...users[1]!, skuIds: [RETIRED] }, { ...users[2]!, skuIds: [] }, user([RETIRED], 'Newcomer')];
    // Dee is not in the read: deleted meanwhile, neither moved nor lost.
    expect(verifyLicenseMove({ ...plan, targetSkuId: TARGET }, now)).toEqual({
      total: 4,
      moved: 1,
      stillOnRetired: [users[1]!.userId],
      withoutEither: [users[2]!.userId],
      gone: [users[3]!.userId],
      usersLeftOnRetired: 2,
    });
  });

  test('usersAfterApiMove: a first run, then a rerun for the last users, ends at N of N', () => {
    const first = usersAfterApiMove(null, { holdersBefore: 40, leftAfter: 2 });
    expect(first).toEqual({ moved: 38, total: 40 });
    expect(usersAfterApiMove(first, { holdersBefore: 2, leftAfter: 0 })).toEqual({ moved: 40, total: 40 });
    // Counted before from a page (10 of 30 moved): 20 on it at the start, all moved now.
    expect(usersAfterApiMove({ moved: 10, total: 30 }, { holdersBefore: 20, leftAfter: 0 })).toEqual({ moved: 30, total: 30 });
    // A cancelled run recorded 20 of 60 (two more were applied unanswered): the rerun finds 38 and ends at 60 of 60.
    expect(usersAfterApiMove({ moved: 20, total: 60 }, { holdersBefore: 38, leftAfter: 0 })).toEqual({ moved: 60, total: 60 });
    // Someone given the retired license meanwhile never makes the count go negative.
    expect(usersAfterApiMove(null, { holdersBefore: 3, leftAfter: 5 })).toEqual({ moved: 0, total: 3 });
  });
});

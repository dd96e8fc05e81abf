/**
 * A bulk license move, planned before anything is written: who holds the retired license, what each
 * of them will get, and whether the target has the units for it. Pure: the API adapter
 * (src/api/license-move.ts) reads users, their licenses and the customer's subscribed SKUs, then
 * executes the plan; the preview shows it as it is.
 *
 * Built from a fresh read every time, so a rerun only touches users still on the retired license: a
 * user already moved is not in the plan, whatever an earlier run did or failed to say.
 */
import { matchRetiredSku, matchTargetProduct, type RetirementRule } from './catalog.ts';
import type { UsersCount } from './migration.ts';

/** A license (Entra product SKU) as Partner Center describes it. */
export interface LicenseSku {
  /** productSku.id: what licenseupdates takes. */
  skuId: string;
  name: string;
  /** The Entra String ID, e.g. 'DYN365_FINANCE'. */
  skuPartNumber: string | null;
  /** Licenses of one request must share it (Partner Center refuses a mix). */
  licenseGroupId: string | null;
}

/** One of the customer's subscribed SKUs, with its free units. */
export interface SubscribedSku extends LicenseSku {
  /** Units not assigned to anyone: what a move can hand out. */
  availableUnits: number;
}

export interface LicenseUser {
  userId: string;
  displayName: string;
  userPrincipalName: string | null;
  /** The skuIds the user holds now. */
  skuIds: readonly string[];
}

/** A user as read from the API, with the details of each license (used to name a SKU the customer no longer subscribes to). */
export interface LicenseUserWithSkus extends LicenseUser {
  licenses?: readonly LicenseSku[];
}

export interface LicenseMoveChoice {
  retiredSkuId: string;
  targetSkuId: string;
  /**
   * When the target has fewer free units than the users need: move as many as fit (users in the
   * order given, those already holding the target first since they need none), or none at all.
   */
  whenShort: 'as-many-as-fit' | 'none';
  /** The holders the partner chose; default: every holder. */
  userIds?: readonly string[];
}

/** What one user's licenseupdates request will do. */
export interface PlannedMove {
  user: LicenseUser;
  /** [target] or, for a user who already holds it, []: no unit needed. */
  assign: readonly string[];
  remove: readonly string[];
}

export type LeftOutReason = 'not-enough-units' | 'not-chosen';

export type MoveBlocked =
  /** The retired and target licenses are the same SKU. */
  | 'same-sku'
  /** The customer has no subscribed SKU with the target's id: buy it first. */
  | 'target-not-subscribed'
  /** One request cannot assign and remove licenses of different license groups. */
  | 'license-groups-differ';

const BLOCKED: Record<MoveBlocked, null> = { 'same-sku': null, 'target-not-subscribed': null, 'license-groups-differ': null };
/** Every reason at run time, for the messages (license_move_blocked_*). */
export const MOVE_BLOCKED_REASONS = Object.keys(BLOCKED) as MoveBlocked[];

export interface LicenseMovePlan {
  retired: LicenseSku;
  /** null when the customer does not subscribe to it. */
  target: SubscribedSku | null;
  /** Why nothing can be moved; null when the plan can go ahead. */
  blocked: MoveBlocked | null;
  /** Users holding the retired license now: the move's scope. */
  holders: readonly LicenseUser[];
  /** In the order they will be sent. */
  moves: readonly PlannedMove[];
  /** Holders this plan leaves on the retired license, and why. */
  leftOut: readonly { user: LicenseUser; reason: LeftOutReason }[];
  /** Users who hold the target and not the retired license (moved before, or never on it). */
  alreadyOnTarget: number;
  units: { needed: number; available: number };
  /** When the target is short: how many more units to buy, of which product. */
  shortfall: { missing: number; skuId: string; skuName: string } | null;
}

/** Free units as a count: the API's number is untrusted (negative, fractional, missing). */
export function freeUnits(sku: SubscribedSku | null): number {
  const n = sku?.availableUnits;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/** One entry per user id (paged reads can repeat a user): the first wins. */
function distinctUsers<U extends LicenseUser>(users: readonly U[]): U[] {
  const seen = new Set<string>();
  return users.filter((user) => !seen.has(user.userId) && (seen.add(user.userId), true));
}

function skuById(id: string, skus: readonly SubscribedSku[], users: readonly LicenseUserWithSkus[]): LicenseSku | null {
  return skus.find((s) => s.skuId === id) ?? users.flatMap((u) => u.licenses ?? []).find((l) => l.skuId === id) ?? null;
}

export function planLicenseMove(users: readonly LicenseUserWithSkus[], skus: readonly SubscribedSku[], choice: LicenseMoveChoice): LicenseMovePlan {
  const everyone = distinctUsers(users);
  const { retiredSkuId, targetSkuId } = choice;
  const retired = skuById(retiredSkuId, skus, everyone) ?? { skuId: retiredSkuId, name: retiredSkuId, skuPartNumber: null, licenseGroupId: null };
  const target = skus.find((s) => s.skuId === targetSkuId) ?? null;
  const holders = everyone.filter((u) => u.skuIds.includes(retiredSkuId));
  const alreadyOnTarget = everyone.filter((u) => u.skuIds.includes(targetSkuId) && !u.skuIds.includes(retiredSkuId)).length;
  const available = freeUnits(target);
  const blocked: MoveBlocked | null =
    retiredSkuId === targetSkuId
      ? 'same-sku'
      : target === null
        ? 'target-not-subscribed'
        : retired.licenseGroupId !== null && target.licenseGroupId !== null && retired.licenseGroupId !== target.licenseGroupId
          ? 'license-groups-differ'
          : null;

  const chosen = choice.userIds ? new Set(choice.userIds) : null;
  const inScope = holders.filter((u) => chosen === null || chosen.has(u.userId));
  const notChosen = holders.filter((u) => chosen !== null && !chosen.has(u.userId)).map((user) => ({ user, reason: 'not-chosen' as const }));
  // Those who already hold the target need no unit: they go first, so a short target moves the most users.
  const removeOnly = inScope.filter((u) => u.skuIds.includes(targetSkuId));
  const needUnit = inScope.filter((u) => !u.skuIds.includes(targetSkuId));
  const needed = needUnit.length;
  const shortfall = target !== null && needed > available ? { missing: needed - available, skuId: target.skuId, skuName: target.name } : null;
  const units = { needed, available };

  if (blocked !== null || (shortfall !== null && choice.whenShort === 'none')) {
    const reason: LeftOutReason = 'not-enough-units';
    return {
      retired,
      target,
      blocked,
      holders,
      moves: [],
      alreadyOnTarget,
      units,
      shortfall,
      leftOut: [...inScope.map((user) => ({ user, reason })), ...notChosen],
    };
  }
  const fitting = needUnit.slice(0, available);
  const moves: PlannedMove[] = [...removeOnly.map((user) => ({ user, assign: [], remove: [retiredSkuId] })), ...fitting.map((user) => ({ user, assign: [targetSkuId], remove: [retiredSkuId] }))];
  const leftOut = [...needUnit.slice(fitting.length).map((user) => ({ user, reason: 'not-enough-units' as const })), ...notChosen];
  return { retired, target, blocked, holders, moves, leftOut, alreadyOnTarget, units, shortfall };
}

/** A move the customer's licenses suggest: a retired license some users hold, and the targets it subscribes to. */
export interface LicenseMoveOption {
  retired: LicenseSku;
  holders: number;
  /** Subscribed replacements in the catalog's order (first = recommended); empty when none is bought yet. */
  targets: readonly SubscribedSku[];
}

function names(sku: LicenseSku): string[] {
  return [sku.name, sku.skuPartNumber ?? ''].filter((n) => n !== '');
}

/**
 * The moves worth offering ("Move N users from <retired> to <new>"): every license the catalog calls
 * retired that at least one user holds, with the customer's subscribed SKUs that replace it.
 */
export function licenseMoveOptions(users: readonly LicenseUserWithSkus[], skus: readonly SubscribedSku[], rules?: readonly RetirementRule[]): LicenseMoveOption[] {
  const everyone = distinctUsers(users);
  const known = new Map<string, LicenseSku>();
  for (const sku of [...skus, ...everyone.flatMap((u) => u.licenses ?? [])]) if (!known.has(sku.skuId)) known.set(sku.skuId, sku);
  const options: LicenseMoveOption[] = [];
  for (const sku of known.values()) {
    const rule = names(sku)
      .map((n) => matchRetiredSku(n, rules)?.rule)
      .find((r) => r !== undefined);
    if (!rule) continue;
    const holders = everyone.filter((u) => u.skuIds.includes(sku.skuId)).length;
    if (holders === 0) continue;
    const order = rule.targets.map((t) => t.id);
    const targets = skus
      .map((candidate) => {
        const ids = names(candidate).flatMap((n) => matchTargetProduct(n, rules)?.targets.map((t) => t.id) ?? []);
        const rank = Math.min(...ids.map((id) => order.indexOf(id)).filter((i) => i >= 0));
        return { candidate, rank };
      })
      .filter((t) => Number.isFinite(t.rank) && t.candidate.skuId !== sku.skuId)
      .sort((a, b) => a.rank - b.rank)
      .map((t) => t.candidate);
    options.push({ retired: sku, holders, targets });
  }
  return options;
}

/** After a move, read back: who is on the target, who is still on the retired license. */
export interface LicenseMoveVerification {
  /** Users the move was for (the plan's moves). */
  total: number;
  /** Of those, holding the target and not the retired license now. */
  moved: number;
  /** Of those, still holding the retired license. */
  stillOnRetired: readonly string[];
  /** Of those, holding neither (removed but not assigned: the partner must look). */
  withoutEither: readonly string[];
  /** Of those, no longer in the read (deleted meanwhile). */
  gone: readonly string[];
  /** Users read back still holding the retired license (the suspend guard's count). */
  usersLeftOnRetired: number;
}

export function verifyLicenseMove(plan: Pick<LicenseMovePlan, 'moves' | 'retired'> & { targetSkuId: string }, usersNow: readonly LicenseUser[]): LicenseMoveVerification {
  const now = new Map(distinctUsers(usersNow).map((u) => [u.userId, u.skuIds]));
  const retiredId = plan.retired.skuId;
  const stillOnRetired: string[] = [];
  const withoutEither: string[] = [];
  const gone: string[] = [];
  let moved = 0;
  for (const { user } of plan.moves) {
    const skuIds = now.get(user.userId);
    if (skuIds === undefined) gone.push(user.userId);
    else if (skuIds.includes(retiredId)) stillOnRetired.push(user.userId);
    else if (skuIds.includes(plan.targetSkuId)) moved += 1;
    else withoutEither.push(user.userId);
  }
  const usersLeftOnRetired = [...now.values()].filter((skuIds) => skuIds.includes(retiredId)).length;
  return { total: plan.moves.length, moved, stillOnRetired, withoutEither, gone, usersLeftOnRetired };
}

/**
 * The migration's "n of N users moved" after a move through the API, from what the tracker counted
 * before, as usersAfterReading does for a page: N is everyone seen on the retired license (the total
 * before, or those moved before plus those on it when this run started, whichever is more), and the
 * users left are those still on it after the run. So a rerun for the last two users of forty ends at
 * 40 of 40, not 2 of 2, even when the run before was cancelled and recorded only part of its moves.
 */
export function usersAfterApiMove(previous: UsersCount | null, run: { holdersBefore: number; leftAfter: number }): UsersCount {
  const before = Math.max(0, Math.floor(run.holdersBefore));
  const left = Math.min(before, Math.max(0, Math.floor(run.leftAfter)));
  const total = Math.max(previous?.total ?? 0, (previous?.moved ?? 0) + before);
  return { moved: total - left, total };
}

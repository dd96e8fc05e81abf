/**
 * What a customer's API actions work from: one read of its users, their licenses, its subscribed
 * SKUs and its subscriptions, kept up to date with what the actions did (a move's results, a
 * subscription's state after a write). Pure.
 *
 * A retired subscription and a retired license are the same product when the catalog matches both
 * to the same retirement rule (the offer "Microsoft Dynamics CRM Online Professional" and the license
 * "CRMSTANDARD" are both CRM Online Professional): that is how the end guard counts the users a
 * suspension would cut off.
 */
import { matchRetiredSku, type RetirementRule } from '../../core/catalog.ts';
import type { LicenseMovePlan, LicenseSku, LicenseUserWithSkus, SubscribedSku } from '../../core/license-move-plan.ts';
import type { LicenseMoveRun } from '../../api/license-move.ts';
import type { ApiSubscription } from '../../api/partner-center-types.ts';

export interface CustomerApiRead {
  users: LicenseUserWithSkus[];
  skus: SubscribedSku[];
  subscriptions: ApiSubscription[];
  /** ISO time of the read (or of the move that last changed the users' licenses). */
  at: string;
}

export const subscriptionName = (s: ApiSubscription) => s.offerName ?? s.friendlyName ?? s.id;

function retiredRuleId(names: readonly (string | null)[], rules: readonly RetirementRule[]): string | null {
  for (const name of names) {
    const rule = name ? matchRetiredSku(name, rules)?.rule : undefined;
    if (rule) return rule.id;
  }
  return null;
}

/** The customer's subscriptions to a retired product, in the API's order. */
export function retiredSubscriptions(read: CustomerApiRead, rules: readonly RetirementRule[]): ApiSubscription[] {
  return read.subscriptions.filter((s) => retiredRuleId([s.offerName, s.friendlyName], rules) !== null);
}

/** Users holding a license of the subscription's retired product, per this read. */
export function usersOnRetiredProduct(read: CustomerApiRead, subscription: ApiSubscription, rules: readonly RetirementRule[]): number {
  const rule = retiredRuleId([subscription.offerName, subscription.friendlyName], rules);
  if (rule === null) return 0;
  const known: LicenseSku[] = [...read.skus, ...read.users.flatMap((u) => u.licenses ?? [])];
  const retired = new Set(known.filter((sku) => retiredRuleId([sku.name, sku.skuPartNumber], rules) === rule).map((sku) => sku.skuId));
  return read.users.filter((u) => u.skuIds.some((id) => retired.has(id))).length;
}

/**
 * The read after a move: a user the run moved holds the target instead of the retired license (and
 * took one of its free units when they did not hold it already); one left with neither no longer
 * holds the retired one; everyone else is as read (an interrupted or failed request counts as not
 * applied: a rerun reads afresh before it sends anything).
 */
export function readAfterMove(read: CustomerApiRead, plan: Pick<LicenseMovePlan, 'moves' | 'retired'>, run: Pick<LicenseMoveRun, 'results'>, at: string): CustomerApiRead {
  const assigned = new Map(plan.moves.map((m) => [m.user.userId, m.assign]));
  const outcome = new Map(run.results.map((r) => [r.userId, r.outcome]));
  const retired = plan.retired.skuId;
  const users = read.users.map((user) => {
    const result = outcome.get(user.userId);
    if (result !== 'moved' && result !== 'lost-both') return user;
    const kept = user.skuIds.filter((id) => id !== retired);
    const added = result === 'moved' ? (assigned.get(user.userId) ?? []).filter((id) => !kept.includes(id)) : [];
    return { ...user, skuIds: [...kept, ...added] };
  });
  const unitsTaken = new Map<string, number>();
  for (const move of plan.moves) {
    if (outcome.get(move.user.userId) !== 'moved') continue;
    for (const id of move.assign) unitsTaken.set(id, (unitsTaken.get(id) ?? 0) + 1);
  }
  const skus = read.skus.map((sku) => (unitsTaken.has(sku.skuId) ? { ...sku, availableUnits: sku.availableUnits - (unitsTaken.get(sku.skuId) ?? 0) } : sku));
  return { ...read, users, skus, at };
}

/** The read with one subscription as Partner Center now shows it. */
export function readWithSubscription(read: CustomerApiRead, subscription: ApiSubscription): CustomerApiRead {
  return { ...read, subscriptions: read.subscriptions.map((s) => (s.id === subscription.id ? subscription : s)) };
}

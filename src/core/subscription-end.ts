/**
 * How the old subscription ends through the API, and whether SKU Shift may offer it. Pure.
 *
 * - Legacy (its offerId is a GUID): suspend it; it is de-provisioned later and stops charging.
 * - New commerce (offerId like `CFQ7TTC0LH18:0001:CFQ7TTC0K971`): suspending does not stop billing,
 *   so turn auto-renew off instead: it ends at the end of its term.
 * Offered only when the API's latest read shows nobody left on the retired license; otherwise only
 * with the partner's explicit override (ending it cuts those users off). Never offered for a
 * subscription bought through another channel: only the customer can cancel it there.
 */

import { commerceKindOfOffer } from './commerce-kind.ts';
import type { EndPath } from './migration.ts';
import type { SubscriptionObservation } from './observation.ts';

/**
 * How a customer's old subscriptions are to be ended: 'auto-renew-off' when every retired one still
 * running is known to be new commerce, else 'suspend' (the migration article's legacy path, and the
 * safe reading when the kind is unknown: the retired AX and CRM Online plans are all legacy).
 */
export function endPathFor(subscriptions: ReadonlyArray<Pick<SubscriptionObservation, 'name' | 'status' | 'commerce'>>, isRetired: (name: string) => boolean): EndPath {
  const retired = subscriptions.filter((s) => s.status !== 'deleted' && s.status !== 'expired' && isRetired(s.name));
  return retired.length > 0 && retired.every((s) => s.commerce === 'new-commerce') ? 'auto-renew-off' : 'suspend';
}

export type EndAction = 'suspend' | 'turn-off-auto-renew';

export interface SubscriptionEndFacts {
  offerId: string | null;
  /** The API's raw status (active, suspended, ...). */
  status: string | null;
  autoRenewEnabled: boolean | null;
  /** Known to be bought through another channel (the migration's flag). */
  otherChannel: boolean;
  /** Users still on the retired license per the API's latest read; null when it was not read. */
  usersLeftOnRetired: number | null;
}

export type NoEndReason =
  | 'other-channel'
  /** Neither a legacy nor a new-commerce offer id: SKU Shift does not guess. */
  | 'unknown-commerce'
  /** Not active (expired, deleted, disabled, pending): there is nothing to end. */
  | 'not-active'
  | 'already-suspended'
  /** New commerce with auto-renew already off: it already ends at term end. */
  | 'already-ending';

const NO_END: Record<NoEndReason, null> = {
  'other-channel': null,
  'unknown-commerce': null,
  'not-active': null,
  'already-suspended': null,
  'already-ending': null,
};
/** Every reason at run time, for the messages (subscription_action_none_*). */
export const NO_END_REASONS = Object.keys(NO_END) as NoEndReason[];

export type SubscriptionEndOffer =
  | { verdict: 'offer'; action: EndAction }
  /** Users are (or may be) left on the retired license: only with the partner's explicit override. */
  | { verdict: 'needs-override'; action: EndAction; usersLeft: number | null }
  | { verdict: 'none'; reason: NoEndReason };

export function subscriptionEndOffer(facts: SubscriptionEndFacts): SubscriptionEndOffer {
  if (facts.otherChannel) return { verdict: 'none', reason: 'other-channel' };
  const commerce = commerceKindOfOffer(facts.offerId);
  if (commerce === 'unknown') return { verdict: 'none', reason: 'unknown-commerce' };
  const status = facts.status?.toLowerCase() ?? '';
  if (commerce === 'legacy' && status === 'suspended') return { verdict: 'none', reason: 'already-suspended' };
  if (status !== 'active') return { verdict: 'none', reason: 'not-active' };
  if (commerce === 'new-commerce' && facts.autoRenewEnabled === false) return { verdict: 'none', reason: 'already-ending' };
  const action: EndAction = commerce === 'legacy' ? 'suspend' : 'turn-off-auto-renew';
  const left = facts.usersLeftOnRetired;
  if (left === null || !Number.isSafeInteger(left) || left !== 0) {
    return { verdict: 'needs-override', action, usersLeft: left !== null && Number.isSafeInteger(left) && left > 0 ? left : null };
  }
  return { verdict: 'offer', action };
}

/** May this write go ahead: offered, or needing an override the partner gave. */
export function endAllowed(offer: SubscriptionEndOffer, override: boolean): offer is Exclude<SubscriptionEndOffer, { verdict: 'none' }> {
  return offer.verdict === 'offer' || (offer.verdict === 'needs-override' && override);
}

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

export type CommerceKind = 'legacy' | 'new-commerce' | 'unknown';

const LEGACY_OFFER = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Product id : SKU id [: availability id], as the new-commerce catalog writes them. */
const NEW_COMMERCE_OFFER = /^[A-Z0-9]{12}:[0-9A-Z]{4}(?::[A-Z0-9]{12})?$/i;

export function commerceOf(offerId: string | null): CommerceKind {
  const id = offerId?.trim() ?? '';
  if (LEGACY_OFFER.test(id)) return 'legacy';
  if (NEW_COMMERCE_OFFER.test(id)) return 'new-commerce';
  return 'unknown';
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
  'other-channel': null, 'unknown-commerce': null, 'not-active': null, 'already-suspended': null, 'already-ending': null,
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
  const commerce = commerceOf(facts.offerId);
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

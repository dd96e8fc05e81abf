/**
 * From one customer's API subscriptions to the same `CustomerObservation` that page detection
 * records, so the tracker merges both the same way. Pure: the catalog decides what is retired
 * (never re-implemented here), `today` is passed in.
 */
import { matchRetiredSku, matchTargetProduct, type RetirementRule } from '../core/catalog.ts';
import type { CustomerObservation, Relationship, SubscriptionObservation, SubscriptionStatus } from '../core/observation.ts';
import { isPlaceholderEndDate, parseApiDate } from './api-date.ts';
import type { ApiCustomer, ApiSubscription } from './partner-center-types.ts';

export interface CustomerFindings {
  /** null when the customer holds nothing retired and nothing expiring: nothing to track. */
  observation: CustomerObservation | null;
  retired: number;
  /** Recorded subscriptions that will not renew, have a real end date and are still running. */
  expiring: number;
}

const STATUSES: readonly SubscriptionStatus[] = ['active', 'pending', 'suspended', 'expired', 'disabled', 'deleted'];

export function subscriptionStatus(raw: string | null): SubscriptionStatus {
  const status = raw?.toLowerCase() as SubscriptionStatus | undefined;
  return status && STATUSES.includes(status) ? status : 'unknown';
}

export function relationshipOf(raw: string | null): Relationship {
  switch (raw?.toLowerCase()) {
    case 'reseller':
      return 'reseller';
    case 'indirectreseller':
    case 'indirectcloudsolutionprovider':
      return 'indirect-reseller';
    case 'advisor':
      return 'advisor';
    case 'none':
      return 'none';
    default:
      return 'unknown';
  }
}

/**
 * "Expires on" vs "Auto renews on", from `autoRenewEnabled` and the end date. A missing, malformed or
 * placeholder end date (9999-12-10 on non-renewable offers) gives no renewal date at all: better no
 * countdown than a wrong one.
 */
export function renewalOf(subscription: ApiSubscription, today: string): SubscriptionObservation['renewal'] {
  const end = parseApiDate(subscription.commitmentEndDate);
  if (!end || isPlaceholderEndDate(end, today)) return null;
  if (subscription.autoRenewEnabled === null) return null;
  return { kind: subscription.autoRenewEnabled ? 'auto-renews' : 'expires', date: end };
}

function displayName(subscription: ApiSubscription): string {
  return (subscription.offerName ?? subscription.friendlyName ?? subscription.offerId ?? subscription.id).slice(0, 300);
}

function isRetired(subscription: ApiSubscription, rules: readonly RetirementRule[] | undefined): boolean {
  return [subscription.offerName, subscription.friendlyName].some((name) => name !== null && matchRetiredSku(name, rules) !== null);
}

function isTarget(subscription: ApiSubscription, rules: readonly RetirementRule[] | undefined): boolean {
  return [subscription.offerName, subscription.friendlyName].some((name) => name !== null && matchTargetProduct(name, rules) !== null);
}

/** Statuses under which an end date no longer threatens anything. */
const NOT_RUNNING: ReadonlySet<SubscriptionStatus> = new Set(['suspended', 'deleted', 'disabled', 'expired']);

/**
 * A customer is worth tracking when it holds a retired SKU, or a subscription that will not renew
 * (an "Expires on" date that is real, not a placeholder) and is still running. Its observation lists
 * those, plus the Dynamics 365 targets it already holds so the checklist can see "purchase done".
 */
export function observeCustomer(
  customer: ApiCustomer,
  subscriptions: readonly ApiSubscription[],
  context: { today: string; seenAt: string; rules?: readonly RetirementRule[] },
): CustomerFindings {
  const toObservation = (subscription: ApiSubscription): SubscriptionObservation => ({
    subscriptionId: subscription.id,
    name: displayName(subscription),
    ...(subscription.quantity !== null ? { quantity: subscription.quantity } : {}),
    status: subscriptionStatus(subscription.status),
    renewal: renewalOf(subscription, context.today),
    // Everything the partner's API returns was sold through the partner (CSP); subscriptions bought
    // through another channel never appear here.
    channel: 'csp',
  });
  const isExpiring = (s: SubscriptionObservation) => s.renewal?.kind === 'expires' && !NOT_RUNNING.has(s.status ?? 'unknown');
  const retired: SubscriptionObservation[] = [];
  const others: SubscriptionObservation[] = [];
  let expiringOthers = 0;
  for (const subscription of subscriptions) {
    const observed = toObservation(subscription);
    if (isRetired(subscription, context.rules)) retired.push(observed);
    else if (isExpiring(observed)) {
      others.push(observed);
      expiringOthers += 1;
    } else if (isTarget(subscription, context.rules)) others.push(observed);
  }
  if (retired.length === 0 && expiringOthers === 0) return { observation: null, retired: 0, expiring: 0 };
  const recorded = [...retired, ...others];
  return {
    observation: {
      customerId: customer.id,
      ...(customer.companyName ? { customerName: customer.companyName } : {}),
      relationship: relationshipOf(customer.relationshipToPartner),
      subscriptions: recorded,
      source: 'api',
      evidence: `/v1/customers/${customer.id}/subscriptions`,
      seenAt: context.seenAt,
    },
    retired: retired.length,
    expiring: recorded.filter(isExpiring).length,
  };
}

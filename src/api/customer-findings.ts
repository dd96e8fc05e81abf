/**
 * From one customer's API subscriptions to the same `CustomerObservation` that page detection
 * records, so the tracker merges both the same way. Pure: the catalog decides what is retired
 * (never re-implemented here), `today` is passed in.
 */
import { matchRetiredSku, matchTargetProduct, type RetirementRule } from '../core/catalog.ts';
import type { CustomerObservation, Relationship, SubscriptionObservation, SubscriptionStatus } from '../core/observation.ts';
import { LIMITS } from '../messages.ts';
import { isPlaceholderEndDate, parseApiDate } from './api-date.ts';
import type { ApiCustomer, ApiSubscription } from './partner-center-types.ts';

export interface CustomerFindings {
  /**
   * Always there, and `complete` (unless cut at the worker's limit): it lists every subscription of
   * the customer worth tracking, so the worker retires what an earlier scan recorded and this one no
   * longer lists (an "Expires on" turned back to auto-renew, a de-provisioned legacy SKU). Empty when
   * nothing is worth tracking; the worker creates nothing from an empty one for an unknown customer.
   */
  observation: CustomerObservation;
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

/**
 * Trimmed and cut to `max` characters, or null when nothing is left. The worker refuses a whole
 * `observations/record` batch for one blank or oversized field, so the scan never sends one.
 */
function fitted(text: string | null, max: number): string | null {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return null;
  if (trimmed.length <= max) return trimmed;
  // Never leave half of a surrogate pair at the cut.
  return trimmed.slice(0, /[\uD800-\uDBFF]/.test(trimmed.charAt(max - 1)) ? max - 1 : max).trimEnd();
}

/** The first name that says something: `||` and not `??`, as the API sends "" for "no name" too. */
function displayName(subscription: ApiSubscription): string | null {
  const { offerName, friendlyName, offerId, id } = subscription;
  return [offerName, friendlyName, offerId, id].map((name) => fitted(name, LIMITS.nameLength)).find((name) => name !== null) ?? null;
}

/**
 * The subscription id when the worker can key on it. A longer one is left out rather than cut: a cut
 * id would name another subscription, while without one the record is matched by name, as a page row is.
 */
function usableId(subscription: ApiSubscription): string | undefined {
  const id = subscription.id.trim();
  return id !== '' && id.length <= LIMITS.idLength ? id : undefined;
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
 * those, plus the Dynamics 365 targets it already holds so the checklist can see "purchase done";
 * for any other customer it lists nothing.
 */
export function observeCustomer(customer: ApiCustomer, subscriptions: readonly ApiSubscription[], context: { today: string; seenAt: string; rules?: readonly RetirementRule[] }): CustomerFindings {
  const toObservation = (subscription: ApiSubscription, name: string): SubscriptionObservation => {
    const subscriptionId = usableId(subscription);
    return {
      ...(subscriptionId !== undefined ? { subscriptionId } : {}),
      name,
      // A seat count beyond any real tenant is junk: left out, so the customer is still recorded.
      ...(subscription.quantity !== null && subscription.quantity <= LIMITS.count ? { quantity: subscription.quantity } : {}),
      status: subscriptionStatus(subscription.status),
      renewal: renewalOf(subscription, context.today),
      // Everything the partner's API returns was sold through the partner (CSP); subscriptions bought
      // through another channel never appear here.
      channel: 'csp',
    };
  };
  const isExpiring = (s: SubscriptionObservation) => s.renewal?.kind === 'expires' && !NOT_RUNNING.has(s.status ?? 'unknown');
  const retired: SubscriptionObservation[] = [];
  const others: SubscriptionObservation[] = [];
  let expiringOthers = 0;
  for (const subscription of subscriptions) {
    const name = displayName(subscription);
    // Nothing names it (every name and the id blank): nothing to match it by, nothing to show.
    if (name === null) continue;
    const observed = toObservation(subscription, name);
    if (isRetired(subscription, context.rules)) retired.push(observed);
    else if (isExpiring(observed)) {
      others.push(observed);
      expiringOthers += 1;
    } else if (isTarget(subscription, context.rules)) others.push(observed);
  }
  const tracked = retired.length > 0 || expiringOthers > 0;
  const recorded = tracked ? [...retired, ...others] : [];
  // Retired SKUs first, so the rare customer holding more than one observation takes keeps them.
  const sent = recorded.slice(0, LIMITS.subscriptionsPerObservation);
  const customerName = fitted(customer.companyName, LIMITS.nameLength);
  return {
    observation: {
      customerId: customer.id,
      ...(customerName !== null ? { customerName } : {}),
      relationship: relationshipOf(customer.relationshipToPartner),
      subscriptions: sent,
      source: 'api',
      evidence: `/v1/customers/${customer.id}/subscriptions`,
      seenAt: context.seenAt,
      // A cut list is not the whole list: what was cut off must not be retired.
      ...(sent.length === recorded.length ? { complete: true } : {}),
    },
    retired: retired.length,
    expiring: recorded.filter(isExpiring).length,
  };
}

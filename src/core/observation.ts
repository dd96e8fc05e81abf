/**
 * What the extension learns about one customer's subscriptions, from a Partner Center page it reads
 * or from the Partner Center API. Both sources produce the same records, so the tracker merges them
 * the same way and a rescan updates rather than duplicates.
 */
export type SubscriptionStatus = 'active' | 'pending' | 'suspended' | 'expired' | 'disabled' | 'deleted' | 'unknown';

/** A relationship the partner has with the customer; 'none' means an invite must be accepted first. */
export type Relationship = 'reseller' | 'indirect-reseller' | 'advisor' | 'none' | 'unknown';

export interface RenewalInfo {
  kind: 'expires' | 'auto-renews';
  /** YYYY-MM-DD, UTC. */
  date: string;
}

export interface SubscriptionObservation {
  /** Partner Center subscription id when known (API, details page URL); else matched by name. */
  subscriptionId?: string;
  /** Offer or product name exactly as seen. */
  name: string;
  quantity?: number;
  status?: SubscriptionStatus;
  renewal?: RenewalInfo | null;
  /** 'other' = bought through another channel (e.g. Open): only the customer can cancel it there. */
  channel?: 'csp' | 'other' | 'unknown';
  /**
   * The commerce platform, when known (src/core/commerce-kind.ts): it decides how the subscription
   * ends (legacy: suspended, then de-provisioned; new commerce: auto-renew off, ends at term end).
   */
  commerce?: 'legacy' | 'new-commerce';
}

export interface CustomerObservation {
  /** The customer's tenant GUID ("Microsoft ID"), lower-case. */
  customerId: string;
  customerName?: string;
  relationship?: Relationship;
  subscriptions: SubscriptionObservation[];
  source: 'page' | 'api';
  /** Where it was seen: a page URL, or the API request path. */
  evidence: string;
  /** ISO timestamp. */
  seenAt: string;
  /**
   * True when `subscriptions` lists, as of `seenAt`, every subscription of the customer the sender
   * has anything to say about (an API read of all of them, filtered to what is worth tracking; not a
   * page showing some). The worker removes stored API-sourced subscriptions of this customer that
   * are absent from it and not seen since (de-provisioned, or no longer worth tracking, such as an
   * "Expires on" turned back to auto-renew), so a rescan clears what the previous scan recorded.
   * A complete observation with no subscriptions for a customer the tracker does not know creates
   * nothing.
   */
  complete?: boolean;
}

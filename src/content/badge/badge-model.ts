/**
 * What a retired-SKU badge says, computed from the catalog match, the row's renewal status and today.
 * Pure (no DOM, no i18n): the components turn it into localized text, tests check it directly.
 */
import type { SkuMatch } from '../../core/catalog.ts';
import type { RenewalInfo } from '../../core/observation.ts';
import { endDateUrgency, DEFAULT_URGENCY_THRESHOLDS, type Urgency, type UrgencyThresholds } from '../../core/urgency.ts';

export interface BadgeTarget {
  id: string;
  /** The migration article's name. */
  name: string;
  /** The name in today's catalog when it differs from the article's (shown beside it). */
  catalogName: string | null;
  recommended: boolean;
}

export interface BadgeExpiry {
  /** YYYY-MM-DD, UTC. */
  date: string;
  daysLeft: number;
  urgency: Urgency;
}

export interface BadgeModel {
  ruleId: string;
  /** The product name exactly as the page shows it (text only). */
  productName: string;
  ruleName: string;
  family: string;
  targets: BadgeTarget[];
  retiredOn: string | null;
  noRenewalFrom: string | null;
  /** i18n key of the rule's note (e.g. no direct replacement listed). */
  noteKey: string | null;
  /** Set when the row shows "Expires on <date>". */
  expiry: BadgeExpiry | null;
  /** The row shows "Auto renews on": a retired SKU should not renew any more. */
  autoRenewUnexpected: boolean;
  /** The date the row says it auto-renews on, when it does. */
  autoRenewDate: string | null;
}

/** `status`: the row's status when it shows one; a suspended subscription gets no countdown (it no longer runs). */
export function badgeModel(match: SkuMatch, renewal: RenewalInfo | null, today: string, thresholds: UrgencyThresholds = DEFAULT_URGENCY_THRESHOLDS, status: string | null = null): BadgeModel {
  const { rule } = match;
  return {
    ruleId: rule.id,
    productName: match.text,
    ruleName: rule.name,
    family: rule.family,
    targets: rule.targets.map((target, index) => {
      const current = target.catalogNames[0] ?? null;
      return {
        id: target.id,
        name: target.name,
        catalogName: current !== null && sameName(current, target.name) ? null : current,
        recommended: index === 0,
      };
    }),
    retiredOn: rule.retiredOn ?? null,
    noRenewalFrom: rule.noRenewalFrom ?? null,
    noteKey: rule.noteKey ?? null,
    expiry: renewal?.kind === 'expires' ? expiryOf(renewal.date, today, thresholds, status) : null,
    autoRenewUnexpected: renewal?.kind === 'auto-renews' && status !== 'suspended',
    autoRenewDate: renewal?.kind === 'auto-renews' ? renewal.date : null,
  };
}

/** The one urgency rule (src/core/urgency.ts endDateUrgency): null for a malformed date or a subscription that no longer runs. */
export function expiryOf(date: string, today: string, thresholds: UrgencyThresholds = DEFAULT_URGENCY_THRESHOLDS, status: string | null = null): BadgeExpiry | null {
  const dated = endDateUrgency(date, today, thresholds, status);
  return dated ? { date, ...dated } : null;
}

/** The words every Dynamics 365 product name starts with ("Dynamics 365 for Team Members"). */
const SHARED_PREFIX = /^(?:Microsoft\s+)?Dynamics\s+365\s+(?:for\s+)?(?=\S)/i;

/**
 * The words of a replacement's name that tell it apart from the other Dynamics 365 products: what a
 * badge short of room shows ("Dynamics 365 Customer Engagement Plan" → "Customer Engagement Plan").
 */
export function distinguishingName(name: string): string {
  return name.replace(SHARED_PREFIX, '');
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The i18n key and substitution for "n days left" / "expired n days ago" (singular handled). */
export function daysLeftMessage(daysLeft: number): { key: string; substitutions: string[] } {
  if (daysLeft === 0) return { key: 'badge_expires_today', substitutions: [] };
  if (daysLeft === 1) return { key: 'badge_day_left', substitutions: [] };
  if (daysLeft > 1) return { key: 'badge_days_left', substitutions: [String(daysLeft)] };
  if (daysLeft === -1) return { key: 'badge_expired_yesterday', substitutions: [] };
  return { key: 'badge_expired_days_ago', substitutions: [String(-daysLeft)] };
}

import { daysBetween } from './dates.ts';

/**
 * How pressing a legacy subscription's end date is. After the end date an expiring subscription
 * stops and its users lose access, so the partner must finish the move before it.
 */
export type Urgency = 'expired' | 'critical' | 'soon' | 'later';

export interface UrgencyThresholds {
  /** Days left at or under which the move is critical. */
  critical: number;
  /** Days left at or under which the move is due soon. */
  soon: number;
}

export const DEFAULT_URGENCY_THRESHOLDS: Readonly<UrgencyThresholds> = Object.freeze({ critical: 30, soon: 90 });

/**
 * Urgency of an end date seen from `today` (both `YYYY-MM-DD`, UTC days). The end date itself
 * counts as 0 days left and is still 'critical', not 'expired': the subscription runs that day.
 * Throws RangeError on malformed dates or thresholds (programming errors, not user input).
 */
export function urgencyFor(
  endDate: string,
  today: string,
  thresholds: UrgencyThresholds = DEFAULT_URGENCY_THRESHOLDS,
): { urgency: Urgency; daysLeft: number } {
  const { critical, soon } = thresholds;
  if (!Number.isInteger(critical) || !Number.isInteger(soon) || critical < 0 || soon < critical) {
    throw new RangeError(`Urgency thresholds must be whole days with 0 <= critical <= soon (got ${critical}, ${soon})`);
  }
  const daysLeft = daysBetween(today, endDate);
  const urgency: Urgency = daysLeft < 0 ? 'expired' : daysLeft <= critical ? 'critical' : daysLeft <= soon ? 'soon' : 'later';
  return { urgency, daysLeft };
}

import { daysBetween } from './dates.ts';
import { DEFAULT_URGENCY_THRESHOLDS, type UrgencyThresholds } from './urgency-thresholds.ts';

/**
 * How pressing a legacy subscription's end date is. After the end date an expiring subscription
 * stops and its users lose access, so the partner must finish the move before it.
 */
export type Urgency = 'expired' | 'critical' | 'soon' | 'later';

export { DEFAULT_URGENCY_THRESHOLDS, type UrgencyThresholds };

/**
 * Urgency of an end date seen from `today` (both `YYYY-MM-DD`, UTC days). The end date itself
 * counts as 0 days left and is still 'critical', not 'expired': the subscription runs that day.
 * Throws RangeError on malformed dates or thresholds (programming errors, not user input).
 */
export function urgencyFor(endDate: string, today: string, thresholds: UrgencyThresholds = DEFAULT_URGENCY_THRESHOLDS): { urgency: Urgency; daysLeft: number } {
  const { critical, soon } = thresholds;
  if (!Number.isInteger(critical) || !Number.isInteger(soon) || critical < 0 || soon < critical) {
    throw new RangeError(`Urgency thresholds must be whole days with 0 <= critical <= soon (got ${critical}, ${soon})`);
  }
  const daysLeft = daysBetween(today, endDate);
  const urgency: Urgency = daysLeft < 0 ? 'expired' : daysLeft <= critical ? 'critical' : daysLeft <= soon ? 'soon' : 'later';
  return { urgency, daysLeft };
}

/** Statuses under which a subscription no longer runs: its end date threatens no outage any more. */
const NOT_RUNNING: ReadonlySet<string> = new Set(['suspended', 'deleted', 'disabled', 'expired']);

export function isRunning(status: string | null | undefined): boolean {
  return !status || !NOT_RUNNING.has(status);
}

/**
 * The one urgency rule, for every place that shows one (badges, checklist, dashboard, popup,
 * reminders): the urgency of an end date with the partner's thresholds (Settings), or null when
 * there is none to give: no date, a date the day arithmetic cannot read (a stored record from an
 * older version: no countdown rather than a wrong one), or a subscription that no longer runs
 * (suspended, deleted: no "45 days left" on a finished migration).
 */
export function endDateUrgency(
  endDate: string | null | undefined,
  today: string,
  thresholds: UrgencyThresholds = DEFAULT_URGENCY_THRESHOLDS,
  status?: string | null,
): { urgency: Urgency; daysLeft: number } | null {
  if (!endDate || !isRunning(status)) return null;
  try {
    return urgencyFor(endDate, today, validThresholds(thresholds));
  } catch {
    return null;
  }
}

/** Thresholds as stored (an import, an older version) may be off: the defaults rather than no urgency at all. */
function validThresholds(thresholds: UrgencyThresholds | null | undefined): UrgencyThresholds {
  const t = thresholds ?? DEFAULT_URGENCY_THRESHOLDS;
  return Number.isInteger(t.critical) && Number.isInteger(t.soon) && t.critical >= 0 && t.soon >= t.critical ? t : DEFAULT_URGENCY_THRESHOLDS;
}

/** The more pressing of two urgencies. */
export function moreUrgent(a: Urgency, b: Urgency): Urgency {
  const rank: Record<Urgency, number> = { expired: 0, critical: 1, soon: 2, later: 3 };
  return rank[a] <= rank[b] ? a : b;
}

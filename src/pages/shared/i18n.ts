/** Strings and date formatting for the extension pages (dashboard with its scan panel, popup), from _locales. */
import { browser } from '../../platform/browser.ts';
import { createI18n } from '../../platform/i18n.ts';
import { coreMessageKey } from '../../core/migration.ts';
import type { TrackedNextAction, TrackedPhase } from '../../core/tracked-customers.ts';
import type { Urgency } from '../../core/urgency.ts';

export const { t, tn, uiLanguage, formatDay, formatTime, formatCount } = createI18n(browser.i18n);

export function phaseLabel(phase: TrackedPhase): string {
  return t(coreMessageKey('phase', phase));
}

export function urgencyLabel(urgency: Urgency | null, daysLeft: number | null, atRisk = false): string {
  // Users cut off: that is what is urgent, not the days to an end date (no "45 days left" on a subscription already suspended).
  if (atRisk) return t('dash_urgency_access_at_risk');
  if (daysLeft === null) return t('dash_urgency_unknown');
  if (urgency === null) return t('dash_urgency_out_of_danger');
  if (urgency === 'expired') return tn('core_urgency_expired', -daysLeft, -daysLeft);
  if (daysLeft === 0) return t('core_urgency_today');
  return tn(coreMessageKey('urgency', urgency), daysLeft, daysLeft);
}

/** The urgency level alone ("Critical", "Soon", …), for the CSV's Urgency column. */
export function urgencyLevelLabel(urgency: Urgency | null, daysLeft: number | null): string {
  if (daysLeft === null) return t('dash_urgency_unknown');
  return t(`dash_urgency_option_${urgency ?? 'none'}`);
}

export function nextActionLabel(action: TrackedNextAction): string {
  switch (action.code) {
    case 'renew':
      return action.subscriptions.length > 0 ? t('core_next_renew', action.subscriptions.join(', ')) : t('core_next_renew_unknown');
    case 'reassign':
      return action.moved !== null && action.total !== null ? t('core_next_reassign', action.moved, action.total) : t('core_next_reassign_unknown');
    case 'wait-for-deprovision':
      return tn('core_next_wait_for_deprovision', action.daysLeft, formatDay(action.deprovisionOn), action.daysLeft);
    case 'wait-for-term-end':
      return tn('core_next_wait_for_term_end', action.daysLeft, formatDay(action.endsOn), action.daysLeft);
    case 'confirm-suspend':
      return t('core_next_confirm_suspend', formatDay(action.seenOn));
    case 'confirm-deprovision':
      return t('core_next_confirm_deprovision', formatDay(action.deprovisionOn));
    default:
      return t(coreMessageKey('next', action.code));
  }
}

/** "about 3 min left", "about 2 h 5 min left", "less than a minute left". */
export function timeLeft(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  if (ms < 60_000) return t('scan_time_left_under_minute');
  if (minutes < 90) return t('scan_time_left_minutes', minutes);
  return t('scan_time_left_hours', Math.floor(minutes / 60), minutes % 60);
}

/**
 * The scan's counts: "12 of 40 customers · 3 with retired SKUs, 1 subscription not renewing". Each
 * count in its own message, so each takes the singular on its own.
 */
export function scanStatusCounts(progress: { done: number; total: number; totalKnown: boolean }, counts: { withRetired: number; expiring: number }): string {
  const scanned = tn(progress.totalKnown ? 'scan_count' : 'scan_count_at_least', progress.total, progress.done, progress.total);
  const found = `${tn('scan_found_retired', counts.withRetired, counts.withRetired)}, ${tn('scan_found_expiring', counts.expiring, counts.expiring)}`;
  return `${scanned} · ${found}`;
}

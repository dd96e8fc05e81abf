/**
 * The action badge and the daily reminder. The alarm is (re)created whenever the worker starts, so
 * it survives updates, browser restarts and the alarm being cleared; the notified (customer, end
 * date) pairs live in IndexedDB, so a date is never notified twice.
 */
import { browser } from '../platform/browser.ts';
import { createI18n } from '../platform/i18n.ts';
import { badgePlan, badgeText, dueReminders } from '../core/reminder-plan.ts';
import { customerPagePath, DASHBOARD_PAGE, routeHash } from '../pages/dashboard/route.ts';
import type { TrackerDb } from './db.ts';
import * as store from './store.ts';
import { dashboardView } from './dashboard-view.ts';
import { EMPTY_POLICY, type ManagedPolicy } from '../core/managed-policy.ts';

export const REMINDER_ALARM = 'sku-shift-daily-reminders';
const DAY_MINUTES = 24 * 60;
const NOTIFICATION_PREFIX = 'sku-shift-reminder';
/** Above this, one summary notification instead of one per customer. */
const MAX_SEPARATE_NOTIFICATIONS = 3;

export async function ensureReminderAlarm(): Promise<void> {
  const existing = await browser.alarms.get(REMINDER_ALARM);
  if (!existing) await browser.alarms.create(REMINDER_ALARM, { delayInMinutes: 1, periodInMinutes: DAY_MINUTES });
}

/**
 * The dashboard's rows (./dashboard-view.ts: from the stored summaries, and shared with the dashboard's
 * next read while nothing changes), not every record matched again: after a scan of thousands of
 * customers, a recount from the records held the worker for most of a second. The organisation's
 * policy (src/core/managed-policy.ts) decides thresholds, rules and whether reminders run.
 */
async function rows(db: TrackerDb, now: string, policy: ManagedPolicy) {
  const view = await dashboardView(db, policy, now.slice(0, 10));
  return { rows: view.customers, settings: view.settings };
}

export async function refreshBadge(db: TrackerDb, now: string, policy: ManagedPolicy = EMPTY_POLICY): Promise<void> {
  const plan = badgePlan((await rows(db, now, policy)).rows);
  await browser.action.setBadgeText({ text: badgeText(plan.count) });
  if (plan.count > 0) {
    await browser.action.setBadgeBackgroundColor({ color: plan.tone === 'critical' ? '#b3261e' : '#9a6700' });
    await browser.action.setTitle({ title: tn('bg_badge_title', plan.count, plan.count) });
  } else {
    await browser.action.setTitle({ title: t('extName') });
  }
}

/**
 * Shows today's reminders, then records them as sent. In that order: a worker stopped between the
 * two shows a reminder again at the next alarm (same notification id, so it replaces the first),
 * where the reverse order would record a reminder that never reached the partner.
 */
export async function runReminders(db: TrackerDb, now: string, policy: ManagedPolicy = EMPTY_POLICY): Promise<number> {
  const { rows: tracked, settings } = await rows(db, now, policy);
  if (!settings.remindersEnabled) return 0;
  const pending = await store.unnotifiedReminders(db, dueReminders(tracked));
  if (pending.length === 0) return 0;
  const icon = browser.runtime.getURL('icons/icon-128.png');
  if (pending.length > MAX_SEPARATE_NOTIFICATIONS) {
    await browser.notifications.create(`${NOTIFICATION_PREFIX}|summary|${now.slice(0, 10)}`, {
      type: 'basic',
      iconUrl: icon,
      title: tn('notify_summary_title', pending.length, pending.length),
      message: t('notify_summary_body'),
    });
  } else {
    for (const d of pending) {
      await browser.notifications.create(`${NOTIFICATION_PREFIX}|${d.customerId}|${d.endDate}`, {
        type: 'basic',
        iconUrl: icon,
        title: t('notify_customer_title', d.name ?? d.customerId),
        message: tn(d.action === 'renew' ? 'notify_customer_body_renew' : 'notify_customer_body', d.daysLeft, formatDay(d.endDate), d.daysLeft),
      });
    }
  }
  return (await store.claimReminders(db, pending, now)).length;
}

export const { t, tn, formatDay } = createI18n(browser.i18n);

export function isReminderNotification(id: string): boolean {
  return id.startsWith(`${NOTIFICATION_PREFIX}|`);
}

/**
 * The dashboard page a reminder opens (relative to the extension's root): the customer's page for
 * a notification about one customer, the customer list for the summary.
 */
export function reminderPage(id: string): string {
  const customerId = id.split('|')[1] ?? '';
  return customerId === 'summary' || customerId === '' ? `${DASHBOARD_PAGE}${routeHash({ section: 'customers' })}` : customerPagePath(customerId);
}

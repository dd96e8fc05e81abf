/**
 * What the action badge shows and which reminders are due, from the dashboard's rows. Pure; the
 * worker applies it (src/background/reminders.ts) and records what it notified so a date is never
 * notified twice.
 */
import type { DashboardRow } from './tracked-customers.ts';
import { needsActionSoon } from './tracked-customers.ts';

export interface BadgePlan {
  /** Customers needing action soon; 0 hides the badge. */
  count: number;
  /** 'critical' when any is critical or past its end date. */
  tone: 'critical' | 'soon' | 'none';
}

export function badgePlan(rows: readonly DashboardRow[]): BadgePlan {
  const soon = rows.filter(needsActionSoon);
  const critical = soon.some((r) => r.urgency === 'critical' || r.urgency === 'expired');
  return { count: soon.length, tone: soon.length === 0 ? 'none' : critical ? 'critical' : 'soon' };
}

/** Badge text: the count, capped so it fits the badge's four characters. */
export function badgeText(count: number): string {
  return count === 0 ? '' : count > 999 ? '999+' : String(count);
}

export interface DueReminder {
  customerId: string;
  endDate: string;
  name: string | null;
  daysLeft: number;
  /** What avoids the outage: moving to Dynamics 365 (a retired subscription), or renewing (nothing retired). */
  action: 'migrate' | 'renew';
}

/**
 * Reminders due: end dates inside the 'soon' threshold that have not passed (a past date is shown on
 * the badge and the dashboard; notifying it daily would only be noise).
 */
export function dueReminders(rows: readonly DashboardRow[]): DueReminder[] {
  return rows
    .filter((r) => r.endDate !== null && r.daysLeft !== null && r.daysLeft >= 0 && (r.urgency === 'critical' || r.urgency === 'soon'))
    .map((r) => ({ customerId: r.customerId, endDate: r.endDate!, name: r.name, daysLeft: r.daysLeft!, action: r.phase === 'renew' ? 'renew' : 'migrate' }));
}

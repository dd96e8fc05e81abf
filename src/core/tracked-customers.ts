/**
 * The dashboard's read model: which customers need attention, how soon, and where each stands.
 * Pure: the worker passes in the stored records, the partner's rules and settings, and today's date.
 *
 * A customer is tracked when it holds a retired subscription (seed catalog + partner rules), an
 * expiring one ("Expires on", autoRenewEnabled = false), or has a migration under way. Its end date is
 * the earliest end among those subscriptions that still run (suspended or deleted ones no longer
 * threaten an outage), or the migration's own end date. Urgency is dropped once nobody can be cut
 * off any more (every user moved, or the migration is over). Rows sort by urgency, then days left,
 * then name; finished migrations last.
 *
 * A customer whose only finding is an expiring current product (nothing retired, no migration) has
 * nothing to migrate: its row is a renewal ('renew' phase and next action: turn auto-renew back on, or
 * buy the replacement offer, before the end date), still sorted and reminded by urgency since the end
 * date cuts its users off all the same.
 */
import type { CustomerRecord, MigrationRecord, Settings, SubscriptionRecord } from './records.ts';
import type { RetirementRule } from './catalog-types.ts';
import { matchRetiredSku } from './catalog.ts';
import { urgencyFor, type Urgency } from './urgency.ts';
import { isIsoDate } from './dates.ts';
import { derivePhase, initialMigration, MIGRATION_PHASES, nextAction, usersLeft, type MigrationPhase, type MigrationState, type NextAction } from './migration.ts';

/** Where a tracked customer stands: a migration phase, or 'renew' (nothing retired, a subscription expiring). */
export type TrackedPhase = MigrationPhase | 'renew';

/** Every tracked phase, in the order the dashboard lists and sorts them. */
export const TRACKED_PHASES: readonly TrackedPhase[] = ['renew', ...MIGRATION_PHASES];

/**
 * What the partner should do now: the migration's next action, or for a renewal row, renew the
 * expiring subscriptions (their names as seen) before the row's end date.
 */
export type TrackedNextAction = NextAction | { code: 'renew'; subscriptions: string[] };

/** One row of the dashboard: a customer with a retired or expiring subscription, or a migration. */
export interface TrackedCustomer {
  customerId: string;
  name: string | null;
  /** Retired subscriptions (catalog + partner rules), by rule id and name as seen. */
  retired: { ruleId: string; ruleName: string; name: string; quantity: number | null; status: string | null }[];
  /** Current (not retired) subscriptions still running that will not renew ("Expires on"), names as seen. */
  expiring: string[];
  /** Earliest end date ("Expires on") among the retired/expiring subscriptions, YYYY-MM-DD. */
  endDate: string | null;
  daysLeft: number | null;
  /** null when no end date is known. */
  urgency: Urgency | null;
  /** The migration's state, null when none is started. */
  migration: MigrationRecord | null;
  /**
   * Where the customer stands ('purchase' or 'invite' when no migration is started yet; 'renew' when
   * nothing is retired and only a current subscription is expiring).
   */
  phase: TrackedPhase;
  /** What the partner should do now (src/core/migration.ts nextAction, or renew: src/core/tracked-customers.ts). */
  nextAction: TrackedNextAction;
  /** Suspension date + deprovisionDays, once suspended. */
  deprovisionOn: string | null;
  /** Set when the partner cannot finish alone (other channel, invite first). */
  blocked: boolean;
  lastSeenAt: string;
}

export interface DashboardView {
  /** YYYY-MM-DD (UTC) the days were counted from. */
  today: string;
  customers: TrackedCustomer[];
  settings: Settings;
  /**
   * Where the partner was last seen on a customer page (locale + prefix, e.g. '/en-us/dashboard/v2',
   * src/core/partner-center-urls.ts): links to customer pages are built under it. null: never seen.
   */
  partnerCenterBase: string | null;
}

const NOT_RUNNING = new Set(['suspended', 'deleted', 'disabled', 'expired']);

const URGENCY_RANK: Record<Urgency, number> = { expired: 0, critical: 1, soon: 2, later: 3 };

/** Nobody can lose access any more: every user moved, or the legacy subscription is suspended or gone. */
function outOfDanger(state: MigrationState): boolean {
  if (state.deprovisionedOn !== null || state.phase === 'suspended' || state.phase === 'deprovisioned') return true;
  return state.steps.reassign.status === 'done' && (usersLeft(state) ?? 0) === 0;
}

export function isFinished(row: Pick<TrackedCustomer, 'phase'>): boolean {
  return row.phase === 'suspended' || row.phase === 'deprovisioned';
}

export function trackedCustomers(
  customers: readonly CustomerRecord[],
  subscriptions: readonly SubscriptionRecord[],
  migrations: readonly MigrationRecord[],
  rules: readonly RetirementRule[],
  settings: Pick<Settings, 'thresholds'>,
  today: string,
): TrackedCustomer[] {
  const subsByCustomer = new Map<string, SubscriptionRecord[]>();
  for (const s of subscriptions) {
    const list = subsByCustomer.get(s.customerId);
    if (list) list.push(s);
    else subsByCustomer.set(s.customerId, [s]);
  }
  const migrationByCustomer = new Map(migrations.map((m) => [m.customerId, m]));

  const rows: TrackedCustomer[] = [];
  for (const customer of customers) {
    const subs = subsByCustomer.get(customer.customerId) ?? [];
    const migration = migrationByCustomer.get(customer.customerId) ?? null;
    const retired: TrackedCustomer['retired'] = [];
    const ends: string[] = [];
    const fallbackEnds: string[] = [];
    const expiringNames: string[] = [];
    let otherChannel = false;
    let expiringOtherChannel = false;
    for (const sub of subs) {
      const match = matchRetiredSku(sub.name, rules);
      const expires = sub.renewal?.kind === 'expires';
      if (!match && !expires) continue;
      if (match) {
        retired.push({ ruleId: match.rule.id, ruleName: match.rule.name, name: sub.name, quantity: sub.quantity ?? null, status: sub.status ?? null });
        if (sub.channel === 'other') otherChannel = true;
      }
      if (sub.status && NOT_RUNNING.has(sub.status)) continue;
      // Stored records predate today's checks, or came from an older version or an import: a date
      // the day arithmetic cannot handle is left out rather than taking the whole dashboard down.
      if (!sub.renewal || !isIsoDate(sub.renewal.date)) continue;
      if (sub.renewal.kind === 'expires') {
        ends.push(sub.renewal.date);
        if (!match) {
          if (!expiringNames.includes(sub.name)) expiringNames.push(sub.name);
          if (sub.channel === 'other') expiringOtherChannel = true;
        }
      } else if (match) fallbackEnds.push(sub.renewal.date);
    }
    if (retired.length === 0 && ends.length === 0 && !migration) continue;
    if (migration && isIsoDate(migration.state.endDate)) ends.push(migration.state.endDate);
    const endDate = (ends.length > 0 ? ends : fallbackEnds).sort()[0] ?? null;
    const daysAndUrgency = endDate ? urgencyFor(endDate, today, settings.thresholds) : null;

    const shared = { customerId: customer.customerId, name: customer.name, retired, expiring: expiringNames, endDate, lastSeenAt: customer.lastSeenAt };
    if (retired.length === 0 && !migration) {
      rows.push({
        ...shared,
        daysLeft: daysAndUrgency?.daysLeft ?? null,
        urgency: daysAndUrgency?.urgency ?? null,
        migration: null,
        phase: 'renew',
        nextAction: { code: 'renew', subscriptions: expiringNames },
        deprovisionOn: null,
        // Only the customer can renew a subscription bought through another channel.
        blocked: expiringOtherChannel || customer.relationship === 'none',
      });
      continue;
    }

    const state: MigrationState = migration?.state ?? { ...initialMigration(customer.customerId, customer.firstSeenAt), relationship: customer.relationship };
    if (!migration) state.phase = derivePhase(state);
    rows.push({
      ...shared,
      daysLeft: daysAndUrgency?.daysLeft ?? null,
      urgency: daysAndUrgency && !outOfDanger(state) ? daysAndUrgency.urgency : null,
      migration,
      phase: state.phase,
      nextAction: nextAction(state, today),
      deprovisionOn: state.deprovisionOn,
      blocked: otherChannel || state.otherChannel || customer.relationship === 'none' || state.relationship === 'none',
    });
  }
  return rows.sort(compareTracked);
}

/** Most urgent first; customers with no known end date after dated ones; finished migrations last. */
export function compareTracked(a: TrackedCustomer, b: TrackedCustomer): number {
  const rank = (row: TrackedCustomer) => (row.urgency ? URGENCY_RANK[row.urgency] : isFinished(row) ? 5 : 4);
  return (
    rank(a) - rank(b) ||
    (a.daysLeft ?? Number.MAX_SAFE_INTEGER) - (b.daysLeft ?? Number.MAX_SAFE_INTEGER) ||
    (a.name ?? a.customerId).localeCompare(b.name ?? b.customerId) ||
    a.customerId.localeCompare(b.customerId)
  );
}

/** Customers that need the partner soon: the action badge's count and the reminders' scope. */
export function needsActionSoon(row: TrackedCustomer): boolean {
  return row.urgency === 'expired' || row.urgency === 'critical' || row.urgency === 'soon';
}

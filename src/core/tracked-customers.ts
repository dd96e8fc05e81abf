/**
 * The dashboard's read model: which customers need attention, how soon, and where each stands.
 * Pure: the worker passes in the stored records, the partner's rules and settings, and today's date.
 *
 * A customer is tracked when it holds a retired subscription (seed catalog + partner rules), an
 * expiring one ("Expires on", autoRenewEnabled = false), or has a migration under way. Urgency is
 * dropped once nobody can be cut off any more (every user moved, or the migration is over). Rows
 * sort by urgency, then days left, then name; finished migrations last.
 *
 * One set of facts for the row and the customer's page (customerSummary), so the two never disagree:
 * - the steps are the stored migration's, plus a suspension the subscriptions show (every retired
 *   subscription seen suspended) that no event recorded, e.g. one read through the API scan or seen
 *   before anything else: done, out of order when an earlier step is not, so the row says what is
 *   still to do;
 * - the end date is the earliest "Expires on" among the subscriptions still running (suspended or
 *   deleted ones no longer threaten an outage); when none runs, the earliest among the retired ones
 *   seen (a subscription seen with an end date never shows "no end date"); then a retired
 *   subscription's renewal date; then, when no subscription says anything, the migration's own.
 *
 * A customer whose only finding is an expiring current product (nothing retired, no migration) has
 * nothing to migrate: its row is a renewal ('renew' phase and next action: turn auto-renew back on, or
 * buy the replacement offer, before the end date), still sorted and reminded by urgency since the end
 * date cuts its users off all the same.
 */
import type { CustomerRecord, CustomerView, MigrationRecord, Settings, SubscriptionRecord } from './records.ts';
import type { RetirementRule } from './catalog-types.ts';
import { matchRetiredSku } from './catalog.ts';
import { endDateUrgency, moreUrgent, type Urgency } from './urgency.ts';
import { isIsoDate, utcDayOf } from './dates.ts';
import type { OverviewCounts } from './overview-counts.ts';
import { endPathFor } from './subscription-end.ts';
import { missingPurchases, purchaseCoverage, withPurchaseJudged, type NeedCoverage } from './purchase.ts';
import {
  accessAtRisk,
  derivePhase,
  outOfDanger,
  initialMigration,
  MIGRATION_PHASES,
  nextAction,
  type EndPath,
  type MigrationPhase,
  type MigrationState,
  type MigrationStepId,
  type NextAction,
  type StepStatus,
} from './migration.ts';

/** Where a tracked customer stands: a migration phase, or 'renew' (nothing retired, a subscription expiring). */
export type TrackedPhase = MigrationPhase | 'renew';

/** Every tracked phase, in the order the dashboard lists and sorts them. */
export const TRACKED_PHASES: readonly TrackedPhase[] = ['renew', ...MIGRATION_PHASES];

/**
 * What the partner should do now: the migration's next action, or for a renewal row, renew the
 * expiring subscriptions (their names as seen) before the row's end date.
 */
export type TrackedNextAction =
  | NextAction
  | { code: 'renew'; subscriptions: string[] }
  /** Every retired subscription is seen suspended but no suspension day was recorded: nothing to do, no date to give. */
  | { code: 'wait-for-deprovision-undated' };

/** The next action codes only the read model gives (their messages: coreMessageKey('next', code)). */
export const TRACKED_ONLY_ACTIONS = ['renew', 'wait-for-deprovision-undated'] as const;

/** A current (not retired) subscription that will not renew, and how soon it ends. */
export interface ExpiringCurrent {
  name: string;
  /** YYYY-MM-DD. */
  endDate: string;
  daysLeft: number;
  urgency: Urgency;
}

/** A tracked customer's summary (its dashboard row and its page): a customer with a retired or expiring subscription, or a migration. */
export interface TrackedCustomer {
  customerId: string;
  name: string | null;
  /** Retired subscriptions (catalog + partner rules), by rule id and name as seen. */
  retired: { ruleId: string; ruleName: string; name: string; quantity: number | null; status: string | null }[];
  /** Current (not retired) subscriptions still running that will not renew ("Expires on"), names as seen. */
  expiring: string[];
  /**
   * The same, each with its end date and urgency (the partner's thresholds), earliest first: flagged
   * on every row and customer page, whether or not the customer also has a migration.
   */
  expiringEnds: ExpiringCurrent[];
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
  /** Each step's status as the facts show it (see the header), the same the customer's page lists. */
  steps: Record<MigrationStepId, { status: StepStatus; outOfOrder: boolean }>;
  /** What the partner should do now (src/core/migration.ts nextAction, or renew: src/core/tracked-customers.ts). */
  nextAction: TrackedNextAction;
  /** Suspension date + deprovisionDays, once suspended. */
  deprovisionOn: string | null;
  /** YYYY-MM-DD: a page showed the old subscription suspended (or not renewing); waiting for the partner's confirmation. */
  suspensionSeen: string | null;
  /** Set when the partner cannot finish alone (other channel, invite first). */
  blocked: boolean;
  /**
   * Set while users the partner chose to cut off ("Suspend anyway", or a suspension before they moved)
   * are still not covered: the row keeps its urgency and says so (src/core/migration.ts accessAtRisk).
   */
  accessAtRisk: { usersLeft: number | null } | null;
  /** What the purchase still lacks, per product of the plan (empty once bought; src/core/purchase.ts). */
  purchaseMissing: NeedCoverage[];
  lastSeenAt: string;
  /** When the partner last marked the customer reviewed on the dashboard (ISO); null: never. */
  reviewedAt: string | null;
}

/**
 * A row of the dashboard's list: the summary without what only the customer's page shows (the
 * migration record with its notes, the purchases still missing), which that page computes from the
 * customer's records (customerSummary).
 */
export type DashboardRow = Omit<TrackedCustomer, 'migration' | 'purchaseMissing'>;

export interface DashboardView {
  /** YYYY-MM-DD (UTC) the days were counted from. */
  today: string;
  /** Most urgent first: every tracked customer, or only the first ones when the page asked for a first screen (`dashboard/get` first). */
  customers: DashboardRow[];
  /** How many customers are tracked (customers.length unless only the first ones were sent). */
  total: number;
  /** The overview's counts, of every tracked customer. */
  counts: OverviewCounts;
  settings: Settings;
  /**
   * Where the partner was last seen on a customer page (locale + prefix, e.g. '/en-us/dashboard/v2',
   * src/core/partner-center-urls.ts): links to customer pages are built under it. null: never seen.
   */
  partnerCenterBase: string | null;
}

const NOT_RUNNING = new Set(['suspended', 'deleted', 'disabled', 'expired']);

const URGENCY_RANK: Record<Urgency, number> = { expired: 0, critical: 1, soon: 2, later: 3 };

export function isFinished(row: Pick<DashboardRow, 'phase'>): boolean {
  return row.phase === 'suspended' || row.phase === 'deprovisioned';
}

/**
 * Every tracked customer's row on `today`, from all the records at once. The product reads the
 * stored summaries instead (src/background/dashboard-view.ts, also the badge's and the reminders'
 * count); this is the whole computation they must equal (test/background/summary-store.test.ts).
 */
export function trackedCustomers(
  customers: readonly CustomerRecord[],
  subscriptions: readonly SubscriptionRecord[],
  migrations: readonly MigrationRecord[],
  rules: readonly RetirementRule[],
  settings: Pick<Settings, 'thresholds'>,
  today: string,
  reviewed: ReadonlyMap<string, string> = new Map(),
): DashboardRow[] {
  return trackedOn(everyCustomerFacts(customers, subscriptions, migrations, rules), settings, today, reviewed);
}

/** Every customer's facts (null: not tracked), from all the stored records at once. */
export function everyCustomerFacts(
  customers: readonly CustomerRecord[],
  subscriptions: readonly SubscriptionRecord[],
  migrations: readonly MigrationRecord[],
  rules: readonly RetirementRule[],
): { customerId: string; facts: CustomerFacts | null }[] {
  const subsByCustomer = new Map<string, SubscriptionRecord[]>();
  for (const s of subscriptions) {
    const list = subsByCustomer.get(s.customerId);
    if (list) list.push(s);
    else subsByCustomer.set(s.customerId, [s]);
  }
  const migrationByCustomer = new Map(migrations.map((m) => [m.customerId, m]));
  return customers.map((customer) => {
    const id = customer.customerId;
    return { customerId: id, facts: customerFacts(customer, subsByCustomer.get(id) ?? [], migrationByCustomer.get(id) ?? null, rules) };
  });
}

/** The dashboard's rows on `today` from the customers' facts, most urgent first. */
export function trackedOn(facts: readonly { facts: CustomerFacts | null }[], settings: Pick<Settings, 'thresholds'>, today: string, reviewed: ReadonlyMap<string, string> = new Map()): DashboardRow[] {
  const rows: DashboardRow[] = [];
  for (const { facts: each } of facts) if (each) rows.push(rowOn(each, settings, today, reviewed.get(each.row.customerId) ?? null));
  return rows.sort(compareTracked);
}

/** One customer's row and the migration state it was read from (the steps with their evidence). */
export interface CustomerSummary {
  row: TrackedCustomer;
  /** The stored migration's state with what the subscriptions show folded in; an initial one when none is stored. */
  state: MigrationState;
}

/** What the day decides in a row (and the partner's review mark, kept apart): the rest is a customer's facts. */
type DatedFields = 'daysLeft' | 'urgency' | 'expiringEnds' | 'nextAction' | 'reviewedAt';

/**
 * What a customer's dashboard row says whatever the day: everything in it but the urgency, the days
 * left and a countdown, plus what those are computed from. A function of the customer's records and
 * the rules only (the settings' thresholds only grade the days), so the worker keeps it per customer
 * (src/background/summary-store.ts) and dates it on each read (rowOn): a few date subtractions
 * instead of matching every subscription and judging every purchase again. Plain data (cloneable,
 * JSON-safe), and small: no copy of the migration record or of the plan's products.
 */
export interface CustomerFacts {
  row: Omit<DashboardRow, DatedFields>;
  /** The expiring current subscriptions still running, as seen (dated into row.expiringEnds), earliest first. */
  expiringCurrent: { name: string; endDate: string; status: string | null }[];
  /**
   * How the day grades the row (src/core/migration.ts migrationUrgency): by its end date; at least
   * critical while users are cut off ('at-risk', accessAtRisk); not at all once nobody can be ('none', outOfDanger).
   */
  grading: 'end-date' | 'at-risk' | 'none';
  /** The next action; null while it counts the days to a suspension's end (then `suspended` holds the state it is counted from). */
  nextAction: TrackedNextAction | null;
  suspended: MigrationState | null;
}

/**
 * The customer's row and steps from one customer's records (the worker's `customer/get`): the same
 * computation as its row in trackedCustomers, with what only its page shows (the migration record,
 * the purchases still missing). Null when the customer is not tracked.
 */
export function customerSummary(view: CustomerView, today: string, reviewedAt: string | null = null): CustomerSummary | null {
  if (!view.customer) return null;
  const judged = judge(view.customer, view.subscriptions, view.migration, view.rules);
  if (!judged) return null;
  return { state: judged.state, row: { ...rowOn(judged.facts, view.settings, today, reviewedAt), migration: view.migration, purchaseMissing: judged.purchaseMissing } };
}

/** The customer's dashboard row on `today`: its facts with the urgency, days left and next action of that day. */
export function rowOn(facts: CustomerFacts, settings: Pick<Settings, 'thresholds'>, today: string, reviewedAt: string | null): DashboardRow {
  const dated = endDateUrgency(facts.row.endDate, today, settings.thresholds);
  const expiringEnds: ExpiringCurrent[] = [];
  for (const sub of facts.expiringCurrent) {
    const current = endDateUrgency(sub.endDate, today, settings.thresholds, sub.status);
    if (current) expiringEnds.push({ name: sub.name, endDate: sub.endDate, ...current });
  }
  // migrationUrgency's grading, of the facts' state.
  const urgency = facts.grading === 'none' ? null : facts.grading === 'at-risk' ? (dated ? moreUrgent(dated.urgency, 'critical') : 'critical') : (dated?.urgency ?? null);
  const nextAction = facts.nextAction ?? trackedNextAction(facts.suspended!, today, 'suspend');
  return { ...facts.row, expiringEnds, daysLeft: dated?.daysLeft ?? null, urgency, nextAction, reviewedAt };
}

/** A customer's facts from its records and the rules in force; null when the customer is not tracked. */
export function customerFacts(customer: CustomerRecord, subs: readonly SubscriptionRecord[], migration: MigrationRecord | null, rules: readonly RetirementRule[]): CustomerFacts | null {
  return judge(customer, subs, migration, rules)?.facts ?? null;
}

/** The facts, the judged state and the purchases still missing. */
function judge(
  customer: CustomerRecord,
  subs: readonly SubscriptionRecord[],
  migration: MigrationRecord | null,
  rules: readonly RetirementRule[],
): { facts: CustomerFacts; state: MigrationState; purchaseMissing: NeedCoverage[] } | null {
  const retired: TrackedCustomer['retired'] = [];
  const retiredRecords: SubscriptionRecord[] = [];
  const running: string[] = [];
  const seen: string[] = [];
  const renews: string[] = [];
  const expiringNames: string[] = [];
  const expiringCurrent: CustomerFacts['expiringCurrent'] = [];
  let otherChannel = false;
  let expiringOtherChannel = false;
  for (const sub of subs) {
    const match = matchRetiredSku(sub.name, rules);
    const expires = sub.renewal?.kind === 'expires';
    if (!match && !expires) continue;
    if (match) {
      retired.push({ ruleId: match.rule.id, ruleName: match.rule.name, name: sub.name, quantity: sub.quantity ?? null, status: sub.status ?? null });
      retiredRecords.push(sub);
      if (sub.channel === 'other') otherChannel = true;
    }
    // Stored records predate today's checks, or came from an older version or an import: a date
    // the day arithmetic cannot handle is left out rather than taking the whole dashboard down.
    if (!sub.renewal || !isIsoDate(sub.renewal.date)) continue;
    if (sub.status && NOT_RUNNING.has(sub.status)) {
      if (match && expires) seen.push(sub.renewal.date);
      continue;
    }
    if (expires) {
      running.push(sub.renewal.date);
      if (!match) {
        if (!expiringNames.includes(sub.name)) expiringNames.push(sub.name);
        expiringCurrent.push({ name: sub.name, endDate: sub.renewal.date, status: sub.status ?? null });
        if (sub.channel === 'other') expiringOtherChannel = true;
      }
    } else if (match) renews.push(sub.renewal.date);
  }
  if (retired.length === 0 && running.length === 0 && !migration) return null;
  const stored = migration && isIsoDate(migration.state.endDate) ? [migration.state.endDate] : [];
  const endDate = earliest(running) ?? earliest(seen) ?? earliest(renews) ?? earliest(stored);
  const shared = {
    customerId: customer.customerId,
    name: customer.name,
    retired,
    expiring: expiringNames,
    endDate,
    lastSeenAt: customer.lastSeenAt,
  };
  expiringCurrent.sort((a, b) => a.endDate.localeCompare(b.endDate) || a.name.localeCompare(b.name));

  if (retired.length === 0 && !migration) {
    const state = initialMigration(customer.customerId, customer.firstSeenAt);
    const row = {
      ...shared,
      phase: 'renew' as const,
      steps: stepsOf(state),
      deprovisionOn: null,
      suspensionSeen: null,
      accessAtRisk: null,
      // Only the customer can renew a subscription bought through another channel.
      blocked: expiringOtherChannel || customer.relationship === 'none',
    };
    return { state, purchaseMissing: [], facts: { row, expiringCurrent, grading: 'end-date', nextAction: { code: 'renew', subscriptions: expiringNames }, suspended: null } };
  }

  const coverage = purchaseCoverage(subs, rules, migration?.planChoice ?? null);
  const state = withPurchaseJudged(withFacts(migration?.state ?? initialMigration(customer.customerId, customer.firstSeenAt), customer, retiredRecords), coverage);
  const risk = accessAtRisk(state);
  const row = {
    ...shared,
    phase: state.phase,
    steps: stepsOf(state),
    deprovisionOn: state.deprovisionOn,
    suspensionSeen: state.steps.suspend.status === 'done' ? null : (state.suspendSeen?.date ?? null),
    blocked: otherChannel || state.otherChannel || customer.relationship === 'none' || state.relationship === 'none',
    accessAtRisk: risk,
  };
  // Only a suspended migration's next action counts days (to its de-provisioning or term end).
  const counting = state.phase === 'suspended' && state.suspendedOn !== null;
  return {
    state,
    purchaseMissing: state.steps.purchase.status === 'done' ? [] : missingPurchases(coverage),
    facts: {
      row,
      expiringCurrent,
      grading: risk !== null ? 'at-risk' : outOfDanger(state) ? 'none' : 'end-date',
      nextAction: counting
        ? null
        : trackedNextAction(
            state,
            NO_DAY,
            endPathFor(retiredRecords, () => true),
          ),
      suspended: counting ? state : null,
    },
  };
}

/** The day passed where nextAction does not count days (every phase but a dated suspension). */
const NO_DAY = '';

function earliest(dates: readonly string[]): string | null {
  let first: string | null = null;
  for (const d of dates) if (first === null || d < first) first = d;
  return first;
}

/**
 * The stored state with what the records show and it does not hold yet: the customer's relationship
 * (known before any migration event), and a suspension seen on every retired subscription (not
 * deleted) without a suspension recorded, unless the partner unticked the step by hand. Read through
 * the API, that suspension is a fact (the step shows done); seen only on pages, it shows as seen and
 * waiting for the partner's confirmation, as the checklist records it (a page's text could be
 * forged). A copy: the stored state is never changed.
 */
function withFacts(stored: MigrationState, customer: CustomerRecord, retired: readonly SubscriptionRecord[]): MigrationState {
  const state: MigrationState = { ...stored, steps: { ...stored.steps } };
  if (state.relationship === 'unknown') state.relationship = customer.relationship;
  const live = retired.filter((s) => s.status !== 'deleted');
  const step = state.steps.suspend;
  const untickedByHand = step.evidence?.source === 'manual';
  if (live.length > 0 && live.every((s) => s.status === 'suspended') && step.status !== 'done' && !untickedByHand && state.deprovisionedOn === null) {
    const last = live.reduce((a, b) => (b.seenAt > a.seenAt ? b : a));
    if (live.some((s) => s.source !== 'api')) {
      state.suspendSeen ??= { date: utcDayOf(last.seenAt) ?? last.seenAt.slice(0, 10), evidence: { source: last.source, page: last.evidence, at: last.seenAt } };
      state.phase = derivePhase(state);
      return state;
    }
    state.steps.suspend = {
      status: 'done',
      updatedAt: last.seenAt,
      evidence: { source: last.source, page: last.evidence, at: last.seenAt },
      outOfOrder: state.steps.purchase.status !== 'done' || state.steps.reassign.status !== 'done',
    };
  }
  state.phase = derivePhase(state);
  return state;
}

function stepsOf(state: MigrationState): TrackedCustomer['steps'] {
  const view = (id: MigrationStepId) => ({ status: state.steps[id].status, outOfOrder: state.steps[id].outOfOrder });
  return { purchase: view('purchase'), reassign: view('reassign'), suspend: view('suspend') };
}

/** The migration's next action; a suspension known only from the subscriptions has no date to wait for. */
function trackedNextAction(state: MigrationState, today: string, endPath: EndPath): TrackedNextAction {
  if (state.phase === 'suspended' && state.suspendedOn === null) return { code: 'wait-for-deprovision-undated' };
  return nextAction(state, today, undefined, endPath);
}

/** Most urgent first; customers with no known end date after dated ones; finished migrations last. */
export function compareTracked(a: DashboardRow, b: DashboardRow): number {
  const rank = (row: DashboardRow) => (row.urgency ? URGENCY_RANK[row.urgency] : isFinished(row) ? 5 : 4);
  return (
    rank(a) - rank(b) ||
    (a.daysLeft ?? Number.MAX_SAFE_INTEGER) - (b.daysLeft ?? Number.MAX_SAFE_INTEGER) ||
    (a.name ?? a.customerId).localeCompare(b.name ?? b.customerId) ||
    a.customerId.localeCompare(b.customerId)
  );
}

/** Customers that need the partner soon: the action badge's count and the reminders' scope. */
export function needsActionSoon(row: Pick<DashboardRow, 'urgency'>): boolean {
  return row.urgency === 'expired' || row.urgency === 'critical' || row.urgency === 'soon';
}

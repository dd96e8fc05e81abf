/**
 * From one page reading (src/core/page-reading.ts) and what the worker holds for the customer, to
 * what the worker records: the customer observations (the retired and target subscriptions seen, the
 * company name, the customers list's rows) and the migration events the page proves, each with its
 * evidence (page URL and the text seen). Pure: the worker calls it inside the transaction that
 * applies the result, so it always judges against the latest stored state.
 *
 * Only news is returned: a fact the stored migration already holds is not sent again, so re-renders
 * of a page cost no write.
 */
import { parseRenewalStatus } from './renewal-status.ts';
import { renewalFromFields } from './renewal-fields.ts';
import { commerceKindOfPageText } from './commerce-kind.ts';
import { endPathFor } from './subscription-end.ts';
import { usersAfterReading, type MigrationEvent, type MigrationState } from './migration.ts';
import type { CustomerObservation, RenewalInfo, SubscriptionObservation, SubscriptionStatus } from './observation.ts';
import { narrowedByUrl } from './partner-center-urls.ts';
import type { PageReading, SubscriptionRow, UsersShown } from './page-reading.ts';
import type { ProductMatchers, RetiredMatch, TargetMatch } from './product-matchers.ts';
import type { RetirementRule } from './catalog-types.ts';
import type { PlanChoice } from './plan.ts';
import { coveringTargetIds, purchaseCoverage, type PurchaseCoverage, type PurchaseSubscription } from './purchase.ts';

/** What the worker holds for the customer in view. */
export interface KnownCustomer {
  migration: MigrationState | null;
  /** The customer's subscriptions as last recorded (to know whether a details page's suspension is the last one). */
  subscriptions: ReadonlyArray<{
    name: string;
    status?: SubscriptionStatus;
    subscriptionId?: string;
    quantity?: number;
    commerce?: 'legacy' | 'new-commerce';
    renewal?: RenewalInfo | null;
    source?: 'page' | 'api';
  }>;
  /** Which plan the partner follows (MigrationRecord.planChoice); absent = not chosen. */
  planChoice?: PlanChoice;
  /** The partner's retirement rules, for the plan (the matchers already follow them). */
  rules?: readonly RetirementRule[];
}

export interface PageProgress {
  observations: CustomerObservation[];
  events: MigrationEvent[];
}

/** A subscription row with what the catalog says it is. */
export interface SubscriptionFact extends SubscriptionRow {
  retired: RetiredMatch | null;
  target: TargetMatch | null;
}

/**
 * Which retired SKUs and targets a customer's migration is about. Without it a reader would count a
 * CRM Online licence as "still to move" in an AX migration, or any Dynamics 365 product as the purchase.
 */
export interface MigrationScope {
  /** Retirement rule ids of the customer's retired subscriptions; empty = any retired SKU. */
  ruleIds: readonly string[];
  /** Target product ids the plan buys; empty = any target of the retired SKUs in scope. */
  targetIds: readonly string[];
}

export const ANY_SCOPE: MigrationScope = { ruleIds: [], targetIds: [] };

const EVIDENCE_MAX = 500;

/** Evidence is stored per change: keep it to what proves the point. */
export function clip(text: string): string {
  return text.length <= EVIDENCE_MAX ? text : `${text.slice(0, EVIDENCE_MAX - 1)}…`;
}

function inRuleScope(ruleId: string, scope: MigrationScope): boolean {
  return scope.ruleIds.length === 0 || scope.ruleIds.includes(ruleId);
}

/**
 * What each row is, by the worker's catalog: retired first (a legacy name never counts as its own
 * replacement). A row naming neither is kept only when it says the product will not renew ("Expires
 * on"): a current product the dashboard flags (`locale`: the page's, to read the date).
 */
export function classifyRows(rows: readonly SubscriptionRow[], matchers: ProductMatchers, locale?: string): SubscriptionFact[] {
  const facts: SubscriptionFact[] = [];
  for (const row of rows) {
    const retired = matchers.retired(row.name);
    const target = retired ? null : matchers.target(row.name);
    if (retired || target || parseRenewalStatus(row.text, locale)?.kind === 'expires') facts.push({ ...row, retired, target });
  }
  return facts;
}

/**
 * A whole subscriptions grid no longer shows as expiring a current product a page recorded as
 * expiring (turned back to auto-renew, or gone): its end date is cleared, so the dashboard stops
 * flagging it. Only from a grid shown whole (not searched, filtered, paged or loading).
 */
function renewedCurrentProducts(reading: PageReading, facts: readonly SubscriptionFact[], known: KnownCustomer, matchers: ProductMatchers): SubscriptionObservation[] {
  if (reading.pageKind !== 'subscriptions' || reading.partialGrid || narrowed(reading)) return [];
  const stillExpiring = new Set(facts.filter((f) => !f.retired && !f.target).map((f) => foldName(f.name)));
  const cleared: SubscriptionObservation[] = [];
  for (const sub of known.subscriptions) {
    if (sub.source !== 'page' || sub.renewal?.kind !== 'expires' || stillExpiring.has(foldName(sub.name))) continue;
    if (matchers.retired(sub.name) || matchers.target(sub.name)) continue;
    cleared.push(sub.subscriptionId ? { name: sub.name, subscriptionId: sub.subscriptionId, renewal: null } : { name: sub.name, renewal: null });
  }
  return cleared;
}

function foldName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase();
}

/** The retired SKUs (by rule id) this customer's migration is about: those on the page and those recorded. */
export function scopeFor(facts: readonly SubscriptionFact[], known: KnownCustomer, matchers: ProductMatchers): MigrationScope {
  const ruleIds = new Set<string>();
  for (const fact of facts) if (fact.retired) ruleIds.add(fact.retired.ruleId);
  for (const sub of known.subscriptions) {
    const retired = matchers.retired(sub.name);
    if (retired) ruleIds.add(retired.ruleId);
  }
  return { ruleIds: [...ruleIds], targetIds: [] };
}

// ─── Purchase and suspension, from subscription facts ───

/** A Dynamics 365 target subscription is active next to the retired one: step 1 (purchase) is done. */
export interface PurchaseEvidence {
  targetIds: string[];
  /** The target rows as seen. */
  text: string;
}

export function readPurchase(facts: readonly SubscriptionFact[], scope: MigrationScope = ANY_SCOPE): PurchaseEvidence | null {
  const retired = facts.filter((f) => f.retired && inRuleScope(f.retired.ruleId, scope));
  // "Next to the old one": a page that no longer lists the retired subscription proves nothing about
  // this migration (it may be another customer's view, or a filtered grid).
  if (retired.length === 0) return null;
  const wanted = new Set(scope.targetIds.length > 0 ? scope.targetIds : retired.flatMap((f) => f.retired?.targetIds ?? []));
  const bought = facts.filter((f) => f.target && f.status === 'active' && f.target.targetIds.some((id) => wanted.has(id)));
  if (bought.length === 0) return null;
  return {
    targetIds: [...new Set(bought.flatMap((f) => f.target?.targetIds ?? []))].filter((id) => wanted.has(id)),
    text: clip(bought.map((f) => f.text).join(' | ')),
  };
}

/** How many of the customer's retired subscriptions the page shows as Suspended. */
export interface SuspensionEvidence {
  suspended: number;
  total: number;
  text: string;
}

export function readSuspension(facts: readonly SubscriptionFact[], scope: MigrationScope = ANY_SCOPE): SuspensionEvidence | null {
  const retired = facts.filter((f) => f.retired && inRuleScope(f.retired.ruleId, scope));
  const suspended = retired.filter((f) => f.status === 'suspended');
  if (suspended.length === 0) return null;
  return { suspended: suspended.length, total: retired.length, text: clip(suspended.map((f) => f.text).join(' | ')) };
}

// ─── Reassign, from a users grid ───

/**
 * Users and licenses: who still holds the retired licence, who holds a target. One snapshot shows who
 * holds what now, not who held what before: a user holding a target may have been moved or may never
 * have held the retired licence, so this reading does not count "moved" users (the state machine does,
 * against what it counted before: usersAfterReading in src/core/migration.ts).
 */
export interface ReassignEvidence {
  /** Users holding a target licence and no retired licence in scope. */
  onReplacement: number;
  /** Users holding a retired licence in scope. */
  onRetired: number;
  /** Retirement rule ids (in scope) of the retired licences users hold. */
  retiredRuleIds: string[];
  /** Users holding a retired or a target licence in scope (onRetired + onReplacement). */
  inScope: number;
  usersSeen: number;
  /** The grid shows only part of the users (paged or virtualised): the counts are a lower bound. */
  partial: boolean;
  /**
   * Users whose licences the grid does not show in full and that show no retired licence, or every
   * user when no licence cell is filled yet (still loading): any of them may still hold one, so
   * "nobody left" cannot be concluded.
   */
  uncertain: number;
  text: string;
}

export function countReassignment(users: UsersShown, scope: MigrationScope = ANY_SCOPE): ReassignEvidence | null {
  if (users.usersSeen === 0) return null;
  let onRetired = 0;
  let onReplacement = 0;
  let uncertain = 0;
  const retiredRows: string[] = [];
  const targetRows: string[] = [];
  const held = new Set<string>();
  for (const group of users.groups) {
    const holdsRetired = group.retiredRuleIds.some((id) => inRuleScope(id, scope));
    if (group.count > 0) for (const id of group.retiredRuleIds) if (inRuleScope(id, scope)) held.add(id);
    const targets = scope.targetIds.length > 0 ? group.targetIds.filter((id) => scope.targetIds.includes(id)) : group.targetIds;
    if (!holdsRetired && group.truncated) uncertain += group.count;
    if (holdsRetired) {
      onRetired += group.count;
      retiredRows.push(...group.samples);
    } else if (targets.length > 0) {
      onReplacement += group.count;
      targetRows.push(...group.samples);
    }
  }
  // One user without licences is an unlicensed user; every licence cell empty is a grid still loading them.
  if (users.emptyLicences === users.usersSeen) uncertain = users.usersSeen;
  return {
    onRetired,
    onReplacement,
    retiredRuleIds: [...held].sort(),
    inScope: onRetired + onReplacement,
    usersSeen: users.usersSeen,
    uncertain,
    partial: users.partial,
    // Evidence: the rows that prove the count, those still on the retired licence first.
    text: clip([...retiredRows, ...targetRows].join(' | ')),
  };
}

// ─── What the plan needs, against what is active ───

/**
 * The purchase as the worker knows it once this page is recorded: the subscriptions it holds, with
 * those the page shows in their place (same name: the page is newer).
 */
export function coverageAfter(facts: readonly SubscriptionFact[], known: KnownCustomer): PurchaseCoverage {
  const shown: PurchaseSubscription[] = facts.map((f) => ({ name: f.name, quantity: f.quantity, status: f.status }));
  const kept = known.subscriptions.filter((s) => !facts.some((f) => sameName(f.name, s.name)));
  return purchaseCoverage([...kept, ...shown], known.rules, known.planChoice ?? null);
}

// ─── The page as a whole ───

/** A row's renewal: its sentence ("Expires on …"), else its labelled fields (a term end date beside auto-renew Off). */
function renewalOf(fact: SubscriptionRow, locale: string | null): RenewalInfo | null {
  return parseRenewalStatus(fact.text, locale ?? undefined) ?? (fact.fields ? renewalFromFields(fact.fields, locale ?? undefined) : null);
}

/** The page shows only part of what it lists: a search or filter in the URL or in a box, or still loading. */
function narrowed(reading: PageReading): boolean {
  return reading.incomplete !== null || narrowedByUrl(reading.url);
}

/** Names as Partner Center prints them in a list and on a details page (spacing and case may differ). */
function sameName(a: string, b: string): boolean {
  const fold = (s: string) => s.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase();
  return fold(a) === fold(b);
}

function observationOf(reading: PageReading & { customerId: string }, facts: readonly SubscriptionFact[]): CustomerObservation | null {
  if (facts.length === 0 && reading.customerName === null) return null;
  const subscriptions = facts.map((fact): SubscriptionObservation => {
    const observed: SubscriptionObservation = { name: fact.name };
    if (fact.quantity !== null) observed.quantity = fact.quantity;
    if (fact.status !== null) observed.status = fact.status;
    observed.renewal = renewalOf(fact, reading.locale);
    if (reading.pageKind === 'subscription-details' && reading.subscriptionId) observed.subscriptionId = reading.subscriptionId;
    if (fact.channel) observed.channel = fact.channel;
    if (commerceKindOfPageText(fact.text) === 'new-commerce') observed.commerce = 'new-commerce';
    return observed;
  });
  const observation: CustomerObservation = { customerId: reading.customerId, subscriptions, source: 'page', evidence: reading.url, seenAt: reading.seenAt };
  if (reading.customerName !== null) observation.customerName = reading.customerName;
  return observation;
}

/** The observation with the current products no longer expiring added (one is made when there was none). */
function withCleared(observation: CustomerObservation | null, reading: PageReading & { customerId: string }, cleared: SubscriptionObservation[]): CustomerObservation | null {
  if (cleared.length === 0) return observation;
  const base = observation ?? { customerId: reading.customerId, subscriptions: [], source: 'page' as const, evidence: reading.url, seenAt: reading.seenAt };
  return { ...base, subscriptions: [...base.subscriptions, ...cleared] };
}

/** The earliest "Expires on" among the retired subscriptions shown, null if they all auto-renew, undefined if none says. */
function retiredRenewal(reading: PageReading, facts: readonly SubscriptionFact[]): RenewalInfo | null | undefined {
  let found: RenewalInfo | null | undefined;
  for (const fact of facts) {
    if (!fact.retired || fact.status === 'suspended') continue;
    const renewal = renewalOf(fact, reading.locale);
    if (!renewal) continue;
    if (renewal.kind === 'expires') {
      if (!found || found.kind !== 'expires' || renewal.date < found.date) found = renewal;
    } else if (found === undefined) {
      found = renewal;
    }
  }
  return found;
}

/**
 * New commerce: every retired subscription shown no longer renews ("Expires on", auto-renew off): it
 * ends at its term end, the latest of their end dates.
 */
function readAutoRenewOff(reading: PageReading, retired: readonly SubscriptionFact[]): { endsOn: string; text: string } | null {
  if (retired.length === 0) return null;
  const ends: string[] = [];
  for (const fact of retired) {
    const renewal = renewalOf(fact, reading.locale);
    if (renewal?.kind !== 'expires') return null;
    ends.push(renewal.date);
  }
  return { endsOn: ends.sort().at(-1)!, text: clip(retired.map((f) => f.text).join(' | ')) };
}

function customersListProgress(reading: PageReading): PageProgress {
  const observations = (reading.customers ?? []).flatMap((row): CustomerObservation[] => {
    if (row.name === null && row.relationship === null) return [];
    const observation: CustomerObservation = { customerId: row.customerId, subscriptions: [], source: 'page', evidence: reading.url, seenAt: reading.seenAt };
    if (row.name !== null) observation.customerName = row.name;
    if (row.relationship !== null) observation.relationship = row.relationship;
    return [observation];
  });
  return { observations, events: [] };
}

function usersProgress(reading: PageReading, users: UsersShown, known: KnownCustomer, matchers: ProductMatchers): PageProgress {
  const migration = known.migration;
  const events: MigrationEvent[] = [];
  // A user is covered only by a product of the plan (the Team Members someone always held does not
  // replace AX Enterprise), and no more users than the licenses bought.
  const coverage = coverageAfter([], known);
  const targetIds = coveringTargetIds(coverage.plan);
  const scope = { ...scopeFor([], known, matchers), targetIds: targetIds.length > 0 ? targetIds : [] };
  const reassign = countReassignment(users, scope);
  // "Nobody holds the retired licence" only means something when the grid shows licences at all.
  // And only for a customer with something to migrate: a users page alone must not start a migration.
  const concerned = migration !== null || scopeFor([], known, matchers).ruleIds.length > 0;
  // Half a list proves nothing about the other half: a paged, virtualised, searched, filtered or
  // still-loading users grid is not read, nor one whose licence cells are empty or truncated.
  const complete = reassign !== null && !reassign.partial && reassign.uncertain === 0 && !narrowed(reading);
  // Fewer users in scope than already counted means the page shows fewer rows, not fewer users.
  const knownTotal = migration?.users?.total ?? 0;
  // "Nobody holds it" while an active retired subscription still has seats is a grid not yet filled.
  const seatsKnown = known.subscriptions.some((s) => matchers.retired(s.name) && s.status === 'active' && (s.quantity ?? 0) > 0);
  if (reassign && complete && concerned && reassign.inScope >= knownTotal && !(reassign.inScope === 0 && seatsKnown) && (reassign.inScope > 0 || users.hasLicenseColumn)) {
    // The worker counts who moved against what it counted before; only a reading that changes the count is news.
    const reading2 = { onRetired: reassign.onRetired, onReplacement: reassign.onReplacement, ...(coverage.targetsKnown ? { seatsBought: coverage.seatsBought } : {}) };
    const next = usersAfterReading(migration?.users ?? null, reading2);
    const same = migration?.users?.moved === next.moved && migration.users.total === next.total && JSON.stringify(migration.usersHold ?? null) === JSON.stringify(reassign.retiredRuleIds);
    if (!same) events.push({ type: 'users-seen', ...reading2, retiredRuleIds: reassign.retiredRuleIds, evidence: { source: 'page', page: reading.url, text: reassign.text } });
  }
  const name = reading.customerId && reading.customerName !== null && concerned ? observationOf({ ...reading, customerId: reading.customerId }, []) : null;
  return { observations: name ? [name] : [], events };
}

export function pageProgress(reading: PageReading, known: KnownCustomer, matchers: ProductMatchers): PageProgress {
  if (reading.pageKind === 'customers') return customersListProgress(reading);
  if (reading.customerId === null) return { observations: [], events: [] };
  if (reading.users !== null) return usersProgress(reading, reading.users, known, matchers);

  const page = { ...reading, customerId: reading.customerId };
  const migration = known.migration;
  const events: MigrationEvent[] = [];
  const evidence = (text: string) => ({ source: 'page' as const, page: reading.url, text });
  const today = reading.seenAt.slice(0, 10);
  const facts = classifyRows(reading.subscriptions, matchers, reading.locale ?? undefined);
  const observation = withCleared(observationOf(page, facts), page, renewedCurrentProducts(reading, facts, known, matchers));
  if (reading.pageKind !== 'subscriptions' && reading.pageKind !== 'subscription-details') return { observations: observation ? [observation] : [], events };
  const scope = scopeFor(facts, known, matchers);

  // A step the partner unticked by hand stays unticked: the same page seen again is not news.
  const untickedByHand = (step: 'purchase' | 'suspend') => migration !== null && migration.steps[step].status !== 'done' && migration.steps[step].evidence?.source === 'manual';

  // Step 1 is done only when every product the plan needs is active with the licenses it needs.
  const purchase = readPurchase(facts, scope);
  const coverage = purchase ? coverageAfter(facts, known) : null;
  if (purchase && coverage?.complete && migration?.steps.purchase.status !== 'done' && !untickedByHand('purchase')) {
    events.push({ type: 'purchase-detected', evidence: evidence(purchase.text) });
  }

  // New commerce ends by auto-renew off, not by suspension (src/core/subscription-end.ts).
  const newCommerce = (name: string, text: string) => commerceKindOfPageText(text) === 'new-commerce' || known.subscriptions.some((s) => sameName(s.name, name) && s.commerce === 'new-commerce');
  const retiredShown = facts.filter((f) => f.retired && inRuleScope(f.retired.ruleId, scope) && f.status !== 'suspended');
  const endPath = endPathFor(
    [...known.subscriptions, ...facts.map((f) => ({ name: f.name, status: f.status ?? undefined, ...(newCommerce(f.name, f.text) ? { commerce: 'new-commerce' as const } : {}) }))],
    (name) => matchers.retired(name) !== null,
  );
  const ending = endPath === 'auto-renew-off' ? readAutoRenewOff(reading, retiredShown) : null;
  if (ending && migration?.steps.suspend.status !== 'done' && !untickedByHand('suspend') && migration?.suspendSeen?.endsOn !== ending.endsOn && !reading.partialGrid && !narrowed(reading)) {
    events.push({ type: 'auto-renew-off-detected', date: today, endsOn: ending.endsOn, evidence: evidence(ending.text) });
  }

  const suspension = endPath === 'suspend' ? readSuspension(facts, scope) : null;
  if (suspension && migration?.steps.suspend.status !== 'done' && !untickedByHand('suspend')) {
    // A details page shows one subscription: it completes the step only if every other retired
    // subscription the worker knows of is suspended too.
    const shown = facts.find((f) => f.retired);
    const isShown = (s: KnownCustomer['subscriptions'][number]): boolean =>
      s.subscriptionId && reading.subscriptionId ? s.subscriptionId === reading.subscriptionId : sameName(s.name, shown?.name ?? '');
    // A grid (possibly filtered to "Suspended", or paged) may not list every retired subscription: one
    // the worker knows as not suspended and that the page does not show keeps the step open too.
    const onPage = (s: KnownCustomer['subscriptions'][number]): boolean => (reading.pageKind === 'subscription-details' ? isShown(s) : facts.some((f) => f.retired && sameName(f.name, s.name)));
    const othersActive = known.subscriptions.some((s) => matchers.retired(s.name) && s.status !== 'suspended' && !onPage(s));
    const seenAlready = migration?.suspendSeen?.date !== undefined;
    if (suspension.suspended === suspension.total && !othersActive && !reading.partialGrid && !narrowed(reading) && !seenAlready) {
      events.push({ type: 'suspend-detected', date: today, evidence: evidence(suspension.text) });
    }
  }

  // Bought through another channel: only the customer can cancel it there (the guard needs to know).
  const otherChannel = facts.find((f) => f.retired && f.channel === 'other' && f.status !== 'suspended');
  if (otherChannel && migration?.otherChannel !== true) {
    events.push({ type: 'other-channel-detected', evidence: evidence(otherChannel.text) });
  }

  // The end date only refines a migration under way; the worker tracks it from observations otherwise.
  const renewal = migration ? retiredRenewal(reading, facts) : undefined;
  if (migration && renewal !== undefined) {
    const endDate = renewal?.kind === 'expires' ? renewal.date : null;
    if (migration.endDate !== endDate) events.push({ type: 'renewal-observed', renewal });
  }

  return { observations: observation ? [observation] : [], events };
}

import { parseRenewalStatus } from '../../core/renewal-status.ts';
import { usersAfterReading, type MigrationEvent, type MigrationState } from '../../core/migration.ts';
import type { CustomerObservation, SubscriptionObservation, SubscriptionStatus } from '../../core/observation.ts';
import type { PageKind } from '../../core/partner-center-urls.ts';
import { columnIndex, type PageSnapshot } from './page-snapshot.ts';
import type { ProductMatchers } from './product-matchers.ts';
import { readSubscriptionFacts, type SubscriptionFact } from './subscription-facts.ts';
import { LICENSE_HEADERS, readPurchase, readReassignment, readSuspension, type MigrationScope } from './migration-evidence.ts';

/**
 * From what one page shows to what the worker should record: the customer observation (the retired
 * and target subscriptions seen) and the migration events it proves, each with its evidence (page URL
 * and the text seen). Pure: the feature reads the page, calls this, and sends the result.
 *
 * Only news is returned: a fact the stored migration already holds is not sent again, so re-renders of
 * the page cost no message.
 */
export interface PageProgressInput {
  url: string;
  pageKind: PageKind;
  customerId: string;
  /** The subscription id in a details page URL. */
  subscriptionId: string | null;
  /** The URL's locale segment, a hint for reading dates ('en-us' is month/day). */
  locale: string | null;
  snapshot: PageSnapshot;
  matchers: ProductMatchers;
  /** What the worker holds for this customer. */
  known: {
    migration: MigrationState | null;
    /** The customer's subscriptions as last recorded (to know whether a details page's suspension is the last one). */
    subscriptions: ReadonlyArray<{ name: string; status?: SubscriptionStatus; subscriptionId?: string; quantity?: number }>;
  };
  /** ISO timestamp of the reading. */
  seenAt: string;
}

export interface PageProgress {
  observation: CustomerObservation | null;
  events: MigrationEvent[];
}

/** Query parameters that narrow a grid to what the partner searched for. */
const FILTER_PARAMS = /^(?:search|searchtext|filter|filters|q|query|keyword|keywords|term|status)$/i;

/** The page shows only part of what it lists: a search or filter in the URL or in a box, or still loading. */
function narrowed(input: PageProgressInput): boolean {
  if (input.snapshot.incomplete) return true;
  try {
    for (const [name, value] of new URL(input.url).searchParams) if (FILTER_PARAMS.test(name) && value.trim() !== '') return true;
  } catch {
    return false;
  }
  return false;
}

/** The retired SKUs (by rule id) this customer's migration is about: those on the page and those recorded. */
export function scopeFor(facts: readonly SubscriptionFact[], known: PageProgressInput['known'], matchers: ProductMatchers): MigrationScope {
  const ruleIds = new Set<string>();
  for (const fact of facts) if (fact.retired) ruleIds.add(fact.retired.ruleId);
  for (const sub of known.subscriptions) {
    const retired = matchers.retired(sub.name);
    if (retired) ruleIds.add(retired.ruleId);
  }
  return { ruleIds: [...ruleIds], targetIds: [] };
}

function observationOf(input: PageProgressInput, facts: readonly SubscriptionFact[]): CustomerObservation | null {
  if (facts.length === 0) return null;
  const subscriptions = facts.map((fact): SubscriptionObservation => {
    const observed: SubscriptionObservation = { name: fact.name };
    if (fact.quantity !== null) observed.quantity = fact.quantity;
    if (fact.status !== null) observed.status = fact.status;
    observed.renewal = parseRenewalStatus(fact.text, input.locale ?? undefined);
    if (input.pageKind === 'subscription-details' && input.subscriptionId) observed.subscriptionId = input.subscriptionId;
    if (fact.channel) observed.channel = fact.channel;
    return observed;
  });
  return { customerId: input.customerId, subscriptions, source: 'page', evidence: input.url, seenAt: input.seenAt };
}

/** The earliest "Expires on" among the retired subscriptions shown, null if they all auto-renew, undefined if none says. */
function retiredRenewal(input: PageProgressInput, facts: readonly SubscriptionFact[]) {
  let found: { kind: 'expires' | 'auto-renews'; date: string } | null | undefined;
  for (const fact of facts) {
    if (!fact.retired || fact.status === 'suspended') continue;
    const renewal = parseRenewalStatus(fact.text, input.locale ?? undefined);
    if (!renewal) continue;
    if (renewal.kind === 'expires') {
      if (!found || found.kind !== 'expires' || renewal.date < found.date) found = renewal;
    } else if (found === undefined) {
      found = renewal;
    }
  }
  return found;
}

/** Names as Partner Center prints them in a list and on a details page (spacing and case may differ). */
function sameName(a: string, b: string): boolean {
  const fold = (s: string) => s.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase();
  return fold(a) === fold(b);
}

export function pageProgress(input: PageProgressInput): PageProgress {
  const { snapshot, matchers, known } = input;
  const migration = known.migration;
  const events: MigrationEvent[] = [];
  const evidence = (text: string) => ({ source: 'page' as const, page: input.url, text });
  const today = input.seenAt.slice(0, 10);

  if (input.pageKind === 'users-and-licenses') {
    const scope = scopeFor([], known, matchers);
    const reassign = readReassignment(snapshot, matchers, scope);
    const hasLicenseColumn = snapshot.tables.some((t) => columnIndex(t.headers, LICENSE_HEADERS) >= 0);
    // "Nobody holds the retired licence" only means something when the grid shows licences at all.
    // And only for a customer with something to migrate: a users page alone must not start a migration.
    const concerned = migration !== null || scope.ruleIds.length > 0;
    // Half a list proves nothing about the other half: a paged, virtualised, searched, filtered or
    // still-loading users grid is not read, nor one whose licence cells are empty or truncated.
    const complete = reassign !== null && !reassign.partial && reassign.uncertain === 0 && !narrowed(input);
    // Fewer users in scope than already counted means the page shows fewer rows, not fewer users.
    const knownTotal = migration?.users?.total ?? 0;
    // "Nobody holds it" while an active retired subscription still has seats is a grid not yet filled.
    const seatsKnown = known.subscriptions.some((s) => matchers.retired(s.name) && s.status === 'active' && (s.quantity ?? 0) > 0);
    if (reassign && complete && concerned && reassign.inScope >= knownTotal && !(reassign.inScope === 0 && seatsKnown) && (reassign.inScope > 0 || hasLicenseColumn)) {
      // The worker counts who moved against what it counted before; only a reading that changes the count is news.
      const reading = { onRetired: reassign.remaining.length, onReplacement: reassign.onReplacement };
      const next = usersAfterReading(migration?.users ?? null, reading);
      const same = migration?.users?.moved === next.moved && migration.users.total === next.total;
      if (!same) events.push({ type: 'users-seen', ...reading, evidence: evidence(reassign.text) });
    }
    return { observation: null, events };
  }

  if (input.pageKind !== 'subscriptions' && input.pageKind !== 'subscription-details') return { observation: null, events };
  const facts = readSubscriptionFacts(snapshot, matchers);
  const scope = scopeFor(facts, known, matchers);

  // A step the partner unticked by hand stays unticked: the same page seen again is not news.
  const untickedByHand = (step: 'purchase' | 'suspend') =>
    migration !== null && migration.steps[step].status !== 'done' && migration.steps[step].evidence?.source === 'manual';

  const purchase = readPurchase(facts, scope);
  if (purchase && migration?.steps.purchase.status !== 'done' && !untickedByHand('purchase')) {
    events.push({ type: 'purchase-detected', evidence: evidence(purchase.text) });
  }

  const suspension = readSuspension(facts, scope);
  if (suspension && migration?.steps.suspend.status !== 'done' && !untickedByHand('suspend')) {
    // A details page shows one subscription: it completes the step only if every other retired
    // subscription the worker knows of is suspended too.
    const shown = facts.find((f) => f.retired);
    const isShown = (s: PageProgressInput['known']['subscriptions'][number]): boolean =>
      s.subscriptionId && input.subscriptionId ? s.subscriptionId === input.subscriptionId : sameName(s.name, shown?.name ?? '');
    // A grid (possibly filtered to "Suspended", or paged) may not list every retired subscription: one
    // the worker knows as not suspended and that the page does not show keeps the step open too.
    const onPage = (s: PageProgressInput['known']['subscriptions'][number]): boolean =>
      input.pageKind === 'subscription-details' ? isShown(s) : facts.some((f) => f.retired && sameName(f.name, s.name));
    const othersActive = known.subscriptions.some((s) => matchers.retired(s.name) && s.status !== 'suspended' && !onPage(s));
    const partialGrid = snapshot.tables.some((t) => t.partial === true) || narrowed(input);
    if (suspension.suspended === suspension.total && !othersActive && !partialGrid) {
      events.push({ type: 'suspend-detected', date: today, evidence: evidence(suspension.text) });
    }
  }

  // Bought through another channel: only the customer can cancel it there (the guard needs to know).
  const otherChannel = facts.find((f) => f.retired && f.channel === 'other' && f.status !== 'suspended');
  if (otherChannel && migration?.otherChannel !== true) {
    events.push({ type: 'other-channel-detected', evidence: evidence(otherChannel.text) });
  }

  // The end date only refines a migration under way; the worker tracks it from observations otherwise.
  const renewal = migration ? retiredRenewal(input, facts) : undefined;
  if (migration && renewal !== undefined) {
    const endDate = renewal?.kind === 'expires' ? renewal.date : null;
    if (migration.endDate !== endDate) events.push({ type: 'renewal-observed', renewal });
  }

  return { observation: observationOf(input, facts), events };
}

/**
 * Filtering, searching and sorting the dashboard's rows. Pure, so the table's behaviour is tested
 * without a browser. The worker already sorts by urgency; other sort keys are applied here.
 */
import type { TrackedCustomer } from '../../core/tracked-customers.ts';
import type { Urgency } from '../../core/urgency.ts';
import { customerPageUrl } from '../../core/partner-center-urls.ts';
import { compareTracked, TRACKED_PHASES, type TrackedPhase } from '../../core/tracked-customers.ts';

export type SortKey = 'urgency' | 'name' | 'endDate' | 'phase';
export type SortDirection = 'ascending' | 'descending';

export interface CustomerFilter {
  search: string;
  phase: TrackedPhase | 'all';
  urgency: Urgency | 'none' | 'all';
  sort: SortKey;
  direction: SortDirection;
}

export const DEFAULT_FILTER: CustomerFilter = { search: '', phase: 'all', urgency: 'all', sort: 'urgency', direction: 'ascending' };

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

function matchesSearch(row: TrackedCustomer, search: string): boolean {
  const q = fold(search);
  if (!q) return true;
  return fold(row.name ?? '').includes(q) || row.customerId.includes(q) || row.retired.some((r) => fold(r.name).includes(q)) || row.expiring.some((name) => fold(name).includes(q));
}

const COMPARE: Record<SortKey, (a: TrackedCustomer, b: TrackedCustomer) => number> = {
  urgency: compareTracked,
  name: (a, b) => (a.name ?? a.customerId).localeCompare(b.name ?? b.customerId) || compareTracked(a, b),
  endDate: (a, b) => (a.endDate ?? '9999').localeCompare(b.endDate ?? '9999') || compareTracked(a, b),
  phase: (a, b) => TRACKED_PHASES.indexOf(a.phase) - TRACKED_PHASES.indexOf(b.phase) || compareTracked(a, b),
};

export function filterCustomers(rows: readonly TrackedCustomer[], filter: CustomerFilter): TrackedCustomer[] {
  const out = rows.filter(
    (row) =>
      matchesSearch(row, filter.search) &&
      (filter.phase === 'all' || row.phase === filter.phase) &&
      (filter.urgency === 'all' || (filter.urgency === 'none' ? row.urgency === null : row.urgency === filter.urgency)),
  );
  const compare = COMPARE[filter.sort];
  out.sort(filter.direction === 'ascending' ? compare : (a, b) => compare(b, a));
  return out;
}

/** Partner Center pages for a customer, under the base the partner was last seen on (null: the default one). */
export function partnerCenterLinks(customerId: string, base: string | null = null): { subscriptions: string; users: string } {
  return { subscriptions: customerPageUrl(customerId, 'subscriptions', base), users: customerPageUrl(customerId, 'users', base) };
}

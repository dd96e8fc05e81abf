/**
 * Filtering, searching and sorting the dashboard's rows (the end-date windows and the overview's
 * counts they reproduce exactly: src/core/overview-counts.ts). Pure, so the table's behaviour is tested without a browser.
 *
 * Built for 10,000 customers: the order is computed once per list and sort (sortCustomers), and a
 * keystroke only filters that order; each row's search text is folded once (kept per row object).
 */
import type { DashboardRow } from '../../core/tracked-customers.ts';
import type { Urgency } from '../../core/urgency.ts';
import { endWindowOf, type EndWindow } from '../../core/overview-counts.ts';
import { customerPageUrl } from '../../core/partner-center-urls.ts';
import { compareTracked, TRACKED_PHASES, type TrackedPhase } from '../../core/tracked-customers.ts';

export type SortKey = 'urgency' | 'name' | 'endDate' | 'phase';
export type SortDirection = 'ascending' | 'descending';

export interface CustomerFilter {
  search: string;
  phase: TrackedPhase | 'all';
  urgency: Urgency | 'none' | 'all';
  window: EndWindow | 'all';
  reviewed: 'all' | 'reviewed' | 'not-reviewed';
  sort: SortKey;
  direction: SortDirection;
}

export const DEFAULT_FILTER: CustomerFilter = { search: '', phase: 'all', urgency: 'all', window: 'all', reviewed: 'all', sort: 'urgency', direction: 'ascending' };

/** Whether any filter narrows the list (the sort does not). */
export function isFiltered(filter: CustomerFilter): boolean {
  return filter.search.trim() !== '' || filter.phase !== 'all' || filter.urgency !== 'all' || filter.window !== 'all' || filter.reviewed !== 'all';
}

export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

const haystacks = new WeakMap<DashboardRow, string>();

/** Name, tenant id and product names, folded, once per row object. */
function haystack(row: DashboardRow): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    text = fold([row.name ?? '', row.customerId, ...row.retired.map((r) => r.name), ...row.expiring].join('\n'));
    haystacks.set(row, text);
  }
  return text;
}

let collator: Intl.Collator | null = null;
const byName = (a: DashboardRow, b: DashboardRow) => (collator ??= new Intl.Collator()).compare(a.name ?? a.customerId, b.name ?? b.customerId);

const PRIMARY: Record<Exclude<SortKey, 'urgency'>, (a: DashboardRow, b: DashboardRow) => number> = {
  name: byName,
  endDate: (a, b) => (a.endDate ?? '9999').localeCompare(b.endDate ?? '9999'),
  phase: (a, b) => TRACKED_PHASES.indexOf(a.phase) - TRACKED_PHASES.indexOf(b.phase),
};

/**
 * The rows in the order asked for. Ties keep the urgency order (the sort is stable and starts from
 * it), so "by end date" still lists the most urgent of one day first, in both directions.
 */
export function sortCustomers(rows: readonly DashboardRow[], sort: SortKey, direction: SortDirection): DashboardRow[] {
  const out = [...rows].sort(compareTracked);
  if (sort === 'urgency') return direction === 'ascending' ? out : out.reverse();
  const primary = PRIMARY[sort];
  const sign = direction === 'ascending' ? 1 : -1;
  return out.sort((a, b) => sign * primary(a, b));
}

/** The sorted rows that pass the filter, in the same order. */
export function applyFilter(sorted: readonly DashboardRow[], filter: Omit<CustomerFilter, 'sort' | 'direction'>): DashboardRow[] {
  const q = fold(filter.search);
  return sorted.filter(
    (row) =>
      (q === '' || haystack(row).includes(q)) &&
      (filter.phase === 'all' || row.phase === filter.phase) &&
      (filter.urgency === 'all' || (filter.urgency === 'none' ? row.urgency === null : row.urgency === filter.urgency)) &&
      (filter.window === 'all' || endWindowOf(row) === filter.window) &&
      (filter.reviewed === 'all' || (row.reviewedAt !== null) === (filter.reviewed === 'reviewed')),
  );
}

export function filterCustomers(rows: readonly DashboardRow[], filter: CustomerFilter): DashboardRow[] {
  return applyFilter(sortCustomers(rows, filter.sort, filter.direction), filter);
}

/** Partner Center pages for a customer, under the base the partner was last seen on (null: the default one). */
export function partnerCenterLinks(customerId: string, base: string | null = null): { subscriptions: string; users: string } {
  return { subscriptions: customerPageUrl(customerId, 'subscriptions', base), users: customerPageUrl(customerId, 'users', base) };
}

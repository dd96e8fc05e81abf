/**
 * Filtering, searching and sorting the dashboard's rows, and the overview's counts that the filters
 * reproduce exactly. Pure, so the table's behaviour is tested without a browser.
 *
 * Built for 10,000 customers: the order is computed once per list and sort (sortCustomers), and a
 * keystroke only filters that order; each row's search text is folded once (kept per row object).
 */
import type { TrackedCustomer } from '../../core/tracked-customers.ts';
import type { Urgency } from '../../core/urgency.ts';
import { customerPageUrl } from '../../core/partner-center-urls.ts';
import { compareTracked, TRACKED_PHASES, type TrackedPhase } from '../../core/tracked-customers.ts';

export type SortKey = 'urgency' | 'name' | 'endDate' | 'phase';
export type SortDirection = 'ascending' | 'descending';

/** End dates that still cut someone off, by how soon: past, then the next 30, 31–60 and 61–90 days. */
export const END_WINDOWS = ['overdue', 'within-30', 'within-60', 'within-90'] as const;
export type EndWindow = (typeof END_WINDOWS)[number];

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

/** The window the row's end date falls in, null when it is later, unknown, or no longer threatens anyone. */
export function endWindowOf(row: Pick<TrackedCustomer, 'urgency' | 'daysLeft'>): EndWindow | null {
  if (row.urgency === null || row.daysLeft === null) return null;
  if (row.daysLeft < 0) return 'overdue';
  if (row.daysLeft <= 30) return 'within-30';
  if (row.daysLeft <= 60) return 'within-60';
  return row.daysLeft <= 90 ? 'within-90' : null;
}

export interface OverviewCounts {
  total: number;
  phases: Record<TrackedPhase, number>;
  windows: Record<EndWindow, number>;
}

/** One pass over the rows: customers by step, and end dates by window. */
export function overviewCounts(rows: readonly TrackedCustomer[]): OverviewCounts {
  const phases = Object.fromEntries(TRACKED_PHASES.map((p) => [p, 0])) as Record<TrackedPhase, number>;
  const windows = Object.fromEntries(END_WINDOWS.map((w) => [w, 0])) as Record<EndWindow, number>;
  for (const row of rows) {
    phases[row.phase] += 1;
    const window = endWindowOf(row);
    if (window) windows[window] += 1;
  }
  return { total: rows.length, phases, windows };
}

export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

const haystacks = new WeakMap<TrackedCustomer, string>();

/** Name, tenant id and product names, folded, once per row object. */
function haystack(row: TrackedCustomer): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    text = fold([row.name ?? '', row.customerId, ...row.retired.map((r) => r.name), ...row.expiring].join('\n'));
    haystacks.set(row, text);
  }
  return text;
}

let collator: Intl.Collator | null = null;
const byName = (a: TrackedCustomer, b: TrackedCustomer) => (collator ??= new Intl.Collator()).compare(a.name ?? a.customerId, b.name ?? b.customerId);

const PRIMARY: Record<Exclude<SortKey, 'urgency'>, (a: TrackedCustomer, b: TrackedCustomer) => number> = {
  name: byName,
  endDate: (a, b) => (a.endDate ?? '9999').localeCompare(b.endDate ?? '9999'),
  phase: (a, b) => TRACKED_PHASES.indexOf(a.phase) - TRACKED_PHASES.indexOf(b.phase),
};

/**
 * The rows in the order asked for. Ties keep the urgency order (the sort is stable and starts from
 * it), so "by end date" still lists the most urgent of one day first, in both directions.
 */
export function sortCustomers(rows: readonly TrackedCustomer[], sort: SortKey, direction: SortDirection): TrackedCustomer[] {
  const out = [...rows].sort(compareTracked);
  if (sort === 'urgency') return direction === 'ascending' ? out : out.reverse();
  const primary = PRIMARY[sort];
  const sign = direction === 'ascending' ? 1 : -1;
  return out.sort((a, b) => sign * primary(a, b));
}

/** The sorted rows that pass the filter, in the same order. */
export function applyFilter(sorted: readonly TrackedCustomer[], filter: Omit<CustomerFilter, 'sort' | 'direction'>): TrackedCustomer[] {
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

export function filterCustomers(rows: readonly TrackedCustomer[], filter: CustomerFilter): TrackedCustomer[] {
  return applyFilter(sortCustomers(rows, filter.sort, filter.direction), filter);
}

/** Partner Center pages for a customer, under the base the partner was last seen on (null: the default one). */
export function partnerCenterLinks(customerId: string, base: string | null = null): { subscriptions: string; users: string } {
  return { subscriptions: customerPageUrl(customerId, 'subscriptions', base), users: customerPageUrl(customerId, 'users', base) };
}

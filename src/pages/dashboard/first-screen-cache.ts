/**
 * The first screen the dashboard last showed (a page of rows, most urgent first, with the counts of
 * all), kept in the page's localStorage so the next load paints it at once, before the worker
 * answers. The worker's current first screen replaces it as soon as it arrives (20–40 ms later in a
 * running worker; a worker that was stopped has to start and read first). Until then the table says
 * that it is loading every customer, as for any first screen: search, filters, "select all" and the
 * export wait for the whole list, which always comes from the worker.
 *
 * Painted only when it can be read as this build reads it: written by the same build (the dashboard
 * entry's own URL carries a content hash) and for the same day (its rows count days left from it).
 * Anything else (another version, another day, a value broken by hand, no localStorage) is ignored
 * and removed: the page then waits for the worker, as without it. It holds no more than the page
 * shows, and the extension's origin only (the same profile as the tracker's IndexedDB).
 */
import type { DashboardView } from '../../core/tracked-customers.ts';
import { todayOf } from '../../core/dates.ts';

/** The localStorage key (the benchmark clears it to time a load without it). */
export const FIRST_SCREEN_KEY = 'sku-shift.dashboard.first-screen';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

interface Kept {
  build: string;
  view: DashboardView;
}

/** This build of the page (the entry's URL: its file name changes with its code). */
const THIS_BUILD = import.meta.url;

function pageStorage(): Store | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Storage turned off for the extension's origin: reading the property throws.
    return null;
  }
}

/** The first screen kept by this build for `today`, or null. */
export function keptFirstScreen(today = todayOf(new Date().toISOString()), store = pageStorage(), build = THIS_BUILD): DashboardView | null {
  if (!store) return null;
  try {
    const raw = store.getItem(FIRST_SCREEN_KEY);
    if (raw === null) return null;
    const kept = JSON.parse(raw) as Partial<Kept> | null;
    const view = kept?.view;
    if (kept?.build === build && isView(view) && view.today === today) return view;
  } catch {
    // Not JSON: forgotten below.
  }
  forgetFirstScreen(store);
  return null;
}

/** Keeps the first `rows` rows of `view` (and its counts) for the next load. */
export function keepFirstScreen(view: DashboardView, rows: number, store = pageStorage(), build = THIS_BUILD): void {
  if (!store) return;
  const kept: Kept = { build, view: view.customers.length > rows ? { ...view, customers: view.customers.slice(0, rows) } : view };
  try {
    store.setItem(FIRST_SCREEN_KEY, JSON.stringify(kept));
  } catch {
    // Over quota (other pages of the extension use the origin's storage too): the next load waits for the worker.
    forgetFirstScreen(store);
  }
}

export function forgetFirstScreen(store = pageStorage()): void {
  try {
    store?.removeItem(FIRST_SCREEN_KEY);
  } catch {
    // Nothing kept can be read either.
  }
}

/** The fields the page reads before anything else; the rest is as this build wrote it. */
function isView(value: unknown): value is DashboardView {
  if (typeof value !== 'object' || value === null) return false;
  const view = value as Partial<DashboardView>;
  return (
    typeof view.today === 'string' &&
    Array.isArray(view.customers) &&
    view.customers.every((row: unknown) => typeof row === 'object' && row !== null && typeof (row as { customerId?: unknown }).customerId === 'string') &&
    typeof view.total === 'number' &&
    view.total >= view.customers.length &&
    typeof view.counts === 'object' &&
    view.counts !== null &&
    typeof view.settings === 'object' &&
    view.settings !== null
  );
}

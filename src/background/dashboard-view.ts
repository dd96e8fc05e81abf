/**
 * The worker's answer to `dashboard/get`: the stored summaries (./summary-store.ts) dated for today
 * and sorted, most urgent first, with the overview's counts.
 *
 * The rows last computed are kept in memory with the stamp they were read under (store.ts
 * readDashboard: the summaries' revision, the rules, the thresholds, the customer-pages base) and the
 * day: the next read checks the stamp in IndexedDB (a few small reads) and answers from memory while
 * it holds. That memory is not state: a worker that starts afresh (MV3 workers stop when idle) reads
 * the summaries again, and any write to a customer's records, a review mark or a change of rules or
 * thresholds changes the stamp. The action badge and the reminders (./reminders.ts) read the same
 * rows, so a recount after a scan and the dashboard's next read compute them once. A read already
 * under way for the same stamp and day is shared, so the dashboard's first-screen request and its
 * full one, sent back to back, compute the rows once.
 */
import type { ManagedPolicy } from '../core/managed-policy.ts';
import { overviewCounts } from '../core/overview-counts.ts';
import { trackedOn, type DashboardView } from '../core/tracked-customers.ts';
import type { TrackerDb } from './db.ts';
import { readDashboard } from './store.ts';

/** The rows last computed, for the database connection they were read from (a stamp is only unique within one database). */
let last: { db: TrackerDb; stamp: string; today: string; view: DashboardView } | null = null;
/** The read under way: reads run one after the other, so the second of two back-to-back reads finds the first one's rows. */
let queue: Promise<unknown> = Promise.resolve();

/** Every tracked customer's row on `today` (see the header); `first`: only that many rows, with the total and counts of all. */
export async function dashboardView(db: TrackerDb, policy: ManagedPolicy, today: string, first?: number): Promise<DashboardView> {
  const run = queue.then(() => currentView(db, policy, today));
  queue = run.catch(() => undefined);
  const view = await run;
  return first === undefined || first >= view.customers.length ? view : { ...view, customers: view.customers.slice(0, first) };
}

async function currentView(db: TrackerDb, policy: ManagedPolicy, today: string): Promise<DashboardView> {
  const held = last?.today === today && last.db === db ? last : null;
  const read = await readDashboard(db, policy, held?.stamp ?? null);
  // The rows still hold; the settings are read afresh (only their thresholds are part of the stamp).
  if (held && read.summaries === null) return { ...held.view, settings: read.settings };
  const customers = trackedOn(read.summaries ?? [], read.settings, today, read.reviewed);
  const view: DashboardView = { today, customers, total: customers.length, counts: overviewCounts(customers), settings: read.settings, partnerCenterBase: read.partnerCenterBase };
  last = { db, stamp: read.stamp, today, view };
  return view;
}

/**
 * Records what a Partner Center page shows: once the page settles, and again whenever text that can
 * carry progress changes, it reads the page (./read-page.ts) and sends one `page/reading` to the
 * worker, which decides what it proves and answers with the customer's view. The checklist renders
 * that view; it decides nothing itself.
 *
 * On a customer's pages the readings follow the progress text watcher (./progress-text.ts); on the
 * customers list, the tenant ids in the grid.
 */
import type { CustomerView } from '../../core/records.ts';
import { findGuid, visitKeyOf } from '../../core/partner-center-urls.ts';
import type { PageReading } from '../../core/page-reading.ts';
import type { PageContext } from '../feature.ts';
import { watchText } from '../scanner.ts';
import { sendCommand } from '../lib/worker-client.ts';
import { Listeners } from '../lib/listeners.ts';
import { readPageSnapshotSliced } from './read-page-snapshot.ts';
import { readCustomerName } from './customer-name.ts';
import { readingSteps } from './read-page.ts';
import { runSliced } from '../lib/yield-to-page.ts';
import type { ProgressText } from './progress-text.ts';
import { catalogMatchers } from '../../core/product-matchers.ts';

/** Re-read the page this long after its text stops changing (grids render in bursts). */
const READ_DELAY_MS = 250;
const MAX_READ_DELAY_MS = 5000;
/** Readings that look for the customer's name in the header before giving up for this visit. */
const NAME_TRIES = 3;

export interface PageTracker {
  /** Calls `listener` with the customer's view after each reading the worker applied. */
  onView(listener: (view: CustomerView) => void, signal: AbortSignal): void;
  /** Calls `listener` when a reading named more new customers than one page may create. */
  onCustomersNotRecorded(listener: (count: number) => void, signal: AbortSignal): void;
  /** Read the page again soon (e.g. the partner's rules changed). */
  schedule(): void;
}

/**
 * Starts recording the page in view until `signal` aborts. `progress` is the page's progress text
 * watcher (null on the customers list, where tenant ids are watched instead).
 */
export function trackPage(signal: AbortSignal, page: PageContext, progress: ProgressText | null): PageTracker {
  const views = new Listeners<[CustomerView]>();
  const capped = new Listeners<[number]>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reading = false;
  let dirty = false;
  let lastSent = '';
  let name: string | null = null;
  let nameTries = 0;
  // A read of a 5,000-row grid costs a few hundred ms: on pages that big, wait proportionally longer
  // between reads so a grid that keeps changing is not read in a loop.
  let delay = READ_DELAY_MS;

  const schedule = (): void => {
    if (signal.aborted) return;
    clearTimeout(timer);
    timer = setTimeout(() => void read(), delay);
  };
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });

  const read = async (): Promise<void> => {
    // The URL changed and this visit is ending: its ids no longer describe the page in view.
    if (signal.aborted || visitKeyOf(page.url) !== visitKeyOf(location.href)) return;
    if (reading) {
      dirty = true;
      return;
    }
    reading = true;
    try {
      const started = performance.now();
      // In slices that yield to the page: a 5,000-row grid is never one long task.
      const snapshot = await readPageSnapshotSliced(document, signal).catch(() => null); // the visit ended mid-read
      if (!snapshot || signal.aborted) return;
      const matchers = progress?.matchers ?? catalogMatchers();
      const locale = page.locale ?? (document.documentElement.lang || null);
      // The header's name does not change during a visit: read until found, a few times at most.
      if (name === null && nameTries++ < NAME_TRIES && page.kind !== 'customers') name = readCustomerName(document);
      const pageReading = await runSliced(readingSteps(snapshot, { ...page, url: location.href, locale }, matchers, new Date().toISOString(), name), signal).catch(() => null);
      if (!pageReading || signal.aborted) return;
      delay = Math.min(MAX_READ_DELAY_MS, Math.max(READ_DELAY_MS, (performance.now() - started) * 5));
      // The same page shown again (a re-render) is not sent again: the worker would find no news.
      const signature = signatureOf(pageReading);
      if (signature === lastSent) return;
      lastSent = signature;
      const result = await sendCommand({ kind: 'page/reading', reading: pageReading }).catch(() => {
        lastSent = ''; // the worker is unreachable or refused: the next change retries
        return null;
      });
      if (!result || signal.aborted) return;
      if (result.view) views.call(result.view);
      if (result.customersNotRecorded > 0) capped.call(result.customersNotRecorded);
    } finally {
      reading = false;
      if (dirty && !signal.aborted) {
        dirty = false;
        schedule();
      }
    }
  };

  if (progress) {
    // Any change to text that can carry progress (product names, statuses, user names) re-reads the
    // page once it settles; removals count too. Once per scanner pass, not per matching cell.
    progress.onPassEnd(schedule, signal);
  } else {
    watchText(
      (text) => (findGuid(text) ? true : null),
      () => {
        schedule();
        return schedule;
      },
      { signal },
    );
  }
  schedule();

  return {
    onView: (listener, listenerSignal) => views.add(listener, listenerSignal),
    onCustomersNotRecorded: (listener, listenerSignal) => capped.add(listener, listenerSignal),
    schedule,
  };
}

/** What a reading says, without when it was taken. */
function signatureOf(reading: PageReading): string {
  return JSON.stringify({ ...reading, seenAt: '' });
}

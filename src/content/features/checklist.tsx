/**
 * The guided migration checklist for the customer in view (tenant GUID from the URL), loaded only for
 * a customer it can help: the page is recorded (../progress/track-page.ts: one `page/reading` per
 * settled page, the worker decides the progress) and the checklist renders what the worker answers
 * (a launcher, a panel with the plan and the three steps, the suspend guard:
 * ../checklist/customer-checklist.tsx). On the customers list the page is recorded too (names, and
 * who must accept an invite first).
 *
 * Why lazy: the page reader and the checklist are about half of the content script, and most Partner
 * Center pages a partner opens have nothing to migrate. What stays here is cheap: one `customer/get`
 * (the checklist needs it anyway) and the progress text watcher (../progress/progress-text.ts), which
 * meanwhile says whether the page shows a product. The heavy modules are imported, once per page
 * load, when either says "yes".
 */
import { feature, type PageContext } from '../feature.ts';
import { ProgressText } from '../progress/progress-text.ts';
import { matchRetiredSku } from '../../core/catalog.ts';
import type { CustomerView } from '../../core/records.ts';
import type { PageCustomerView } from '../../messages.ts';
import type { PageKind } from '../../core/partner-center-urls.ts';
import { onBroadcast, sendCommand } from '../lib/worker-client.ts';
import type { PageTracker } from '../progress/track-page.ts';
import { warmMessages } from '../lib/warm-messages.ts';

/** How long a page match waits for the worker's answer already asked (it normally takes a few ms). */
const ANSWER_WAIT_MS = 1000;

/** Customers found to need the checklist since this page loaded (Partner Center is a single-page app). */
const needingChecklist = new Set<string>();

export default feature({
  id: 'checklist',
  pages: ['customers', 'subscriptions', 'subscription-details', 'users-and-licenses', 'manage-licenses', 'add-subscriptions'],
  async init(signal, page) {
    if (page.kind === 'customers') {
      const { trackPage } = await import('../progress/track-page.ts');
      if (signal.aborted) return;
      trackPage(signal, page, null).onCustomersNotRecorded((count) => {
        void import('../progress/customers-capped-notice.tsx').then(({ showCustomersCapped }) => showCustomersCapped(count, signal));
      }, signal);
      return;
    }
    const customerId = page.customerId;
    if (!customerId) return;
    const progress = new ProgressText(signal);
    const customerPage = { ...page, customerId } satisfies PageContext;
    // The page is recorded once either is known: the checklist is needed, or the page shows an end
    // date (a current product that will not renew: the dashboard lists it, with no checklist).
    let tracker: Promise<PageTracker> | null = null;
    const track = (): Promise<PageTracker> => (tracker ??= import('../progress/track-page.ts').then(({ trackPage }) => trackPage(signal, customerPage, progress)));
    const onExpiry = (): void => void track().catch(() => undefined);
    if (progress.sawExpiry) onExpiry();
    else progress.onExpiry(onExpiry, signal);
    // Once needed, needed for the page's life: the next SPA page of this customer shows it at once.
    const needed = needingChecklist.has(customerId) ? { view: null } : await checklistNeeded(signal, customerId, page.kind, progress);
    if (!needed) return;
    needingChecklist.add(customerId);
    warmMessages();
    const [pageTracker, { runCustomerChecklist }] = await Promise.all([track(), import('../checklist/customer-checklist.tsx')]);
    if (signal.aborted) return;
    await runCustomerChecklist(signal, customerPage, progress, pageTracker, needed.view ?? undefined);
  },
});

/** The checklist is needed; `view` is the worker's latest answer (null if it has not answered yet). */
export interface ChecklistNeeded {
  view: PageCustomerView | null;
}

/**
 * Resolves as soon as this customer needs the checklist, null when the visit ends first:
 * - the worker already follows it (a migration, a retired subscription recorded, or the overlay left
 *   open): asked once, and again whenever the worker says this customer's data changed;
 * - or the page shows a retired SKU, or a Dynamics 365 product (its purchase is progress, and the page
 *   reader records it), as `progress` sees it under the partner's rules once the worker sent them.
 */
export function checklistNeeded(signal: AbortSignal, customerId: string, pageKind: PageKind, progress: ProgressText): Promise<ChecklistNeeded | null> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(null);
    const decided = new AbortController();
    let latest: PageCustomerView | null = null;
    const finish = (needed: boolean): void => {
      if (decided.signal.aborted) return;
      decided.abort();
      resolve(needed ? { view: latest } : null);
    };
    signal.addEventListener('abort', () => finish(false), { once: true, signal: decided.signal });

    // The page: decided outside the scanner's pass, and with the worker's answer when it is on its
    // way, so the checklist starts from it.
    let asking: Promise<void> = Promise.resolve();
    let pageSaysYes = false;
    const onProduct = (): void => {
      if (pageSaysYes) return;
      pageSaysYes = true;
      void Promise.race([asking, new Promise((r) => setTimeout(r, ANSWER_WAIT_MS))]).then(() => finish(true));
    };
    progress.onProduct(onProduct, decided.signal);
    if (progress.sawProduct) onProduct();

    // The worker: one question now, one more when it says something about this customer changed.
    const ask = (): void => {
      // With the page kind: the answer carries the checklist's model for this page, ready to show.
      asking = sendCommand({ kind: 'customer/get', customerId, pageKind }).then(
        (view) => {
          if (decided.signal.aborted) return;
          latest = view;
          if (followed(view)) finish(true);
          else progress.setRules(view.rules);
        },
        () => undefined,
      ); // worker unreachable: the page watcher still decides
    };
    onBroadcast((broadcast) => {
      if (broadcast.kind === 'data/changed' || broadcast.customerId === customerId) ask();
    }, decided.signal);
    ask();
  });
}

/** What the worker holds makes the checklist useful here (it would render the launcher or panel). */
export function followed(view: CustomerView): boolean {
  if (view.migration !== null || view.customer?.overlayOpen === true) return true;
  return view.subscriptions.some((sub) => sub.status !== 'deleted' && matchRetiredSku(sub.name, view.rules) !== null);
}

/**
 * The migration checklist for one customer, once the page or the worker says there is something to
 * migrate (src/content/features/checklist.tsx decides, cheaply, and loads this module on demand):
 * the launcher and panel, progress read off the page and recorded by the worker with its evidence,
 * and the suspend guard on a subscription's details page. Everything stops when `signal` aborts.
 */
import type { PageContext } from '../feature.ts';
import { onOpenChecklist } from '../open-checklist.ts';
import { readPageSnapshot, readPageSnapshotSliced } from '../progress/read-page-snapshot.ts';
import { pageProgress } from '../progress/progress-events.ts';
import { isRetiredDetailsPage } from '../progress/retired-details.ts';
import { sameVisit } from '../progress/page-visit.ts';
import type { ProductMatchers } from '../progress/product-matchers.ts';
import type { CustomerView } from '../../core/records.ts';
import { ChecklistController } from './checklist-controller.tsx';
import type { ProgressText } from './progress-text.ts';
import { retiredSubscriptions } from './checklist-model.ts';
import { customerBaseOf, customerPageUrl } from '../../core/partner-center-urls.ts';
import { watchSuspendIntent, type SuspendWatch } from './suspend-warning.tsx';
import { onBroadcast, sendCommand } from '../lib/worker-client.ts';
import { timed } from '../bench-mark.ts';

/** Re-read the page this long after its text stops changing (grids render in bursts). */
const READ_DELAY_MS = 250;
const MAX_READ_DELAY_MS = 5000;

/** `initialView`: the worker's answer the feature already has, so the overlay shows without asking again. */
export async function runCustomerChecklist(
  signal: AbortSignal,
  page: PageContext & { customerId: string },
  progress: ProgressText,
  initialView?: CustomerView,
): Promise<void> {
  const customerId = page.customerId;
  const doc = document;
  let suspendWatch: SuspendWatch | null = null;
  const controller = new ChecklistController({ ...page, customerId }, signal, {
    send: sendCommand,
    now: () => new Date().toISOString(),
    doc,
    // A suspend warning shown before the worker answered is re-decided with what it answered.
    onRender: () => suspendWatch?.refresh(),
  });

  // Matchers follow the partner's own rules (the page's text is matched again when they change).
  const currentMatchers = (): ProductMatchers => {
    const rules = controller.current()?.rules;
    if (rules) progress.setRules(rules);
    return progress.matchers;
  };

  onOpenChecklist((request) => {
    if (request.customerId === null || request.customerId === customerId) controller.setOpen(true);
  }, signal);
  onBroadcast((broadcast) => {
    if (broadcast.kind === 'data/changed' || broadcast.customerId === customerId) void controller.refresh();
  }, signal);

  // ── Progress read off the page ──
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reading = false;
  let dirty = false;
  let lastObservation = '';
  // A read of a 5,000-row grid costs ~200 ms: on pages that big, wait proportionally longer between
  // reads so a grid that keeps changing is not read in a loop (Partner Center grids are usually short).
  let delay = READ_DELAY_MS;
  const schedule = (): void => {
    if (signal.aborted) return;
    clearTimeout(timer);
    timer = setTimeout(() => void read(), delay);
  };
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });

  const read = async (): Promise<void> => {
    // The URL changed and this visit is ending: its ids no longer describe the page in view.
    if (signal.aborted || !sameVisit(page.url, location.href)) return;
    if (reading) {
      dirty = true;
      return;
    }
    reading = true;
    try {
      const started = performance.now();
      // In slices: a 5,000-row grid read at once would hold the page for hundreds of milliseconds.
      const snapshot = await readPageSnapshotSliced(doc, signal).catch((error: unknown) => {
        if (signal.aborted) return null; // the visit ended mid-read
        throw error;
      });
      if (!snapshot || signal.aborted) return;
      const view = controller.current();
      const progress = timed(
        doc,
        () =>
          pageProgress({
            url: location.href,
            pageKind: page.kind,
            customerId,
            subscriptionId: page.subscriptionId,
            locale: page.locale ?? (doc.documentElement.lang || null),
            snapshot,
            matchers: currentMatchers(),
            known: { migration: view?.migration?.state ?? null, subscriptions: view?.subscriptions ?? [] },
            seenAt: new Date().toISOString(),
          }),
        'data-sku-shift-bench-read',
      );
      delay = Math.min(MAX_READ_DELAY_MS, Math.max(READ_DELAY_MS, (performance.now() - started) * 5));
      if (progress.observation) {
        const signature = JSON.stringify(progress.observation.subscriptions);
        if (signature !== lastObservation) {
          lastObservation = signature;
          await sendCommand({ kind: 'observations/record', observations: [progress.observation] }).catch(() => {
            lastObservation = '';
          });
          await controller.refresh();
        }
      }
      for (const event of progress.events) {
        if (signal.aborted) return;
        await controller.apply(event);
      }
      controller.reposition();
    } finally {
      reading = false;
      if (dirty && !signal.aborted) {
        dirty = false;
        schedule();
      }
    }
  };

  // Any change to text that can carry progress (product names, statuses, user names) re-reads the
  // page once it settles; removals count too. Scheduled once per scanner pass (onPassEnd runs after
  // any match, change or removal), not per matching cell: a timer per cell cost thousands per grid.
  progress.onPassEnd = () => {
    // Text that can carry progress changed: the page's buttons may have too.
    controller.pageChanged();
    schedule();
  };
  signal.addEventListener('abort', () => (progress.onPassEnd = null), { once: true });

  // ── Keep clear of Partner Center's buttons as the page scrolls and resizes ──
  let frame = 0;
  const onLayout = (event: Event) => {
    // A scroll moves the buttons but changes none: measure the ones already found.
    if (event.type === 'resize') controller.pageChanged();
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      controller.reposition();
    });
  };
  addEventListener('resize', onLayout, { signal, passive: true });
  addEventListener('scroll', onLayout, { signal, passive: true, capture: true });

  if (page.kind === 'subscription-details') {
    suspendWatch = watchSuspendIntent({
      doc,
      signal,
      isRetiredSubscription: () => isRetiredDetailsPage(readPageSnapshot(doc), currentMatchers(), page.subscriptionId, controller.current()?.subscriptions ?? []),
      guard: () => controller.model()?.guard ?? { verdict: 'needs-override', usersLeft: null },
      retiredNames: () => {
        const view = controller.current();
        return view ? [...new Set(retiredSubscriptions(view).map((r) => r.name))] : [];
      },
      usersPageUrl: () => customerPageUrl(customerId, 'users', customerBaseOf(location.href)),
      onSuspendIntent: async (override) => {
        await controller.apply({ type: 'suspend-requested', override });
      },
    });
  }

  await controller.start(initialView);
  schedule();
}

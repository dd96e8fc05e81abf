/**
 * The migration checklist for one customer, once the page or the worker says there is something to
 * migrate (src/content/features/checklist.tsx decides, cheaply, and loads this module on demand):
 * the launcher and panel, rendered from the views the worker answers to the page's readings
 * (../progress/track-page.ts), and the suspend guard on a subscription's details page. Everything
 * stops when `signal` aborts.
 */
import type { PageContext } from '../feature.ts';
import { onOpenChecklist } from '../open-checklist.ts';
import { readPageSnapshot } from '../progress/read-page-snapshot.ts';
import { isRetiredDetailsPage } from '../progress/retired-details.ts';
import type { PageTracker } from '../progress/track-page.ts';
import type { ProgressText } from '../progress/progress-text.ts';
import type { PageCustomerView } from '../../messages.ts';
import { customerBaseOf, customerPageUrl } from '../../core/partner-center-urls.ts';
import { ChecklistController } from './checklist-controller.tsx';
import { missingText } from './plan-text.ts';
import type { SuspendWatch } from './suspend-warning.tsx';
import { onBroadcast, sendCommand } from '../lib/worker-client.ts';

/** `initialView`: the worker's answer the feature already has, so the overlay shows without asking again. */
export async function runCustomerChecklist(
  signal: AbortSignal,
  page: PageContext & { customerId: string },
  progress: ProgressText,
  tracker: PageTracker,
  initialView?: PageCustomerView,
): Promise<void> {
  const customerId = page.customerId;
  const doc = document;
  // Only a subscription's details page has the Status control the suspend guard watches: its code
  // is fetched there only, while the checklist starts.
  const suspendWarning = page.kind === 'subscription-details' ? import('./suspend-warning.tsx') : null;
  let suspendWatch: SuspendWatch | null = null;
  const controller = new ChecklistController(page, signal, {
    send: sendCommand,
    doc,
    // A suspend warning shown before the worker answered is re-decided with what it answered.
    onRender: () => suspendWatch?.refresh(),
  });

  // The page's text is matched under the partner's own rules, as the worker sends them.
  const followRules = (view: PageCustomerView): void => {
    const before = progress.matchers;
    progress.setRules(view.rules);
    if (progress.matchers !== before) tracker.schedule();
  };
  tracker.onView((view) => {
    followRules(view);
    controller.accept(view);
    controller.reposition();
  }, signal);
  onBroadcast((broadcast) => {
    if (broadcast.kind === 'data/changed' || broadcast.customerId === customerId) void controller.refresh();
  }, signal);
  // Text that can carry progress changed: the page's buttons may have too.
  progress.onPassEnd(() => controller.pageChanged(), signal);

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

  if (suspendWarning) {
    const { watchSuspendIntent } = await suspendWarning;
    if (signal.aborted) return;
    suspendWatch = watchSuspendIntent({
      doc,
      signal,
      isRetiredSubscription: () => isRetiredDetailsPage(readPageSnapshot(doc), progress.matchers, page.subscriptionId, controller.current()?.subscriptions ?? []),
      guard: () => controller.model()?.guard ?? { verdict: 'needs-override', usersLeft: null },
      // Only the retired SKUs users hold (a users page said which), else every retired one.
      retiredNames: () => controller.model()?.usersHoldNames ?? [],
      usersPageUrl: () => customerPageUrl(customerId, 'users', customerBaseOf(location.href)),
      missingText,
      onSuspendIntent: async (override) => {
        await controller.apply({ type: 'suspend-requested', override });
      },
    });
  }

  if (initialView) followRules(initialView);
  await controller.start(initialView);
  // A badge's "Open the migration checklist" shows from now on: asked before start() had decided
  // whether the panel opens, the request would be overridden by that decision and lost.
  onOpenChecklist((request) => {
    if (request.customerId === null || request.customerId === customerId) controller.setOpen(true);
  }, signal);
}

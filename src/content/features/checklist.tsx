/**
 * The guided migration checklist for the customer in view (tenant GUID from the URL): a launcher, a
 * panel with the plan, the three steps and what to click now, progress read off the page and recorded
 * by the worker with its evidence, and the suspend guard shown where suspending happens. On the
 * customers list it records names and relationships (who must accept an invite first).
 */
import { feature } from '../feature.ts';
import { watchText } from '../scanner.ts';
import { onOpenChecklist } from '../open-checklist.ts';
import { statusFromCell } from '../progress/status-words.ts';
import { catalogMatchers } from '../progress/catalog-matchers.ts';
import { readPageSnapshot } from '../progress/read-page-snapshot.ts';
import { pageProgress } from '../progress/progress-events.ts';
import { readSubscriptionFacts } from '../progress/subscription-facts.ts';
import type { ProductMatchers } from '../progress/product-matchers.ts';
import { ChecklistController } from '../checklist/checklist-controller.tsx';
import { retiredSubscriptions } from '../checklist/checklist-model.ts';
import { customerPageUrl } from '../checklist/step-guidance.ts';
import { watchSuspendIntent } from '../checklist/suspend-warning.tsx';
import { onBroadcast, sendCommand } from '../checklist/worker-client.ts';
import { syncCustomerList } from '../checklist/customer-list-sync.ts';
import type { RetirementRule } from '../../core/catalog.ts';

/** Re-read the page this long after its text stops changing (grids render in bursts). */
const READ_DELAY_MS = 250;
const MAX_READ_DELAY_MS = 5000;
const USER_NAME = /\S@\S/;

export default feature({
  id: 'checklist',
  pages: ['customers', 'subscriptions', 'subscription-details', 'users-and-licenses', 'manage-licenses', 'add-subscriptions'],
  async init(signal, page) {
    if (page.kind === 'customers') {
      syncCustomerList(document, signal, sendCommand);
      return;
    }
    const customerId = page.customerId;
    if (!customerId) return;
    const doc = document;
    const controller = new ChecklistController({ ...page, customerId }, signal, { send: sendCommand, now: () => new Date().toISOString(), doc });

    // Matchers follow the partner's own rules, recompiled only when the rule list changes.
    let rulesSeen: RetirementRule[] | null = null;
    let matchers: ProductMatchers = catalogMatchers();
    const currentMatchers = (): ProductMatchers => {
      const rules = controller.current()?.rules ?? null;
      if (rules && rules !== rulesSeen) {
        rulesSeen = rules;
        matchers = catalogMatchers(rules);
      }
      return matchers;
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
      if (reading) {
        dirty = true;
        return;
      }
      reading = true;
      try {
        const view = controller.current();
        const started = performance.now();
        const progress = pageProgress({
          url: location.href,
          pageKind: page.kind,
          customerId,
          subscriptionId: page.subscriptionId,
          locale: page.locale ?? (doc.documentElement.lang || null),
          snapshot: readPageSnapshot(doc),
          matchers: currentMatchers(),
          known: { migration: view?.migration?.state ?? null, subscriptions: view?.subscriptions ?? [] },
          seenAt: new Date().toISOString(),
        });
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
    // page once it settles; removals count too (the cleanup runs then).
    watchText(
      (text) => {
        // Cheapest tests first: this runs on every text node of grids that can hold thousands of rows.
        if (text.length <= 24 && statusFromCell(text)) return true;
        if (text.includes('@') && USER_NAME.test(text)) return true;
        const m = currentMatchers();
        return m.retired(text) || m.target(text) ? true : null;
      },
      () => {
        schedule();
        return schedule;
      },
      { signal },
    );

    // ── Keep clear of Partner Center's buttons as the page scrolls and resizes ──
    let frame = 0;
    const onLayout = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        controller.reposition();
      });
    };
    addEventListener('resize', onLayout, { signal, passive: true });
    addEventListener('scroll', onLayout, { signal, passive: true, capture: true });

    if (page.kind === 'subscription-details') {
      watchSuspendIntent({
        doc,
        signal,
        isRetiredSubscription: () => readSubscriptionFacts(readPageSnapshot(doc), currentMatchers()).some((f) => f.retired),
        guard: () => controller.model()?.guard ?? { verdict: 'needs-override', usersLeft: null },
        retiredNames: () => {
          const view = controller.current();
          return view ? [...new Set(retiredSubscriptions(view).map((r) => r.name))] : [];
        },
        usersPageUrl: () => customerPageUrl(location.href, customerId, 'users'),
        onSuspendIntent: async (override) => {
          await controller.apply({ type: 'suspend-requested', override });
        },
      });
    }

    await controller.start();
    schedule();
  },
});

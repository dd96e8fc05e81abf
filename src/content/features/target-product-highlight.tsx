/**
 * In the add-subscriptions catalog, the Dynamics 365 products this customer's plan needs are
 * highlighted, under any name they carry (the article's, today's catalog, license names), with the
 * licenses to buy ("Needed: ×3"). For a customer with no plan known (nothing retired recorded), every
 * product that replaces a retired SKU is, the table's first choice marked as recommended. A chip's
 * text stays short (../badge/target-chip.tsx).
 *
 * The plan comes from the worker's view of the customer (`customer/get` for this page: what the
 * checklist's model says the plan needs, computed in the worker, src/core/checklist-view.ts); the
 * chip's display is loaded on the first product found (../badge/load-badge-display.ts).
 */
import { feature, type PageContext } from '../feature.ts';
import { watchText } from '../scanner.ts';
import { isHiddenOrInert } from '../lib/deep-dom.ts';
import { DeferredDisplay } from '../badge/load-badge-display.ts';
import { effectiveRules, matchTargetProduct } from '../../core/catalog.ts';
import type { PlanNeed } from '../../core/plan.ts';
import type { PageKind } from '../../core/partner-center-urls.ts';
import { withPartnerSettings, type PartnerSettings } from '../partner-settings.ts';
import { onBroadcast, sendCommand } from '../lib/worker-client.ts';

/** How long the highlight waits for the worker's view of the customer before showing the plain one. */
const VIEW_WAIT_MS = 1000;

function highlight(signal: AbortSignal, settings: PartnerSettings, needs: readonly PlanNeed[]): void {
  const partnerRules = settings.rules.length > 0 ? settings.rules : undefined;
  const rules = effectiveRules(partnerRules);
  // The chip's code (Preact, its styles) is loaded on the first product found.
  const chips = new DeferredDisplay(signal, (display) => display.targetChipPlacer(rules, needs));
  watchText(
    (text) => matchTargetProduct(text, partnerRules),
    (node, match) => (isHiddenOrInert(node) ? undefined : chips.add((place) => place(node, match), true)),
    { signal },
  );
}

/** What the customer's plan needs bought, as the worker's checklist model says it (none: no plan known, or no answer in time). */
async function planNeedsOf(customerId: string | null, pageKind: PageKind): Promise<PlanNeed[]> {
  if (!customerId) return [];
  const asked = sendCommand({ kind: 'customer/get', customerId, pageKind }).then(
    (view) => view.checklist?.planNeeds ?? [],
    () => [],
  );
  return Promise.race([asked, new Promise<PlanNeed[]>((resolve) => setTimeout(() => resolve([]), VIEW_WAIT_MS))]);
}

export default feature({
  id: 'target-product-highlight',
  pages: ['add-subscriptions'],
  init(signal, page: PageContext) {
    // Only the partner's rules change what is matched (thresholds do not); the customer's plan,
    // asked of the worker, changes what is highlighted: redrawn when the worker says it changed.
    withPartnerSettings(
      signal,
      (run, settings) => {
        let shown: string | null = null;
        let current: AbortController | null = null;
        run.addEventListener('abort', () => current?.abort(), { once: true });
        const show = (needs: PlanNeed[]): void => {
          const key = planKey(needs);
          if (key === shown || run.aborted) return;
          shown = key;
          current?.abort();
          current = new AbortController();
          highlight(current.signal, settings, needs);
        };
        const ask = (): void => void planNeedsOf(page.customerId, page.kind).then(show);
        onBroadcast((broadcast) => {
          if (broadcast.kind === 'data/changed' || broadcast.customerId === page.customerId) ask();
        }, run);
        ask();
      },
      (settings) => settings.rules.length > 0,
    );
  },
});

/** What is highlighted depends on: the products needed and their licenses. */
function planKey(needs: readonly PlanNeed[]): string {
  return JSON.stringify(needs.map((n) => [n.target.id, n.licenses, n.replaces.map((r) => [r.name, r.quantity])]));
}

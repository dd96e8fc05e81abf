/**
 * In the add-subscriptions catalog, the Dynamics 365 products that replace a retired SKU are
 * highlighted, under any name they carry (the article's, today's catalog, license names), with the
 * retired SKUs they replace — the table's first choice marked as recommended.
 */
import { feature } from '../feature.ts';
import { watchText } from '../scanner.ts';
import { isHiddenOrInert } from '../lib/deep-dom.ts';
import { DeferredDisplay } from '../badge/load-badge-display.ts';
import { effectiveRules, matchTargetProduct } from '../../core/catalog.ts';
import { withPartnerSettings, type PartnerSettings } from '../partner-settings.ts';

function highlight(signal: AbortSignal, settings: PartnerSettings): void {
  const partnerRules = settings.rules.length > 0 ? settings.rules : undefined;
  const rules = effectiveRules(partnerRules);
  // The chip's code (Preact, its styles) is loaded on the first product found (../badge/load-badge-display.ts).
  const chips = new DeferredDisplay(signal, (display) => display.placeTargetChip);
  watchText(
    (text) => matchTargetProduct(text, partnerRules),
    (node, match) => (isHiddenOrInert(node) ? undefined : chips.add((place) => place(node, match, rules), true)),
    { signal },
  );
}

export default feature({
  id: 'target-product-highlight',
  pages: ['add-subscriptions'],
  init(signal) {
    // Only the partner's rules change the highlight (thresholds do not).
    withPartnerSettings(signal, highlight, (settings) => settings.rules.length > 0);
  },
});

/**
 * In the add-subscriptions catalog, the Dynamics 365 products that replace a retired SKU are
 * highlighted, under any name they carry (the article's, today's catalog, license names), with the
 * retired SKUs they replace — the table's first choice marked as recommended.
 */
import { h } from 'preact';
import { feature } from '../feature.ts';
import { watchText } from '../scanner.ts';
import { isHiddenOrInert } from '../deep-dom.ts';
import { mountInShadow } from '../shadow-host.ts';
import { TargetChip } from '../badge/target-chip.tsx';
import { CHIP_CSS } from '../badge/badge-styles.ts';
import { effectiveRules, matchTargetProduct } from '../../core/catalog.ts';
import { replacementsOf } from '../badge/target-replacements.ts';
import { DEFAULT_PARTNER_SETTINGS, differsFromDefaults, loadPartnerSettings, type PartnerSettings } from '../partner-settings.ts';

function highlight(signal: AbortSignal, settings: PartnerSettings): void {
  const partnerRules = settings.rules.length > 0 ? settings.rules : undefined;
  const rules = effectiveRules(partnerRules);
  watchText(
    (text) => matchTargetProduct(text, partnerRules),
    (node, match) => {
      if (isHiddenOrInert(node)) return undefined;
      const props = replacementsOf(match, rules);
      if (props.recommendedFor.length === 0 && props.alsoFor.length === 0) return undefined;
      const after = node.parentElement?.closest('a, button, label, [role="link"], [role="button"]') ?? node;
      const mount = mountInShadow(h(TargetChip, props), { name: 'target', css: CHIP_CSS, place: { after } });
      return () => mount.remove();
    },
    { signal },
  );
}

export default feature({
  id: 'target-product-highlight',
  pages: ['add-subscriptions'],
  init(signal) {
    let run = new AbortController();
    signal.addEventListener('abort', () => run.abort(), { once: true });
    highlight(run.signal, DEFAULT_PARTNER_SETTINGS);
    void loadPartnerSettings().then((settings) => {
      if (signal.aborted || settings.rules.length === 0 || !differsFromDefaults(settings)) return;
      run.abort();
      run = new AbortController();
      highlight(run.signal, settings);
    });
  },
});

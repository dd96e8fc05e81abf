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
import { matchTargetProduct, SEED_RULES, type RetirementRule, type TargetMatch } from '../../core/catalog.ts';

/** For each target id: the retired SKUs it is the first choice for, and those it is another choice for. */
export function replacementsOf(match: TargetMatch, rules: readonly RetirementRule[] = SEED_RULES) {
  const ids = new Set(match.targets.map((target) => target.id));
  const recommendedFor: string[] = [];
  const alsoFor: string[] = [];
  for (const rule of rules) {
    const index = rule.targets.findIndex((target) => ids.has(target.id));
    if (index === 0) recommendedFor.push(rule.name);
    else if (index > 0) alsoFor.push(rule.name);
  }
  return { recommendedFor, alsoFor };
}

export default feature({
  id: 'target-product-highlight',
  pages: ['add-subscriptions'],
  init(signal) {
    watchText(
      (text) => matchTargetProduct(text),
      (node, match) => {
        if (isHiddenOrInert(node)) return undefined;
        const props = replacementsOf(match);
        if (props.recommendedFor.length === 0 && props.alsoFor.length === 0) return undefined;
        const mount = mountInShadow(h(TargetChip, props), { name: 'target', css: CHIP_CSS, place: { after: node.parentElement?.closest('a, button, [role="link"], [role="button"]') ?? node } });
        return () => mount.remove();
      },
      { signal },
    );
  },
});

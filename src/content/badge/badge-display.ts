/**
 * The display half of the badges, in its own chunk: Preact, the badge and chip components, their
 * styles, the row grouping and the renewal-date parser. Most Partner Center pages show no retired
 * SKU, so only the detection (the scanner and the catalog matchers) runs on every page; this module
 * is imported through ./load-badge-display.ts on the first match that needs a display.
 */
import { h } from 'preact';
import type { RetirementRule, TargetMatch } from '../../core/catalog.ts';
import type { PlanNeed } from '../../core/plan.ts';
import type { RenewalInfo } from '../../core/observation.ts';
import { parseRenewalStatus } from '../../core/renewal-status.ts';
import { mountInShadow } from '../lib/shadow-host.ts';
import type { Cleanup } from '../scanner.ts';
import { CHIP_CSS } from './badge-styles.ts';
import { TargetChip } from './target-chip.tsx';
import { needFor, replacementsOf } from './target-replacements.ts';
import { placementAfter } from './row-annotations.ts';

export { RowAnnotations } from './row-annotations.ts';

/** Distinct renewal texts remembered per reader (a grid repeats its dates). */
const RENEWAL_MEMO_LIMIT = 5000;

/**
 * Reads "Expires on <date>" / "Auto renews on <date>" in `locale` (null for any other text), once
 * per distinct text: the renewal watcher hands over raw texts, so the parser stays out of the
 * eager code, and the scanner's own per-text memo no longer covers the parse.
 */
export function renewalReader(locale: string | undefined): (text: string) => RenewalInfo | null {
  const memo = new Map<string, RenewalInfo | null>();
  return (text) => {
    let status = memo.get(text);
    if (status === undefined) {
      status = parseRenewalStatus(text, locale);
      if (memo.size >= RENEWAL_MEMO_LIMIT) memo.clear();
      memo.set(text, status);
    }
    return status;
  };
}

/**
 * Places the catalog highlight right after a Dynamics 365 product (or after the link, button or
 * label holding its name). For a customer with a plan (`needs`: what the worker's checklist model
 * says the plan needs), only on the products the plan needs, with the licenses to buy; otherwise on
 * every product that replaces a retired SKU. Nothing for any other product.
 */
export function targetChipPlacer(rules: readonly RetirementRule[], needs: readonly PlanNeed[]): (node: Text, match: TargetMatch) => Cleanup | undefined {
  return (node, match) => {
    let props;
    if (needs.length > 0) {
      const need = needFor(match, needs);
      if (!need) return undefined;
      props = { recommendedFor: [], alsoFor: [], need };
    } else {
      props = replacementsOf(match, rules);
      if (props.recommendedFor.length === 0 && props.alsoFor.length === 0) return undefined;
    }
    const mount = mountInShadow(h(TargetChip, props), { name: 'target', css: CHIP_CSS, place: { after: placementAfter(node) } });
    return () => mount.remove();
  };
}

import type { TargetProduct } from '../../core/catalog.ts';
import type { PlanLine } from '../../core/plan.ts';
import type { NeedCoverage } from '../../core/purchase.ts';
import { t, tn } from '../lib/i18n.ts';

/**
 * How the checklist and the suspend warning word a plan line or a shortfall the worker computed
 * (src/core/checklist-view.ts): presentation only, so the page's script needs no plan logic.
 */

/**
 * The license count to show for a line, null when there is none to give: a retired subscription
 * whose seat count was not read (recorded as 0) or that shows 0 seats says nothing about how many
 * licenses to buy, and "× 0 licenses" would read as "buy none".
 */
export function lineLicenses(line: PlanLine): number | null {
  return line.licenses > 0 ? line.licenses : null;
}

/** "Name (5)" for each subscription a line replaces; just the name when its seat count is 0 or unknown. */
export function replacedText(line: PlanLine): string {
  return line.replaces.map((r) => (r.quantity > 0 ? `${r.name} (${r.quantity})` : r.name)).join(', ');
}

/** Target names as the partner finds them in today's catalog (first catalog name, else the article's). */
export function catalogName(target: TargetProduct): string {
  return target.catalogNames[0] ?? target.name;
}
/** "Operations – Device: none yet", "Finance: 1 of 3 licenses" (a need whose count is unknown: "none yet" only). */
export function missingText(need: NeedCoverage): string {
  const name = catalogName(need.target);
  if (need.bought === 0 || need.licenses === null) return t('checklist_purchase_need_none', [name]);
  return tn('checklist_purchase_need_short', need.licenses, [name, String(need.bought), String(need.licenses)]);
}

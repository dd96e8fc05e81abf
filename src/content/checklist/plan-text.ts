import type { TargetProduct } from '../../core/catalog.ts';
import type { PlanLine } from '../../core/plan.ts';

/**
 * How the checklist words a plan line the worker computed (src/core/checklist-view.ts): presentation
 * only, so it stays beside the panel and the page's script needs no plan logic.
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

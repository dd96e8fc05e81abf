/**
 * Product names split over several text nodes, e.g. a grid's search highlight
 * ("Dynamics <mark>AX</mark> Enterprise") or a name styled in parts. The scanner matches one text
 * node at a time; this finds the fragments that can start a retired SKU name and reads their cell.
 *
 * Only truly split names are handled here: when a single text node of the cell already names the
 * SKU, the ordinary badge path has it.
 */
import type { RetirementRule, SkuMatch } from '../../core/catalog.ts';
import { effectiveRules, matchRetiredSku } from '../../core/catalog.ts';
import { forEachText } from '../deep-dom.ts';

/** Where a product name lives: a grid cell, a link or label in it, a list item, a heading. */
const NAME_CONTAINER = 'a, label, [role="gridcell"], [role="cell"], td, th, [role="listitem"], li, h1, h2, h3, [role="heading"]';
/** Longer text is not one product name. */
const MAX_CONTAINER_TEXT = 300;

/** Words that start a retired SKU's name (the first word of every name), as one test. */
export function splitNameHint(rules?: readonly RetirementRule[]): RegExp {
  const words = new Set<string>();
  for (const rule of effectiveRules(rules)) {
    for (const name of rule.offerNames) {
      const first = /[\p{L}\p{N}]{2,}/u.exec(name)?.[0];
      if (first) words.add(first.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    }
  }
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${[...words].join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

export interface SplitName {
  match: SkuMatch;
  container: Element;
  /** The container's last non-blank text node: the badge goes after it, like after a whole name. */
  last: Text;
}

/**
 * The retired SKU named by the cell around `fragment` when no single text node of it names one;
 * null otherwise.
 */
export function splitNameAround(fragment: Text, rules?: readonly RetirementRule[]): SplitName | null {
  const parent = fragment.parentElement;
  if (!parent) return null;
  // The usual case, and the cheap one: the fragment is all of its link, label or cell.
  if (!fragment.previousSibling && !fragment.nextSibling && parent.matches(NAME_CONTAINER)) return null;
  const container = parent.closest(NAME_CONTAINER);
  if (!container) return null;
  const text = container.textContent ?? '';
  if (text.length > MAX_CONTAINER_TEXT) return null;
  const match = matchRetiredSku(text, rules);
  if (!match) return null;
  let whole = false;
  let last: Text | null = null;
  forEachText(container, (node) => {
    if (whole) return;
    if (matchRetiredSku(node.data, rules)) whole = true;
    else if (node.data.trim().length > 0) last = node;
  });
  return whole || !last ? null : { match, container, last };
}

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
import { forEachText } from '../lib/deep-dom.ts';

/** Where a product name lives: a grid cell, a link or label in it, a list item, a heading. */
const NAME_CONTAINER = 'a, label, [role="gridcell"], [role="cell"], td, th, [role="listitem"], li, h1, h2, h3, [role="heading"]';
/** Longer text is not one product name. */
const MAX_CONTAINER_TEXT = 300;

/**
 * A test for text that can be the first fragment of a split retired SKU name: a proper beginning of
 * one of its names ("Dynamics ", "Microsoft Dynamics CRM Online ", or "Dyn" when the highlight cuts
 * a word). Complete product names ("Microsoft 365 Business Basic") fail it, so ordinary cells cost
 * nothing more.
 */
export function splitNameHint(rules?: readonly RetirementRule[]): (text: string) => boolean {
  const names = [...new Set(effectiveRules(rules).flatMap((rule) => rule.offerNames.map(fold)))];
  // It runs on every distinct text of a grid: a set of every proper beginning (two characters or
  // more), and before folding the text, whether its first character can begin a name at all.
  const beginnings = new Set<string>();
  const firsts = new Set<string>();
  for (const name of names) {
    if (name.length > 0) firsts.add(name.charAt(0));
    for (let n = 2; n < name.length; n++) beginnings.add(name.slice(0, n));
  }
  return (text) => {
    const first = FIRST_VISIBLE.exec(text)?.[0];
    if (first === undefined || !firsts.has(first.toLowerCase().charAt(0))) return false;
    return beginnings.has(fold(text));
  };
}

/** The first character (code point) that folding keeps at the start. */
const FIRST_VISIBLE = /\S/u;

/** Lower case, spaces collapsed (NBSP included), trimmed. */
function fold(text: string): string {
  return text.replace(/\s+/gu, ' ').trim().toLowerCase();
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

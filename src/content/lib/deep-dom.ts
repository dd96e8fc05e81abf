/**
 * DOM helpers that see through open shadow roots. Partner Center's shell and grids are web components
 * whose content lives in open shadow roots: `document.querySelectorAll` and `closest()` stop at each
 * shadow boundary, these do not.
 */
import { runToEnd } from './yield-to-page.ts';

/** Tag prefix of every element SKU Shift inserts; the scanner never reads inside them. */
export const OWN_TAG_PREFIX = 'SKU-SHIFT-';

export function isOwnElement(element: Element): boolean {
  return element.tagName.startsWith(OWN_TAG_PREFIX);
}

/** Every open shadow root under `root` (depth first, nested ones included), SKU Shift's own excluded. */
export function openShadowRoots(root: Document | ShadowRoot | Element): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  runToEnd(collectShadowRoots(root, found));
  return found;
}

/**
 * Steps of `openShadowRoots` (a yield every few hundred elements, for work that runs in slices):
 * pushes each root to `found` as it is found, in document order.
 */
export function* collectShadowRoots(root: Document | ShadowRoot | Element, found: ShadowRoot[]): Generator<void, void> {
  const visit = function* (scope: Document | ShadowRoot | Element): Generator<void, void> {
    const walker = (scope.ownerDocument ?? scope).createTreeWalker(scope, NodeFilter.SHOW_ELEMENT);
    let steps = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node as Element;
      const shadow = element.shadowRoot;
      if (shadow && !isOwnElement(element)) {
        found.push(shadow);
        yield* visit(shadow);
      }
      if ((++steps & 255) === 0) yield;
    }
  };
  if (root instanceof Element && root.shadowRoot && !isOwnElement(root)) {
    found.push(root.shadowRoot);
    yield* visit(root.shadowRoot);
  }
  yield* visit(root);
}

/**
 * `querySelectorAll` over `root` and every open shadow root below it. `shadowRoots`, when the caller
 * knows them (the page's scanner does: scannedShadowRoots), saves walking every element to find them.
 */
export function deepQuerySelectorAll(root: Document | ShadowRoot | Element, selector: string, shadowRoots?: readonly ShadowRoot[] | null): Element[] {
  const results = [...root.querySelectorAll(selector)];
  for (const shadow of shadowRoots ?? openShadowRoots(root)) results.push(...shadow.querySelectorAll(selector));
  return results;
}

/** Page headings (h1–h3 and role="heading"), in and out of shadow roots, as trimmed text. */
export function readHeadings(doc: Document): string[] {
  return deepQuerySelectorAll(doc, 'h1, h2, h3, [role="heading"]')
    .map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim())
    .filter((text) => text.length > 0);
}

/**
 * `closest()` through shadow boundaries, along the tree the partner sees: up into a shadow root's host,
 * and from an element slotted into a component (Partner Center's grids project cell content from
 * their light DOM, `slot="displayName-{id}"`) into the slot that shows it.
 */
export function closestAcrossShadow(start: Element, selector: string): Element | null {
  let element: Element | null = start;
  while (element) {
    const found = element.closest(selector);
    const slotted = slottedBetween(element, found);
    if (slotted) {
      element = slotted;
      continue;
    }
    if (found) return found;
    const root = element.getRootNode();
    element = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}

/**
 * The slot showing the first element from `start` up to `stop` (excluded) that a shadow host's
 * component projects; null when none is (only a host's children can be slotted: one property read per
 * ancestor rules the others out).
 */
function slottedBetween(start: Element, stop: Element | null): HTMLSlotElement | null {
  // Each parent read once: from a content script's world every DOM read costs.
  for (let element: Element | null = start; element && element !== stop;) {
    const parent: Element | null = element.parentElement;
    if (parent?.shadowRoot) {
      const slot = element.assignedSlot;
      if (slot) return slot;
    }
    element = parent;
  }
  return null;
}

/** What a data-grid row looks like across frameworks: ARIA grids, tables, lists. */
export const ROW_SELECTOR = '[role="row"], tr, [role="listitem"], li';

/** The grid row holding `node`, through shadow boundaries and slots; null when it is not in a row. */
export function rowOf(node: Node): Element | null {
  if (node.nodeType === Node.ELEMENT_NODE) return closestAcrossShadow(node as Element, ROW_SELECTOR);
  return rowAbove(node, node.parentElement);
}

/** `rowOf` for a text (or other non-element) node whose parent element the caller has already read. */
export function rowAbove(node: Node, parent: Element | null): Element | null {
  if (!parent) return null;
  // Text directly inside a component's host is shown by the component's slot.
  const shown = parent.shadowRoot ? ((node as Text).assignedSlot ?? parent) : parent;
  return closestAcrossShadow(shown, ROW_SELECTOR);
}

/**
 * Skeleton rows: what Partner Center's grids show while their data loads, then fill in place about
 * 700 ms later (shared/notes/partner-center.md, "Confirmed in 2026": ids like `row-he-row-0`,
 * `row-1`, placeholder text; real rows carry the record's id, e.g. `row-{tenant GUID}`). The id
 * pattern is confirmed; `aria-busy` and a "skeleton"/"shimmer" class are the generic markers of the
 * same thing. Nothing in such a row is page data: no badge, no reading.
 */
const SKELETON_ROW_ID = /^row-(?:he-row-)?\d+$/i;
const SKELETON_CLASS = /skeleton|shimmer/i;
/** The attributes whose change can turn a row into a skeleton or back. */
export const SKELETON_ATTRIBUTES = ['id', 'aria-busy', 'class'];

export function isSkeletonRow(row: Element): boolean {
  return skeletonMarked(row) && row.matches(ROW_SELECTOR);
}

/**
 * The same for any element, asking first whether it is a row: asked of every element whose class or
 * id changed (a grid filled in place changes every cell's), one native call answers for the cells.
 */
export function isSkeletonRowElement(element: Element): boolean {
  return element.matches(ROW_SELECTOR) && skeletonMarked(element);
}

function skeletonMarked(row: Element): boolean {
  return SKELETON_ROW_ID.test(row.id) || row.getAttribute('aria-busy') === 'true' || SKELETON_CLASS.test(row.getAttribute('class') ?? '');
}

/** The row holding `row` (a list or a grid in a row), through shadow boundaries. */
export function outerRowOf(row: Element): Element | null {
  const parent = row.parentNode;
  if (!parent) return null;
  return rowOf(parent instanceof ShadowRoot ? parent.host : parent);
}

/** True when the text is in a subtree the partner cannot see or that is not page text. */
export function isHiddenOrInert(node: Node): boolean {
  const parent = node.parentElement;
  if (!parent) return true;
  return parent.closest('[hidden], [aria-hidden="true"], script, style, noscript, textarea, template, title') !== null;
}

/** Calls `visit` for every text node under `root`, entering open shadow roots (SKU Shift's excluded). */
export function forEachText(root: Node, visit: (text: Text) => void): void {
  const doc = root.ownerDocument ?? (root as Document);
  const pending: Node[] = [root];
  for (let scope = pending.pop(); scope; scope = pending.pop()) {
    if (scope.nodeType === Node.TEXT_NODE) {
      visit(scope as Text);
      continue;
    }
    const walker = doc.createTreeWalker(scope, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) visit(node as Text);
      else {
        const element = node as Element;
        if (element.shadowRoot && !isOwnElement(element)) pending.push(element.shadowRoot);
      }
    }
  }
}

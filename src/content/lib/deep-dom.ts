/**
 * DOM helpers that see through open shadow roots. Partner Center's shell and grids are web components
 * whose content lives in open shadow roots: `document.querySelectorAll` and `closest()` stop at each
 * shadow boundary, these do not.
 */

/** Tag prefix of every element SKU Shift inserts; the scanner never reads inside them. */
export const OWN_TAG_PREFIX = 'SKU-SHIFT-';

export function isOwnElement(element: Element): boolean {
  return element.tagName.startsWith(OWN_TAG_PREFIX);
}

/** Every open shadow root under `root` (depth first, nested ones included), SKU Shift's own excluded. */
export function openShadowRoots(root: Document | ShadowRoot | Element): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  const visit = (scope: Document | ShadowRoot | Element): void => {
    const walker = (scope.ownerDocument ?? (scope as Document)).createTreeWalker(scope, NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node as Element;
      const shadow = element.shadowRoot;
      if (shadow && !isOwnElement(element)) {
        found.push(shadow);
        visit(shadow);
      }
    }
  };
  if (root instanceof Element && root.shadowRoot && !isOwnElement(root)) {
    found.push(root.shadowRoot);
    visit(root.shadowRoot);
  }
  visit(root);
  return found;
}

/** `querySelectorAll` over `root` and every open shadow root below it. */
export function deepQuerySelectorAll(root: Document | ShadowRoot | Element, selector: string): Element[] {
  const results = [...root.querySelectorAll(selector)];
  for (const shadow of openShadowRoots(root)) results.push(...shadow.querySelectorAll(selector));
  return results;
}

/** Page headings (h1–h3 and role="heading"), in and out of shadow roots, as trimmed text. */
export function readHeadings(doc: Document): string[] {
  return deepQuerySelectorAll(doc, 'h1, h2, h3, [role="heading"]')
    .map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim())
    .filter((text) => text.length > 0);
}

/** `closest()` that continues into the host when it reaches a shadow root. */
export function closestAcrossShadow(start: Element, selector: string): Element | null {
  let element: Element | null = start;
  while (element) {
    const found = element.closest(selector);
    if (found) return found;
    const root = element.getRootNode();
    element = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}

/** What a data-grid row looks like across frameworks: ARIA grids, tables, lists. */
export const ROW_SELECTOR = '[role="row"], tr, [role="listitem"], li';

/** The grid row holding `node`, through shadow boundaries; null when it is not in a row. */
export function rowOf(node: Node): Element | null {
  const parent = node instanceof Element ? node : node.parentElement;
  return parent ? closestAcrossShadow(parent, ROW_SELECTOR) : null;
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

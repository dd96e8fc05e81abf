import type { PageField, PageSnapshot, PageTable } from './page-snapshot.ts';
import { tidyText } from './page-snapshot.ts';
import { deepQuerySelectorAll, isOwnElement, openShadowRoots } from '../lib/deep-dom.ts';

/**
 * Reads a PageSnapshot off the live page: the document and every open shadow root, recursively
 * (Partner Center's grids are web components). Only this module knows about markup; it relies on
 * semantics (table/tr/td, ARIA grid roles, dl/dt/dd, headings) rather than class names, which change.
 */

const SCREEN_READER_ONLY = /(?:^|[\s_-])(?:sr-only|screen-?reader(?:-?only)?|visually-?hidden|a11y-hidden)(?:$|[\s_-])/i;
const CLIPPED = /clip\s*:\s*rect\(\s*0|clip-path\s*:\s*inset\(\s*50%/i;

/**
 * Every element `isHidden` may say yes to matches this (a superset: one native test per element
 * rules out nearly all of a grid's elements before any attribute is read).
 */
const MAYBE_HIDDEN = [
  '[hidden]', '[aria-hidden="true"]', 'script', 'style', 'template',
  ...['sr-only', 'screenreader', 'screen-reader', 'visuallyhidden', 'visually-hidden', 'a11y-hidden'].map((word) => `[class*="${word}" i]`),
  '[style*="clip" i]',
].join(', ');

/**
 * Text the partner does not see: hidden, decorative, or screen-reader-only ("Row 1 of 6" announced
 * with a product name). Screen-reader text is recognised by its usual class names or clip styling,
 * not by computing styles, which would cost a layout per cell.
 */
function isHidden(element: Element): boolean {
  if (!element.matches(MAYBE_HIDDEN)) return false;
  if (element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true') return true;
  if (element.localName === 'script' || element.localName === 'style' || element.localName === 'template') return true;
  return SCREEN_READER_ONLY.test(element.getAttribute('class') ?? '') || CLIPPED.test(element.getAttribute('style') ?? '');
}

/** Form controls: what they hold is what the partner is choosing, not what the page states. */
const FORM_CONTROL = 'select, input, textarea, button, [role="combobox"], [role="listbox"], [role="radiogroup"], [role="option"]';

/**
 * The text a user sees in `node`, through open shadow roots and slots, separated per block.
 * `skipControls`: leave form controls out (a field value is what the page states, not a choice being made).
 */
export function deepText(node: Node, skipControls = false): string {
  const parts: string[] = [];
  const visit = (current: Node): void => {
    if (current.nodeType === Node.TEXT_NODE) {
      parts.push(current.nodeValue ?? '');
      return;
    }
    if (current.nodeType !== Node.ELEMENT_NODE && current.nodeType !== Node.DOCUMENT_FRAGMENT_NODE) return;
    if (current instanceof Element) {
      if (isHidden(current) || isOwnElement(current)) return;
      if (skipControls && current.matches(FORM_CONTROL)) return;
      if (current instanceof HTMLSlotElement) {
        const assigned = current.assignedNodes({ flatten: true });
        (assigned.length > 0 ? assigned : [...current.childNodes]).forEach(visit);
        return;
      }
      if (current instanceof HTMLSelectElement) {
        // A select's options are not what the user sees: only the chosen one is.
        parts.push(` ${current.selectedOptions[0]?.textContent ?? ''} `);
        return;
      }
      if (current.shadowRoot) {
        visit(current.shadowRoot);
        return;
      }
    }
    for (let child = current.firstChild; child; child = child.nextSibling) visit(child);
    if (current instanceof HTMLElement && current.localName !== 'span') parts.push(' ');
  };
  visit(node);
  return tidyText(parts.join(''));
}

const CELL = '[role="gridcell"], [role="cell"], [role="rowheader"]';

function readHtmlTable(table: HTMLTableElement): PageTable {
  const declared = Number(table.getAttribute('aria-rowcount'));
  const headerRow = table.tHead?.rows[0];
  const headers = headerRow ? [...headerRow.cells].map((cell) => deepText(cell)) : [];
  const rows: string[][] = [];
  for (const body of table.tBodies) {
    for (const row of body.rows) {
      if (row.closest('[hidden]')) continue;
      rows.push([...row.cells].map((cell) => deepText(cell)));
    }
  }
  // A paged or virtualised HTML table may declare its full size too (header rows included; -1 = unknown).
  const shown = table.rows.length;
  const partial = declared === -1 || (Number.isInteger(declared) && declared > shown);
  return partial ? { headers, rows, partial } : { headers, rows };
}

/**
 * `pageRoots`: every open shadow root of the page, in document order (the snapshot found them once);
 * those inside the grid are picked from it rather than looked for by walking the grid again. Without
 * any (the usual grid), each row's cells are one native query, not a walk of the row.
 */
function readAriaGrid(grid: Element, pageRoots: readonly ShadowRoot[]): PageTable {
  const inside = pageRoots.filter((root) => containsAcrossShadow(grid, root.host));
  const inGrid = (selector: string): Element[] => [grid, ...inside].flatMap((root) => [...root.querySelectorAll(selector)]);
  const headers = inGrid('[role="columnheader"]').map((cell) => deepText(cell));
  const rows: string[][] = [];
  const allRows = inGrid('[role="row"]');
  for (const row of allRows) {
    const cells = inside.length === 0 ? [...row.querySelectorAll(CELL)] : deepQuerySelectorAll(row, CELL);
    if (cells.length > 0) rows.push(cells.map((cell) => deepText(cell)));
  }
  // aria-rowcount counts every row of the grid, header rows included; -1 means "unknown".
  const declared = Number(grid.getAttribute('aria-rowcount'));
  const partial = declared === -1 || (Number.isInteger(declared) && declared > allRows.length);
  return partial ? { headers, rows, partial } : { headers, rows };
}

/** `node` is `ancestor` or inside it, through the shadow roots between them. */
function containsAcrossShadow(ancestor: Element, node: Node): boolean {
  for (let current: Node | null = node; current; ) {
    if (ancestor.contains(current)) return true;
    const root = current.getRootNode();
    current = root instanceof ShadowRoot ? root.host : null;
  }
  return false;
}

function readFields(root: Document | ShadowRoot): PageField[] {
  const fields: PageField[] = [];
  for (const term of root.querySelectorAll('dt, [role="term"]')) {
    let value = term.nextElementSibling;
    while (value && !(value.localName === 'dd' || value.getAttribute('role') === 'definition')) {
      if (value.localName === 'dt') value = null;
      else value = value.nextElementSibling;
    }
    // A Status select inside a <dd> holds the partner's unsubmitted choice: it is not the status.
    if (value && !term.closest('[hidden]')) fields.push({ label: deepText(term), value: deepText(value, true) });
  }
  return fields;
}

/** Search/filter boxes, by role or by what they say they are (EN/FR/DE/ES). */
const SEARCH_BOX = 'input[type="search"], [role="searchbox"], input[type="text"], input:not([type])';
const SEARCH_WORDS = /search|filter|find|recherch|filtr|such|buscar|busque/i;

function isSearchBox(element: Element): boolean {
  if (element.localName === 'input' && element.getAttribute('type') === 'search') return true;
  if (element.getAttribute('role') === 'searchbox') return true;
  const described = `${element.getAttribute('aria-label') ?? ''} ${element.getAttribute('placeholder') ?? ''} ${element.getAttribute('name') ?? ''}`;
  return SEARCH_WORDS.test(described) || element.closest('[role="search"], search') !== null;
}

/** A search box holding text narrows the grid; a busy grid or a progress bar means it is still loading. */
function incompleteness(root: Document | ShadowRoot): PageSnapshot['incomplete'] {
  for (const box of root.querySelectorAll(SEARCH_BOX)) {
    if (isOwnElement(box) || box.closest('[hidden]')) continue;
    const value = (box as HTMLInputElement).value ?? box.textContent ?? '';
    if (value.trim() !== '' && isSearchBox(box)) return 'filtered';
  }
  // An indeterminate progress bar (no aria-valuenow) is a loading spinner; a determinate one is data.
  for (const busy of root.querySelectorAll('[aria-busy="true"], [role="progressbar"]:not([aria-valuenow])')) {
    if (!isOwnElement(busy) && !busy.closest('[hidden]')) return 'loading';
  }
  return undefined;
}

export function readPageSnapshot(document: Document): PageSnapshot {
  const headings: string[] = [];
  const tables: PageTable[] = [];
  const fields: PageField[] = [];
  let incomplete: PageSnapshot['incomplete'];
  const shadowRoots = openShadowRoots(document);
  for (const root of [document, ...shadowRoots]) {
    for (const heading of root.querySelectorAll('h1, h2, h3, [role="heading"]')) {
      if (!heading.closest('[hidden]')) headings.push(deepText(heading));
    }
    for (const table of root.querySelectorAll('table')) {
      if (!table.closest('[hidden]')) tables.push(readHtmlTable(table));
    }
    for (const grid of root.querySelectorAll('[role="grid"], [role="table"], [role="treegrid"]')) {
      if (grid.localName !== 'table' && !grid.closest('[hidden]')) tables.push(readAriaGrid(grid, shadowRoots));
    }
    fields.push(...readFields(root));
    incomplete ??= incompleteness(root);
  }
  const snapshot: PageSnapshot = { headings: headings.filter(Boolean), tables: tables.filter((t) => t.rows.length > 0), fields };
  return incomplete ? { ...snapshot, incomplete } : snapshot;
}

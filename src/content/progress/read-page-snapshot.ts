import type { PageField, PageSnapshot, PageTable } from './page-snapshot.ts';
import { tidyText } from './page-snapshot.ts';
import { isOwnElement, openShadowRoots } from '../deep-dom.ts';

/**
 * Reads a PageSnapshot off the live page: the document and every open shadow root, recursively
 * (Partner Center's grids are web components). Only this module knows about markup; it relies on
 * semantics (table/tr/td, ARIA grid roles, dl/dt/dd, headings) rather than class names, which change.
 */

/** Our own injected UI is never evidence. */
const isOwnUi = isOwnElement;

const SCREEN_READER_ONLY = /(?:^|[\s_-])(?:sr-only|screen-?reader(?:-?only)?|visually-?hidden|a11y-hidden)(?:$|[\s_-])/i;
const CLIPPED = /clip\s*:\s*rect\(\s*0|clip-path\s*:\s*inset\(\s*50%/i;

/**
 * Text the partner does not see: hidden, decorative, or screen-reader-only ("Row 1 of 6" announced
 * with a product name). Screen-reader text is recognised by its usual class names or clip styling,
 * not by computing styles, which would cost a layout per cell.
 */
function isHidden(element: Element): boolean {
  if (element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true') return true;
  if (element.localName === 'script' || element.localName === 'style' || element.localName === 'template') return true;
  return SCREEN_READER_ONLY.test(element.getAttribute('class') ?? '') || CLIPPED.test(element.getAttribute('style') ?? '');
}

/** The text a user sees in `node`, through open shadow roots and slots, separated per block. */
export function deepText(node: Node): string {
  const parts: string[] = [];
  const visit = (current: Node): void => {
    if (current.nodeType === Node.TEXT_NODE) {
      parts.push(current.nodeValue ?? '');
      return;
    }
    if (current.nodeType !== Node.ELEMENT_NODE && current.nodeType !== Node.DOCUMENT_FRAGMENT_NODE) return;
    if (current instanceof Element) {
      if (isHidden(current) || isOwnUi(current)) return;
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
    for (const child of current.childNodes) visit(child);
    if (current instanceof HTMLElement && current.localName !== 'span') parts.push(' ');
  };
  visit(node);
  return tidyText(parts.join(''));
}

/** querySelectorAll over `scope` and every open shadow root below it (a grid's rows may be nested components). */
function deepQueryAll(scope: Element | ShadowRoot | Document, selector: string): Element[] {
  return [...scope.querySelectorAll(selector), ...openShadowRoots(scope).flatMap((root) => [...root.querySelectorAll(selector)])];
}

const CELL = '[role="gridcell"], [role="cell"], [role="rowheader"]';

function readHtmlTable(table: HTMLTableElement): PageTable {
  const headerRow = table.tHead?.rows[0];
  const headers = headerRow ? [...headerRow.cells].map(deepText) : [];
  const rows: string[][] = [];
  for (const body of table.tBodies) {
    for (const row of body.rows) {
      if (row.closest('[hidden]')) continue;
      rows.push([...row.cells].map(deepText));
    }
  }
  return { headers, rows };
}

function readAriaGrid(grid: Element): PageTable {
  const headers = deepQueryAll(grid, '[role="columnheader"]').map(deepText);
  const rows: string[][] = [];
  const allRows = deepQueryAll(grid, '[role="row"]');
  for (const row of allRows) {
    const cells = deepQueryAll(row, CELL);
    if (cells.length > 0) rows.push(cells.map(deepText));
  }
  // aria-rowcount counts every row of the grid, header rows included; -1 means "unknown".
  const declared = Number(grid.getAttribute('aria-rowcount'));
  const partial = declared === -1 || (Number.isInteger(declared) && declared > allRows.length);
  return partial ? { headers, rows, partial } : { headers, rows };
}

function readFields(root: Document | ShadowRoot): PageField[] {
  const fields: PageField[] = [];
  for (const term of root.querySelectorAll('dt, [role="term"]')) {
    let value = term.nextElementSibling;
    while (value && !(value.localName === 'dd' || value.getAttribute('role') === 'definition')) {
      if (value.localName === 'dt') value = null;
      else value = value.nextElementSibling;
    }
    if (value && !term.closest('[hidden]')) fields.push({ label: deepText(term), value: deepText(value) });
  }
  return fields;
}

export function readPageSnapshot(document: Document): PageSnapshot {
  const headings: string[] = [];
  const tables: PageTable[] = [];
  const fields: PageField[] = [];
  for (const root of [document, ...openShadowRoots(document)]) {
    for (const heading of root.querySelectorAll('h1, h2, h3, [role="heading"]')) {
      if (!heading.closest('[hidden]')) headings.push(deepText(heading));
    }
    for (const table of root.querySelectorAll('table')) {
      if (!table.closest('[hidden]')) tables.push(readHtmlTable(table));
    }
    for (const grid of root.querySelectorAll('[role="grid"], [role="table"], [role="treegrid"]')) {
      if (grid.localName !== 'table' && !grid.closest('[hidden]')) tables.push(readAriaGrid(grid));
    }
    fields.push(...readFields(root));
  }
  return { headings: headings.filter(Boolean), tables: tables.filter((t) => t.rows.length > 0), fields };
}

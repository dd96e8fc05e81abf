import type { PageField, PageSnapshot, PageTable } from './page-snapshot.ts';
import { tidyText } from './page-snapshot.ts';
import { collectShadowRoots, deepQuerySelectorAll, isOwnElement, isSkeletonRow } from '../lib/deep-dom.ts';
import { runSliced, runToEnd } from '../lib/yield-to-page.ts';
import { timed } from '../bench-mark.ts';

/**
 * Reads a PageSnapshot off the live page: the document and every open shadow root, recursively
 * (Partner Center's grids are web components). Only this module knows about markup; it relies on
 * semantics (table/tr/td, ARIA grid roles, dl/dt/dd, headings) rather than class names, which change.
 *
 * Skeleton rows (a grid's placeholders while its data loads: lib/deep-dom.ts) are no data: they are
 * left out, and the page is read as still loading.
 *
 * Two ways to read, one result: at once (`readPageSnapshot`), or in slices that give the page its turn
 * every few milliseconds (`readPageSnapshotSliced`: a 5,000-row grid takes hundreds of milliseconds).
 */

const SCREEN_READER_ONLY = /(?:^|[\s_-])(?:sr-only|screen-?reader(?:-?only)?|visually-?hidden|a11y-hidden)(?:$|[\s_-])/i;
const CLIPPED = /clip\s*:\s*rect\(\s*0|clip-path\s*:\s*inset\(\s*50%/i;

/**
 * Text the partner does not see: hidden, decorative, or screen-reader-only ("Row 1 of 6" announced
 * with a product name). Screen-reader text is recognised by its usual class names or clip styling,
 * not by computing styles, which would cost a layout per cell. Attribute reads, not a selector match:
 * about three times faster per element, and every element of every cell is asked.
 */
function isHidden(element: Element): boolean {
  const name = element.localName;
  if (name === 'script' || name === 'style' || name === 'template') return true;
  if (element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true') return true;
  const classes = element.getAttribute('class');
  if (classes !== null && SCREEN_READER_ONLY.test(classes)) return true;
  const style = element.getAttribute('style');
  return style !== null && CLIPPED.test(style);
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

/** What reading a grid found: its table, and whether skeleton rows stood for data still loading. */
interface GridRead {
  table: PageTable;
  loading: boolean;
}

/** Reading steps yield once per row: a slice boundary never falls inside a row. */
function* readHtmlTable(table: HTMLTableElement): Generator<void, GridRead> {
  const declared = Number(table.getAttribute('aria-rowcount'));
  const headerRow = table.tHead?.rows[0];
  const headers = headerRow ? [...headerRow.cells].map((cell) => deepText(cell)) : [];
  const rows: string[][] = [];
  let loading = false;
  for (const body of table.tBodies) {
    for (const row of body.rows) {
      if (row.closest('[hidden]')) continue;
      if (isSkeletonRow(row)) {
        loading = true;
        continue;
      }
      rows.push([...row.cells].map((cell) => deepText(cell)));
      yield;
    }
  }
  // A paged or virtualised HTML table may declare its full size too (header rows included; -1 = unknown).
  const shown = table.rows.length;
  const partial = declared === -1 || (Number.isInteger(declared) && declared > shown);
  return { table: partial ? { headers, rows, partial } : { headers, rows }, loading };
}

/**
 * `pageRoots`: every open shadow root of the page, in document order (the snapshot found them once);
 * those inside the grid are picked from it rather than looked for by walking the grid again. Without
 * any (the usual grid), each row's cells are one native query, not a walk of the row.
 */
function* readAriaGrid(grid: Element, pageRoots: readonly ShadowRoot[]): Generator<void, GridRead> {
  const inside = pageRoots.filter((root) => containsAcrossShadow(grid, root.host));
  const inGrid = (selector: string): Element[] => [grid, ...inside].flatMap((root) => [...root.querySelectorAll(selector)]);
  const headers = inGrid('[role="columnheader"]').map((cell) => deepText(cell));
  const rows: string[][] = [];
  const allRows = inGrid('[role="row"]');
  yield;
  let loading = false;
  for (const row of allRows) {
    if (isSkeletonRow(row)) {
      loading = true;
      continue;
    }
    const cells = inside.length === 0 ? [...row.querySelectorAll(CELL)] : deepQuerySelectorAll(row, CELL);
    if (cells.length > 0) rows.push(cells.map((cell) => deepText(cell)));
    yield;
  }
  // aria-rowcount counts every row of the grid, header rows included; -1 means "unknown".
  const declared = Number(grid.getAttribute('aria-rowcount'));
  const partial = declared === -1 || (Number.isInteger(declared) && declared > allRows.length);
  return { table: partial ? { headers, rows, partial } : { headers, rows }, loading };
}

/** `node` is `ancestor` or inside it, through the shadow roots between them. */
function containsAcrossShadow(ancestor: Element, node: Node): boolean {
  for (let current: Node | null = node; current;) {
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

/** Reads the page at once. */
export function readPageSnapshot(document: Document): PageSnapshot {
  return runToEnd(snapshotSteps(document));
}

/** Times the page changed under a sliced read and it started again, before it keeps what it read. */
const MAX_SLICED_RESTARTS = 2;

/**
 * Reads the page in slices of a few milliseconds, yielding to the page in between, and resolves with
 * exactly what `readPageSnapshot` returns for the same page. If the page's text or structure changes
 * between two slices, the read starts again (at most MAX_SLICED_RESTARTS times: a page that never
 * stops changing is read as it was during the last read). Rejects with the signal's reason on abort.
 */
export async function readPageSnapshotSliced(document: Document, signal: AbortSignal): Promise<PageSnapshot> {
  for (let attempt = 0; ; attempt++) {
    const changes = new MutationObserver(() => undefined);
    const watch = (root: Node): void => changes.observe(root, { childList: true, characterData: true, subtree: true });
    watch(document);
    try {
      const steps = snapshotSteps(document, watch);
      const snapshot = await runSliced(steps, signal, (slice) => timed(document, slice, 'data-sku-shift-bench-snapshot'));
      if (!pageChanged(changes.takeRecords()) || attempt >= MAX_SLICED_RESTARTS) return snapshot;
    } finally {
      changes.disconnect();
    }
  }
}

/** True when the records show a change of the page's own content (SKU Shift's badges and panels do not count). */
function pageChanged(records: readonly MutationRecord[]): boolean {
  const ours = (node: Node): boolean => node.nodeType === Node.ELEMENT_NODE && isOwnElement(node as Element);
  return records.some((record) => record.type === 'characterData' || ![...record.addedNodes, ...record.removedNodes].every(ours));
}

/** The reading, as steps (one per root and per grid row); `onRoot` hears of each shadow root found. */
function* snapshotSteps(document: Document, onRoot?: (root: ShadowRoot) => void): Generator<void, PageSnapshot> {
  const headings: string[] = [];
  const tables: PageTable[] = [];
  const fields: PageField[] = [];
  let incomplete: PageSnapshot['incomplete'];
  const shadowRoots: ShadowRoot[] = [];
  // Each root is watched as soon as it is found: a change in it from then on is seen.
  const collecting = collectShadowRoots(document, shadowRoots);
  for (let watched = 0, step = collecting.next(); ; step = collecting.next()) {
    if (onRoot) while (watched < shadowRoots.length) onRoot(shadowRoots[watched++]!);
    if (step.done) break;
    yield;
  }
  for (const root of [document, ...shadowRoots]) {
    for (const heading of root.querySelectorAll('h1, h2, h3, [role="heading"]')) {
      if (!heading.closest('[hidden]')) headings.push(deepText(heading));
    }
    const grids: GridRead[] = [];
    for (const table of root.querySelectorAll('table')) {
      if (!table.closest('[hidden]')) grids.push(yield* readHtmlTable(table));
    }
    for (const grid of root.querySelectorAll('[role="grid"], [role="table"], [role="treegrid"]')) {
      if (grid.localName !== 'table' && !grid.closest('[hidden]')) grids.push(yield* readAriaGrid(grid, shadowRoots));
    }
    for (const grid of grids) {
      tables.push(grid.table);
      if (grid.loading) incomplete ??= 'loading';
    }
    // Each of these is a native query over the whole root (a 5,000-row grid's is large): a step each.
    yield;
    fields.push(...readFields(root));
    yield;
    incomplete ??= incompleteness(root);
    yield;
  }
  const snapshot: PageSnapshot = { headings: headings.filter(Boolean), tables: tables.filter((t) => t.rows.length > 0), fields };
  return incomplete ? { ...snapshot, incomplete } : snapshot;
}

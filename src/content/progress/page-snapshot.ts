/**
 * What a Partner Center page shows, as text only: the shape the progress readers work on. The DOM
 * reader (read-page-snapshot.ts) fills it from the document and every open shadow root; tests fill it
 * by hand. Keeping the readers on this DOM-less shape is what lets them be tested exhaustively and
 * survive Partner Center markup changes (only the DOM reader knows about markup).
 */
export interface PageTable {
  /** Column header texts, possibly empty when the grid has none we could read. */
  headers: readonly string[];
  /** Each row's cell texts, in column order. */
  rows: ReadonlyArray<readonly string[]>;
  /**
   * The grid says it holds more rows than are on the page (ARIA `aria-rowcount`: paged or virtualised).
   * Counts read from it are a lower bound, and "nobody left" cannot be concluded from it.
   */
  partial?: boolean;
}

export interface PageField {
  label: string;
  value: string;
}

export interface PageSnapshot {
  /** Headings (h1–h3, role="heading") in document order. */
  headings: readonly string[];
  tables: readonly PageTable[];
  /** Label/value pairs: dt/dd, or "Label: value" summary lines. */
  fields: readonly PageField[];
  /**
   * The page shows a narrowed or unfinished view: a search or filter box holds text ('filtered'), or a
   * grid says it is still loading ('loading'). Counts read from it prove nothing about what is not shown.
   */
  incomplete?: 'filtered' | 'loading';
}

/** Collapses whitespace (incl. NBSP) so evidence text is short and stable. */
export function tidyText(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** The index of the first header that reads like one of `names` (case-insensitive, whole header). */
export function columnIndex(headers: readonly string[], names: readonly string[]): number {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  return headers.findIndex((h) => wanted.has(tidyText(h).toLowerCase()));
}

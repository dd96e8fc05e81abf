/**
 * A cheap necessary condition for `parseRenewalStatus` (src/core/renewal-status.ts) to find
 * something: a four-digit year and a renewal or expiry word stem in one of its languages. A grid has
 * thousands of distinct cells (dates, counts, names); this keeps the full parser for the few that
 * can hold a renewal status.
 *
 * Must stay a superset of the parser's wordings: test/content/renewal-candidate.test.ts checks it
 * against every renewal text of the parser's own tests and against random inputs.
 */
const YEAR = /\d{4}/;
const STEMS = /renew|expir|renouvel|verl[aä]nger|g[uü]ltig|l[aä]uft|abgelaufen|renov|renuev|caduc|venc/i;

export function mayHoldRenewalStatus(text: string): boolean {
  return YEAR.test(text) && STEMS.test(text);
}

/** The stems of the parser's 'expires' wordings only ("Expires on", «Expire le», "Gültig bis", "Caduca el"…). */
const EXPIRY_STEMS = /expir|g[uü]ltig|l[aä]uft|abgelaufen|caduc|venc/i;

/**
 * A cheap necessary condition for `parseRenewalStatus` to find an end date ('expires'): such a text
 * is worth loading the display for even in a page without a retired SKU (a current product that
 * will not renew gets its own chip). A superset, checked by the same tests.
 */
export function mayStateExpiry(text: string): boolean {
  return YEAR.test(text) && EXPIRY_STEMS.test(text);
}

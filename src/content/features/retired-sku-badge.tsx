/**
 * Retired SKUs flagged inline: a badge right after every retired SKU name ("Retired → <target>"), and
 * an urgency highlight on the row's "Expires on <date>" (or a warning on "Auto renews on") in rows
 * that hold a retired SKU. A current product is flagged only when it will not renew: a quieter chip
 * with the days left after its "Expires on <date>".
 *
 * Only the detection lives here (the scanner, the catalog matcher, a cheap renewal-text filter): the
 * display — Preact, the badge, the rows, the renewal parser — is loaded on the first retired SKU the
 * page shows (../badge/load-badge-display.ts). Renewal texts seen before that wait for it, raw.
 *
 * Starts at once with the seed catalog and default urgency thresholds; restarts with the partner's
 * own rules and thresholds when the worker says they differ.
 */
import { feature, type PageContext } from '../feature.ts';
import { watchText } from '../scanner.ts';
import { isHiddenOrInert } from '../lib/deep-dom.ts';
import { DeferredDisplay } from '../badge/load-badge-display.ts';
import { mayHoldRenewalStatus, mayStateExpiry } from '../badge/renewal-candidate.ts';
import { splitNameAround, splitNameHint } from '../badge/split-names.ts';
import { withPartnerSettings, type PartnerSettings } from '../partner-settings.ts';
import { matchRetiredSku, matchTargetProduct, type SkuMatch } from '../../core/catalog.ts';
import { timed } from '../bench-mark.ts';
import { yieldToPage } from '../lib/yield-to-page.ts';

function annotate(signal: AbortSignal, page: PageContext, settings: PartnerSettings): void {
  const rules = settings.rules.length > 0 ? settings.rules : undefined;
  const locale = page.locale ?? (document.documentElement.lang || undefined);
  const display = new DeferredDisplay(
    signal,
    (loaded) => new loaded.RowAnnotations(page, signal, loaded.renewalReader(locale), settings.thresholds),
    (rows) => rows.flush(),
  );
  const addSku = (node: Text, match: SkuMatch) => display.add((rows) => rows.addSku(node, match), true);
  const flush = () => display.ready?.flush();
  watchText(
    (text) => matchRetiredSku(text, rules),
    (node, match) => (isHiddenOrInert(node) ? undefined : addSku(node, match)),
    { signal, onPassEnd: flush },
  );
  // Names split over several nodes ("Dynamics <mark>AX</mark> Enterprise"): each fragment that can
  // start a name reads its cell; the cell gets one badge however many fragments it has.
  const hint = splitNameHint(rules);
  const splitCells = new Map<Element, { fragments: number; cleanup: () => void }>();
  watchText(
    (text) => (hint(text) && !matchRetiredSku(text, rules) ? true : null),
    (node) => {
      if (isHiddenOrInert(node)) return undefined;
      const split = splitNameAround(node, rules);
      if (!split) return undefined;
      let cell = splitCells.get(split.container);
      if (cell) {
        cell.fragments++;
      } else {
        cell = { fragments: 1, cleanup: addSku(split.last, split.match) ?? (() => undefined) };
        splitCells.set(split.container, cell);
      }
      const entry = cell;
      return () => {
        if (--entry.fragments > 0) return;
        splitCells.delete(split.container);
        entry.cleanup();
      };
    },
    { signal, onPassEnd: flush },
  );
  // The text itself is the match: it is parsed only in a page that has a display to show it in.
  // Every row of a grid has one, nearly all without a retired SKU: whether the text is hidden is
  // asked only when it gets a chip (RowAnnotations). An end date ("Expires on") is reason enough to
  // load the display: a current product that will not renew gets a chip of its own.
  watchText(
    (text) => (mayHoldRenewalStatus(text) ? text : null),
    (node, text) => display.add((rows) => rows.addRenewal(node, text), mayStateExpiry(text)),
    // A retired SKU's chip shows only in its row, and the SKU of a skeleton row is never handed
    // over; a current product's chip is not placed in a skeleton row (RowAnnotations).
    { signal, onPassEnd: flush, includeSkeletonRows: true },
  );
}

export default feature({
  id: 'retired-sku-badge',
  pages: ['subscriptions', 'subscription-details', 'users-and-licenses', 'manage-licenses'],
  async init(signal, page) {
    // The matchers compile the catalog on first use (the checklist uses the target matcher too):
    // once per page load, here, each in its own task, rather than inside the first scan pass.
    timed(document, () => matchRetiredSku('Dynamics AX Enterprise'), 'data-sku-shift-bench-startup');
    await yieldToPage();
    timed(document, () => matchTargetProduct('Dynamics 365 Finance'), 'data-sku-shift-bench-startup');
    await yieldToPage();
    if (signal.aborted) return;
    withPartnerSettings(signal, (run, settings) => annotate(run, page, settings));
  },
});

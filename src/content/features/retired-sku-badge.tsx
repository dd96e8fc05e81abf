/**
 * Retired SKUs flagged inline: a badge right after every retired SKU name ("Retired → <target>"), and
 * an urgency highlight on the row's "Expires on <date>" (or a warning on "Auto renews on") — only in
 * rows that hold a retired SKU. Current products are left alone.
 */
import { feature } from '../feature.ts';
import { watchText } from '../scanner.ts';
import { isHiddenOrInert } from '../deep-dom.ts';
import { RowAnnotations } from '../badge/row-annotations.ts';
import { matchRetiredSku } from '../../core/catalog.ts';
import { parseRenewalStatus } from '../../core/renewal-status.ts';

/** A renewal text always carries a date, hence a digit: skips the parser for nearly every cell. */
const HAS_DIGIT = /\d/;

export default feature({
  id: 'retired-sku-badge',
  pages: ['subscriptions', 'subscription-details', 'users-and-licenses', 'manage-licenses'],
  init(signal, page) {
    const rows = new RowAnnotations(page);
    const locale = page.locale ?? (document.documentElement.lang || undefined);
    watchText(
      (text) => matchRetiredSku(text),
      (node, match) => (isHiddenOrInert(node) ? undefined : rows.addSku(node, match)),
      { signal },
    );
    watchText(
      (text) => (HAS_DIGIT.test(text) ? parseRenewalStatus(text, locale) : null),
      (node, status) => (isHiddenOrInert(node) ? undefined : rows.addRenewal(node, status)),
      { signal },
    );
  },
});

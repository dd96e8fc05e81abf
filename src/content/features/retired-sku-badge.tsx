/**
 * Retired SKUs flagged inline: a badge right after every retired SKU name ("Retired → <target>"), and
 * an urgency highlight on the row's "Expires on <date>" (or a warning on "Auto renews on") — only in
 * rows that hold a retired SKU. Current products are left alone.
 */
import { feature } from '../feature.ts';
import { watchText } from '../scanner.ts';
import { isHiddenOrInert } from '../deep-dom.ts';
import { RowAnnotations } from '../badge/row-annotations.ts';
import { mayHoldRenewalStatus } from '../badge/renewal-candidate.ts';
import { matchRetiredSku } from '../../core/catalog.ts';
import { parseRenewalStatus } from '../../core/renewal-status.ts';


export default feature({
  id: 'retired-sku-badge',
  pages: ['subscriptions', 'subscription-details', 'users-and-licenses', 'manage-licenses'],
  init(signal, page) {
    // The matcher compiles the catalog on first use; do it here, before the first scan pass.
    matchRetiredSku('Dynamics AX');
    const rows = new RowAnnotations(page, signal);
    const locale = page.locale ?? (document.documentElement.lang || undefined);
    watchText(
      (text) => matchRetiredSku(text),
      (node, match) => (isHiddenOrInert(node) ? undefined : rows.addSku(node, match)),
      { signal, onPassEnd: () => rows.flush() },
    );
    watchText(
      (text) => (mayHoldRenewalStatus(text) ? parseRenewalStatus(text, locale) : null),
      (node, status) => (isHiddenOrInert(node) ? undefined : rows.addRenewal(node, status)),
      { signal, onPassEnd: () => rows.flush() },
    );
  },
});

/**
 * Which Partner Center page is in view when its URL does not say (src/core/partner-center-urls.ts
 * reads URLs): from its heading text. Heading wordings are partly unconfirmed
 * (shared/notes/partner-center.md), so every wording lives here or, for titles that are also labels,
 * in partner-center-labels.ts: a wrong guess is one edit.
 *
 * Pure: no DOM. The runtime collects the headings (see `readHeadings` in lib/deep-dom.ts) and passes them in.
 */
import type { PageKind } from '../core/partner-center-urls.ts';
import { partnerCenterLabelVariants, type PartnerCenterLabel } from './progress/partner-center-labels.ts';

/**
 * Heading wordings per page kind, EN/FR/DE/ES: the page titles are Partner Center labels (today's
 * wording and older ones, see partner-center-labels.ts), plus titles no button carries. Unconfirmed
 * as live UI strings. Compared after `normalizeHeading`; the most specific kinds come first so "Add
 * subscriptions" is not read as "Subscriptions".
 */
const wordingsByKind = (): ReadonlyArray<readonly [PageKind, readonly string[]]> => [
  ['add-subscriptions', [...titles('addSubscriptions'), 'add a subscription']],
  ['manage-licenses', titles('manageLicenses')],
  ['users-and-licenses', titles('usersAndLicenses')],
  ['subscription-details', ['subscription details', 'details de l abonnement', 'abonnementdetails', 'abonnement details', 'detalles de la suscripcion']],
  ['subscriptions', titles('subscriptions')],
  ['customers', titles('customers')],
];
/**
 * Folded on the first page whose URL says nothing: a page with a known URL (nearly all) never pays
 * for it (normalizeHeading's Unicode classes are compiled on first use, about a millisecond).
 */
let folded: ReturnType<typeof wordingsByKind> | undefined;

function titles(label: PartnerCenterLabel): string[] {
  return partnerCenterLabelVariants(label).map(normalizeHeading);
}

/** Lower-case, accents and punctuation folded, spaces collapsed: "Détails de l’abonnement" → "details de l abonnement". */
export function normalizeHeading(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The page kind from the page's headings (in document order), for URLs we do not recognise. A heading
 * must read as the page title (exactly one of the wordings), not merely contain it, so a grid caption
 * such as "Subscriptions expiring soon" does not make a page a subscriptions page.
 */
export function pageKindFromHeadings(headings: readonly string[]): PageKind {
  for (const heading of headings) {
    const normalized = normalizeHeading(heading);
    if (normalized.length === 0 || normalized.length > 60) continue;
    for (const [kind, wordings] of (folded ??= wordingsByKind())) {
      if (wordings.includes(normalized)) return kind;
    }
  }
  return 'unknown';
}

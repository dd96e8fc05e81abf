import { foldText } from './localized-date.ts';
import { GUID_SOURCE } from './partner-center-urls.ts';

/**
 * Which commerce platform a subscription lives on. It decides how it ends: a legacy subscription is
 * suspended (and de-provisioned later); suspending a new-commerce one does not stop billing, so it
 * is set not to renew (or cancelled inside its cancellation window). See
 * shared/notes/partner-center.md, "New commerce vs legacy".
 */
export type CommerceKind = 'legacy' | 'new-commerce' | 'unknown';

/**
 * Legacy offers are GUIDs; new-commerce ones are product:sku[:availability] ids
 * ("CFQ7TTC0LH18:0001:CFQ7TTC0K971"), upper case, their product id holding a digit (so a shouted
 * label such as "SUBSCRIPTION:NAME" is no id).
 */
const LEGACY_OFFER_ID = new RegExp(`^${GUID_SOURCE}$`, 'i');
const NEW_COMMERCE_ID_SOURCE = '(?=[A-Z]{0,11}[0-9])[0-9A-Z]{12}:[0-9A-Z]{4}(?::[0-9A-Z]{12})?';
const NEW_COMMERCE_OFFER_ID = new RegExp(`^${NEW_COMMERCE_ID_SOURCE}$`);
/** In page text the id stands alone: no letter, digit or colon glued to it. */
const NEW_COMMERCE_ID_IN_TEXT = new RegExp(`(?<![0-9A-Za-z:])${NEW_COMMERCE_ID_SOURCE}(?![0-9A-Za-z:])`);

/** The kind an API `offerId` says. */
export function commerceKindOfOffer(offerId: unknown): CommerceKind {
  if (typeof offerId !== 'string') return 'unknown';
  const id = offerId.trim();
  if (LEGACY_OFFER_ID.test(id)) return 'legacy';
  if (NEW_COMMERCE_OFFER_ID.test(id)) return 'new-commerce';
  return 'unknown';
}

/**
 * Term wordings that only new-commerce subscriptions show: a term length ("1 month", "1 year",
 * "P1Y") or a monthly/annual term or commitment. UNCONFIRMED as live UI strings (new-commerce docs
 * in EN/FR/DE/ES); kept in this one list. A bare "Monthly" or "Annual" is not here: legacy
 * subscriptions show a billing frequency in the same words.
 */
const TERM_WORDINGS: readonly string[] = [
  // A term length, any language.
  '(?:1|3|12|36) (?:months?|years?|mois|ans?|monate?|jahre?|mes(?:es)?|anos?)',
  'p(?:1|3)[my]',
  // English
  '(?:monthly|annual|yearly) (?:term|commitment)',
  'term(?: duration| length)? ?: ?(?:monthly|annual|yearly)',
  // French
  'engagement (?:mensuel|annuel)',
  '(?:duree|duree du terme|duree de l engagement) ?: ?(?:mensuel(?:le)?|annuel(?:le)?)',
  // German
  '(?:monatliche|jahrliche) (?:laufzeit|verpflichtung|bindung)',
  'laufzeit ?: ?(?:monatlich|jahrlich)',
  // Spanish
  '(?:compromiso|plazo) (?:mensual|anual)',
  '(?:plazo|duracion(?: del plazo)?) ?: ?(?:mensual|anual)',
];
const TERM_TEXT = new RegExp(`(?<![\\p{L}\\p{N}])(?:${TERM_WORDINGS.join('|')})(?![\\p{L}\\p{N}])`, 'u');

/** Longer text is not one subscription's row or pane. */
const MAX_TEXT = 4000;

/**
 * The kind a subscription's page text shows: a product id in the new-commerce shape, or a
 * new-commerce term wording. Pages show nothing that proves a subscription legacy (a GUID on a page
 * is as likely a tenant or subscription id), so the answer is 'new-commerce' or 'unknown'.
 */
export function commerceKindOfPageText(text: unknown): CommerceKind {
  if (typeof text !== 'string' || text.length === 0) return 'unknown';
  const clipped = text.slice(0, MAX_TEXT);
  if (NEW_COMMERCE_ID_IN_TEXT.test(clipped)) return 'new-commerce';
  // Folded, with dashes and apostrophes as spaces: "1‑Year Term" → "1 year term".
  return TERM_TEXT.test(foldText(clipped).replace(/[\s'-]+/g, ' ')) ? 'new-commerce' : 'unknown';
}

/**
 * Which Partner Center page is in view, from its URL and, when the URL is not one we know, from its
 * heading text. Partner Center's URLs are partly unconfirmed (shared/notes/partner-center.md), so every
 * URL shape and heading wording lives here and nowhere else: a wrong guess is one edit.
 *
 * Pure: no DOM. The runtime collects the headings (see `readHeadings` in deep-dom.ts) and passes them in.
 */

export type PageKind =
  | 'customers'
  | 'subscriptions'
  | 'subscription-details'
  | 'users-and-licenses'
  | 'manage-licenses'
  | 'add-subscriptions'
  | 'unknown';

export interface PageInfo {
  kind: PageKind;
  /** The customer's tenant GUID ("Microsoft ID") from the URL, lower-case; null when the URL has none. */
  customerId: string | null;
  /** The subscription id on a subscription-details URL. */
  subscriptionId: string | null;
  /** The URL's locale segment (e.g. 'fr-fr'), lower-case; null when the URL has none. */
  locale: string | null;
}

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const LOCALE_SEGMENT = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$/;

/**
 * Path words after `subscriptions/` that name a page rather than a subscription id. Guessed
 * (unconfirmed) spellings of the add-subscriptions catalog page.
 */
const ADD_SUBSCRIPTION_WORDS = new Set(['add', 'addsubscriptions', 'add-subscriptions', 'catalog', 'new', 'purchase']);
const CUSTOMER_SCOPED_ADD_WORDS = new Set(['addsubscriptions', 'add-subscriptions', 'catalog', 'purchase']);

/**
 * The page kind from a URL. Recognises, with or without a locale segment, both
 * `/commerce/customers/...` and `/dashboard/commerce2/customers/...` (and `/commerce2/customers/...`).
 */
export function pageInfoFromUrl(href: string): PageInfo {
  let path: string;
  try {
    path = new URL(href, 'https://partner.microsoft.com/').pathname;
  } catch {
    return { kind: 'unknown', customerId: null, subscriptionId: null, locale: null };
  }
  const segments = path
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => safeDecode(s).toLowerCase());
  let locale: string | null = null;
  if (segments[0] !== undefined && LOCALE_SEGMENT.test(segments[0]) && segments[0] !== 'dashboard') {
    locale = segments.shift() ?? null;
  }
  const customersAt = segments.indexOf('customers');
  const prefix = segments.slice(0, Math.max(0, customersAt)).join('/');
  const knownPrefix = prefix === 'commerce' || prefix === 'dashboard/commerce2' || prefix === 'commerce2';
  if (customersAt < 0) return { kind: 'unknown', customerId: null, subscriptionId: null, locale };
  if (!knownPrefix) {
    // A URL shape we do not know (a new dashboard version): the kind comes from the page's heading,
    // but the customer (and subscription) are still the ids after `customers/`, so the checklist and
    // the suspend guard can run there. A segment after `customers/` that is not a GUID names nothing.
    const [id, section, item] = segments.slice(customersAt + 1);
    const customerId = id !== undefined && new RegExp(`^${GUID}$`).test(id) ? id : null;
    const subscriptionId =
      customerId && section === 'subscriptions' && item !== undefined && !ADD_SUBSCRIPTION_WORDS.has(item) && /^[0-9a-z][0-9a-z-]{2,}$/.test(item) ? item : null;
    return { kind: 'unknown', customerId, subscriptionId, locale };
  }

  const rest = segments.slice(customersAt + 1);
  const info = (kind: PageKind, customerId: string | null = null, subscriptionId: string | null = null): PageInfo => ({
    kind,
    customerId,
    subscriptionId,
    locale,
  });
  if (rest.length === 0 || (rest.length === 1 && rest[0] === 'list')) return info('customers');

  const customerId = rest[0] ?? '';
  if (!new RegExp(`^${GUID}$`).test(customerId)) return info('unknown');
  const [section, item, sub] = rest.slice(1);

  if (section === 'subscriptions') {
    if (item === undefined) return info('subscriptions', customerId);
    if (ADD_SUBSCRIPTION_WORDS.has(item)) return info('add-subscriptions', customerId);
    // Any other segment is a subscription id (GUIDs in practice; kept loose because unconfirmed).
    if (/^[0-9a-z][0-9a-z-]{2,}$/.test(item)) return info('subscription-details', customerId, item);
    return info('unknown', customerId);
  }
  if (section !== undefined && CUSTOMER_SCOPED_ADD_WORDS.has(section)) return info('add-subscriptions', customerId);
  if (section === 'users' || section === 'usersandlicenses' || section === 'users-and-licenses') {
    if (item === undefined) return info('users-and-licenses', customerId);
    if (sub === 'licenses' || sub === 'managelicenses' || sub === 'manage-licenses' || item === 'managelicenses') {
      return info('manage-licenses', customerId);
    }
    return info('users-and-licenses', customerId);
  }
  return info('unknown', customerId);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Heading wordings per page kind, EN/FR/DE/ES (human doc translations; unconfirmed as live UI
 * strings). Compared after `normalizeHeading`; the most specific kinds come first so "Add
 * subscriptions" is not read as "Subscriptions".
 */
const HEADINGS: ReadonlyArray<readonly [PageKind, readonly string[]]> = [
  ['add-subscriptions', ['add subscriptions', 'add a subscription', 'ajouter des abonnements', 'ajouter un abonnement', 'abonnements hinzufugen', 'agregar suscripciones']],
  ['manage-licenses', ['manage licenses', 'gerer les licences', 'verwalten von lizenzen', 'lizenzen verwalten', 'administrar licencias']],
  ['users-and-licenses', ['users and licenses', 'utilisateurs et licences', 'benutzer und lizenzen', 'usuarios y licencias']],
  ['subscription-details', ['subscription details', 'details de l abonnement', 'abonnementdetails', 'abonnement details', 'detalles de la suscripcion']],
  ['subscriptions', ['subscriptions', 'abonnements', 'suscripciones']],
  ['customers', ['customers', 'clients', 'kunden', 'clientes']],
];

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
    for (const [kind, wordings] of HEADINGS) {
      if (wordings.includes(normalized)) return kind;
    }
  }
  return 'unknown';
}

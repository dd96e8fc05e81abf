/**
 * Everything SKU Shift knows about Partner Center's URLs, in one pure module: which page a URL is,
 * the tenant GUID and subscription id in it, whether its query narrows a grid, and the links we build
 * back to a customer's pages. Content scripts, the worker and the dashboard all ask here.
 *
 * Confirmed (shared/notes/partner-center.md, "Confirmed in 2026"): customer pages live under three
 * prefixes, each with or without a locale segment (`/en-us/`, `/fr-fr/`...):
 *   `/dashboard/v2/customers/...` (today's), `/dashboard/commerce2/customers/...`, `/commerce/customers/...`;
 * `/dashboard/v2/customers/list`, `/dashboard/v2/customers/{tenantId}/account`,
 * `.../servicemanagementpage`, `/dashboard/v2/customers/granularadminaccess/list`.
 * Unconfirmed (guesses, one edit each if wrong): the sections after the tenant id for subscriptions,
 * a subscription's details, users and licenses, manage licenses and the catalog. An unknown section
 * keeps the customer (so the checklist can run) and leaves the page kind to the page's headings.
 */

export type PageKind = 'customers' | 'subscriptions' | 'subscription-details' | 'users-and-licenses' | 'manage-licenses' | 'add-subscriptions' | 'unknown';

export interface PageInfo {
  kind: PageKind;
  /** The customer's tenant GUID ("Microsoft ID") from the URL, lower-case; null when the URL has none. */
  customerId: string | null;
  /** The subscription id on a subscription-details URL. */
  subscriptionId: string | null;
  /** The URL's locale segment (e.g. 'fr-fr'), lower-case; null when the URL has none. */
  locale: string | null;
}

/** A tenant GUID, as text (for building patterns). The one GUID pattern of the code base. */
export const GUID_SOURCE = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const WHOLE_GUID = new RegExp(`^${GUID_SOURCE}$`, 'i');
const GUID_IN_TEXT = new RegExp(`\\b${GUID_SOURCE}\\b`, 'i');

/** Whether `text` is exactly a GUID (tenant id, client id, subscription id), any case. */
export function isGuid(text: string): boolean {
  return WHOLE_GUID.test(text);
}

/** The first GUID inside `text`, lower-case, or null. */
export function findGuid(text: string): string | null {
  return GUID_IN_TEXT.exec(text)?.[0].toLowerCase() ?? null;
}

/** The path prefixes before `customers/` that Partner Center uses (see the header). */
const CUSTOMER_PREFIXES = new Set(['dashboard/v2', 'dashboard/commerce2', 'commerce2', 'commerce']);
/** Where links go when we have never seen the partner on a customer page (its subscriptions path is the best attested). */
export const DEFAULT_CUSTOMER_BASE = '/dashboard/commerce2';

const LOCALE_SEGMENT = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$/;
const SUBSCRIPTION_ID = /^[0-9a-z][0-9a-z-]{2,}$/;

/** Guessed spellings of the catalog page after `subscriptions/`, and after the tenant id. */
const ADD_SUBSCRIPTION_WORDS = new Set(['add', 'addsubscriptions', 'add-subscriptions', 'addsubscription', 'add-subscription', 'catalog', 'new', 'purchase']);
const CUSTOMER_SCOPED_ADD_WORDS = new Set(['addsubscriptions', 'add-subscriptions', 'addsubscription', 'add-subscription', 'catalog', 'purchase']);
const USERS_WORDS = new Set(['users', 'usersandlicenses', 'users-and-licenses', 'userlicenses']);
const MANAGE_LICENSES_WORDS = new Set(['licenses', 'managelicenses', 'manage-licenses']);

interface ParsedPath {
  locale: string | null;
  /** Segments before `customers` (lower-case, decoded), e.g. ['dashboard', 'v2']. */
  prefix: string[];
  /** Segments after `customers`, or null when the path has no `customers` segment. */
  rest: string[] | null;
}

function parsePath(href: string): ParsedPath | null {
  let path: string;
  try {
    path = new URL(href, 'https://partner.microsoft.com/').pathname;
  } catch {
    return null;
  }
  const segments = path
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => safeDecode(s).toLowerCase());
  let locale: string | null = null;
  if (segments[0] !== undefined && LOCALE_SEGMENT.test(segments[0]) && segments[0] !== 'dashboard') locale = segments.shift() ?? null;
  const at = segments.indexOf('customers');
  return { locale, prefix: at < 0 ? segments : segments.slice(0, at), rest: at < 0 ? null : segments.slice(at + 1) };
}

/** The page kind, customer and subscription a URL names. */
export function pageInfoFromUrl(href: string): PageInfo {
  const parsed = parsePath(href);
  const info = (kind: PageKind, customerId: string | null = null, subscriptionId: string | null = null): PageInfo => ({
    kind,
    customerId,
    subscriptionId,
    locale: parsed?.locale ?? null,
  });
  if (!parsed || parsed.rest === null) return info('unknown');
  const rest = parsed.rest;
  const known = CUSTOMER_PREFIXES.has(parsed.prefix.join('/'));
  if (known && (rest.length === 0 || (rest.length === 1 && rest[0] === 'list'))) return info('customers');

  const customerId = rest[0] !== undefined && isGuid(rest[0]) ? rest[0] : null;
  if (!customerId) return info('unknown');
  const [section, item, sub] = rest.slice(1);
  const subscriptionId = section === 'subscriptions' && item !== undefined && !ADD_SUBSCRIPTION_WORDS.has(item) && SUBSCRIPTION_ID.test(item) ? item : null;
  // A URL shape we do not know (another prefix): the kind comes from the page's headings, but the ids
  // after `customers/` still name the customer and subscription, so the checklist and the guard run.
  if (!known) return info('unknown', customerId, subscriptionId);

  if (section === 'subscriptions') {
    if (item === undefined) return info('subscriptions', customerId);
    if (ADD_SUBSCRIPTION_WORDS.has(item)) return info('add-subscriptions', customerId);
    return subscriptionId ? info('subscription-details', customerId, subscriptionId) : info('unknown', customerId);
  }
  if (section !== undefined && CUSTOMER_SCOPED_ADD_WORDS.has(section)) return info('add-subscriptions', customerId);
  if (section !== undefined && USERS_WORDS.has(section)) {
    if ((sub !== undefined && MANAGE_LICENSES_WORDS.has(sub)) || item === 'managelicenses') return info('manage-licenses', customerId);
    return info('users-and-licenses', customerId);
  }
  // account, servicemanagementpage, or a section we do not know yet: the headings decide.
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
 * The customer-pages base of a Partner Center URL: its locale segment and prefix as the page wrote
 * them (e.g. '/en-us/dashboard/v2'), or null when the URL is not a customer page under a known prefix.
 * Links we build use the base the partner was last seen on, so they land in the partner's layout.
 */
export function customerBaseOf(href: string): string | null {
  const parsed = parsePath(href);
  if (!parsed || parsed.rest === null || !CUSTOMER_PREFIXES.has(parsed.prefix.join('/'))) return null;
  return `${parsed.locale ? `/${parsed.locale}` : ''}/${parsed.prefix.join('/')}`;
}

export type CustomerPage = 'subscriptions' | 'users';

export const PARTNER_CENTER_ORIGIN = 'https://partner.microsoft.com';
/** The Partner Center REST API: the only host the API client and the session relay ever call. */
export const PARTNER_CENTER_API_ORIGIN = 'https://api.partnercenter.microsoft.com';

/**
 * `path` (with its query) as a URL of the REST API's v1, or null when it would lead anywhere else:
 * another host (`//host/...`, an absolute URL), or out of `/v1/` (`..`, encoded or not).
 */
export function partnerCenterApiUrl(path: string): string | null {
  if (!path.startsWith('/') || path.startsWith('//') || /[\s\\]/.test(path)) return null;
  let url: URL;
  try {
    url = new URL(path, PARTNER_CENTER_API_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== PARTNER_CENTER_API_ORIGIN || !url.pathname.startsWith('/v1/') || /%2e%2e|%2f|%5c/i.test(url.pathname)) return null;
  return url.href;
}

/** The URL of one of a customer's pages under `base` (see customerBaseOf). */
export function customerPageUrl(customerId: string, page: CustomerPage, base: string | null = null): string {
  return `${PARTNER_CENTER_ORIGIN}${base ?? DEFAULT_CUSTOMER_BASE}/customers/${encodeURIComponent(customerId)}/${page}`;
}

/** Query parameters that narrow a grid to what the partner searched for. */
const FILTER_PARAMS = /^(?:search|searchtext|filter|filters|q|query|keyword|keywords|term|status)$/i;

/** The URL's query narrows what the page lists (a search or a filter): counts read from it prove nothing about the rest. */
export function narrowedByUrl(href: string): boolean {
  try {
    for (const [name, value] of new URL(href).searchParams) if (FILTER_PARAMS.test(name) && value.trim() !== '') return true;
  } catch {
    return false;
  }
  return false;
}

/** Path and query identify a page visit; the hash does not. */
export function visitKeyOf(href: string): string {
  try {
    const url = new URL(href);
    return url.origin + url.pathname + url.search;
  } catch {
    return href;
  }
}

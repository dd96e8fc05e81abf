/**
 * The customer's company name as a customer page shows it: the breadcrumb item after "Customers"
 * (Customers / Contoso Ltd / Subscriptions), in and out of shadow roots. Never a tenant GUID, a page
 * title ("Subscriptions", «Abonnements», "Kunden"...) or a skeleton's placeholder ("Loading…").
 *
 * The breadcrumb's markup is unconfirmed on the live site: it is recognised by what it says it is
 * (its aria-label, EN/FR/DE/ES) or a class or tag naming it a breadcrumb; a page without one gives
 * no name rather than a wrong one. `customerNameFromTrail` is the pure half; tests feed it trails.
 */
import { isGuid } from '../../core/partner-center-urls.ts';
import { normalizeHeading, pageKindFromHeadings } from '../page-kind.ts';
import { isOwnElement, openShadowRoots } from '../lib/deep-dom.ts';
import { scannedShadowRoots } from '../scanner.ts';
import { deepText } from './read-page-snapshot.ts';
import { tidyText } from './page-snapshot.ts';
import { partnerCenterLabelVariants } from './partner-center-labels.ts';

/** What the item before the customer's name says: the customers list, in the four languages. */
const CUSTOMERS = new Set(partnerCenterLabelVariants('customers').map(normalizeHeading));

/**
 * Titles of customer pages that are not page kinds we know (each is a section, not a company), EN/FR/DE/ES,
 * compared after normalizeHeading. Page kinds (subscriptions, users and licenses...) are refused too.
 */
const GENERIC_TITLES = new Set([
  'home',
  'partner center',
  'dashboard',
  'account',
  'overview',
  'service management',
  'billing',
  'orders',
  'admin relationships',
  'granular admin access',
  'customer details',
  'customer list',
  'licenses',
  'users',
  'accueil',
  'espace partenaires',
  'compte',
  'vue d ensemble',
  'gestion des services',
  'facturation',
  'commandes',
  'relations d administrateur',
  'details du client',
  'liste des clients',
  'licences',
  'utilisateurs',
  'startseite',
  'konto',
  'ubersicht',
  'dienstverwaltung',
  'abrechnung',
  'bestellungen',
  'administratorbeziehungen',
  'kundendetails',
  'kundenliste',
  'lizenzen',
  'benutzer',
  'inicio',
  'centro de partners',
  'cuenta',
  'informacion general',
  'administracion de servicios',
  'facturacion',
  'pedidos',
  'relaciones de administrador',
  'detalles del cliente',
  'lista de clientes',
  'licencias',
  'usuarios',
]);

/** A skeleton's or a loading view's placeholder: "Loading…", «Chargement…», dots, dashes, shimmer blocks. */
const PLACEHOLDER = /^(?:loading|chargement|en cours de chargement|wird geladen|laden|cargando|placeholder)\b|^[\s.…·•\-–—_|/\\█▓▒░]*$/i;

/** Breadcrumb items written as one text ("Customers › Contoso Ltd"): the separators between them. */
const SEPARATOR = /\s+[›»>/|\\]\s+/;

const MAX_NAME_LENGTH = 256;

/** A company name as the partner would write it, or null for anything that is not one. */
export function tidyCustomerName(text: string): string | null {
  const name = tidyText(text).replace(/^[›»>/|\\\s]+|[›»>/|\\\s]+$/g, '');
  if (name.length < 2 || name.length > MAX_NAME_LENGTH) return null;
  if (PLACEHOLDER.test(name) || isGuid(name) || /^\d+$/.test(name)) return null;
  const folded = normalizeHeading(name);
  if (folded.length === 0 || GENERIC_TITLES.has(folded) || CUSTOMERS.has(folded)) return null;
  if (pageKindFromHeadings([name]) !== 'unknown') return null;
  return name;
}

/**
 * The customer's name in a breadcrumb trail (its items' texts, in order): the item right after
 * "Customers". Null when the trail has no such item or it is not a name.
 */
export function customerNameFromTrail(trail: readonly string[]): string | null {
  const items = trail.length === 1 ? (trail[0] ?? '').split(SEPARATOR) : trail;
  const customers = items.findIndex((item) => CUSTOMERS.has(normalizeHeading(item)));
  if (customers < 0) return null;
  const next = items[customers + 1];
  return next === undefined ? null : tidyCustomerName(next);
}

/** What says it is a breadcrumb: its label (EN/FR/DE/ES) or a class naming it. */
const BREADCRUMB = '[aria-label*="breadcrumb" i], [aria-label*="ariane" i], [aria-label*="brotkr" i], [aria-label*="ruta de navegaci" i], [aria-label*="migas de pan" i], [class*="breadcrumb" i]';

/**
 * The customer's name from the page's breadcrumbs (the first that names one), or null. Roots are
 * searched in document order and the search stops at the first name: the breadcrumb sits in the
 * header, before the grid's thousands of shadow roots.
 */
export function readCustomerName(doc: Document): string | null {
  // `nav > ol`: the usual unlabelled breadcrumb markup (a page's main menu is a list of links, not an ordered list).
  for (const root of [doc, ...(scannedShadowRoots(doc) ?? openShadowRoots(doc))]) {
    for (const crumb of root.querySelectorAll(`${BREADCRUMB}, nav > ol`)) {
      if (isOwnElement(crumb) || crumb.closest('[hidden]')) continue;
      const name = customerNameFromTrail(trailOf(crumb));
      if (name) return name;
    }
  }
  return null;
}

/**
 * The texts of a breadcrumb's items: its list items when it has some in its own tree, else its child
 * elements (a breadcrumb component's items are its light-DOM children), else its whole text.
 */
function trailOf(crumb: Element): string[] {
  const listItems = [...crumb.querySelectorAll('li, [role="listitem"]')];
  const items = listItems.length > 1 ? listItems : [...crumb.children].filter((child) => child.localName !== 'style' && child.localName !== 'script');
  return (items.length > 1 ? items : [crumb]).map((item) => deepText(item)).filter((text) => text.length > 0);
}

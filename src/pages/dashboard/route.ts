/**
 * Where the dashboard is: a section or one customer's page, named by the URL hash so back/forward,
 * bookmarks and links (from the popup and the reminders' notifications) open it. Pure.
 *
 *   #customers (default) · #scan · #rules · #settings · #data · #customer/<tenantId>
 */
import { isGuid } from '../../core/partner-center-urls.ts';

export const SECTIONS = ['customers', 'scan', 'rules', 'settings', 'data'] as const;
export type Section = (typeof SECTIONS)[number];

export type DashboardRoute = { section: Section } | { section: 'customer'; customerId: string };

/** The dashboard page, relative to the extension's root (runtime.getURL). */
export const DASHBOARD_PAGE = 'src/pages/dashboard/index.html';

/** The route a hash names; anything else (empty, unknown, a malformed tenant id) is the customer list. */
export function parseRoute(hash: string): DashboardRoute {
  const path = safeDecode(hash.replace(/^#\/?/, ''));
  const customer = /^customer\/([^/?#]+)$/.exec(path);
  if (customer) {
    const id = customer[1]!.toLowerCase();
    return isGuid(id) ? { section: 'customer', customerId: id } : { section: 'customers' };
  }
  const section = SECTIONS.find((s) => s === path);
  return { section: section ?? 'customers' };
}

export function routeHash(route: DashboardRoute): string {
  return route.section === 'customer' ? `#customer/${encodeURIComponent(route.customerId)}` : `#${route.section}`;
}

/** The customer's page in the dashboard, relative to the extension's root. */
export function customerPagePath(customerId: string): string {
  return `${DASHBOARD_PAGE}${routeHash({ section: 'customer', customerId })}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

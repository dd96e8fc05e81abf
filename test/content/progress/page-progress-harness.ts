/**
 * A page snapshot through both halves of progress reading, as the extension runs them: the content
 * script's readers (snapshot → page reading) and the worker's judgement (reading + stored state →
 * observations and events). Tests state a page as a snapshot and check what the worker would record.
 */
import { countReassignment, pageProgress as judge, type KnownCustomer, type MigrationScope, ANY_SCOPE } from '../../../src/core/page-progress.ts';
import type { PageKind } from '../../../src/core/partner-center-urls.ts';
import { catalogMatchers, type ProductMatchers } from '../../../src/core/product-matchers.ts';
import type { CustomerObservation } from '../../../src/core/observation.ts';
import type { MigrationEvent } from '../../../src/core/migration.ts';
import type { PageSnapshot } from '../../../src/content/progress/page-snapshot.ts';
import { readingFromSnapshot } from '../../../src/content/progress/read-page.ts';
import { readUsersShown } from '../../../src/content/progress/users-shown.ts';

export interface PageProgressInput {
  url: string;
  pageKind: PageKind;
  customerId: string;
  subscriptionId: string | null;
  locale: string | null;
  snapshot: PageSnapshot;
  matchers: ProductMatchers;
  known: KnownCustomer;
  seenAt: string;
}

export function pageProgress(input: PageProgressInput): { observation: CustomerObservation | null; events: MigrationEvent[] } {
  const page = { kind: input.pageKind, url: input.url, customerId: input.customerId, subscriptionId: input.subscriptionId, locale: input.locale };
  const progress = judge(readingFromSnapshot(input.snapshot, page, input.matchers, input.seenAt), input.known, input.matchers);
  return { observation: progress.observations[0] ?? null, events: progress.events };
}

export function readReassignment(snapshot: PageSnapshot, matchers: ProductMatchers, scope: MigrationScope = ANY_SCOPE) {
  return countReassignment(readUsersShown(snapshot, matchers), scope);
}

/** The customer, URL and time the page-progress tests read a subscriptions page at. */
export const CUSTOMER = '3f6c2b7e-2d1a-4c1e-9f4e-6b5a1c2d3e4f';
export const URL_SUBS = `https://partner.microsoft.com/en-us/dashboard/commerce2/customers/${CUSTOMER}/subscriptions`;
export const NOW = '2026-11-24T10:00:00.000Z';
const defaultMatchers = catalogMatchers();

/** A subscriptions page of CUSTOMER read at NOW with the catalog's matchers, with what the test changes. */
export function subscriptionsPageInput(snapshot: PageSnapshot, overrides: Partial<PageProgressInput> = {}): PageProgressInput {
  return {
    url: URL_SUBS,
    pageKind: 'subscriptions',
    customerId: CUSTOMER,
    subscriptionId: null,
    locale: 'en-us',
    snapshot,
    matchers: defaultMatchers,
    known: { migration: null, subscriptions: [] },
    seenAt: NOW,
    ...overrides,
  };
}

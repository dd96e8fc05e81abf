/**
 * A Partner Center page as the worker reads it (src/core/page-reading.ts): the subscriptions, users or
 * customers it shows, as text and counts. `readingFromSnapshot` is pure (tests build snapshots by
 * hand); `readPage` takes the snapshot off the live page first.
 */
import type { PageKind } from '../../core/partner-center-urls.ts';
import type { PageReading, SubscriptionRow } from '../../core/page-reading.ts';
import type { ProductMatchers } from '../../core/product-matchers.ts';
import type { PageSnapshot } from './page-snapshot.ts';
import { readCustomerList } from './customer-list.ts';
import { subscriptionFactsSteps } from './subscription-facts.ts';
import { usersShownSteps } from './users-shown.ts';
import { runToEnd } from '../lib/yield-to-page.ts';

/** The page in view, as the runtime recognised it. */
export interface PageInView {
  kind: PageKind;
  url: string;
  customerId: string | null;
  subscriptionId: string | null;
  locale: string | null;
}

export function readingFromSnapshot(snapshot: PageSnapshot, page: PageInView, matchers: ProductMatchers, seenAt: string, customerName: string | null = null): PageReading {
  return runToEnd(readingSteps(snapshot, page, matchers, seenAt, customerName));
}

/** The same, as steps: the content script runs them in slices (lib/yield-to-page.ts runSliced). */
export function* readingSteps(snapshot: PageSnapshot, page: PageInView, matchers: ProductMatchers, seenAt: string, customerName: string | null = null): Generator<void, PageReading> {
  const users = page.kind === 'users-and-licenses';
  const facts = page.kind === 'customers' || users ? [] : yield* subscriptionFactsSteps(snapshot, matchers);
  const subscriptions = facts.map(({ name, status, quantity, channel, text, fields }): SubscriptionRow => ({ name, status, quantity, channel, text, ...(fields ? { fields } : {}) }));
  return {
    url: page.url,
    pageKind: page.kind,
    customerId: page.kind === 'customers' ? null : page.customerId,
    subscriptionId: page.subscriptionId,
    locale: page.locale,
    seenAt,
    customerName,
    incomplete: snapshot.incomplete ?? null,
    partialGrid: snapshot.tables.some((t) => t.partial === true),
    subscriptions,
    users: users ? yield* usersShownSteps(snapshot, matchers) : null,
    customers: page.kind === 'customers' ? readCustomerList(snapshot) : null,
  };
}

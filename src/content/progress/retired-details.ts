import type { PageSnapshot } from './page-snapshot.ts';
import type { ProductMatchers } from '../../core/product-matchers.ts';
import { readSubscriptionFacts } from './subscription-facts.ts';

/**
 * Is this subscription details page a retired subscription's? Either the page names a retired product
 * (its heading or fields), or the worker already recorded this subscription id under a retired name
 * (a details page whose title is a nickname or an order number would otherwise get no suspend guard).
 */
export function isRetiredDetailsPage(snapshot: PageSnapshot, matchers: ProductMatchers, subscriptionId: string | null, known: ReadonlyArray<{ name: string; subscriptionId?: string }>): boolean {
  if (subscriptionId) {
    const wanted = subscriptionId.toLowerCase();
    if (known.some((s) => s.subscriptionId?.toLowerCase() === wanted && matchers.retired(s.name) !== null)) return true;
  }
  return readSubscriptionFacts(snapshot, matchers).some((f) => f.retired);
}

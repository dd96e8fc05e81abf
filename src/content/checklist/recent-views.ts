import type { CustomerView } from '../../core/records.ts';

/** Customers remembered: enough for going back and forth between a few, bounded for a day-long session. */
const MAX_CUSTOMERS = 20;

/**
 * The last view per customer, so the overlay re-appears at once after an SPA navigation. A partner can
 * visit hundreds of customers in one tab: only the most recently seen ones are kept.
 */
export class RecentViews {
  private readonly views = new Map<string, CustomerView>();

  constructor(private readonly limit: number = MAX_CUSTOMERS) {}

  get(customerId: string): CustomerView | undefined {
    return this.views.get(customerId);
  }

  set(customerId: string, view: CustomerView): void {
    // Re-inserting moves the customer to the newest end; the Map's first key is then the oldest.
    this.views.delete(customerId);
    this.views.set(customerId, view);
    while (this.views.size > this.limit) {
      const oldest = this.views.keys().next().value;
      if (oldest === undefined) break;
      this.views.delete(oldest);
    }
  }

  get size(): number {
    return this.views.size;
  }
}

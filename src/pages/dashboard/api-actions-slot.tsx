/**
 * SLOT: the customer's Partner Center API actions (bulk license move, suspend / auto-renew off).
 *
 * The functions are built separately (src/api: license-move.ts, subscription-actions.ts); their UI
 * goes here, inside the customer page's Actions area. Until then the slot renders an empty marked
 * container and nothing a partner can see. It gets what the customer page knows: the customer's
 * records (the worker's `customer/get`) and the row read from them (customerSummary), so an
 * action's guard sees the same steps, users and end date as the page around it.
 */
import type { CustomerView } from '../../core/records.ts';
import type { CustomerSummary } from '../../core/tracked-customers.ts';

export interface ApiActionsProps {
  customerId: string;
  view: CustomerView;
  summary: CustomerSummary | null;
}

export function ApiActionsSlot(_props: ApiActionsProps) {
  return <div class="api-actions" data-slot="api-actions" />;
}

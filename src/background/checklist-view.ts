/**
 * The checklist's model in the worker: a content script that names its page kind gets, with the
 * customer's view, what its checklist renders (src/core/checklist-view.ts), computed here at the
 * worker's clock. The page's script then carries none of the plan, purchase and migration logic.
 */
import { checklistModel } from '../core/checklist-view.ts';
import { todayOf } from '../core/dates.ts';
import type { PageKind } from '../core/partner-center-urls.ts';
import type { CustomerView } from '../core/records.ts';
import type { PageCustomerView } from '../messages.ts';

/** `view` with the checklist's model for `pageKind` (unchanged without a page kind: the dashboard's reads). */
export function withChecklist(view: CustomerView, customerId: string, pageKind: PageKind | undefined, now: string): PageCustomerView {
  if (pageKind === undefined) return view;
  return { ...view, checklist: checklistModel(view, customerId, { kind: pageKind }, todayOf(now), now) };
}

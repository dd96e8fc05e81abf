/**
 * What a row must say beside its step when the facts came out of order (a suspension before the
 * users moved, users moved before the purchase), in the table and on the customer's page alike.
 */
import type { TrackedCustomer } from '../../core/tracked-customers.ts';
import { t } from '../shared/i18n.ts';

export function stepFlags(row: Pick<TrackedCustomer, 'steps'>): string[] {
  const { reassign, suspend } = row.steps;
  const flags: string[] = [];
  if (suspend.status === 'done' && suspend.outOfOrder) flags.push(t(reassign.status === 'done' ? 'dash_flag_suspended_before_purchase' : 'dash_flag_suspended_early'));
  if (reassign.status === 'done' && reassign.outOfOrder) flags.push(t('dash_flag_moved_before_purchase'));
  return flags;
}

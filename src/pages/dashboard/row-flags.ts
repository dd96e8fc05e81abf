/**
 * What a row must say beside its step when the facts came out of order (a suspension before the
 * users moved, users moved before the purchase), in the table and on the customer's page alike.
 */
import type { DashboardRow } from '../../core/tracked-customers.ts';
import { t, tn } from '../shared/i18n.ts';

export function stepFlags(row: Pick<DashboardRow, 'steps'> & Partial<Pick<DashboardRow, 'accessAtRisk'>>): string[] {
  const { reassign, suspend } = row.steps;
  const flags: string[] = [];
  // The partner's "Suspend anyway" stays in the row, not only in the customer's details, until every user is covered.
  const risk = row.accessAtRisk;
  if (risk && risk.usersLeft !== null) {
    flags.push(tn('dash_flag_access_at_risk', risk.usersLeft, risk.usersLeft));
    return flags;
  }
  if (risk && !(suspend.status === 'done' && suspend.outOfOrder && reassign.status !== 'done')) {
    flags.push(t('dash_flag_access_at_risk_unknown'));
    return flags;
  }
  if (suspend.status === 'done' && suspend.outOfOrder) flags.push(t(reassign.status === 'done' ? 'dash_flag_suspended_before_purchase' : 'dash_flag_suspended_early'));
  if (reassign.status === 'done' && reassign.outOfOrder) flags.push(t('dash_flag_moved_before_purchase'));
  return flags;
}

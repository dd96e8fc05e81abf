/**
 * The customers as a spreadsheet (the Data section's export, and a selection's from the table), and
 * the download that hands a file to the browser. Apart from ./data-transfer.tsx so that the table
 * does not load the import and export section's code.
 */
import type { DashboardRow } from '../../core/tracked-customers.ts';
import { toCsv } from '../../core/customers-csv.ts';
import { nextActionLabel, phaseLabel, t, urgencyLevelLabel } from '../shared/i18n.ts';

export const CSV_TYPE = 'text/csv;charset=utf-8';

export function download(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: some browsers start the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The customers as a spreadsheet, one row each in the order given (the whole list, or a selection). */
export function customersCsv(customers: readonly DashboardRow[]): string {
  const header = [
    t('dash_col_customer'),
    t('dash_tenant_id'),
    t('dash_csv_subscriptions'),
    t('dash_col_step'),
    t('dash_csv_next_action'),
    t('dash_col_end_date'),
    t('dash_csv_days_left'),
    t('dash_csv_urgency'),
    t('dash_col_deprovision'),
    t('dash_blocked'),
    t('dash_csv_not_renewing'),
  ].map((label) => label.replace(/\u00ad/g, '')); // a column heading's soft hyphen (Desaprovisio-namiento) is for the screen only
  const rows = customers.map((c) => [
    c.name,
    c.customerId,
    // A "To renew" row has nothing retired: its subject is the subscriptions to renew.
    c.retired.length > 0 ? c.retired.map((r) => (r.quantity !== null ? `${r.name} × ${r.quantity}` : r.name)).join('; ') : c.expiring.join('; '),
    phaseLabel(c.phase),
    nextActionLabel(c.nextAction),
    c.endDate,
    c.daysLeft,
    urgencyLevelLabel(c.urgency, c.daysLeft),
    c.deprovisionOn,
    c.blocked ? t('dash_yes') : '',
    c.expiring.join('; '),
  ]);
  return toCsv(header, rows);
}

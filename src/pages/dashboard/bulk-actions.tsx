/**
 * Work on the selected customers at once: export them (CSV), mark them reviewed, open their
 * Subscriptions pages in new background tabs — at most TABS_AT_ONCE per confirmation, the next
 * batch on the next click, so a large selection never floods the browser.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DashboardRow } from '../../core/tracked-customers.ts';
import { browser } from '../../platform/browser.ts';
import { formatCount, t, tn } from '../shared/i18n.ts';
import { send } from '../shared/worker-client.ts';
import { partnerCenterLinks } from './customer-filter.ts';
import { CSV_TYPE, customersCsv, download } from './customers-export.ts';
import { nextTabBatch, TABS_AT_ONCE } from './selection.ts';

export function BulkActions(props: { selected: readonly DashboardRow[]; today: string; base: string | null; onClear: () => void }) {
  const { selected, base } = props;
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState<string[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const ids = selected.map((r) => r.customerId);
  const key = ids.join(',');
  // A new selection starts the tabs over and drops any message about the previous one.
  useEffect(() => {
    setOpened(new Set());
    setConfirming(null);
    setStatus(null);
  }, [key]);

  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmButton.current?.focus(), [confirming]);

  const batch = nextTabBatch(ids, opened);
  const openTabs = async (batchIds: string[]) => {
    setConfirming(null);
    try {
      for (const id of batchIds) await browser.tabs.create({ url: partnerCenterLinks(id, base).subscriptions, active: false });
      const done = new Set([...opened, ...batchIds]);
      setOpened(done);
      setStatus(tn('dash_bulk_opened', done.size, formatCount(done.size), formatCount(ids.length)));
    } catch {
      setStatus(t('dash_error_worker'));
    }
  };
  const markReviewed = async () => {
    try {
      const { marked } = await send({ kind: 'customers/mark-reviewed', customerIds: ids });
      setStatus(tn('dash_bulk_reviewed', marked, formatCount(marked)));
    } catch {
      setStatus(t('dash_error_worker'));
    }
  };

  return (
    <div class="bulk" role="region" aria-label={t('dash_bulk_label')}>
      <strong class="bulk-count">{tn('dash_bulk_selected', ids.length, formatCount(ids.length))}</strong>
      <button type="button" onClick={() => download(`sku-shift-selection-${props.today}.csv`, CSV_TYPE, customersCsv(selected))}>
        {t('dash_bulk_export')}
      </button>
      <button type="button" onClick={() => void markReviewed()}>
        {t('dash_bulk_mark_reviewed')}
      </button>
      <button type="button" disabled={batch.length === 0} onClick={() => (batch.length === 1 ? void openTabs(batch) : setConfirming(batch))}>
        {opened.size === 0 ? t('dash_bulk_open') : batch.length === 0 ? t('dash_bulk_all_opened') : tn('dash_bulk_open_next', batch.length, formatCount(batch.length))}
      </button>
      <button type="button" class="link" onClick={props.onClear}>
        {t('dash_bulk_clear')}
      </button>
      {confirming ? (
        <div class="confirm" role="alertdialog" aria-labelledby="bulk-confirm-text">
          <span id="bulk-confirm-text">
            {confirming.length === ids.length
              ? t('dash_bulk_open_confirm_all', formatCount(confirming.length))
              : t('dash_bulk_open_confirm', formatCount(confirming.length), formatCount(ids.length), formatCount(TABS_AT_ONCE))}
          </span>
          <button type="button" class="primary" onClick={() => void openTabs(confirming)} ref={confirmButton}>
            {tn('dash_bulk_open_confirm_yes', confirming.length, formatCount(confirming.length))}
          </button>
          <button type="button" onClick={() => setConfirming(null)}>
            {t('dash_bulk_cancel')}
          </button>
        </div>
      ) : null}
      <span role="status" class="muted">
        {status}
      </span>
    </div>
  );
}

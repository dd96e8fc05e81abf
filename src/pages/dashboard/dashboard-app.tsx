/**
 * The dashboard (also the options page): every tracked customer by urgency, the API scan, export
 * and import, settings and partner rules. It holds no state of its own beyond what it shows: it
 * reads from the worker and re-reads whenever the worker broadcasts a change.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { DashboardView } from '../../core/tracked-customers.ts';
import type { RetirementRule } from '../../core/catalog-types.ts';
import { ScanPanel } from './scan-panel.tsx';
import { CustomerTable } from './customer-table.tsx';
import { DataTransfer } from './data-transfer.tsx';
import { SettingsForm } from './settings-form.tsx';
import { RulesEditor } from './rules-editor.tsx';
import { formatDay, t } from '../shared/i18n.ts';
import { send } from '../shared/worker-client.ts';
import { liveReload } from '../shared/live-reload.ts';

export function DashboardApp() {
  const [view, setView] = useState<DashboardView | null>(null);
  const [rules, setRules] = useState<RetirementRule[]>([]);
  const [error, setError] = useState(false);

  const reload = useCallback(async () => {
    try {
      const [dashboard, partnerRules] = await Promise.all([send({ kind: 'dashboard/get' }), send({ kind: 'rules/list' })]);
      setView(dashboard);
      setRules(partnerRules);
      setError(false);
    } catch {
      setError(true);
    }
  }, []);

  useEffect(() => liveReload(reload), [reload]);

  return (
    <>
      <a class="skip-link" href="#customers">
        {t('dash_skip_to_customers')}
      </a>
      <header class="page-header">
        <h1>{t('extName')}</h1>
        <p class="muted">{t('dash_subtitle')}</p>
        <nav aria-label={t('dash_nav_label')}>
          <a href="#customers">{t('dash_section_customers')}</a>
          <a href="#scan">{t('dash_section_scan')}</a>
          <a href="#data">{t('dash_section_data')}</a>
          <a href="#settings">{t('dash_section_settings')}</a>
          <a href="#rules">{t('dash_section_rules')}</a>
        </nav>
      </header>
      <main>
        {error ? (
          <p role="alert" class="report error">
            {t('dash_error_worker')}{' '}
            <button type="button" onClick={() => void reload()}>
              {t('dash_retry')}
            </button>
          </p>
        ) : null}
        <section id="customers" aria-labelledby="customers-heading" tabIndex={-1}>
          <h2 id="customers-heading">{t('dash_section_customers')}</h2>
          {view ? (
            <>
              <p class="muted">{t('dash_today', formatDay(view.today))}</p>
              <CustomerTable rows={view.customers} />
            </>
          ) : (
            <p role="status">{t('dash_loading')}</p>
          )}
        </section>
        <section id="scan" aria-labelledby="scan-heading">
          <h2 id="scan-heading">{t('dash_section_scan')}</h2>
          <ScanPanel />
        </section>
        <section id="data" aria-labelledby="data-heading">
          <h2 id="data-heading">{t('dash_section_data')}</h2>
          <DataTransfer view={view} />
        </section>
        <section id="settings" aria-labelledby="settings-heading">
          <h2 id="settings-heading">{t('dash_section_settings')}</h2>
          <SettingsForm settings={view?.settings ?? null} />
        </section>
        <section id="rules" aria-labelledby="rules-heading">
          <h2 id="rules-heading">{t('dash_section_rules')}</h2>
          <RulesEditor rules={rules} />
        </section>
      </main>
    </>
  );
}

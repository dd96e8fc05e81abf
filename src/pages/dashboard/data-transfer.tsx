/**
 * Export (CSV for people, JSON for another browser or a backup) and import (JSON, validated and
 * merged by the worker). The import report says what was merged, what was kept because the local
 * copy was newer, and every rejected record with its reason.
 */
import { useState } from 'preact/hooks';
import { LIMITS, type ImportReport, type SettingChange, type SettingsProposal } from '../../messages.ts';
import type { Settings } from '../../core/records.ts';
import type { DashboardView } from '../../core/tracked-customers.ts';
import { CSV_TYPE, customersCsv, download } from './customers-export.ts';
import { t, tn } from '../shared/i18n.ts';
import { send } from '../shared/worker-client.ts';
import { IMPORT_LIMIT_MB } from '../shared/errors.ts';

/** "1 customer, 4 subscriptions, …" in the UI's language, singular and plural right. */
function counts(parts: [noun: 'customers' | 'subscriptions' | 'migrations' | 'rules', count: number][]): string {
  return parts.map(([noun, count]) => tn(`dash_import_n_${noun}`, count, count)).join(', ');
}

/**
 * Where a file stops being valid JSON, from the parser's message: "line 225 column 3" (Chrome,
 * Firefox) or "position 8692" (older engines). Null when the message says neither.
 */
export function jsonErrorPlace(detail: string | undefined): string | null {
  if (!detail) return null;
  const lineColumn = /line (\d+) column (\d+)/i.exec(detail);
  if (lineColumn) return t('dash_import_json_at', lineColumn[1]!, lineColumn[2]!);
  const position = /position (\d+)/i.exec(detail);
  return position ? t('dash_import_json_at_position', position[1]!) : null;
}

function settingValue(change: SettingChange, side: 'from' | 'to'): string {
  const value = change[side];
  if (change.setting === 'thresholds') {
    const th = value as Settings['thresholds'];
    return t('dash_import_setting_thresholds_value', th.critical, th.soon);
  }
  if (change.setting === 'remindersEnabled') return t(value ? 'dash_import_setting_on' : 'dash_import_setting_off');
  return t('dash_import_setting_days_value', value as number);
}

/**
 * Settings a file proposes are never applied by the import itself: the partner sees each change
 * (old → new) and applies them, or not, with one click (an ordinary settings/put).
 */
function ProposedSettings({ proposal }: { proposal: SettingsProposal }) {
  const [state, setState] = useState<'asking' | 'applied' | 'failed'>('asking');
  const apply = () =>
    send({ kind: 'settings/put', settings: proposal.patch }).then(
      () => setState('applied'),
      () => setState('failed'),
    );
  return (
    <div class="proposed" data-testid="import-settings-proposed">
      <p>{t('dash_import_settings_proposed')}</p>
      <ul>
        {proposal.changes.map((c) => (
          <li key={c.setting}>
            {t(`dash_import_setting_${c.setting}`)}: {settingValue(c, 'from')} → {settingValue(c, 'to')}
          </li>
        ))}
      </ul>
      {state === 'applied' ? (
        <p role="status">{t('dash_import_settings_applied')}</p>
      ) : (
        <button type="button" onClick={() => void apply()}>
          {t('dash_import_settings_apply')}
        </button>
      )}
      {state === 'failed' ? <p role="alert">{t('dash_error_worker')}</p> : null}
    </div>
  );
}

/** Why a file or a record was refused; a size refusal states the limit. */
export function reasonText(reason: ImportReport['rejected'][number]['reason']): string {
  return reason === 'too-large' ? t('dash_import_reason_too_large', String(IMPORT_LIMIT_MB)) : t(`dash_import_reason_${reason.replace(/-/g, '_')}`);
}

function ReportView({ report }: { report: ImportReport }) {
  if (report.fileRejected) {
    const first = report.rejected[0];
    // The parser's own words are English and engine-specific: show only where the file breaks.
    const detail = first?.reason === 'not-json' ? jsonErrorPlace(first.detail) : first?.detail ? t('dash_import_detail', first.detail) : null;
    return (
      <div class="report error" role="alert">
        <p>
          <strong>{t('dash_import_file_rejected')}</strong> {first ? reasonText(first.reason) : ''}
        </p>
        {detail ? <p class="muted">{detail}</p> : null}
        <p>{t('dash_import_nothing_changed')}</p>
      </div>
    );
  }
  const a = report.accepted;
  const k = report.keptLocal;
  const u = report.upToDate;
  return (
    <div class={`report ${report.rejected.length > 0 ? 'warning' : 'success'}`} role="status">
      <p>
        <strong>{t('dash_import_done')}</strong>{' '}
        {t(
          'dash_import_accepted',
          counts([
            ['customers', a.customers],
            ['subscriptions', a.subscriptions],
            ['migrations', a.migrations],
            ['rules', a.rules],
          ]),
        )}
      </p>
      {k.subscriptions + k.migrations + k.rules > 0 ? (
        <p>
          {t(
            'dash_import_kept_local',
            counts([
              ['subscriptions', k.subscriptions],
              ['migrations', k.migrations],
              ['rules', k.rules],
            ]),
          )}
        </p>
      ) : null}
      {u.subscriptions + u.migrations + u.rules > 0 ? (
        <p>
          {t(
            'dash_import_up_to_date',
            counts([
              ['subscriptions', u.subscriptions],
              ['migrations', u.migrations],
              ['rules', u.rules],
            ]),
          )}
        </p>
      ) : null}
      {report.appRegistrationIgnored ? <p>{t('dash_import_app_registration_ignored')}</p> : null}
      {report.settingsProposed ? <ProposedSettings proposal={report.settingsProposed} /> : null}
      {report.rejected.length > 0 ? (
        <>
          <p>{tn('dash_import_rejected', report.rejectedCount, report.rejectedCount)}</p>
          <ul class="rejections">
            {report.rejected.map((r, i) => (
              <li key={i}>
                <code>{r.path}</code> — {reasonText(r.reason)}
                {r.detail ? <span class="muted"> {t('dash_import_detail', r.detail)}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

export function DataTransfer({ view }: { view: DashboardView | null }) {
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const stamp = () => view?.today ?? new Date().toISOString().slice(0, 10);

  const exportJson = async () => {
    setError(null);
    try {
      const bundle = await send({ kind: 'data/export' });
      download(`sku-shift-export-${stamp()}.json`, 'application/json', `${JSON.stringify(bundle, null, 2)}\n`);
    } catch {
      setError(t('dash_error_worker'));
    }
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setReport(null);
    // The worker checks again; checking here avoids reading a huge file into memory for nothing.
    if (file.size > LIMITS.importLength) {
      setReport({
        accepted: { customers: 0, subscriptions: 0, migrations: 0, rules: 0 },
        keptLocal: { subscriptions: 0, migrations: 0, rules: 0 },
        upToDate: { subscriptions: 0, migrations: 0, rules: 0 },
        settingsProposed: null,
        appRegistrationIgnored: false,
        rejected: [{ path: '', reason: 'too-large', detail: file.name }],
        rejectedCount: 1,
        fileRejected: true,
      });
      return;
    }
    setBusy(true);
    try {
      setReport(await send({ kind: 'data/import', json: await file.text() }));
    } catch {
      setError(t('dash_error_worker'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="data-transfer">
      <div class="buttons">
        <button type="button" disabled={!view} onClick={() => view && download(`sku-shift-customers-${stamp()}.csv`, CSV_TYPE, customersCsv(view.customers))}>
          {t('dash_export_csv')}
        </button>
        <button type="button" onClick={() => void exportJson()}>
          {t('dash_export_json')}
        </button>
        <label class="file-button">
          {t('dash_import_json')}
          <input
            type="file"
            accept="application/json,.json"
            disabled={busy}
            onChange={(e) => {
              const input = e.currentTarget;
              void importFile(input.files?.[0]).finally(() => {
                input.value = '';
              });
            }}
          />
        </label>
      </div>
      <p class="muted">{t('dash_import_help')}</p>
      {busy ? <p role="status">{t('dash_import_busy')}</p> : null}
      {error ? (
        <p role="alert" class="report error">
          {error}
        </p>
      ) : null}
      {report ? <ReportView report={report} /> : null}
    </div>
  );
}

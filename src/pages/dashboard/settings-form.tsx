/**
 * Reminder thresholds and the de-provisioning delay. Checked here for an immediate message, and
 * again by the worker (the only writer), whose refusal is shown too.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../../core/records.ts';
import { CommandError } from '../../messages.ts';
import { t } from '../shared/i18n.ts';
import { send } from '../shared/worker-client.ts';

interface Draft {
  critical: string;
  soon: string;
  deprovisionDays: string;
  remindersEnabled: boolean;
}

const toDraft = (s: Settings): Draft => ({
  critical: String(s.thresholds.critical),
  soon: String(s.thresholds.soon),
  deprovisionDays: String(s.deprovisionDays),
  remindersEnabled: s.remindersEnabled,
});

const wholeDays = (text: string, min: number): number | null => {
  if (!/^\s*\d{1,4}\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= 3650 ? n : null;
};

export function SettingsForm({ settings }: { settings: Settings | null }) {
  const [draft, setDraft] = useState<Draft | null>(settings ? toDraft(settings) : null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  useEffect(() => {
    // Another page saved settings: show them unless the partner is mid-edit with a pending error.
    if (settings) setDraft(toDraft(settings));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the saved version, not the object's identity
  }, [settings?.updatedAt, settings === null]);
  if (!draft) return <p role="status">{t('dash_loading')}</p>;

  const save = async (event: Event) => {
    event.preventDefault();
    const critical = wholeDays(draft.critical, 0);
    const soon = wholeDays(draft.soon, 0);
    const deprovisionDays = wholeDays(draft.deprovisionDays, 1);
    if (critical === null || soon === null || deprovisionDays === null) {
      setMessage({ kind: 'error', text: t('dash_settings_error_days') });
      return;
    }
    if (soon < critical) {
      setMessage({ kind: 'error', text: t('dash_settings_error_order') });
      return;
    }
    try {
      await send({ kind: 'settings/put', settings: { thresholds: { critical, soon }, deprovisionDays, remindersEnabled: draft.remindersEnabled } });
      setMessage({ kind: 'success', text: t('dash_settings_saved') });
    } catch (error) {
      setMessage({ kind: 'error', text: error instanceof CommandError ? `${t('dash_settings_refused')} ${error.message}` : t('dash_error_worker') });
    }
  };

  const field = (key: 'critical' | 'soon' | 'deprovisionDays', label: string, help: string) => (
    <div class="field">
      <label for={`setting-${key}`}>{label}</label>
      <input
        id={`setting-${key}`}
        name={key}
        type="number"
        inputMode="numeric"
        min={key === 'deprovisionDays' ? 1 : 0}
        max={3650}
        step={1}
        value={draft[key]}
        aria-describedby={`setting-${key}-help`}
        onInput={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })}
      />
      <span id={`setting-${key}-help`} class="muted">
        {help}
      </span>
    </div>
  );

  return (
    <form class="settings" onSubmit={(e) => void save(e)} noValidate>
      {field('critical', t('dash_settings_critical'), t('dash_settings_critical_help'))}
      {field('soon', t('dash_settings_soon'), t('dash_settings_soon_help'))}
      {field('deprovisionDays', t('dash_settings_deprovision'), t('dash_settings_deprovision_help'))}
      <div class="field checkbox">
        <label>
          <input type="checkbox" name="remindersEnabled" checked={draft.remindersEnabled} onChange={(e) => setDraft({ ...draft, remindersEnabled: e.currentTarget.checked })} />
          {t('dash_settings_reminders')}
        </label>
      </div>
      <button type="submit">{t('dash_settings_save')}</button>
      {message ? (
        <p role={message.kind === 'error' ? 'alert' : 'status'} class={`report ${message.kind}`}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}

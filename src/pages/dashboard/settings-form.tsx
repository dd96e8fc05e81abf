/**
 * Reminder thresholds and the de-provisioning delay. Checked here for an immediate message, and
 * again by the worker (the only writer), whose refusal is shown too. A value the organisation sets
 * (a browser policy: `managed`) is shown read-only with a note, and never sent: the worker would refuse it.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../../core/records.ts';
import { EMPTY_POLICY, isManaged, type ManagedPolicy } from '../../core/managed-policy.ts';
import type { SettingsPatch } from '../../messages.ts';
import { ManagedNote, PolicyProblems } from './managed-note.tsx';
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

export function SettingsForm({ settings, managed = EMPTY_POLICY }: { settings: Settings | null; managed?: ManagedPolicy }) {
  const [draft, setDraft] = useState<Draft | null>(settings ? toDraft(settings) : null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  useEffect(() => {
    // Another page saved settings: show them unless the partner is mid-edit with a pending error.
    if (settings) setDraft(toDraft(settings));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the saved version, not the object's identity
  }, [settings?.updatedAt, settings === null, JSON.stringify(managed.settings)]);
  if (!draft) return <p role="status">{t('dash_loading')}</p>;
  const lockedThresholds = isManaged(managed, 'thresholds');
  const lockedDeprovision = isManaged(managed, 'deprovisionDays');
  const lockedReminders = isManaged(managed, 'remindersEnabled');
  const everythingLocked = lockedThresholds && lockedDeprovision && lockedReminders;

  const save = async (event: Event) => {
    event.preventDefault();
    const critical = lockedThresholds ? 0 : wholeDays(draft.critical, 0);
    const soon = lockedThresholds ? 0 : wholeDays(draft.soon, 0);
    const deprovisionDays = lockedDeprovision ? 1 : wholeDays(draft.deprovisionDays, 1);
    if (critical === null || soon === null || deprovisionDays === null) {
      setMessage({ kind: 'error', text: t('dash_settings_error_days') });
      return;
    }
    if (soon < critical) {
      setMessage({ kind: 'error', text: t('dash_settings_error_order') });
      return;
    }
    const patch: SettingsPatch = {};
    if (!lockedThresholds) patch.thresholds = { critical, soon };
    if (!lockedDeprovision) patch.deprovisionDays = deprovisionDays;
    if (!lockedReminders) patch.remindersEnabled = draft.remindersEnabled;
    try {
      await send({ kind: 'settings/put', settings: patch });
      setMessage({ kind: 'success', text: t('dash_settings_saved') });
    } catch (error) {
      const text = error instanceof CommandError ? (error.code === 'managed' ? t('dash_settings_refused_managed') : `${t('dash_settings_refused')} ${error.message}`) : t('dash_error_worker');
      setMessage({ kind: 'error', text });
    }
  };

  const field = (key: 'critical' | 'soon' | 'deprovisionDays', label: string, help: string) => {
    const locked = key === 'deprovisionDays' ? lockedDeprovision : lockedThresholds;
    return (
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
          readOnly={locked}
          aria-describedby={locked ? `setting-${key}-managed setting-${key}-help` : `setting-${key}-help`}
          onInput={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })}
        />
        {locked ? <ManagedNote id={`setting-${key}-managed`} /> : null}
        <span id={`setting-${key}-help`} class="muted">
          {help}
        </span>
      </div>
    );
  };

  return (
    <form class="settings" onSubmit={(e) => void save(e)} noValidate>
      <PolicyProblems policy={managed} />
      {field('critical', t('dash_settings_critical'), t('dash_settings_critical_help'))}
      {field('soon', t('dash_settings_soon'), t('dash_settings_soon_help'))}
      {field('deprovisionDays', t('dash_settings_deprovision'), t('dash_settings_deprovision_help'))}
      <div class="field checkbox">
        <label>
          <input
            type="checkbox"
            name="remindersEnabled"
            checked={draft.remindersEnabled}
            disabled={lockedReminders}
            aria-describedby={lockedReminders ? 'setting-remindersEnabled-managed' : undefined}
            onChange={(e) => setDraft({ ...draft, remindersEnabled: e.currentTarget.checked })}
          />
          {t('dash_settings_reminders')}
        </label>
        {lockedReminders ? <ManagedNote id="setting-remindersEnabled-managed" /> : null}
      </div>
      {everythingLocked ? null : <button type="submit">{t('dash_settings_save')}</button>}
      {message ? (
        <p role={message.kind === 'error' ? 'alert' : 'status'} class={`report ${message.kind}`}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}

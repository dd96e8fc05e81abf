/**
 * One customer's migration as stored: each step with its status, when and on what evidence it
 * changed, the warnings the guards recorded, the partner's notes, and the recent history from the
 * append-only log. Loaded when the row is expanded, re-loaded when the worker says it changed.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CustomerView, EventRecord } from '../../core/records.ts';
import type { TrackedCustomer } from '../../core/tracked-customers.ts';
import { coreMessageKey, MIGRATION_STEPS, type MigrationState, type MigrationWarning } from '../../core/migration.ts';
import { formatDay, t, tn, uiLanguage } from '../shared/i18n.ts';
import { send } from '../shared/worker-client.ts';
import { historyLine } from './history-line.ts';

const HISTORY = 20;

function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

function warningText(w: MigrationWarning): string {
  const key = coreMessageKey('warning', w.code);
  if (w.code === 'suspend-override' || w.code === 'suspended-with-users-left') {
    return w.usersLeft === null || w.usersLeft === undefined ? t(`${key}_unknown`) : t(key, w.usersLeft);
  }
  return t(key);
}

function Steps({ state }: { state: MigrationState }) {
  return (
    <ol class="steps">
      {MIGRATION_STEPS.map((id) => {
        const step = state.steps[id];
        return (
          <li key={id} data-step={id} data-status={step.status}>
            <strong>{t(coreMessageKey('step', id))}</strong> — {t(coreMessageKey('status', step.status))}
            {id === 'reassign' && state.users ? <span> ({tn('dash_details_users', state.users.total, state.users.moved, state.users.total)})</span> : null}
            {step.updatedAt ? <span class="muted"> · {formatTime(step.updatedAt)}</span> : null}
            {step.outOfOrder ? <span class="flag">{t('core_warning_out_of_order')}</span> : null}
            {step.evidence ? (
              <div class="evidence muted">
                {t(`dash_evidence_${step.evidence.source}`)}
                {step.evidence.text ? <q>{step.evidence.text}</q> : null}
                {step.evidence.page?.startsWith('https://partner.microsoft.com/') ? (
                  <>
                    {' '}
                    <a href={step.evidence.page} target="_blank" rel="noopener noreferrer">
                      {t('dash_evidence_page')}
                    </a>
                  </>
                ) : null}
              </div>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

function Notes({ customerId, notes }: { customerId: string; notes: string }) {
  const [draft, setDraft] = useState(notes);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => setDraft(notes), [notes]);
  const save = async () => {
    try {
      await send({ kind: 'migration/annotate', customerId, notes: draft });
      setStatus(t('dash_details_notes_saved'));
    } catch {
      setStatus(t('dash_error_worker'));
    }
  };
  return (
    <div class="field">
      <label for={`notes-${customerId}`}>{t('dash_details_notes')}</label>
      <textarea id={`notes-${customerId}`} rows={3} maxLength={10_000} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
      <div>
        <button type="button" onClick={() => void save()} disabled={draft === notes}>
          {t('dash_details_notes_save')}
        </button>{' '}
        <span role="status">{status}</span>
      </div>
    </div>
  );
}

export function CustomerDetails({ row, id }: { row: TrackedCustomer; id: string }) {
  const [view, setView] = useState<CustomerView | null>(null);
  const [events, setEvents] = useState<EventRecord[]>([]);
  const [failed, setFailed] = useState(false);
  const revision = row.migration?.revision ?? 0;
  useEffect(() => {
    let live = true;
    Promise.all([send({ kind: 'customer/get', customerId: row.customerId }), send({ kind: 'events/list', customerId: row.customerId, limit: HISTORY })]).then(
      ([v, e]) => {
        if (!live) return;
        setView(v);
        setEvents(e);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [row.customerId, revision, row.lastSeenAt]);

  if (failed) return <p id={id} role="alert">{t('dash_error_worker')}</p>;
  if (!view) return <p id={id} role="status">{t('dash_loading')}</p>;
  const state = view.migration?.state ?? null;
  return (
    <div id={id} class="details">
      <div>
        <h3>{t('dash_details_steps')}</h3>
        {state ? <Steps state={state} /> : <p class="muted">{t(row.phase === 'renew' ? 'dash_details_renew_only' : 'dash_details_not_started')}</p>}
        {state?.suspendedOn ? <p>{t('dash_details_suspended_on', formatDay(state.suspendedOn), formatDay(state.deprovisionOn))}</p> : null}
        {state && state.warnings.length > 0 ? (
          <>
            <h3>{t('dash_details_warnings')}</h3>
            <ul class="warnings">
              {state.warnings.map((w, i) => (
                <li key={i}>
                  {warningText(w)} <span class="muted">· {formatTime(w.at)}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h3>{t('dash_details_subscriptions')}</h3>
        <ul>
          {view.subscriptions.map((s) => (
            <li key={s.key}>
              {s.name}
              {s.quantity !== undefined ? ` × ${s.quantity}` : ''}
              {s.status ? ` · ${s.status}` : ''}
              {s.renewal ? ` · ${t(s.renewal.kind === 'expires' ? 'core_renewal_expires' : 'core_renewal_auto_renews', formatDay(s.renewal.date))}` : ''}
              {s.channel === 'other' ? <span class="flag">{t('dash_details_other_channel')}</span> : null}
              <span class="muted"> · {t(`dash_evidence_${s.source}`)} {formatTime(s.seenAt)}</span>
            </li>
          ))}
        </ul>
      </div>
      <div>
        <Notes customerId={row.customerId} notes={view.migration?.notes ?? ''} />
        <h3>{t('dash_details_history')}</h3>
        <ol class="history">
          {events.map((e) => (
            <li key={e.seq}>
              <span class="muted">{formatTime(e.at)}</span> {historyLine(e)}
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}

/**
 * One customer's page (#customer/<tenantId>): where it stands (the same row the table shows, read
 * from the same records by customerSummary), the plan, the three steps with the evidence that
 * proved each, the warnings, its subscriptions, the partner's notes (edited here: the dashboard is
 * where notes live), the history from the append-only log, and the actions. Re-read whenever the
 * dashboard's view is (the worker broadcast a change).
 */
import { useEffect, useState } from 'preact/hooks';
import type { CustomerView, EventRecord } from '../../core/records.ts';
import { customerSummary, type CustomerSummary, type DashboardView } from '../../core/tracked-customers.ts';
import { coreMessageKey, MIGRATION_STEPS, type MigrationState, type MigrationWarning } from '../../core/migration.ts';
import { chosenPlanLines, customerPlan, type PlanLine } from '../../core/plan.ts';
import type { NeedCoverage } from '../../core/purchase.ts';
import { formatCount, formatDay, formatTime, nextActionLabel, phaseLabel, t, tn, urgencyLabel } from '../shared/i18n.ts';
import { send } from '../shared/worker-client.ts';
import { CommandError, LIMITS } from '../../messages.ts';
import { errorText } from '../shared/errors.ts';
import { historyLine } from './history-line.ts';
import { partnerCenterLinks } from './customer-filter.ts';
import { routeHash } from './route.ts';
import { stepFlags } from './row-flags.ts';
import { ApiActionsSlot } from './api-actions-slot.tsx';
import { NotRenewing } from './not-renewing.tsx';

const HISTORY = 50;

function warningText(w: MigrationWarning): string {
  const key = coreMessageKey('warning', w.code);
  if (w.code === 'suspend-override' || w.code === 'suspended-with-users-left') {
    return w.usersLeft === null || w.usersLeft === undefined ? t(`${key}_unknown`) : t(key, w.usersLeft);
  }
  return t(key);
}

/**
 * A page showed the old subscription suspended (or, new commerce, not renewing): the step and its
 * clock wait for the partner to confirm it here or in the checklist (a page's text could be forged).
 */
function SuspensionSeen({ customerId, seen }: { customerId: string; seen: NonNullable<MigrationState['suspendSeen']> }) {
  const [failed, setFailed] = useState(false);
  const confirm = async () => {
    try {
      // The stored sighting keeps its page as evidence; one the dashboard only derived from the
      // subscriptions is ticked with the day it was seen.
      const result = await send({ kind: 'migration/apply', customerId, event: { type: 'suspend-confirmed' } });
      if (result.outcome === 'rejected') await send({ kind: 'migration/apply', customerId, event: { type: 'step-ticked', step: 'suspend', date: seen.date } });
      setFailed(false);
    } catch {
      setFailed(true);
    }
  };
  return (
    <div class="notice" data-testid="suspension-seen">
      <p>{t(seen.endsOn ? 'dash_details_auto_renew_off_seen' : 'dash_details_suspension_seen', formatDay(seen.date), formatDay(seen.endsOn ?? null))}</p>
      <button type="button" onClick={() => void confirm()}>
        {t('dash_details_confirm_suspension')}
      </button>
      {failed ? <p role="alert">{t('dash_error_worker')}</p> : null}
    </div>
  );
}

/** "Dynamics 365 Finance: 1 of 3 licenses", "Dynamics 365 Operations – Device: none yet" (as the checklist says it). */
function missingText(need: NeedCoverage): string {
  const name = need.target.catalogNames[0] ?? need.target.name;
  if (need.bought === 0 || need.licenses === null) return t('checklist_purchase_need_none', name);
  return tn('checklist_purchase_need_short', need.licenses, name, need.bought, need.licenses);
}

function Steps({ state, missing }: { state: MigrationState; missing: NeedCoverage[] }) {
  return (
    <ol class="steps">
      {MIGRATION_STEPS.map((id) => {
        const step = state.steps[id];
        return (
          <li key={id} data-step={id} data-status={step.status}>
            <strong>{t(coreMessageKey('step', id))}</strong> — {t(coreMessageKey('status', step.status))}
            {id === 'reassign' && state.users ? <span> ({tn('dash_details_users', state.users.total, state.users.moved, state.users.total)})</span> : null}
            {id === 'purchase' && missing.length > 0 ? (
              <div class="muted" data-testid="purchase-missing">
                {t('checklist_purchase_missing', missing.map(missingText).join('; '))}
              </div>
            ) : null}
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

/**
 * The partner's notes, edited here only. A save says which version of the notes it was written
 * against: if another tab saved meanwhile, nothing is overwritten; both texts are shown and the
 * partner keeps theirs, the other, or a merge, then saves again.
 */
function Notes({ customerId, notes, revision }: { customerId: string; notes: string; revision: number }) {
  const [draft, setDraft] = useState(notes);
  const [base, setBase] = useState(revision);
  const [status, setStatus] = useState<string | null>(null);
  const [theirs, setTheirs] = useState<string | null>(null);
  useEffect(() => {
    setDraft(notes);
    setBase(revision);
  }, [notes, revision]);
  const save = async () => {
    try {
      await send({ kind: 'migration/annotate', customerId, notes: draft, expectedNotesRevision: base });
      setTheirs(null);
      setStatus(t('dash_details_notes_saved'));
    } catch (error) {
      if (error instanceof CommandError && error.conflict) {
        setTheirs(error.conflict.theirs);
        setBase(error.conflict.notesRevision);
        setStatus(t('dash_details_notes_conflict'));
      } else setStatus(errorText(error));
    }
  };
  return (
    <div class="field">
      <label for={`notes-${customerId}`}>{t('dash_details_notes')}</label>
      <textarea id={`notes-${customerId}`} rows={5} maxLength={LIMITS.notesLength} value={draft} aria-describedby={`notes-${customerId}-help`} onInput={(e) => setDraft(e.currentTarget.value)} />
      <span id={`notes-${customerId}-help`} class="muted">
        {t('dash_customer_notes_help')} {t('dash_customer_notes_limit', formatCount(LIMITS.notesLength))}
      </span>
      <div>
        <button type="button" onClick={() => void save()} disabled={draft === notes}>
          {t('dash_details_notes_save')}
        </button>{' '}
        <span role="status">{status}</span>
      </div>
      {theirs !== null ? (
        <div class="notice" data-testid="notes-conflict">
          <p>{t('dash_details_notes_theirs')}</p>
          <pre class="theirs">{theirs}</pre>
          <button type="button" onClick={() => setDraft(theirs)}>
            {t('dash_details_notes_take_theirs')}
          </button>{' '}
          <button type="button" onClick={() => setDraft(`${draft}\n${theirs}`)}>
            {t('dash_details_notes_merge')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** The plan lines the partner follows: the consolidated ones when chosen and offered. */
function planLines(view: CustomerView): { lines: PlanLine[]; consolidated: boolean } {
  const plan = customerPlan(view.subscriptions, view.rules);
  const consolidated = view.migration?.planChoice === 'consolidated' && plan.consolidated !== null;
  return { lines: chosenPlanLines(plan, view.migration?.planChoice ?? null), consolidated };
}

function Plan({ view, summary }: { view: CustomerView; summary: CustomerSummary }) {
  const { lines, consolidated } = planLines(view);
  if (lines.length === 0) return <p class="muted">{t(summary.row.phase === 'renew' ? 'dash_details_renew_only' : 'checklist_plan_empty')}</p>;
  return (
    <>
      <p class="muted">{t('dash_customer_plan_choice', t(consolidated ? 'core_plan_consolidated' : 'core_plan_one_to_one'))}</p>
      <ul class="plan">
        {lines.map((line) => (
          <li key={line.target.id}>
            <strong>{line.target.catalogNames[0] ?? line.target.name}</strong>
            {line.licenses > 0 ? <> × {tn('checklist_plan_licenses', line.licenses, line.licenses)}</> : null}
            <div class="muted">{t('checklist_plan_replaces', line.replaces.map((r) => (r.quantity > 0 ? `${r.name} (${r.quantity})` : r.name)).join(', '))}</div>
          </li>
        ))}
      </ul>
    </>
  );
}

export function CustomerPage({ customerId, dashboard }: { customerId: string; dashboard: DashboardView | null }) {
  const [view, setView] = useState<CustomerView | null>(null);
  const [events, setEvents] = useState<EventRecord[]>([]);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    Promise.all([send({ kind: 'customer/get', customerId }), send({ kind: 'events/list', customerId, limit: HISTORY })]).then(
      ([v, e]) => {
        if (!live) return;
        setView(v);
        setEvents(e);
        setFailed(false);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
    // The dashboard's view is re-read on every change the worker broadcasts: so is this page.
  }, [customerId, dashboard]);

  const listed = dashboard?.customers.find((c) => c.customerId === customerId) ?? null;
  const today = dashboard?.today ?? new Date().toISOString().slice(0, 10);
  const summary = view ? customerSummary(view, today, listed?.reviewedAt ?? null) : null;
  const name = view?.customer?.name ?? listed?.name ?? null;
  const links = partnerCenterLinks(customerId, dashboard?.partnerCenterBase ?? null);

  return (
    <article class="customer-page" aria-labelledby="customer-heading" data-customer-id={customerId}>
      <p class="back">
        <a href={routeHash({ section: 'customers' })}>{t('dash_customer_back')}</a>
      </p>
      <h2 id="customer-heading" tabIndex={-1} data-focus-target>
        {name ?? t('dash_unnamed_customer')}
      </h2>
      <p class="tenant">{t('dash_customer_tenant', customerId)}</p>
      {failed ? (
        <p role="alert" class="report error">
          {t('dash_error_worker')}
        </p>
      ) : null}
      {!view && !failed ? <p role="status">{t('dash_loading')}</p> : null}
      {view && !summary ? <p class="empty">{t('dash_customer_not_tracked')}</p> : null}
      {view && summary ? <CustomerBody customerId={customerId} view={view} summary={summary} events={events} /> : null}
      <section class="customer-actions" aria-labelledby="customer-actions-heading">
        <h3 id="customer-actions-heading">{t('dash_customer_actions')}</h3>
        <div class="buttons">
          <a class="button-link" href={links.subscriptions} target="_blank" rel="noopener noreferrer">
            {t('dash_customer_open_subscriptions')}
          </a>
          <a class="button-link" href={links.users} target="_blank" rel="noopener noreferrer">
            {t('dash_customer_open_users')}
          </a>
        </div>
        {view ? <ApiActionsSlot customerId={customerId} view={view} /> : null}
      </section>
    </article>
  );
}

function CustomerBody({ customerId, view, summary, events }: { customerId: string; view: CustomerView; summary: CustomerSummary; events: EventRecord[] }) {
  const { row, state } = summary;
  const flags = stepFlags(row);
  const started = row.migration !== null || MIGRATION_STEPS.some((id) => state.steps[id].status !== 'todo') || state.suspendSeen != null;
  return (
    <>
      <dl class="facts" data-urgency={row.urgency ?? 'none'}>
        <div>
          <dt>{t('dash_col_step')}</dt>
          <dd>
            <span class={`phase-chip phase-${row.phase}`}>{phaseLabel(row.phase)}</span>
            {row.blocked ? <span class="flag">{t('dash_blocked')}</span> : null}
            <div class="next">{nextActionLabel(row.nextAction)}</div>
            {flags.map((f) => (
              <div key={f} class="flag">
                {f}
              </div>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t('dash_col_end_date')}</dt>
          <dd class="end-date">{formatDay(row.endDate)}</dd>
        </div>
        <div>
          <dt>{t('dash_col_days_left')}</dt>
          <dd class="days-left" data-days-left={row.daysLeft ?? ''}>
            <span class={`urgency urgency-${row.urgency ?? 'none'}`}>{urgencyLabel(row.urgency, row.daysLeft, row.accessAtRisk !== null)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('dash_col_deprovision')}</dt>
          <dd>{formatDay(row.deprovisionOn)}</dd>
        </div>
        <div>
          <dt>{t('dash_customer_reviewed')}</dt>
          <dd>{row.reviewedAt ? formatTime(row.reviewedAt) : t('dash_customer_never_reviewed')}</dd>
        </div>
      </dl>
      <div class="customer-grid">
        <div>
          <section aria-labelledby="customer-steps-heading">
            <h3 id="customer-steps-heading">{t('dash_details_steps')}</h3>
            {started ? <Steps state={state} missing={row.purchaseMissing} /> : <p class="muted">{t(row.phase === 'renew' ? 'dash_details_renew_only' : 'dash_details_not_started')}</p>}
            {state.suspendSeen && state.steps.suspend.status !== 'done' ? <SuspensionSeen customerId={customerId} seen={state.suspendSeen} /> : null}
            {state.suspendedOn ? (
              <p>
                {state.endedBy === 'auto-renew-off'
                  ? t('dash_details_ends_on', formatDay(state.deprovisionOn))
                  : t('dash_details_suspended_on', formatDay(state.suspendedOn), formatDay(state.deprovisionOn))}
              </p>
            ) : null}
          </section>
          {state.warnings.length > 0 ? (
            <section aria-labelledby="customer-warnings-heading">
              <h3 id="customer-warnings-heading">{t('dash_details_warnings')}</h3>
              <ul class="warnings">
                {state.warnings.map((w, i) => (
                  <li key={i}>
                    {warningText(w)} <span class="muted">· {formatTime(w.at)}</span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {summary.row.expiringEnds.length > 0 ? (
            <section aria-labelledby="customer-not-renewing-heading">
              <h3 id="customer-not-renewing-heading">{t('dash_customer_not_renewing')}</h3>
              <NotRenewing ends={summary.row.expiringEnds} heading={false} />
              <p class="muted">{t('dash_customer_not_renewing_help')}</p>
            </section>
          ) : null}
          <section aria-labelledby="customer-plan-heading">
            <h3 id="customer-plan-heading">{t('checklist_plan_heading')}</h3>
            <Plan view={view} summary={summary} />
          </section>
          <section aria-labelledby="customer-subscriptions-heading">
            <h3 id="customer-subscriptions-heading">{t('dash_details_subscriptions')}</h3>
            <ul class="subscriptions">
              {view.subscriptions.map((s) => (
                <li key={s.key}>
                  {s.name}
                  {s.quantity !== undefined ? ` × ${s.quantity}` : ''}
                  {s.status ? ` · ${s.status}` : ''}
                  {s.renewal ? ` · ${t(s.renewal.kind === 'expires' ? 'core_renewal_expires' : 'core_renewal_auto_renews', formatDay(s.renewal.date))}` : ''}
                  {s.channel === 'other' ? <span class="flag">{t('dash_details_other_channel')}</span> : null}
                  <span class="muted">
                    {' '}
                    · {t(`dash_evidence_${s.source}`)} {formatTime(s.seenAt)}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        </div>
        <div>
          <div class="notes">
            <Notes customerId={customerId} notes={view.migration?.notes ?? ''} revision={view.migration?.notesRevision ?? 0} />
          </div>
          <section aria-labelledby="customer-history-heading">
            <h3 id="customer-history-heading">{t('dash_details_history')}</h3>
            <ol class="history">
              {events.map((e) => (
                <li key={e.seq}>
                  <span class="muted">{formatTime(e.at)}</span> {historyLine(e)}
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </>
  );
}

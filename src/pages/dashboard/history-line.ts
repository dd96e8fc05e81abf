/**
 * One line of a customer's history, in the partner's words: what happened and where it was seen
 * ("Purchase detected on the Subscriptions page", "Users moved: 1 of 3", "Suspension seen —
 * de-provisioned on 30 Mar 2027"). Built from the log entry's detail (src/background/store.ts);
 * anything an entry does not hold (older entries, a detail of an unexpected shape) falls back to the
 * generic line for its kind, never to an error.
 */
import type { EventRecord } from '../../core/records.ts';
import { coreMessageKey, MIGRATION_STEPS, type MigrationStepId } from '../../core/migration.ts';
import { pageInfoFromUrl, type PageKind } from '../../core/partner-center-urls.ts';
import { formatDay, t, tn } from '../shared/i18n.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const count = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);
const isStep = (v: unknown): v is MigrationStepId => typeof v === 'string' && (MIGRATION_STEPS as readonly string[]).includes(v);

const PAGE_KEYS: Partial<Record<PageKind, string>> = {
  subscriptions: 'checklist_page_subscriptions',
  'subscription-details': 'checklist_page_subscription_details',
  'users-and-licenses': 'checklist_page_users',
  'manage-licenses': 'checklist_page_manage_licenses',
  'add-subscriptions': 'checklist_page_add_subscriptions',
};

/** "on the Subscriptions page", "through the Partner Center API", "in Partner Center"; null when unknown. */
function where(source: unknown, page: unknown): string | null {
  if (source === 'api') return t('dash_history_via_api');
  if (source !== 'page') return null;
  const url = str(page);
  const key = url ? PAGE_KEYS[pageInfoFromUrl(url).kind] : undefined;
  return key ? t('dash_history_on_page', t(key)) : t('dash_history_in_partner_center');
}

/** The sentence with its "where", or without it when the source is not known. */
function seen(key: string, evidence: unknown, ...substitutions: (string | number)[]): string {
  const ev = isObj(evidence) ? evidence : {};
  const place = where(ev.source, ev.page);
  return place ? t(`${key}_where`, ...substitutions, place) : t(key, ...substitutions);
}

function stepName(step: MigrationStepId): string {
  return t(`dash_history_step_${step}`);
}

function applied(detail: Obj): string | null {
  const event = isObj(detail.event) ? detail.event : null;
  if (!event) return null;
  const after = isObj(detail.after) ? detail.after : null;
  const users = after && isObj(after.users) ? after.users : null;
  const moved = count(users?.moved);
  const total = count(users?.total);
  const deprovisionOn = str(after?.deprovisionOn);
  switch (event.type) {
    case 'purchase-detected':
      return seen('dash_history_purchase', event.evidence);
    case 'users-seen':
    case 'users-progress': {
      const m = moved ?? (event.type === 'users-progress' ? count(event.moved) : null);
      const n = total ?? (event.type === 'users-progress' ? count(event.total) : null);
      if (m === null || n === null) return null;
      return tn('dash_history_users', n, m, n);
    }
    case 'suspend-detected':
      if (deprovisionOn) return t('dash_history_suspended_deprovision', formatDay(deprovisionOn));
      // Seen on a page: the step waits for the partner's confirmation (entries from before that have no outcome).
      return after && after.suspendedOn === null ? t('dash_history_suspend_seen') : t('dash_history_suspended');
    case 'suspend-confirmed':
      return deprovisionOn ? t('dash_history_suspend_confirmed', formatDay(deprovisionOn)) : null;
    case 'suspend-requested':
      return t(event.override === true ? 'dash_history_suspend_override' : 'dash_history_suspend_requested');
    case 'step-ticked': {
      if (!isStep(event.step)) return null;
      const ticked = t('dash_history_ticked', stepName(event.step));
      return event.step === 'suspend' && deprovisionOn ? `${ticked} — ${t('dash_history_deprovision_on', formatDay(deprovisionOn))}` : ticked;
    }
    case 'step-unticked':
      return isStep(event.step) ? t('dash_history_unticked', stepName(event.step)) : null;
    case 'other-channel-detected':
      return t('dash_history_other_channel');
    case 'other-channel-cleared':
      return t('dash_history_other_channel_cleared');
    case 'relationship-observed':
      return t('dash_history_relationship');
    case 'renewal-observed': {
      const renewal = isObj(event.renewal) ? event.renewal : null;
      const date = str(renewal?.date);
      if (renewal?.kind === 'expires' && date) return t('dash_history_end_date', formatDay(date));
      return t('dash_history_no_end_date');
    }
    case 'deprovisioned': {
      const on = str(event.date) ?? str(after?.deprovisionedOn);
      return on ? t('dash_history_deprovisioned_on', formatDay(on)) : t('dash_history_deprovisioned');
    }
    default:
      return null;
  }
}

function rejected(detail: Obj): string | null {
  const reason = isObj(detail.reason) ? detail.reason : null;
  const code = str(reason?.code);
  if (!code) return null;
  let text: string;
  if (code === 'users-still-on-legacy') {
    const left = count(reason?.usersLeft);
    text = left === null ? t(coreMessageKey('rejection', code, true)) : t(coreMessageKey('rejection', code), left);
  } else {
    text = t(coreMessageKey('rejection', code));
  }
  return text === coreMessageKey('rejection', code) ? null : t('dash_history_refused', text);
}

function annotated(detail: Obj): string | null {
  if (detail.planChoice === 'one-to-one' || detail.planChoice === 'consolidated') {
    return t('dash_history_plan_chosen', t(detail.planChoice === 'consolidated' ? 'core_plan_consolidated' : 'core_plan_one_to_one'));
  }
  if (detail.planChoice === null) return t('dash_history_plan_cleared');
  if (count(detail.notesLength) !== null) return t('dash_history_notes_saved');
  return null;
}

function observed(detail: Obj): string | null {
  // `removed` lists records the merge re-keyed or replaced (bookkeeping), not subscriptions gone: not shown.
  const subscriptions = Array.isArray(detail.subscriptions) ? detail.subscriptions : [];
  const names = [...new Set(subscriptions.map((s) => (isObj(s) ? str(s.name) : null)).filter((n): n is string => n !== null))];
  if (names.length === 0) return null;
  const place = where(detail.source, detail.evidence);
  return place ? t('dash_history_seen_where', names.join(', '), place) : t('dash_history_seen', names.join(', '));
}

/** The history line for one log entry (without its time). */
export function historyLine(e: Pick<EventRecord, 'kind' | 'detail'>): string {
  const detail = isObj(e.detail) ? e.detail : {};
  let line: string | null = null;
  try {
    switch (e.kind) {
      case 'migration-applied':
        line = applied(detail);
        break;
      case 'migration-rejected':
        line = rejected(detail);
        break;
      case 'migration-annotated':
        line = annotated(detail);
        break;
      case 'observation':
        line = observed(detail);
        break;
      case 'reminder-notified': {
        const endDate = str(detail.endDate);
        line = endDate ? t('dash_history_reminder', formatDay(endDate)) : null;
        break;
      }
    }
  } catch {
    line = null; // a stored detail of a shape this version does not know: the generic line
  }
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion -- a stored event from another version may carry any kind
  return line ?? t(`dash_event_${String(e.kind).replace(/-/g, '_')}`);
}

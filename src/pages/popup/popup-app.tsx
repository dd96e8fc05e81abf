/**
 * The toolbar popup: the few customers that need action first (each opens its page on the
 * dashboard, and its Subscriptions page in Partner Center), and the way to the dashboard.
 * Same read model as the dashboard (the worker sorts by urgency); nothing stored here.
 */
import { useEffect, useState } from 'preact/hooks';
import type { DashboardView } from '../../core/tracked-customers.ts';
import { browser } from '../../platform/browser.ts';
import { needsActionSoon } from '../../core/tracked-customers.ts';
import { partnerCenterLinks } from '../dashboard/customer-filter.ts';
import { customerPagePath } from '../dashboard/route.ts';
import { formatDay, phaseLabel, t, tn, urgencyLabel } from '../shared/i18n.ts';
import { send } from '../shared/worker-client.ts';
import { errorText } from '../shared/errors.ts';
import { liveReload } from '../shared/live-reload.ts';

const SHOWN = 5;

export function PopupApp() {
  const [view, setView] = useState<DashboardView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(
    () =>
      liveReload(() =>
        send({ kind: 'dashboard/get' }).then(
          (v) => {
            setView(v);
            setError(null);
          },
          (failure: unknown) => setError(errorText(failure)),
        ),
      ),
    [],
  );

  const urgent = view?.customers.filter(needsActionSoon) ?? [];
  return (
    <main class="popup">
      <h1>{t('extName')}</h1>
      {error ? <p role="alert">{error}</p> : null}
      {!view && !error ? <p role="status">{t('dash_loading')}</p> : null}
      {view ? (
        urgent.length === 0 ? (
          <p class="muted">{view.customers.length === 0 ? t('popup_nothing_tracked') : tn('popup_nothing_urgent', view.customers.length, view.customers.length)}</p>
        ) : (
          <>
            <p class="muted">{tn('popup_need_action', urgent.length, urgent.length)}</p>
            <ol class="urgent">
              {urgent.slice(0, SHOWN).map((row) => (
                <li key={row.customerId} data-urgency={row.urgency ?? 'none'}>
                  <a href={browser.runtime.getURL(customerPagePath(row.customerId))} target="_blank" rel="noopener">
                    {row.name ?? row.customerId}
                  </a>
                  <span class={`urgency urgency-${row.urgency ?? 'none'}`}>{urgencyLabel(row.urgency, row.daysLeft, row.accessAtRisk !== null)}</span>
                  <span class="muted">
                    {phaseLabel(row.phase)} · {formatDay(row.endDate)} ·{' '}
                    <a
                      class="pc-link"
                      href={partnerCenterLinks(row.customerId, view.partnerCenterBase).subscriptions}
                      target="_blank"
                      rel="noopener noreferrer"
                      aria-label={t('dash_link_subscriptions_for', row.name ?? row.customerId)}
                    >
                      {t('dash_link_subscriptions')}
                    </a>
                  </span>
                </li>
              ))}
            </ol>
            {urgent.length > SHOWN ? <p class="muted">{tn('popup_more', urgent.length - SHOWN, urgent.length - SHOWN)}</p> : null}
          </>
        )
      ) : null}
      <button type="button" class="primary" onClick={() => void browser.runtime.openOptionsPage().then(() => window.close())}>
        {t('popup_open_dashboard')}
      </button>
    </main>
  );
}

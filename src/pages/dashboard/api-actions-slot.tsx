/**
 * The customer's Partner Center API actions, in the Actions area of its page (#customer/<id>): one
 * read of its users, licenses, subscribed SKUs and subscriptions through the dashboard's connection
 * (the Partner Center session when a signed-in tab is open, else the Microsoft sign-in: the scan
 * panel's choice), then "Move N users from <retired license> to <new license>" for every retired
 * license some users hold and every replacement the customer subscribes to (./license-move-panel.tsx),
 * and the last step for every retired subscription (./subscription-end-panel.tsx).
 *
 * Nothing is read before the partner asks (a customer with hundreds of users costs hundreds of
 * requests), and nothing is written before a preview or a confirmation. One action at a time.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { readLicenseMoveInputs } from '../../api/license-move.ts';
import { PartnerCenterError } from '../../api/partner-center-client.ts';
import { licenseMoveOptions } from '../../core/license-move-plan.ts';
import type { CustomerView } from '../../core/records.ts';
import { formatTime, t, tn } from '../shared/i18n.ts';
import { useApiConnection } from './api-connection.tsx';
import { readAfterMove, readWithSubscription, retiredSubscriptions, usersOnRetiredProduct, type CustomerApiRead } from './api-actions-model.ts';
import { ApiModeStatus } from './api-mode-status.tsx';
import { apiProblemKey, apiProblemOf, tellConnection, type ApiProblem } from './api-problem.ts';
import { LicenseMovePanel } from './license-move-panel.tsx';
import { routeHash } from './route.ts';
import { SubscriptionEndPanel } from './subscription-end-panel.tsx';

export interface ApiActionsProps {
  customerId: string;
  /** The customer's records (the worker's `customer/get`): its rules, migration and subscriptions as tracked. */
  view: CustomerView;
}

interface Chosen {
  retiredSkuId: string;
  targetSkuId: string;
}

export function ApiActionsSlot({ customerId, view }: ApiActionsProps) {
  const connection = useApiConnection();
  const [read, setRead] = useState<CustomerApiRead | null>(null);
  const [reading, setReading] = useState<{ done: number; total: number } | null>(null);
  const [problem, setProblem] = useState<{ problem: ApiProblem; detail: string } | null>(null);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [running, setRunning] = useState(false);
  const reader = useRef<AbortController | null>(null);
  useEffect(() => () => reader.current?.abort(), []);

  const check = async (): Promise<boolean> => {
    const api = connection.client();
    if (!api || reader.current) return false;
    const abort = new AbortController();
    reader.current = abort;
    setReading({ done: 0, total: 0 });
    setProblem(null);
    try {
      const [inputs, subscriptions] = await Promise.all([
        readLicenseMoveInputs(api, customerId, { signal: abort.signal, onProgress: (done, total) => setReading({ done, total }) }),
        api.listSubscriptions(customerId, abort.signal),
      ]);
      setRead({ ...inputs, subscriptions, at: new Date().toISOString() });
      return true;
    } catch (error) {
      if (abort.signal.aborted) return false;
      const found = apiProblemOf(error instanceof PartnerCenterError ? error.kind : 'unexpected');
      tellConnection(connection, found);
      setProblem({ problem: found, detail: error instanceof Error ? error.message : String(error) });
      return false;
    } finally {
      reader.current = null;
      setReading(null);
    }
  };

  const ready = connection.state.ready;
  const busy = running || reading !== null;
  const customerName = view.customer?.name ?? customerId;
  const options = read ? licenseMoveOptions(read.users, read.skus, view.rules) : [];
  const ending = read ? retiredSubscriptions(read, view.rules) : [];
  const otherChannel = (id: string) => view.migration?.state.otherChannel === true || view.subscriptions.some((s) => s.subscriptionId === id && s.channel === 'other');

  return (
    <div class="api-actions" data-slot="api-actions">
      <h4 id="api-actions-heading">{t('api_actions_heading')}</h4>
      <p class="muted">{t('api_actions_intro')}</p>
      <ApiModeStatus connection={connection} />
      {!ready && connection.state.missing !== 'checking' ? (
        <p>
          <a href={routeHash({ section: 'scan' })}>{t('api_actions_open_scan')}</a>
        </p>
      ) : null}
      <p>
        <button type="button" disabled={!ready || busy} onClick={() => void check()}>
          {t(read ? 'api_actions_read_again' : 'api_actions_read')}
        </button>
      </p>
      {reading ? (
        <p role="status" data-testid="api-reading">
          {t('api_actions_reading', reading.done, reading.total)}
        </p>
      ) : null}
      {problem ? (
        <p class="api-problem" role="alert" data-problem={problem.problem}>
          {t(apiProblemKey(problem.problem))} <span class="muted">{problem.detail}</span>
        </p>
      ) : null}
      {read ? (
        <>
          <p class="muted" data-testid="api-read-at">
            {t('api_actions_read_at', formatTime(read.at))}
          </p>
          <section class="license-moves" aria-labelledby="license-moves-heading">
            <h5 id="license-moves-heading">{t('license_move_heading')}</h5>
            {options.length === 0 ? <p class="muted">{t('license_move_none')}</p> : null}
            <ul class="move-offers">
              {options.map((option) =>
                option.targets.length === 0 ? (
                  <li key={option.retired.skuId}>{tn('license_move_no_target', option.holders, option.holders, option.retired.name)}</li>
                ) : (
                  option.targets.map((target) => (
                    <li key={`${option.retired.skuId}-${target.skuId}`}>
                      <button
                        type="button"
                        aria-pressed={chosen?.retiredSkuId === option.retired.skuId && chosen.targetSkuId === target.skuId}
                        disabled={busy}
                        onClick={() => setChosen({ retiredSkuId: option.retired.skuId, targetSkuId: target.skuId })}
                      >
                        {tn('license_move_offer', option.holders, option.holders, option.retired.name, target.name)}
                      </button>
                    </li>
                  ))
                ),
              )}
            </ul>
            {chosen ? (
              <LicenseMovePanel
                key={`${chosen.retiredSkuId}-${chosen.targetSkuId}`}
                customerId={customerId}
                read={read}
                retiredSkuId={chosen.retiredSkuId}
                targetSkuId={chosen.targetSkuId}
                usersBefore={view.migration?.state.users ?? null}
                purchaseDone={view.migration?.state.steps.purchase.status === 'done'}
                connection={connection}
                onRunning={setRunning}
                onMoved={(plan, run) => setRead((r) => (r ? readAfterMove(r, plan, run, run.verifiedAt ?? new Date().toISOString()) : r))}
                onReRead={check}
                onClose={() => setChosen(null)}
              />
            ) : null}
          </section>
          <section class="subscription-ends" aria-labelledby="subscription-ends-heading">
            <h5 id="subscription-ends-heading">{t('subscription_end_heading')}</h5>
            {ending.length === 0 ? <p class="muted">{t('subscription_end_none')}</p> : null}
            <ul>
              {ending.map((subscription) => (
                <SubscriptionEndPanel
                  key={subscription.id}
                  customerId={customerId}
                  customerName={customerName}
                  subscription={subscription}
                  usersLeft={usersOnRetiredProduct(read, subscription, view.rules)}
                  otherChannel={otherChannel(subscription.id)}
                  readAt={read.at}
                  connection={connection}
                  busy={busy}
                  onRunning={setRunning}
                  onChanged={(next) => setRead((r) => (r ? readWithSubscription(r, next) : r))}
                />
              ))}
            </ul>
          </section>
        </>
      ) : null}
    </div>
  );
}

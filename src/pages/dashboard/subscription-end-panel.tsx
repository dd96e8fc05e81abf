/**
 * The last step through the API, for one retired subscription of the customer: "Suspend the old
 * subscription" (legacy) or "Turn auto-renew off" (new commerce: suspending would not stop billing),
 * as subscriptionEndOffer decides from the subscription as read, the migration's other-channel flag
 * and the users still on its retired license. With users left it is offered only through the
 * explicit override; never for another channel's subscription. Every write waits for a confirmation
 * that names the customer, the subscription and the effect, and what it did is recorded through
 * `migration/apply` (endEvents: the end seen through the API, and the override when one was given).
 */
import { useRef, useState } from 'preact/hooks';
import { parseApiDate } from '../../api/api-date.ts';
import { realClock } from '../../api/clock.ts';
import type { ApiSubscription } from '../../api/partner-center-types.ts';
import { endEvents, endSubscription, type SubscriptionActionResult } from '../../api/subscription-actions.ts';
import { commerceKindOfOffer } from '../../core/commerce-kind.ts';
import { subscriptionEndOffer, type EndAction, type SubscriptionEndOffer } from '../../core/subscription-end.ts';
import { formatDay, formatTime, t, tn } from '../shared/i18n.ts';
import { send } from '../shared/worker-client.ts';
import type { ApiConnection } from './api-connection.tsx';
import { subscriptionName } from './api-actions-model.ts';
import { apiProblemKey, apiProblemOf, tellConnection } from './api-problem.ts';

export interface SubscriptionEndPanelProps {
  customerId: string;
  customerName: string;
  subscription: ApiSubscription;
  /** Users holding its retired license, per the page's latest API read. */
  usersLeft: number;
  /** Bought through another channel, as the tracker knows it. */
  otherChannel: boolean;
  /** When the users were read (or last changed by a move). */
  readAt: string;
  connection: ApiConnection;
  /** Another API action runs: no write starts meanwhile. */
  busy: boolean;
  onRunning(running: boolean): void;
  /** Partner Center's subscription after the write (or as it now is). */
  onChanged(subscription: ApiSubscription): void;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'confirming'; action: EndAction; override: boolean }
  | { kind: 'writing' }
  | { kind: 'written'; result: SubscriptionActionResult; message: string; recorded: 'yes' | 'no' | 'failed' };

const ACTION_LABEL: Record<EndAction, string> = { suspend: 'subscription_end_suspend', 'turn-off-auto-renew': 'subscription_end_auto_renew_off' };
const CONFIRM_LABEL: Record<EndAction, string> = { suspend: 'subscription_end_confirm_suspend', 'turn-off-auto-renew': 'subscription_end_confirm_auto_renew_off' };

const termEnd = (s: ApiSubscription) => parseApiDate(s.commitmentEndDate);

function offerText(offer: SubscriptionEndOffer, usersLeft: number, readAt: string): string | null {
  if (offer.verdict === 'none') return t(`subscription_action_none_${offer.reason.replace(/-/g, '_')}`);
  if (offer.verdict === 'needs-override') return tn('subscription_end_users_left', usersLeft, usersLeft, formatTime(readAt));
  return null;
}

/** What a write did, in words; `doneText` is the end's own (also its evidence). */
function resultText(result: SubscriptionActionResult, doneText: string, offerLine: (offer: SubscriptionEndOffer) => string | null): string {
  switch (result.outcome) {
    case 'done':
      return doneText;
    case 'already-done':
      return t('subscription_action_already_done');
    case 'not-offered':
      return offerLine(result.offer) ?? '';
    case 'conflict':
      return t('subscription_action_conflict', result.subscription?.status ?? '?');
    case 'pending':
      return t('subscription_action_pending');
    case 'failed': {
      const problem = apiProblemOf(result.kind);
      return problem === 'unexpected' ? t('subscription_action_failed', result.message) : t(apiProblemKey(problem));
    }
  }
}

export function SubscriptionEndPanel(props: SubscriptionEndPanelProps) {
  const { subscription, usersLeft, readAt } = props;
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [override, setOverride] = useState(false);
  const confirmation = useRef<HTMLDivElement>(null);
  const offer = subscriptionEndOffer({
    offerId: subscription.offerId,
    status: subscription.status,
    autoRenewEnabled: subscription.autoRenewEnabled,
    otherChannel: props.otherChannel,
    usersLeftOnRetired: usersLeft,
  });
  const name = subscriptionName(subscription);
  const commerce = commerceKindOfOffer(subscription.offerId);
  const end = termEnd(subscription);

  const write = async (action: EndAction, withOverride: boolean) => {
    const api = props.connection.client();
    if (!api) return;
    setPhase({ kind: 'writing' });
    props.onRunning(true);
    try {
      const result = await endSubscription({
        api,
        clock: realClock,
        customerId: props.customerId,
        subscriptionId: subscription.id,
        otherChannel: props.otherChannel,
        usersLeftOnRetired: usersLeft,
        override: withOverride,
      });
      if (result.outcome === 'failed') tellConnection(props.connection, apiProblemOf(result.kind));
      const now = new Date().toISOString();
      const evidence = action === 'suspend' ? t('subscription_action_done_suspend', formatTime(now)) : t('subscription_action_done_auto_renew_off', formatDay(end));
      const message = resultText(result, evidence, (o) => offerText(o, usersLeft, readAt));
      const events = endEvents(props.customerId, result, withOverride, now.slice(0, 10), evidence);
      let recorded: 'yes' | 'no' | 'failed' = events.length > 0 ? 'yes' : 'no';
      try {
        for (const event of events) await send({ kind: 'migration/apply', customerId: props.customerId, event });
      } catch {
        recorded = 'failed';
      }
      if ('subscription' in result && result.subscription) props.onChanged(result.subscription);
      setPhase({ kind: 'written', result, message, recorded });
    } finally {
      props.onRunning(false);
    }
  };

  const ask = (action: EndAction) => {
    setPhase({ kind: 'confirming', action, override: offer.verdict === 'needs-override' });
    // The question is where the partner's attention goes next.
    queueMicrotask(() => confirmation.current?.focus());
  };

  const idle = phase.kind === 'idle' || phase.kind === 'written';
  return (
    <li class="subscription-end" data-subscription-id={subscription.id} data-offer={offer.verdict}>
      <p>
        <strong>{name}</strong>
        <span class="muted">
          {' '}
          · {subscription.status ?? '?'}
          {commerce !== 'unknown' ? ` · ${t(commerce === 'legacy' ? 'subscription_end_legacy' : 'subscription_end_new_commerce')}` : ''}
          {end ? ` · ${t('subscription_end_term_end', formatDay(end))}` : ''}
        </span>
      </p>
      {idle && offerText(offer, usersLeft, readAt) ? <p data-testid="end-offer">{offerText(offer, usersLeft, readAt)}</p> : null}
      {idle && offer.verdict === 'needs-override' ? (
        <p>
          <label>
            <input type="checkbox" checked={override} onChange={(e) => setOverride(e.currentTarget.checked)} /> {t('subscription_end_override')}
          </label>
        </p>
      ) : null}
      {idle && offer.verdict !== 'none' ? (
        <p>
          <button type="button" disabled={props.busy || !props.connection.state.ready || (offer.verdict === 'needs-override' && !override)} onClick={() => ask(offer.action)}>
            {t(ACTION_LABEL[offer.action])}
          </button>
        </p>
      ) : null}
      {phase.kind === 'confirming' ? (
        <div class="confirm" role="alertdialog" aria-labelledby={`confirm-${subscription.id}`} tabIndex={-1} ref={confirmation}>
          <p id={`confirm-${subscription.id}`}>
            {phase.action === 'suspend'
              ? t('subscription_action_confirm_suspend', name, props.customerName)
              : t('subscription_action_confirm_auto_renew_off', name, props.customerName, formatDay(end))}
            {phase.override ? ` ${t('subscription_action_confirm_override', usersLeft)}` : ''}
          </p>
          <p class="buttons">
            <button type="button" class="danger" onClick={() => void write(phase.action, phase.override)}>
              {t(CONFIRM_LABEL[phase.action])}
            </button>{' '}
            <button type="button" onClick={() => setPhase({ kind: 'idle' })}>
              {t('api_actions_cancel')}
            </button>
          </p>
        </div>
      ) : null}
      {phase.kind === 'writing' ? <p role="status">{t('subscription_end_writing')}</p> : null}
      {phase.kind === 'written' ? (
        <div class="end-result" data-outcome={phase.result.outcome}>
          <p role="status" data-testid="end-result">
            {phase.message}
          </p>
          {phase.recorded === 'yes' ? <p class="muted">{t('subscription_end_recorded')}</p> : null}
          {phase.recorded === 'failed' ? <p role="alert">{t('dash_error_worker')}</p> : null}
          {phase.recorded === 'no' && phase.result.outcome === 'done' ? <p class="muted">{t('subscription_end_not_recorded')}</p> : null}
        </div>
      ) : null}
    </li>
  );
}

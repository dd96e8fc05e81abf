/**
 * A customer's current (not retired) subscriptions that will not renew, each with its end date and
 * days left in the urgency colour: on its dashboard row and its page, whether or not it also has a
 * migration. Nothing when none.
 */
import type { ExpiringCurrent } from '../../core/tracked-customers.ts';
import { formatDay, t, urgencyLabel } from '../shared/i18n.ts';

export function NotRenewing({ ends, heading = true }: { ends: readonly ExpiringCurrent[]; heading?: boolean }) {
  if (ends.length === 0) return null;
  return (
    <div class="not-renewing" data-testid="not-renewing">
      {heading ? <span class="muted">{t('dash_not_renewing')}</span> : null}
      <ul>
        {ends.map((end) => (
          <li key={`${end.name}|${end.endDate}`} title={t('dash_not_renewing_title', formatDay(end.endDate))}>
            {end.name} · <span class={`urgency urgency-${end.urgency}`}>{urgencyLabel(end.urgency, end.daysLeft)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

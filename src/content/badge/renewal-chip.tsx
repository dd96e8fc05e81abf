/**
 * The urgency highlight placed right after an "Expires on <date>" (or "Auto renews on <date>") text
 * in the row of a retired SKU: days left, coloured by urgency; or a warning when a retired SKU is
 * still set to auto-renew. A current product that will not renew ("Expires on" in a row without a
 * retired SKU) gets a quieter chip: the days left in the urgency colour, nothing about retirement.
 */
import type { BadgeExpiry } from './badge-model.ts';
import { daysLeftMessage } from './badge-model.ts';
import { t } from '../lib/i18n.ts';

export type RenewalChipProps = { kind: 'expires'; expiry: BadgeExpiry } | { kind: 'current-expires'; expiry: BadgeExpiry } | { kind: 'auto-renews' };

export function RenewalChip(props: RenewalChipProps) {
  if (props.kind === 'current-expires') return <CurrentExpiryChip expiry={props.expiry} />;
  if (props.kind === 'auto-renews') {
    return (
      <span class="pill u-warn" role="note" data-sku-shift-chip="auto-renew" aria-label={t('badge_auto_renew_chip')} title={t('badge_auto_renew_unexpected', '')}>
        <span class="dot" aria-hidden="true" />
        {t('badge_auto_renew_chip')}
      </span>
    );
  }
  const { key, substitutions } = daysLeftMessage(props.expiry.daysLeft);
  const text = t(key, substitutions);
  return (
    <span
      class={`pill u-${props.expiry.urgency}`}
      role="note"
      data-sku-shift-chip="expiry"
      data-urgency={props.expiry.urgency}
      data-days-left={String(props.expiry.daysLeft)}
      aria-label={t('badge_chip_aria', [text, t(`badge_urgency_${props.expiry.urgency}`)])}
      title={t(`badge_urgency_${props.expiry.urgency}`)}
    >
      <span class="dot" aria-hidden="true" />
      {text}
    </span>
  );
}

/** A current (not retired) product's end date: it will not renew, and its users lose access after it. */
function CurrentExpiryChip({ expiry }: { expiry: BadgeExpiry }) {
  const { key, substitutions } = daysLeftMessage(expiry.daysLeft);
  const text = t(key, substitutions);
  return (
    <span
      class={`pill quiet u-${expiry.urgency}`}
      role="note"
      data-sku-shift-chip="current-expiry"
      data-urgency={expiry.urgency}
      data-days-left={String(expiry.daysLeft)}
      aria-label={t('badge_current_expiry_aria', text)}
      title={t('badge_current_expiry_title')}
    >
      {text}
    </span>
  );
}

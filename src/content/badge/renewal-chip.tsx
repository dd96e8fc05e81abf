/**
 * The urgency highlight placed right after an "Expires on <date>" (or "Auto renews on <date>") text
 * in the row of a retired SKU: days left, coloured by urgency; or a warning when a retired SKU is
 * still set to auto-renew. Rows of current products get nothing.
 */
import type { BadgeExpiry } from './badge-model.ts';
import { daysLeftMessage } from './badge-model.ts';
import { t } from '../lib/i18n.ts';

export type RenewalChipProps =
  | { kind: 'expires'; expiry: BadgeExpiry }
  | { kind: 'auto-renews' };

export function RenewalChip(props: RenewalChipProps) {
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

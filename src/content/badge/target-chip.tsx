/**
 * The highlight placed after a Dynamics 365 product in the add-subscriptions catalog when it is a
 * replacement for a retired SKU: "Recommended to replace Dynamics AX Enterprise" (the table's first
 * choice) or "Replaces ..." (another listed choice).
 */
import { t } from '../lib/i18n.ts';

export interface TargetChipProps {
  /** Retired SKUs for which this product is the recommended (first) target. */
  recommendedFor: string[];
  /** Retired SKUs for which it is another listed choice. */
  alsoFor: string[];
}

export function TargetChip({ recommendedFor, alsoFor }: TargetChipProps) {
  const recommended = recommendedFor.length > 0;
  const text = recommended ? t('badge_target_recommended', recommendedFor.join(', ')) : t('badge_target_replaces', alsoFor.join(', '));
  const full = [
    recommended ? t('badge_target_recommended', recommendedFor.join(', ')) : null,
    alsoFor.length > 0 ? t('badge_target_replaces', alsoFor.join(', ')) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <span
      class="pill u-target"
      role="note"
      data-sku-shift-chip="target"
      data-recommended={recommended ? 'true' : 'false'}
      aria-label={full}
      title={full}
    >
      <span aria-hidden="true">★ </span>
      {text}
    </span>
  );
}

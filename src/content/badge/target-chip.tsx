/**
 * The highlight placed after a Dynamics 365 product in the add-subscriptions catalog. For a customer
 * with a plan, only on the products that plan needs: "Needed: ×3" (the licenses to buy), with what it
 * replaces in its title. Otherwise on every replacement of a retired SKU: "Recommended to replace
 * Dynamics AX Enterprise" (the table's first choice) or "Can replace …" (another listed choice).
 * Its visible text is short (one name, then "+n"); the full list is its title and accessible name.
 */
import { t } from '../lib/i18n.ts';
import { shortList, type PlannedNeed } from './target-replacements.ts';

export interface TargetChipProps {
  /** Retired SKUs for which this product is the recommended (first) target. */
  recommendedFor: string[];
  /** Retired SKUs for which it is another listed choice. */
  alsoFor: string[];
  /** What this customer's plan needs of the product (set only for a customer with a plan). */
  need?: PlannedNeed | null;
}

export function TargetChip({ recommendedFor, alsoFor, need }: TargetChipProps) {
  if (need) return <NeededChip need={need} />;
  const recommended = recommendedFor.length > 0;
  const text = recommended ? t('badge_target_recommended', shortList(recommendedFor)) : t('badge_target_replaces', shortList(alsoFor));
  const full = [recommended ? t('badge_target_recommended', recommendedFor.join(', ')) : null, alsoFor.length > 0 ? t('badge_target_replaces', alsoFor.join(', ')) : null].filter(Boolean).join(' · ');
  return (
    <span class="pill u-target bounded" role="note" data-sku-shift-chip="target" data-recommended={recommended ? 'true' : 'false'} aria-label={full} title={full}>
      <span aria-hidden="true">★ </span>
      <span class="label">{text}</span>
    </span>
  );
}

function NeededChip({ need }: { need: PlannedNeed }) {
  const text = need.licenses !== null ? t('badge_target_needed_count', String(need.licenses)) : t('badge_target_needed');
  const full = t('badge_target_needed_full', [text, need.replaces.join(', ')]);
  return (
    <span class="pill u-target bounded" role="note" data-sku-shift-chip="target" data-needed="true" data-licenses={need.licenses !== null ? String(need.licenses) : ''} aria-label={full} title={full}>
      <span aria-hidden="true">★ </span>
      <span class="label">{text}</span>
    </span>
  );
}

/**
 * The partner's urgency thresholds and their defaults, apart from the urgency rule (./urgency.ts):
 * every Partner Center page needs the defaults (src/content/partner-settings.ts), only a page that
 * shows an end date needs the rule, which then loads with the badge display.
 */
export interface UrgencyThresholds {
  /** Days left at or under which the move is critical. */
  critical: number;
  /** Days left at or under which the move is due soon. */
  soon: number;
}

export const DEFAULT_URGENCY_THRESHOLDS: Readonly<UrgencyThresholds> = Object.freeze({ critical: 30, soon: 90 });

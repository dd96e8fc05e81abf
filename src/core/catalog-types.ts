/** The shapes of the retirement catalog: what was retired and what replaces it. */

/** A Dynamics 365 product a retired SKU moves to, under every name it has carried since 2016. */
export interface TargetProduct {
  /** Stable id, e.g. 'd365-unified-operations'. */
  id: string;
  /** The migration article's name, e.g. 'Dynamics 365 for Unified Operations'. */
  name: string;
  /** Names in today's catalog; the first is shown beside the article's name. */
  catalogNames: string[];
  /** Entra license product names (what "Users and licenses" shows). */
  licenseNames: string[];
  /** Entra String IDs (skuPartNumber), e.g. 'DYN365_FINANCE'. */
  skuPartNumbers: string[];
}

export interface RetirementRule {
  /** Stable id, e.g. 'ax-enterprise'; a partner rule with a seed rule's id replaces it. */
  id: string;
  /** Product family, e.g. 'Dynamics AX'. */
  family: string;
  /** Display name, e.g. 'Dynamics AX Enterprise'. */
  name: string;
  /** Names that identify it: offer names, license names, older names. */
  offerNames: string[];
  /** In the article's order; targets[0] is the recommended one; [] = no direct replacement listed. */
  targets: TargetProduct[];
  /** YYYY-MM-DD: the day the SKU was retired. */
  retiredOn?: string;
  /** YYYY-MM-DD: from this day on, subscriptions no longer renew into it. */
  noRenewalFrom?: string;
  /** i18n message key of a note shown with the rule (e.g. no direct replacement listed). */
  noteKey?: string;
  /** A partner's own note, shown as written (partner rules have no i18n keys of their own). */
  note?: string;
  /** 'managed': set by the partner's organisation through a browser policy (src/core/managed-policy.ts). */
  origin: 'seed' | 'partner' | 'managed';
}

export interface SkuMatch {
  rule: RetirementRule;
  /** The matched substring of the original text (including a Government / Add-On suffix). */
  text: string;
  /** Index of `text` in the original string. */
  index: number;
}

export interface TargetMatch {
  /** The target the name belongs to (the first one when a bundle names several). */
  target: TargetProduct;
  /** Every target carrying that name, e.g. Sales and Customer Service for the combined edition. */
  targets: TargetProduct[];
  text: string;
  index: number;
}

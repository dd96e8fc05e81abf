/**
 * The two questions progress detection asks about a product name, behind an interface so the readers
 * stay independent of how the catalog is built (and partner-defined rules pass straight through).
 * catalog-matchers.ts adapts src/core/catalog.ts to it.
 */
export interface RetiredMatch {
  ruleId: string;
  /** Ids of the Dynamics 365 products that replace it, recommended first. */
  targetIds: readonly string[];
  /** The substring that matched. */
  text: string;
}

export interface TargetMatch {
  targetId: string;
  /** Every target the name stands for (a bundle such as "Sales and Customer Service" is both). */
  targetIds: readonly string[];
  text: string;
}

export interface ProductMatchers {
  retired(text: string): RetiredMatch | null;
  target(text: string): TargetMatch | null;
}

/** Which retired SKUs a Dynamics 365 product replaces, for the catalog highlight. Pure. */
import { SEED_RULES, type RetirementRule, type TargetMatch } from '../../core/catalog.ts';

export interface Replacements {
  /** Retired SKUs for which the product is the table's first (recommended) choice. */
  recommendedFor: string[];
  /** Retired SKUs for which it is another listed choice. */
  alsoFor: string[];
}

export function replacementsOf(match: TargetMatch, rules: readonly RetirementRule[] = SEED_RULES): Replacements {
  const ids = new Set(match.targets.map((target) => target.id));
  const recommendedFor: string[] = [];
  const alsoFor: string[] = [];
  for (const rule of rules) {
    const index = rule.targets.findIndex((target) => ids.has(target.id));
    if (index === 0) recommendedFor.push(rule.name);
    else if (index > 0) alsoFor.push(rule.name);
  }
  return { recommendedFor, alsoFor };
}

/**
 * What the catalog highlight says of a Dynamics 365 product: which retired SKUs it replaces, or, for a
 * customer with a plan, what that plan needs of it (licenses, what it replaces). Pure.
 */
import { SEED_RULES, type RetirementRule, type TargetMatch } from '../../core/catalog.ts';
import type { PlanNeed } from '../../core/plan.ts';

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

/** What this customer's plan needs of one product: its licenses (null: seats unknown) and the retired SKUs it replaces. */
export interface PlannedNeed {
  licenses: number | null;
  replaces: string[];
}

/** The plan's need for the product `match` names (any of its targets), or null when the plan does not buy it. */
export function needFor(match: TargetMatch, needs: readonly PlanNeed[]): PlannedNeed | null {
  const ids = new Set(match.targets.map((target) => target.id));
  const found = needs.filter((need) => ids.has(need.target.id));
  if (found.length === 0) return null;
  const counted = found.filter((need) => need.licenses !== null);
  return {
    licenses: counted.length > 0 ? counted.reduce((sum, need) => sum + (need.licenses ?? 0), 0) : null,
    replaces: [...new Set(found.flatMap((need) => need.replaces.map((r) => r.name)))],
  };
}

/** At most this many names in a chip's visible text; the rest are counted ("+2") and listed in its title. */
export const NAMES_SHOWN = 1;

/** `names` cut to what a chip shows: the first ones, then "+n" for the rest. */
export function shortList(names: readonly string[], shown: number = NAMES_SHOWN): string {
  if (names.length <= shown) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} +${names.length - shown}`;
}

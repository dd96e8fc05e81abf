/**
 * The two questions progress detection asks about a product name, behind an interface so the readers
 * stay independent of how the catalog is built (and partner-defined rules pass straight through);
 * `catalogMatchers` adapts src/core/catalog.ts to it. Content scripts use it to find product names on
 * a page; the worker uses it to decide what a page reading proves.
 */
import { matchRetiredSku, matchTargetProduct, type RetirementRule } from './catalog.ts';

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

/**
 * Offers that carry a target's name but are not its purchase: a trial, or an "Attach" licence that only
 * adds to a qualifying base offer (EN/FR/DE/ES). Unconfirmed live wordings, kept to whole words.
 */
const NOT_A_PURCHASE = /\b(?:trial|attach|qualifying|essai|d['’]évaluation|testversion|prueba|evaluación)\b/iu;

/** The text names a trial or add-on of the target, unless those words are part of the target's own name. */
function isTrialOrAttach(text: string, matched: string): boolean {
  const rest = text.replace(matched, ' ');
  return NOT_A_PURCHASE.test(rest);
}

/** The catalog (seed rules + the partner's own, which take precedence) as the readers' matchers. */
export function catalogMatchers(partnerRules: readonly RetirementRule[] = []): ProductMatchers {
  return {
    retired(text) {
      const match = matchRetiredSku(text, partnerRules);
      return match ? { ruleId: match.rule.id, targetIds: match.rule.targets.map((t) => t.id), text: match.text } : null;
    },
    target(text) {
      const match = matchTargetProduct(text, partnerRules);
      if (!match || isTrialOrAttach(text, match.text)) return null;
      return { targetId: match.target.id, targetIds: match.targets.map((t) => t.id), text: match.text };
    },
  };
}

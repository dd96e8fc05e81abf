import { matchRetiredSku, matchTargetProduct, type RetirementRule } from '../../core/catalog.ts';
import type { ProductMatchers } from './product-matchers.ts';

/** The catalog (seed rules + the partner's own, which take precedence) as the readers' matchers. */
export function catalogMatchers(partnerRules: readonly RetirementRule[] = []): ProductMatchers {
  return {
    retired(text) {
      const match = matchRetiredSku(text, partnerRules);
      return match ? { ruleId: match.rule.id, targetIds: match.rule.targets.map((t) => t.id), text: match.text } : null;
    },
    target(text) {
      const match = matchTargetProduct(text, partnerRules);
      return match ? { targetId: match.target.id, targetIds: match.targets.map((t) => t.id), text: match.text } : null;
    },
  };
}

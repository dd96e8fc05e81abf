import type { ProductMatchers } from '../../../src/core/product-matchers.ts';

/**
 * A tiny stand-in for the catalog so the readers' logic is tested on its own; catalog-matchers.test.ts
 * runs the same readers with the real catalog.
 */
const RETIRED: Array<[RegExp, string, string[]]> = [
  [/dynamics ax enterprise/i, 'ax-enterprise', ['d365-unified-operations', 'd365-plan']],
  [/dynamics crm online professional/i, 'crm-professional', ['d365-customer-engagement-plan', 'd365-sales']],
];
const TARGETS: Array<[RegExp, string]> = [
  [/dynamics 365 for (unified )?operations|dynamics 365 finance/i, 'd365-unified-operations'],
  [/dynamics 365 (for )?team members/i, 'd365-team-members'],
  [/customer engagement plan/i, 'd365-customer-engagement-plan'],
];

export const stubMatchers: ProductMatchers = {
  retired(text) {
    for (const [pattern, ruleId, targetIds] of RETIRED) {
      const m = pattern.exec(text);
      if (m) return { ruleId, targetIds, text: m[0] };
    }
    return null;
  },
  target(text) {
    for (const [pattern, targetId] of TARGETS) {
      const m = pattern.exec(text);
      if (m) return { targetId, targetIds: [targetId], text: m[0] };
    }
    return null;
  },
};

import { expect, test } from 'vitest';
import { splitNameHint } from '../../src/content/badge/split-names.ts';
import { matchRetiredSku, SEED_RULES, type RetirementRule } from '../../src/core/catalog.ts';

test('the first fragment of a split retired name passes, whole names of current products do not', () => {
  const hint = splitNameHint();
  expect(hint('Dynamics ')).toBe(true);
  expect(hint('Dyn')).toBe(true);
  expect(hint('Microsoft Dynamics CRM Online ')).toBe(true);
  expect(hint('DYNAMICS\u00a0AX ')).toBe(true);
  expect(hint('Microsoft 365 Business Basic')).toBe(false);
  expect(hint('Dynamics 365 Team Members')).toBe(false);
  expect(hint('Office 365 E3')).toBe(false);
  expect(hint('Active')).toBe(false);
  expect(hint(' ')).toBe(false);
  expect(hint('D')).toBe(false);
  // A whole retired name may begin a longer one, but it matches by itself: the ordinary badge path
  // has it, the feature asks for fragments only where the matcher finds nothing.
  for (const rule of SEED_RULES) for (const name of rule.offerNames) expect(hint(name) && !matchRetiredSku(name), name).toBe(false);
});

test("the partner's rules are fragments too", () => {
  const partner = { ...SEED_RULES[0]!, id: 'contoso-erp', name: 'Contoso Legacy ERP', offerNames: ['Contoso Legacy ERP'], origin: 'partner' } as RetirementRule;
  expect(splitNameHint([partner])('Contoso ')).toBe(true);
  expect(splitNameHint()('Contoso ')).toBe(false);
});

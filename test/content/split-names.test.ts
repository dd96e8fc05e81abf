import { expect, test } from 'vitest';
import { splitNameHint } from '../../src/content/badge/split-names.ts';
import { SEED_RULES, type RetirementRule } from '../../src/core/catalog.ts';

test('the hint finds every fragment that can start a retired name, as a whole word', () => {
  const hint = splitNameHint();
  for (const rule of SEED_RULES) for (const name of rule.offerNames) expect(hint.test(name), name).toBe(true);
  expect(hint.test('Dynamics ')).toBe(true);
  expect(hint.test('CRM')).toBe(true);
  expect(hint.test('Office 365 E3')).toBe(false);
  expect(hint.test('Active')).toBe(false);
  expect(hint.test('Hydynamics')).toBe(false);
});

test("the partner's rules add their first words", () => {
  const partner = { ...SEED_RULES[0]!, id: 'contoso-erp', name: 'Contoso Legacy ERP', offerNames: ['Contoso Legacy ERP'], origin: 'partner' } as RetirementRule;
  expect(splitNameHint([partner]).test('Contoso ')).toBe(true);
  expect(splitNameHint().test('Contoso ')).toBe(false);
});

test('regex characters in names are taken literally', () => {
  const partner = { ...SEED_RULES[0]!, id: 'odd', name: 'C++ Suite', offerNames: ['(Legacy) C++ Suite'], origin: 'partner' } as RetirementRule;
  expect(() => splitNameHint([partner])).not.toThrow();
  expect(splitNameHint([partner]).test('Legacy')).toBe(true);
});

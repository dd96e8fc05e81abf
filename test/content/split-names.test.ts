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

test('the hint answers as "a proper beginning of a retired name" does, on random and tricky texts', () => {
  const names = [...new Set(SEED_RULES.flatMap((rule) => rule.offerNames.map((n) => n.replace(/\s+/gu, ' ').trim().toLowerCase())))];
  const reference = (text: string) => {
    const start = text.replace(/\s+/gu, ' ').trim().toLowerCase();
    return start.length >= 2 && names.some((name) => name.length > start.length && name.startsWith(start));
  };
  const hint = splitNameHint();
  const samples = ['', ' ', '\u00a0Dy', '\tMICROSOFT  dynamics', 'İstanbul', 'Σ', 'dynamics ax enterprise', 'Row 1 of 5000', 'Expires on 2027-01-01', '\ud835\udc03ynamics'];
  for (const name of names) for (let n = 0; n <= name.length; n++) samples.push(name.slice(0, n), ` ${name.slice(0, n).toUpperCase()} `, name.slice(0, n).replace(/ /g, '\u00a0 '));
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const alphabet = 'dDyYnNaAmMiIcCsS  \u00a0\t-İΣ';
  for (let i = 0; i < 2000; i++) samples.push(Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
  for (const text of samples) expect(hint(text), JSON.stringify(text)).toBe(reference(text));
});

import { describe, expect, it } from 'vitest';
import en from '../../_locales/en/messages.json' with { type: 'json' };
import fr from '../../_locales/fr/messages.json' with { type: 'json' };
import { matchRetiredSku } from '../../src/core/catalog.ts';
import { RULE_LIMITS, validateRetirementRule, validateRetirementRules } from '../../src/core/catalog-validate.ts';

const good = {
  id: 'o365-e4',
  family: 'Office 365',
  name: 'Office 365 Enterprise E4',
  offerNames: ['Office 365 Enterprise E4', 'Office 365 E4'],
  targets: [
    {
      id: 'm365-e5',
      name: 'Microsoft 365 E5',
      catalogNames: ['Microsoft 365 E5'],
      licenseNames: ['Microsoft 365 E5'],
      skuPartNumbers: ['SPE_E5'],
    },
  ],
  retiredOn: '2017-07-01',
};

describe('validateRetirementRule', () => {
  it("accepts a well-formed partner rule, cleans it and marks it as the partner's", () => {
    const result = validateRetirementRule({
      ...good,
      id: '  o365-e4 ',
      name: '  Office 365\u00a0 Enterprise E4 ',
      offerNames: [' Office 365 E4 ', 'Office 365 E4'],
      origin: 'seed',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rule).toMatchObject({ id: 'o365-e4', name: 'Office 365 Enterprise E4', offerNames: ['Office 365 E4'], origin: 'partner' });
    expect(result.rule.retiredOn).toBe('2017-07-01');
    expect(result.rule.noRenewalFrom).toBeUndefined();
  });

  it('a validated rule works in the matcher', () => {
    const result = validateRetirementRule(good);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(matchRetiredSku('Office 365 E4 – 10 licenses', [result.rule])?.rule.id).toBe('o365-e4');
  });

  it('defaults missing target name lists to empty lists', () => {
    const result = validateRetirementRule({ ...good, targets: [{ id: 'x-1', name: 'Dynamics 365 Finance' }] });
    expect(result.ok && result.rule.targets[0]).toEqual({ id: 'x-1', name: 'Dynamics 365 Finance', catalogNames: [], licenseNames: [], skuPartNumbers: [] });
  });

  it.each<[string, unknown, string]>([
    ['not an object', 'rule', 'must be an object'],
    ['an array', [good], 'must be an object'],
    ['no id', { ...good, id: undefined }, 'id: is required'],
    ['an id with spaces', { ...good, id: 'my rule' }, 'id: use lower-case'],
    ['an upper-case id', { ...good, id: 'AX' }, 'id: use lower-case'],
    ['an endless id', { ...good, id: 'a'.repeat(65) }, 'id: use lower-case'],
    ['no family', { ...good, family: '' }, 'family: must be a text'],
    ['a non-text name', { ...good, name: 42 }, 'name: must be a text'],
    ['no offer names', { ...good, offerNames: [] }, 'offerNames: must contain at least one name'],
    ['offer names that are not a list', { ...good, offerNames: 'Office 365 E4' }, 'offerNames: must be a list'],
    ['too many offer names', { ...good, offerNames: Array.from({ length: RULE_LIMITS.offerNames + 1 }, (_, i) => `Name ${i}`) }, 'offerNames: must be a list of at most 50'],
    ['a vague offer name', { ...good, offerNames: ['E4'] }, 'offerNames[0]: needs at least 3 letters or digits'],
    ['punctuation as a name', { ...good, offerNames: ['- / -'] }, 'offerNames[0]: needs at least 3'],
    ['a huge offer name', { ...good, offerNames: ['x'.repeat(201)] }, 'offerNames[0]: must be a text of 1 to 200'],
    ['an impossible date', { ...good, retiredOn: '2017-02-30' }, 'retiredOn: must be a date'],
    ['a date in another format', { ...good, noRenewalFrom: '07/01/2017' }, 'noRenewalFrom: must be a date'],
    ['targets that are not a list', { ...good, targets: {} }, 'targets: must be a list'],
    ['too many targets', { ...good, targets: Array.from({ length: 11 }, () => good.targets[0]) }, 'targets: must be a list of at most 10'],
    ['a target without a name', { ...good, targets: [{ id: 'x' }] }, 'targets[0].name: is required'],
    ['a target name list with a number', { ...good, targets: [{ ...good.targets[0], licenseNames: [7] }] }, 'targets[0].licenseNames[0]: must be a text'],
    ['a note key with spaces', { ...good, noteKey: 'my note' }, 'noteKey: must be a message key'],
  ])('rejects %s with a clear message', (_label, input, message) => {
    const result = validateRetirementRule(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.join('\n')).toContain(message);
    for (const issue of result.issues) {
      // Every issue can be shown in the UI: its key exists in both locales.
      expect(en).toHaveProperty(issue.key);
      expect(fr).toHaveProperty(issue.key);
    }
  });

  it('reports every problem at once, not just the first', () => {
    const result = validateRetirementRule({ id: 'Bad Id', family: '', name: '', offerNames: ['ok name', 'x'], retiredOn: 'soon' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path)).toEqual(['id', 'family', 'name', 'offerNames[1]', 'retiredOn']);
  });

  it('never throws on hostile input', () => {
    const hostile: unknown[] = [null, undefined, 0, NaN, Symbol('x'), () => 1, new Proxy({}, {}), Object.create(null), { offerNames: new Array(1e6) }];
    for (const input of hostile) expect(() => validateRetirementRule(input)).not.toThrow();
    expect(validateRetirementRule({ ...good, offerNames: new Array(1e6) }).ok).toBe(false);
  });
});

describe('validateRetirementRules (an imported list)', () => {
  it('accepts a list of valid rules', () => {
    const result = validateRetirementRules([good, { ...good, id: 'other' }]);
    expect(result.ok && result.rules.map((r) => r.id)).toEqual(['o365-e4', 'other']);
  });

  it('rejects duplicate ids and says where', () => {
    const result = validateRetirementRules([good, good]);
    expect(!result.ok && result.errors).toEqual(['rules[1].id: the id "o365-e4" is used twice']);
  });

  it('prefixes each problem with the rule it is in', () => {
    const result = validateRetirementRules([good, { ...good, id: 'x', offerNames: ['E4'] }]);
    expect(!result.ok && result.errors).toEqual(['rules[1].offerNames[0]: needs at least 3 letters or digits to identify a product']);
  });

  it('rejects something that is not a list, or a list too long to run on every text node', () => {
    expect(validateRetirementRules({ rules: [] }).ok).toBe(false);
    expect(validateRetirementRules(Array.from({ length: RULE_LIMITS.rules + 1 }, (_, i) => ({ ...good, id: `r${i}` }))).ok).toBe(false);
  });
});

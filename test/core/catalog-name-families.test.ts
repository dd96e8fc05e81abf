import { describe, expect, it } from 'vitest';
import { matchRetiredSku, type RetirementRule } from '../../src/core/catalog.ts';
import { compileNames } from '../../src/core/catalog-matcher.ts';

/**
 * Retired names as families: every combination of the parts a partner may meet (brand, add-on,
 * connector, base, edition, suffix), each also re-spelled the way pages and copies mangle text.
 */

/** Every combination of the parts, joined. */
function combine(...parts: readonly (readonly string[])[]): string[] {
  return parts.reduce<string[]>((names, options) => names.flatMap((name) => options.map((option) => name + option)), ['']);
}

/** The same name as pages show it: upper case, other spaces, other dashes, invisible characters. */
const RESPELLINGS: ReadonlyArray<[string, (name: string) => string]> = [
  ['as written', (n) => n],
  ['upper case', (n) => n.toUpperCase()],
  ['lower case', (n) => n.toLowerCase()],
  ['no-break spaces', (n) => n.replace(/ /g, '\u00a0')],
  ['ideographic and thin spaces', (n) => n.replace(/ /g, (_s, i: number) => (i % 2 === 0 ? '\u3000' : '\u2009'))],
  ['non-breaking hyphens and en dashes', (n) => n.replace(/-/g, '\u2011').replace(/ \(/g, ' \u2013 (')],
  ['zero-width spaces and soft hyphens', (n) => n.replace(/ice/g, 'i\u200bce').replace(/Online/g, 'On\u00adline')],
  ['doubled spaces and a line break', (n) => n.replace(/ /g, '  ').replace(/ {2}for /, '\nfor ')],
];

function expectFamily(names: readonly string[], ruleId: string, wholeNameMatched = true): void {
  const wrong: string[] = [];
  for (const name of names) {
    for (const [how, respell] of RESPELLINGS) {
      const text = respell(name);
      const match = matchRetiredSku(text);
      if (match?.rule.id !== ruleId) wrong.push(`${JSON.stringify(text)} (${how}) → ${match?.rule.id ?? 'null'}`);
      else if (wholeNameMatched && match.text !== text.trim()) wrong.push(`${JSON.stringify(text)} (${how}) matched only ${JSON.stringify(match.text)}`);
    }
  }
  expect(wrong).toEqual([]);
}

const BRAND = ['', 'Microsoft '];
const SUFFIXES = ['', ' (Government Pricing)', ' Add-On to Office 365', ' for Government'];
const EDITIONS = ['', ' Professional', ' Enterprise', ' Basic', ' Essential'];

describe('add-on offer names: the add-on first, the base edition after it', () => {
  const connectors = [' Add-On for ', ' Add-on for ', ' Add On for ', ' AddOn for ', ' add-on for '];
  const bases = ['Microsoft Dynamics CRM Online', 'Dynamics CRM Online', 'CRM Online'];

  it.each([
    ['Field Service', 'crm-field-service-addon'],
    ['Project Service Automation', 'crm-project-service-addon'],
  ])('%s: every brand × connector × base × edition × suffix is the add-on, matched whole', (addOn, ruleId) => {
    const family = combine(BRAND, [addOn], connectors, bases, EDITIONS, SUFFIXES);
    expect(family).toHaveLength(2 * 5 * 3 * 5 * 4);
    expectFamily(family, ruleId);
  });

  it('the add-on in running text still wins over the edition it names', () => {
    const text = 'Subscription: 12 × Field Service Add-On for Dynamics CRM Online Professional — Expires on 7/1/2017';
    expect(matchRetiredSku(text)).toMatchObject({
      rule: { id: 'crm-field-service-addon' },
      text: 'Field Service Add-On for Dynamics CRM Online Professional',
      index: text.indexOf('Field'),
    });
  });

  it('the base-first reseller wording stays the add-on', () => {
    expectFamily(combine(BRAND, ['Dynamics CRM Online'], [' ', ' - '], ['Field Service'], ['', ' Add-On', ' User Add-on']), 'crm-field-service-addon', false);
  });
});

describe('base editions', () => {
  it.each([
    [' Professional', 'crm-professional'],
    [' Enterprise', 'crm-enterprise'],
    [' Basic', 'crm-basic'],
    [' Essential', 'crm-essential'],
    [' Essentials', 'crm-essential'],
  ])('CRM Online%s with every brand, base and suffix', (edition, ruleId) => {
    expectFamily(combine(BRAND, ['Dynamics CRM Online', 'CRM Online'], [edition], SUFFIXES), ruleId);
  });

  it.each([
    [' Enterprise', 'ax-enterprise'],
    [' Task', 'ax-task'],
    [' Self Serve', 'ax-task-self-service'],
    [' Task Self Service', 'ax-task-self-service'],
    [' Functional', 'ax-task-self-service'],
    [' Device', 'ax-device'],
  ])('Dynamics AX%s with every brand and release', (edition, ruleId) => {
    expectFamily(combine(BRAND, ['Dynamics AX', 'Dynamics AX7', 'Dynamics AX 7'], [edition], ['', ' (Government Pricing)']), ruleId);
  });

  it('"Microsoft" is optional inside a name, not only at its start', () => {
    expect(matchRetiredSku('Version d’essai de Dynamics AX7')?.rule.id).toBe('ax-user-trial');
    expect(matchRetiredSku('Version d’essai de Microsoft Dynamics AX7')?.rule.id).toBe('ax-user-trial');
  });
});

describe('current products of the same words are never retired', () => {
  it("Dynamics 365 names built from the retired names' words", () => {
    const current = [
      ...combine(
        BRAND,
        ['Dynamics 365 '],
        ['', 'for '],
        ['Field Service', 'Project Service Automation', 'Sales Professional', 'Customer Service Enterprise', 'Team Members', 'Customer Engagement Plan', 'Operations - Device'],
        ['', ' Enterprise Edition', ' for Government', ' Attach to Qualifying Dynamics 365 Base Offer', ' (Government Pricing)'],
      ),
      ...combine(
        ['Field Service', 'Project Service Automation', 'Contact Center'],
        [' Add-On for ', ' Add-on for '],
        ['Dynamics 365 Sales', 'Dynamics 365 Customer Engagement Plan', 'Customer Service Enterprise', 'Microsoft Dynamics 365 Sales Professional'],
      ),
    ];
    const wrong: string[] = [];
    for (const name of current) for (const [how, respell] of RESPELLINGS) if (matchRetiredSku(respell(name))) wrong.push(`${name} (${how})`);
    expect(wrong).toEqual([]);
  });
});

describe('overlapping names: the most specific wins', () => {
  const names = compileNames([
    { name: 'Contoso Suite', value: 'suite' },
    { name: 'Suite Analytics Add-On', value: 'add-on' },
  ]);

  it('a longer name starting inside a shorter one wins', () => {
    expect(names.find('Contoso Suite Analytics Add-On')).toMatchObject({ values: ['add-on'], text: 'Suite Analytics Add-On', index: 8 });
  });

  it('an equally specific later name does not replace the first one', () => {
    const equal = compileNames([
      { name: 'Contoso Suite', value: 'suite' },
      { name: 'Suite Pro', value: 'pro' },
    ]);
    expect(equal.find('Contoso Suite Pro')).toMatchObject({ values: ['suite'], text: 'Contoso Suite', index: 0 });
  });

  it('names that do not overlap: the first one in the text', () => {
    expect(names.find('Contoso Suite, and later Suite Analytics Add-On')?.values).toEqual(['suite']);
  });

  it('a match further on, past the first one, neither replaces it nor stops a later overlap from winning', () => {
    const three = compileNames([
      { name: 'Contoso Suite', value: 'suite' },
      { name: 'Suite Analytics Add-On', value: 'add-on' },
      { name: 'Analytics', value: 'analytics' },
    ]);
    // "Analytics" starts inside "Contoso Suite Analytics…" only once the add-on is the match: fewer words, it loses.
    expect(three.find('Contoso Suite Analytics Add-On')).toMatchObject({ values: ['add-on'], index: 8 });
    expect(three.find('Analytics, then Contoso Suite')?.values).toEqual(['analytics']);
  });

  it('one search does not leave state for the next (a long text, then a short one)', () => {
    expect(names.find('Contoso Suite Analytics Add-On, and again Contoso Suite Analytics Add-On')?.index).toBe(8);
    expect(names.find('Contoso Suite')).toMatchObject({ values: ['suite'], index: 0 });
    expect(names.find('Suite Analytics Add-On')).toMatchObject({ values: ['add-on'], index: 0 });
  });

  it('partner rules: an add-on sharing a word with its base edition is the add-on', () => {
    const rule = (id: string, offerNames: string[]): RetirementRule => ({ id, family: 'Office 365', name: offerNames[0]!, offerNames, targets: [], origin: 'partner' });
    const rules = [rule('e4', ['Office 365 E4']), rule('e4-audio', ['E4 Audio Conferencing Add-On'])];
    expect(matchRetiredSku('Office 365 E4 Audio Conferencing Add-On', rules)?.rule.id).toBe('e4-audio');
    expect(matchRetiredSku('Office 365 E4 (25 seats)', rules)?.rule.id).toBe('e4');
  });
});

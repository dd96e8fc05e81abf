import { describe, expect, it } from 'vitest';
import { SEED_RULES, TARGETS, effectiveRules, matchRetiredSku, matchTargetProduct, type RetirementRule } from '../../src/core/catalog.ts';

const idOf = (name: string, rules?: readonly RetirementRule[]) => matchRetiredSku(name, rules)?.rule.id ?? null;

describe('seed rules: the article table as data', () => {
  it('holds the ten rows of the table with their targets in the article order', () => {
    const table = Object.fromEntries(SEED_RULES.map((r) => [r.id, r.targets.map((t) => t.id)]));
    expect(table).toMatchObject({
      'ax-enterprise': ['d365-unified-operations', 'd365-plan'],
      'ax-task': ['d365-activity'],
      'ax-task-self-service': ['d365-team-members'],
      'ax-device': ['d365-operations-device'],
      'crm-enterprise': ['d365-customer-engagement-plan'],
      'crm-professional': ['d365-customer-engagement-plan', 'd365-sales', 'd365-customer-service'],
      'crm-basic': ['d365-team-members', 'd365-sales', 'd365-customer-service', 'd365-customer-engagement-plan'],
      'crm-essential': ['d365-team-members'],
      'crm-field-service-addon': ['d365-customer-engagement-plan', 'd365-field-service'],
      'crm-project-service-addon': ['d365-customer-engagement-plan', 'd365-project-service-automation'],
    });
  });

  it('dates every seed rule: retired 2016-11-01, no renewal from 2017-07-01', () => {
    for (const rule of SEED_RULES) {
      expect(rule.retiredOn).toBe('2016-11-01');
      expect(rule.noRenewalFrom).toBe('2017-07-01');
      expect(rule.origin).toBe('seed');
      expect(['Dynamics AX', 'Dynamics CRM Online']).toContain(rule.family);
    }
  });

  it('keeps add-ons without a listed replacement as retired, with no target and a note', () => {
    const addOns = SEED_RULES.filter((r) => r.targets.length === 0).map((r) => r.id);
    expect(addOns).toEqual(expect.arrayContaining(['ax-additional-storage', 'ax-sandbox', 'crm-additional-storage', 'crm-additional-production-instance', 'crm-additional-non-production-instance']));
    for (const rule of SEED_RULES.filter((r) => r.targets.length === 0)) {
      expect(rule.noteKey).toBe('catalog_note_no_direct_replacement');
    }
  });

  it('ids are unique and the seed cannot be mutated by a caller', () => {
    expect(new Set(SEED_RULES.map((r) => r.id)).size).toBe(SEED_RULES.length);
    expect(Object.isFrozen(SEED_RULES)).toBe(true);
    expect(Object.isFrozen(SEED_RULES[0]!.offerNames)).toBe(true);
  });
});

describe('matchRetiredSku: the names partners see', () => {
  // Offer names of the legacy CSP catalog (shared/notes/partner-center.md, "Offer names").
  const offerNames: [string, string][] = [
    ['Dynamics AX Enterprise', 'ax-enterprise'],
    ['Dynamics AX7 Enterprise', 'ax-enterprise'],
    ['Microsoft Dynamics AX Enterprise', 'ax-enterprise'],
    ['Dynamics AX Task', 'ax-task'],
    ['Dynamics AX Self Serve', 'ax-task-self-service'],
    ['Dynamics AX Self-Serve', 'ax-task-self-service'],
    ['Dynamics AX Task/Self Service', 'ax-task-self-service'],
    ['Dynamics AX Functional', 'ax-task-self-service'],
    ['Dynamics AX Device', 'ax-device'],
    ['Dynamics AX Additional Storage', 'ax-additional-storage'],
    ['Dynamics AX Sandbox Tier 1: Developer & Test Instance', 'ax-sandbox'],
    ['Dynamics AX Sandbox Tier 2: Standard Acceptance Testing', 'ax-sandbox'],
    ['Dynamics AX Sandbox Tier 3: Premier Acceptance Testing', 'ax-sandbox'],
    ['Dynamics AX Sandbox Tier 4: Standard Performance Testing', 'ax-sandbox'],
    ['Dynamics AX Sandbox Tier 5: Premier Performance Testing', 'ax-sandbox'],
    ['Microsoft Dynamics AX7 User Trial', 'ax-user-trial'],
    ['Microsoft Dynamics CRM Online Enterprise', 'crm-enterprise'],
    ['Microsoft Dynamics CRM Online Professional', 'crm-professional'],
    ['Microsoft Dynamics CRM Online Professional (Government Pricing)', 'crm-professional'],
    ['Microsoft Dynamics CRM Online Professional Add-On to Office 365', 'crm-professional'],
    ['Microsoft Dynamics CRM Online Professional Add On to Office 365 (Government Pricing)', 'crm-professional'],
    ['Microsoft Dynamics CRM Online Basic', 'crm-basic'],
    ['Microsoft Dynamics CRM Online Basic (Government Pricing)', 'crm-basic'],
    ['Microsoft Dynamics CRM Online Essential', 'crm-essential'],
    ['Microsoft Dynamics CRM Online Essential (Government Pricing)', 'crm-essential'],
    ['Field Service Add-On for Microsoft Dynamics CRM Online', 'crm-field-service-addon'],
    ['Project Service Automation Add-On for Microsoft Dynamics CRM Online', 'crm-project-service-addon'],
    // Reseller catalog wording seen for the same add-ons.
    ['Microsoft Dynamics CRM Online - Project Service Automation User Add-on Government', 'crm-project-service-addon'],
    ['Microsoft Dynamics CRM Online Project Service Automation Add-On', 'crm-project-service-addon'],
    ['Microsoft Dynamics CRM Online - Field Service User Add-on', 'crm-field-service-addon'],
    ['Microsoft Dynamics CRM Online Field Service Add-On', 'crm-field-service-addon'],
    ['Microsoft Dynamics CRM Online Additional Storage', 'crm-additional-storage'],
    ['Microsoft Dynamics CRM Online Additional Production Instance', 'crm-additional-production-instance'],
    ['Microsoft Dynamics CRM Online Additional Non-Production Instance', 'crm-additional-non-production-instance'],
  ];
  // Entra license product names of the legacy SKUs ("Product names and service plan identifiers").
  const licenseNames: [string, string][] = [
    ['Microsoft Dynamics CRM Online', 'crm-professional'], // CRMSTANDARD
    ['MICROSOFT DYNAMICS CRM ONLINE', 'crm-professional'],
    ['Microsoft Dynamics CRM Online for Government', 'crm-professional'], // CRMSTANDARD_GCC
    ['Microsoft Dynamics CRM Online Basic', 'crm-basic'], // CRMPLAN2
    ['Microsoft Dynamics CRM Online Basic for Government', 'crm-basic'], // CRMPLAN2_GCC
    ['Microsoft Dynamics CRM Online Enterprise', 'crm-enterprise'], // CRMENTERPRISE (older lists)
    ['MICROSOFT DYNAMICS CRM ONLINE BASIC', 'crm-basic'], // French list: not translated
    ['Version d’essai de Microsoft Dynamics AX7', 'ax-user-trial'], // AX7_USER_TRIAL, French list
  ];

  it.each([...offerNames, ...licenseNames])('%s → %s', (name, id) => {
    const match = matchRetiredSku(name);
    expect(match?.rule.id).toBe(id);
  });

  it('reports the matched text (suffix included) and where it is', () => {
    const line = 'Subscription: Dynamics AX Enterprise – 25 licenses';
    expect(matchRetiredSku(line)).toMatchObject({ text: 'Dynamics AX Enterprise', index: line.indexOf('Dynamics') });
    const gov = 'Microsoft Dynamics CRM Online Basic (Government Pricing) x 3';
    expect(matchRetiredSku(gov)).toMatchObject({ text: 'Microsoft Dynamics CRM Online Basic (Government Pricing)', index: 0 });
  });

  it('survives case, Unicode spaces, dashes, zero-width and full-width characters', () => {
    const variants: [string, string][] = [
      ['dynamics ax enterprise', 'ax-enterprise'],
      ['DYNAMICS  AX   ENTERPRISE', 'ax-enterprise'],
      ['Dynamics\u00a0AX\u00a0Enterprise', 'ax-enterprise'],
      ['Dynamics\u202fAX\u2009Enterprise', 'ax-enterprise'],
      ['Dynamics\tAX\nEnterprise', 'ax-enterprise'],
      ['Dyna\u200bmics AX Enter\u00adprise', 'ax-enterprise'],
      ['\uff24\uff59\uff4e\uff41\uff4d\uff49\uff43\uff53 \uff21\uff38 \uff24\uff45\uff56\uff49\uff43\uff45', 'ax-device'],
      ['Dynamics AX Self\u2011Serve', 'ax-task-self-service'],
      ['Microsoft Dynamics CRM Online Professional Add\u2013On to Office\u00a0365', 'crm-professional'],
      ['Microsoft Dynamics CRM Online Non\u2010Production', 'none'],
      ['Microsoft Dynamics CRM Online Additional Non\u2010Production Instance', 'crm-additional-non-production-instance'],
      ['\u201cMicrosoft Dynamics CRM Online Basic\u201d', 'crm-basic'],
      ['MicrosoftDynamicsAX Enterprise', 'ax-enterprise'], // NBSP lost by a copy, as in the seed article
    ];
    for (const [name, id] of variants) expect(idOf(name), name).toBe(id === 'none' ? null : id);
  });

  it('finds the name inside longer text and reports the original substring', () => {
    const text = 'Licences : 12 × Microsoft\u00a0Dynamics CRM Online Essential (Government Pricing) — expire le 3/1/2017';
    const match = matchRetiredSku(text);
    expect(match?.rule.id).toBe('crm-essential');
    expect(match?.text).toBe('Microsoft\u00a0Dynamics CRM Online Essential (Government Pricing)');
    expect(text.slice(match!.index, match!.index + match!.text.length)).toBe(match!.text);
  });

  it('prefers the most specific name at the same place', () => {
    expect(idOf('Dynamics AX Task')).toBe('ax-task');
    expect(idOf('Dynamics AX Task Self Serve')).toBe('ax-task-self-service');
    expect(idOf('Microsoft Dynamics CRM Online Basic')).toBe('crm-basic');
    expect(idOf('Microsoft Dynamics CRM Online Additional Storage')).toBe('crm-additional-storage');
  });

  it('does not read an unknown CRM Online product as Professional', () => {
    for (const name of [
      'Microsoft Dynamics CRM Online Portal',
      'Microsoft Dynamics CRM Online Instance', // service plan of today's Additional Production Instance
      'Microsoft Dynamics CRM Online Storage Add-On', // service plan of today's Additional Database Storage
      'Microsoft Dynamics CRM Online Additional Test Instance',
      'Microsoft Dynamics CRM Online subscriptions are retired',
    ]) {
      expect(idOf(name), name).toBeNull();
    }
  });

  it('never matches a current product', () => {
    const current = [
      'Dynamics 365 for Operations, Enterprise Edition',
      'Dynamics 365 UNF OPS Plan ENT Edition',
      'Dynamics 365 Team Members',
      'Dynamics 365 for Team Members Enterprise Edition',
      'Dynamics 365 Operations - Device',
      'Dynamics 365 Operations – Activity',
      'Dynamics 365 Customer Engagement Plan',
      'Dynamics 365 for Sales Professional',
      'Dynamics 365 Customer Service Professional',
      'Dynamics 365 Business Central Essentials',
      'Dynamics 365 Business Central Team Members',
      'Dynamics 365 - Additional Production Instance (Qualified Offer)',
      'Dynamics 365 - Additional Non-Production Instance (Qualified Offer)',
      'Dynamics 365 - Additional Database Storage (Qualified Offer)',
      'Dynamics 365 Operations - Sandbox Tier 2:Standard Acceptance Testing',
      'Dynamics 365 Project Operations',
      'Microsoft 365 Business Basic',
      'Project Online Essentials',
      'Project Plan 1',
      'Office 365 E3',
      'Exchange Online (Plan 1)',
      'Microsoft Power Automate Plan 2',
      'Tax, max and fax for Relax Inc.',
      'Axe Enterprise CRMs online',
    ];
    for (const name of current) expect(idOf(name), name).toBeNull();
  });

  it('returns null for empty or non-string input instead of throwing', () => {
    expect(matchRetiredSku('')).toBeNull();
    expect(matchRetiredSku(undefined as unknown as string)).toBeNull();
    expect(matchRetiredSku(42 as unknown as string)).toBeNull();
  });
});

describe('partner rules', () => {
  const e4: RetirementRule = {
    id: 'o365-e4',
    family: 'Office 365',
    name: 'Office 365 Enterprise E4',
    offerNames: ['Office 365 Enterprise E4', 'Office 365 E4'],
    targets: [],
    origin: 'partner',
  };

  it('recognises a partner rule and keeps the seed rules', () => {
    const rules = [e4];
    expect(idOf('Office 365 Enterprise E4 (Government Pricing)', rules)).toBe('o365-e4');
    expect(idOf('Office 365 E4', rules)).toBe('o365-e4');
    expect(idOf('Office 365 E3', rules)).toBeNull();
    expect(idOf('Dynamics AX Device', rules)).toBe('ax-device');
  });

  it('takes precedence over the seed, wherever it is in the text', () => {
    const mine: RetirementRule = { ...e4, id: 'my-ax', offerNames: ['Dynamics AX Device'], name: 'My AX' };
    expect(idOf('Dynamics AX Device', [mine])).toBe('my-ax');
    expect(idOf('Dynamics AX Enterprise then Office 365 E4', [e4])).toBe('o365-e4');
  });

  it('replaces the seed rule that has the same id', () => {
    const override: RetirementRule = { ...SEED_RULES.find((r) => r.id === 'ax-device')!, offerNames: ['Dynamics AX Kiosk'], origin: 'partner' };
    const rules = [override];
    expect(idOf('Dynamics AX Device', rules)).toBeNull();
    expect(matchRetiredSku('Dynamics AX Kiosk', rules)?.rule.origin).toBe('partner');
    expect(effectiveRules(rules).filter((r) => r.id === 'ax-device')).toEqual([override]);
  });

  it('compiles a rule array once and reuses it (same array, same answers)', () => {
    const rules = [e4];
    const first = matchRetiredSku('Office 365 E4', rules);
    const second = matchRetiredSku('Office 365 E4', rules);
    expect(second?.rule).toBe(first?.rule);
  });
});

describe('matchTargetProduct: a target under every name it carries', () => {
  const targets = Object.values(TARGETS);
  const cases = targets.flatMap((t) => [t.name, `Microsoft ${t.name}`, ...t.catalogNames, ...t.licenseNames, ...t.skuPartNumbers].map((name) => [name, t.id] as const));

  it.each(cases)('%s → %s', (name, id) => {
    const match = matchTargetProduct(name);
    expect(match, name).not.toBeNull();
    expect(match!.targets.map((t) => t.id)).toContain(id);
  });

  it('recognises the French license names the admin portals show', () => {
    const french: [string, string][] = [
      ['DYNAMICS 365 POUR LES VENTES, ÉDITION ENTREPRISE', 'd365-sales'],
      ['DYNAMICS 365 POUR LA GESTION DE LA CHAÎNE LOGISTIQUE', 'd365-unified-operations'],
      ['DYNAMICS 365 POUR LES MEMBRE DE L’ÉQUIPE, ÉDITION ENTREPRISE', 'd365-team-members'],
      ['Dynamics 365 Operations – Appareil', 'd365-operations-device'],
      ['Dynamics 365 for Customer Service, édition Entreprise', 'd365-customer-service'],
    ];
    for (const [name, id] of french) expect(matchTargetProduct(name)?.target.id, name).toBe(id);
    expect(matchTargetProduct('DYNAMICS 365 POUR LES VENTES ET LE SERVICE CLIENT, ÉDITION ENTREPRISE')?.targets.map((t) => t.id)).toEqual(['d365-sales', 'd365-customer-service']);
    expect(matchRetiredSku('DYNAMICS 365 POUR LES VENTES, ÉDITION ENTREPRISE')).toBeNull();
  });

  it('names both targets of the Sales and Customer Service bundle', () => {
    const match = matchTargetProduct('Dynamics 365 for Sales and Customer Service Enterprise Edition');
    expect(match?.targets.map((t) => t.id)).toEqual(['d365-sales', 'd365-customer-service']);
  });

  it("recognises the seed example and today's names inside longer text", () => {
    expect(matchTargetProduct('the new Dynamics\u00a0365 for Operations, Enterprise Edition (10)')?.target.id).toBe('d365-unified-operations');
    expect(matchTargetProduct('DYN365_FINANCE')?.target.id).toBe('d365-unified-operations');
    expect(matchTargetProduct('Dynamics 365 Operations - Device')?.target.id).toBe('d365-operations-device');
    expect(matchTargetProduct('Dynamics 365 for Operations')?.target.id).toBe('d365-unified-operations');
  });

  it('does not mistake other products for a target', () => {
    for (const name of [
      'Dynamics 365 Business Central Team Members',
      'Dynamics 365 for Team Members Business Edition',
      'Dynamics 365 Operations - Sandbox Tier 2:Standard Acceptance Testing',
      'Dynamics_365_for_Operations_Sandbox_Tier2_SKU',
      'Microsoft Dynamics CRM Online',
      'Dynamics AX Enterprise',
      'Microsoft 365 Business Basic',
    ]) {
      expect(matchTargetProduct(name), name).toBeNull();
    }
  });
});

describe('rule-set compilation cache', () => {
  it('an equal rule array rebuilt by the caller gives the same answers', () => {
    const make = (): RetirementRule[] => [{ id: 'p1', family: 'Office 365', name: 'Office 365 E4', offerNames: ['Office 365 E4'], targets: [], origin: 'partner' }];
    const first = matchRetiredSku('Office 365 E4', make());
    const second = matchRetiredSku('Office 365 E4', make());
    expect(second?.rule).toEqual(first?.rule);
    const changed = make();
    changed[0]!.offerNames = ['Office 365 E4 Plus'];
    expect(matchRetiredSku('Office 365 E4 Plus', changed)?.rule.offerNames).toEqual(['Office 365 E4 Plus']);
  });
});

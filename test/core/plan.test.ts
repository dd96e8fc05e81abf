import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SEED_RULES, type RetirementRule } from '../../src/core/catalog.ts';
import { customerPlanNeeds, isAddOnRule, planMigration, type PlanLine } from '../../src/core/plan.ts';

const PRO = 'Microsoft Dynamics CRM Online Professional';
const FIELD = 'Field Service Add-On for Microsoft Dynamics CRM Online';
const PSA = 'Project Service Automation Add-On for Microsoft Dynamics CRM Online';

/** Lines as (target id, licenses, rule ids) for readable assertions. */
const brief = (lines: PlanLine[] | null) => lines?.map((l) => ({ target: l.target.id, licenses: l.licenses, rules: l.replaces.map((r) => r.ruleId), basis: l.licenseBasis })) ?? null;

describe('planMigration: one-to-one', () => {
  it('moves each retired SKU to its recommended target with as many licenses as seats', () => {
    const plan = planMigration([
      { name: 'Dynamics AX Enterprise', quantity: 20 },
      { name: 'Dynamics AX Task', quantity: 30 },
      { name: 'Dynamics AX Self Serve', quantity: 8 },
      { name: 'Dynamics AX Device', quantity: 4 },
    ]);
    expect(brief(plan.oneToOne)).toEqual([
      { target: 'd365-unified-operations', licenses: 20, rules: ['ax-enterprise'], basis: 'seats' },
      { target: 'd365-activity', licenses: 30, rules: ['ax-task'], basis: 'seats' },
      { target: 'd365-team-members', licenses: 8, rules: ['ax-task-self-service'], basis: 'seats' },
      { target: 'd365-operations-device', licenses: 4, rules: ['ax-device'], basis: 'seats' },
    ]);
    expect(plan.consolidated).toBeNull();
  });

  it('adds up two subscriptions of the same SKU (different users) and keeps both as evidence', () => {
    const plan = planMigration([
      { name: 'Dynamics AX Enterprise', quantity: 20 },
      { name: 'Dynamics AX7 Enterprise', quantity: 5 },
    ]);
    expect(brief(plan.oneToOne)).toEqual([{ target: 'd365-unified-operations', licenses: 25, rules: ['ax-enterprise', 'ax-enterprise'], basis: 'seats' }]);
    expect(plan.oneToOne[0]?.replaces.map((r) => r.name)).toEqual(['Dynamics AX Enterprise', 'Dynamics AX7 Enterprise']);
    expect(plan.consolidated).toBeNull();
  });

  it('keeps the name exactly as seen', () => {
    const plan = planMigration([{ name: '  microsoft dynamics crm online PROFESSIONAL (Government Pricing) ', quantity: 3 }]);
    expect(plan.oneToOne[0]?.replaces[0]).toEqual({ ruleId: 'crm-professional', name: '  microsoft dynamics crm online PROFESSIONAL (Government Pricing) ', quantity: 3 });
  });
});

describe('planMigration: consolidated', () => {
  it('puts CRM Professional and its Field Service and Project Service add-ons on one Customer Engagement Plan', () => {
    const plan = planMigration([
      { name: PRO, quantity: 25 },
      { name: FIELD, quantity: 10 },
      { name: PSA, quantity: 5 },
    ]);
    // One-to-one: one line for the shared target, every subscription's seats added up (25 + 10 + 5).
    expect(brief(plan.oneToOne)).toEqual([
      {
        target: 'd365-customer-engagement-plan',
        licenses: 40,
        rules: ['crm-professional', 'crm-field-service-addon', 'crm-project-service-addon'],
        basis: 'seats',
      },
    ]);
    // Add-on holders are base users: the 25 base seats cover them (max, not 25 + 10 + 5 = 40).
    expect(brief(plan.consolidated)).toEqual([
      {
        target: 'd365-customer-engagement-plan',
        licenses: 25,
        rules: ['crm-professional', 'crm-field-service-addon', 'crm-project-service-addon'],
        basis: 'base-covers-add-ons',
      },
    ]);
  });

  it('counts the largest add-on when it has more seats than the base seen', () => {
    const plan = planMigration([
      { name: PRO, quantity: 4 },
      { name: FIELD, quantity: 10 },
    ]);
    expect(plan.consolidated?.[0]?.licenses).toBe(10);
  });

  it('adds up base SKUs of different users that share a target', () => {
    const plan = planMigration([
      { name: 'Microsoft Dynamics CRM Online Enterprise', quantity: 10 },
      { name: PRO, quantity: 25 },
      { name: FIELD, quantity: 12 },
    ]);
    expect(brief(plan.consolidated)).toEqual([
      { target: 'd365-customer-engagement-plan', licenses: 35, rules: ['crm-enterprise', 'crm-professional', 'crm-field-service-addon'], basis: 'base-covers-add-ons' },
    ]);
  });

  it('adds up add-ons without a base (their holders may be different users): no other plan to offer', () => {
    const plan = planMigration([
      { name: FIELD, quantity: 10 },
      { name: PSA, quantity: 5 },
    ]);
    expect(brief(plan.oneToOne)).toEqual([{ target: 'd365-customer-engagement-plan', licenses: 15, rules: ['crm-field-service-addon', 'crm-project-service-addon'], basis: 'add-ons-only' }]);
    // Consolidating gives the same line: no choice between two identical plans.
    expect(plan.consolidated).toBeNull();
  });

  it('one product replacing several retired SKUs is one line per plan, with its count and what it replaces', () => {
    // QA: "Customer Engagement Plan × 5" and "× 9" on the same shopping list.
    const plan = planMigration([
      { name: PRO, quantity: 5 },
      { name: FIELD, quantity: 9 },
    ]);
    expect(plan.oneToOne).toHaveLength(1);
    expect(brief(plan.oneToOne)).toEqual([{ target: 'd365-customer-engagement-plan', licenses: 14, rules: ['crm-professional', 'crm-field-service-addon'], basis: 'seats' }]);
    expect(plan.oneToOne[0]?.replaces.map((r) => [r.name, r.quantity])).toEqual([
      [PRO, 5],
      [FIELD, 9],
    ]);
    expect(brief(plan.consolidated)).toEqual([{ target: 'd365-customer-engagement-plan', licenses: 9, rules: ['crm-professional', 'crm-field-service-addon'], basis: 'base-covers-add-ons' }]);
  });

  it('base SKUs of different users sharing their recommended target: one line, seats added up, nothing to consolidate', () => {
    const plan = planMigration([
      { name: 'Microsoft Dynamics CRM Online Enterprise', quantity: 10 },
      { name: PRO, quantity: 25 },
    ]);
    expect(brief(plan.oneToOne)).toEqual([{ target: 'd365-customer-engagement-plan', licenses: 35, rules: ['crm-enterprise', 'crm-professional'], basis: 'seats' }]);
    expect(plan.consolidated).toBeNull();
  });

  it('does not move distinct base users to a product that is not their recommended one', () => {
    // Basic (→ Team Members) and Professional (→ Customer Engagement Plan) share Sales and Customer
    // Service in their lists, but merging them saves no license: no consolidated plan.
    const plan = planMigration([
      { name: 'Microsoft Dynamics CRM Online Basic', quantity: 40 },
      { name: PRO, quantity: 25 },
    ]);
    expect(plan.consolidated).toBeNull();
    expect(brief(plan.oneToOne)?.map((l) => l.target)).toEqual(['d365-team-members', 'd365-customer-engagement-plan']);
  });

  it('consolidates what it can and keeps the rest one-to-one, in input order', () => {
    const plan = planMigration([
      { name: 'Dynamics AX Enterprise', quantity: 20 },
      { name: PRO, quantity: 25 },
      { name: 'Microsoft Dynamics CRM Online Basic', quantity: 40 },
      { name: FIELD, quantity: 10 },
    ]);
    expect(brief(plan.consolidated)).toEqual([
      { target: 'd365-unified-operations', licenses: 20, rules: ['ax-enterprise'], basis: 'seats' },
      { target: 'd365-customer-engagement-plan', licenses: 25, rules: ['crm-professional', 'crm-field-service-addon'], basis: 'base-covers-add-ons' },
      { target: 'd365-team-members', licenses: 40, rules: ['crm-basic'], basis: 'seats' },
    ]);
  });
});

describe('planMigration: what it cannot plan, it keeps and says', () => {
  it('separates products that are not retired, retired SKUs without a replacement, and unreadable entries', () => {
    const plan = planMigration([
      { name: 'Dynamics 365 Finance', quantity: 3 },
      { name: 'Dynamics AX Additional Storage', quantity: 2 },
      { name: '', quantity: 1 },
      { name: 'Dynamics AX Device', quantity: -1 },
      { name: 'Dynamics AX Task', quantity: 2.5 },
      { name: 'Dynamics AX Task', quantity: Number.NaN },
      null as unknown as { name: string; quantity: number },
      { name: 'Dynamics AX Task', quantity: 0 },
    ]);
    expect(plan.unmatched).toEqual([{ name: 'Dynamics 365 Finance', quantity: 3 }]);
    expect(plan.noReplacement).toEqual([{ ruleId: 'ax-additional-storage', name: 'Dynamics AX Additional Storage', quantity: 2 }]);
    expect(plan.invalid.map((i) => i.reason)).toEqual(['name', 'quantity', 'quantity', 'quantity', 'name']);
    expect(brief(plan.oneToOne)).toEqual([{ target: 'd365-activity', licenses: 0, rules: ['ax-task'], basis: 'seats' }]);
  });

  it('returns empty plans for no subscriptions', () => {
    expect(planMigration([])).toEqual({ oneToOne: [], consolidated: null, unmatched: [], noReplacement: [], invalid: [] });
  });
});

describe('planMigration: partner rules', () => {
  const target = SEED_RULES.find((r) => r.id === 'crm-professional')!.targets[1]!;
  const partnerRule: RetirementRule = {
    id: 'partner-legacy-sales-addon',
    family: 'Contoso',
    name: 'Contoso Legacy Sales Add-on',
    offerNames: ['Contoso Legacy Sales Add-on'],
    targets: [target],
    origin: 'partner',
  };

  it('plans partner-defined SKUs and recognises their add-ons by name', () => {
    expect(isAddOnRule(partnerRule)).toBe(true);
    expect(isAddOnRule(SEED_RULES.find((r) => r.id === 'crm-professional')!)).toBe(false);
    const plan = planMigration([{ name: 'Contoso Legacy Sales Add-on', quantity: 7 }], [partnerRule]);
    expect(brief(plan.oneToOne)).toEqual([{ target: target.id, licenses: 7, rules: ['partner-legacy-sales-addon'], basis: 'seats' }]);
  });
});

describe('planMigration: properties', () => {
  const names = fc.constantFrom(
    'Dynamics AX Enterprise',
    'Dynamics AX Task',
    'Dynamics AX Device',
    'Dynamics AX Self Serve',
    PRO,
    FIELD,
    PSA,
    'Microsoft Dynamics CRM Online Basic',
    'Microsoft Dynamics CRM Online Essential',
    'Microsoft Dynamics CRM Online Enterprise',
    'Dynamics AX Additional Storage',
    'Dynamics 365 Finance',
    'Office 365 E3',
  );
  const subs = fc.array(fc.record({ name: names, quantity: fc.integer({ min: 0, max: 500 }) }), { maxLength: 12 });

  it('every input entry lands in exactly one place, and consolidation never buys more', () => {
    fc.assert(
      fc.property(subs, (input) => {
        const plan = planMigration(input);
        const placed = plan.oneToOne.flatMap((l) => l.replaces).length + plan.unmatched.length + plan.noReplacement.length + plan.invalid.length;
        expect(placed).toBe(input.length);
        const total = (lines: PlanLine[]) => lines.reduce((sum, l) => sum + l.licenses, 0);
        if (plan.consolidated !== null) {
          expect(total(plan.consolidated)).toBeLessThanOrEqual(total(plan.oneToOne));
          expect(plan.consolidated.flatMap((l) => l.replaces).length).toBe(plan.oneToOne.flatMap((l) => l.replaces).length);
          expect(plan.consolidated.length).toBeLessThanOrEqual(plan.oneToOne.length);
          // Offered only when it is another plan: fewer lines or fewer licenses.
          expect(plan.consolidated.length < plan.oneToOne.length || total(plan.consolidated) < total(plan.oneToOne)).toBe(true);
        }
        // Each product to buy appears once per plan.
        for (const lines of [plan.oneToOne, plan.consolidated ?? []]) {
          const targets = lines.map((l) => l.target.id);
          expect(new Set(targets).size).toBe(targets.length);
        }
        for (const line of [...plan.oneToOne, ...(plan.consolidated ?? [])]) {
          // Never fewer licenses than the largest subscription it replaces.
          expect(line.licenses).toBeGreaterThanOrEqual(Math.max(0, ...line.replaces.map((r) => r.quantity)));
        }
      }),
    );
  });

  it('never throws on hostile entries', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ name: fc.oneof(fc.string(), fc.constant(undefined)), quantity: fc.oneof(fc.double(), fc.integer()) }), { maxLength: 10 }), (input) => {
        const plan = planMigration(input as { name: string; quantity: number }[]);
        expect(plan.oneToOne.length + plan.invalid.length + plan.unmatched.length + plan.noReplacement.length).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('customerPlanNeeds: what this customer must buy, with quantities', () => {
  const northwind = [
    { name: 'Microsoft Dynamics CRM Online Basic', quantity: 30, status: 'active' },
    { name: 'Microsoft Dynamics CRM Online Additional Storage', quantity: 5, status: 'active' },
    { name: 'Field Service Add-On for Microsoft Dynamics CRM Online', quantity: 8, status: 'active' },
    { name: 'Dynamics 365 Sales Professional', quantity: 10, status: 'active' },
  ];

  it('lists each target of the plan with its licenses, never a product the customer already holds', () => {
    const needs = customerPlanNeeds(northwind, [], null);
    expect(needs.map((n) => [n.target.id, n.licenses])).toEqual([
      ['d365-team-members', 30],
      ['d365-customer-engagement-plan', 8],
    ]);
    expect(needs[0]?.replaces.map((r) => r.name)).toEqual(['Microsoft Dynamics CRM Online Basic']);
  });

  it('follows the consolidated plan once chosen, and the one-to-one plan otherwise', () => {
    const subs = [
      { name: 'Microsoft Dynamics CRM Online Professional', quantity: 5 },
      { name: 'Field Service Add-On for Microsoft Dynamics CRM Online', quantity: 9 },
    ];
    expect(customerPlanNeeds(subs, [], 'one-to-one').map((n) => n.licenses)).toEqual([14]);
    expect(customerPlanNeeds(subs, [], null).map((n) => n.licenses)).toEqual([14]);
    expect(customerPlanNeeds(subs, [], 'consolidated').map((n) => n.licenses)).toEqual([9]);
  });

  it('leaves deleted subscriptions out, and counts suspended seats only when nothing else runs', () => {
    const subs = [
      { name: 'Dynamics AX Enterprise', quantity: 3, status: 'suspended' },
      { name: 'Dynamics AX Device', quantity: 2, status: 'active' },
      { name: 'Dynamics AX Task', quantity: 4, status: 'deleted' },
    ];
    expect(customerPlanNeeds(subs, [], null).map((n) => [n.target.id, n.licenses])).toEqual([['d365-operations-device', 2]]);
    expect(customerPlanNeeds([subs[0]!], [], null).map((n) => [n.target.id, n.licenses])).toEqual([['d365-unified-operations', 3]]);
  });

  it('gives no quantity when the seats were not read', () => {
    expect(customerPlanNeeds([{ name: 'Dynamics AX Enterprise' }], [], null).map((n) => n.licenses)).toEqual([null]);
  });
});

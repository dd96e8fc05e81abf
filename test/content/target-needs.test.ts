/**
 * The Add-subscriptions highlight marks what this customer's plan needs, with its quantity, and
 * stays short: the products the plan buys get "Needed: ×n"; other replacements get nothing; with no
 * plan, every replacement is highlighted but names at most one retired SKU in its visible text.
 */
import { describe, expect, test } from 'vitest';
import { matchTargetProduct } from '../../src/core/catalog.ts';
import { customerPlanNeeds } from '../../src/core/plan.ts';
import { needFor, replacementsOf, shortList } from '../../src/content/badge/target-replacements.ts';

const target = (name: string) => {
  const match = matchTargetProduct(name);
  if (!match) throw new Error(`not a target: ${name}`);
  return match;
};

describe("the customer's plan in the catalog", () => {
  test('AX Enterprise ×3 and AX Device ×2: Finance ×3 and Operations – Device ×2 are needed, Team Members is not', () => {
    const needs = customerPlanNeeds(
      [
        { name: 'Dynamics AX Enterprise', quantity: 3, status: 'active' },
        { name: 'Dynamics AX Device', quantity: 2, status: 'active' },
      ],
      undefined,
      null,
    );
    expect(needFor(target('Dynamics 365 Finance'), needs)).toEqual({ licenses: 3, replaces: ['Dynamics AX Enterprise'] });
    expect(needFor(target('Dynamics 365 Operations - Device'), needs)).toEqual({ licenses: 2, replaces: ['Dynamics AX Device'] });
    expect(needFor(target('Dynamics 365 Team Members'), needs)).toBeNull();
    expect(needFor(target('Dynamics 365 Sales Professional'), needs)).toBeNull();
  });

  test('a retired subscription with no seats read: needed, count unknown', () => {
    const needs = customerPlanNeeds([{ name: 'Dynamics AX Enterprise', quantity: null }], undefined, null);
    expect(needFor(target('Dynamics 365 Finance'), needs)).toEqual({ licenses: null, replaces: ['Dynamics AX Enterprise'] });
  });

  test('without a plan the visible list is one name and a count', () => {
    const { recommendedFor } = replacementsOf(target('Dynamics 365 Customer Engagement Plan'));
    expect(recommendedFor.length).toBeGreaterThan(1);
    const shown = shortList(recommendedFor);
    expect(shown).toBe(`${recommendedFor[0]} +${recommendedFor.length - 1}`);
    expect(shortList(['Dynamics AX Enterprise'])).toBe('Dynamics AX Enterprise');
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { commerceKindOfOffer, commerceKindOfPageText } from '../../src/core/commerce-kind.ts';

describe('commerceKindOfOffer: the API offerId', () => {
  it.each([
    ['5C9FD4CC-EDCE-44A8-8E91-07DF09744609', 'legacy'],
    ['031c9e47-4802-4248-838e-778fb1d2cc05', 'legacy'],
    [' 031c9e47-4802-4248-838e-778fb1d2cc05 ', 'legacy'],
    ['CFQ7TTC0LH18:0001:CFQ7TTC0K971', 'new-commerce'],
    ['CFQ7TTC0LH18:0001', 'new-commerce'],
    ['DZH318Z0BQ3Q:0007:DZH318Z0BQ3T', 'new-commerce'],
  ] as const)('%s → %s', (offerId, kind) => {
    expect(commerceKindOfOffer(offerId)).toBe(kind);
  });

  it.each([
    '',
    'Dynamics AX Enterprise',
    'cfq7ttc0lh18:0001:cfq7ttc0k971',
    'CFQ7TTC0LH18',
    'CFQ7TTC0LH1:0001',
    'SUBSCRIPTION:NAME',
    '5C9FD4CC-EDCE-44A8-8E91-07DF0974460',
    'CFQ7TTC0LH18:0001:CFQ7TTC0K971:0001',
  ])('%j → unknown', (offerId) => {
    expect(commerceKindOfOffer(offerId)).toBe('unknown');
  });

  it('returns unknown for anything that is not a string', () => {
    for (const bad of [undefined, null, 42, {}, ['CFQ7TTC0LH18:0001']]) expect(commerceKindOfOffer(bad)).toBe('unknown');
  });
});

describe('commerceKindOfPageText: what a row or details pane shows', () => {
  it.each(['Product ID: CFQ7TTC0LH18:0001:CFQ7TTC0K971', 'Dynamics 365 Sales Enterprise (CFQ7TTC0LH18:0001)', 'ID du produit : CFQ7TTC0LH18:0001'])('a new-commerce product id: %s', (text) => {
    expect(commerceKindOfPageText(text)).toBe('new-commerce');
  });

  it.each([
    // English
    ['1 month'],
    ['1 year'],
    ['3 years'],
    ['12 months'],
    ['1-year term'],
    ['Term: 1 month'],
    ['Annual commitment'],
    ['Monthly commitment'],
    ['Monthly term'],
    ['1\u2011Year term'],
    ['Term: Annual'],
    ['Term duration: Monthly'],
    ['P1Y'],
    ['P1M'],
    ['P3Y'],
    // French
    ['1 mois'],
    ['1 an'],
    ['3 ans'],
    ['Engagement annuel'],
    ['Engagement mensuel'],
    ['Durée : Mensuelle'],
    ['Durée de l’engagement : Annuel'],
    // German
    ['1 Monat'],
    ['1 Jahr'],
    ['3 Jahre'],
    ['12 Monate'],
    ['Jährliche Laufzeit'],
    ['Monatliche Verpflichtung'],
    ['Laufzeit: Jährlich'],
    // Spanish
    ['1 mes'],
    ['1 año'],
    ['3 años'],
    ['12 meses'],
    ['Compromiso anual'],
    ['Plazo mensual'],
    ['Plazo: Anual'],
    ['Duración del plazo: Mensual'],
  ])('a new-commerce term wording: %s', (text) => {
    expect(commerceKindOfPageText(text)).toBe('new-commerce');
    expect(commerceKindOfPageText(`Dynamics 365 Sales Enterprise · ${text.toUpperCase()} · Active`)).toBe('new-commerce');
  });

  it.each([
    '',
    'Dynamics AX Enterprise · Active · Expires on 12/31/2026',
    // A billing frequency alone is shown by legacy subscriptions too.
    'Billing frequency: Monthly',
    'Annual',
    'Facturation : Mensuelle',
    // GUIDs on a page are tenant and subscription ids, not proof of a legacy offer.
    'Subscription ID 5c9fd4cc-edce-44a8-8e91-07df09744609',
    '25 licenses',
    '11 months',
    'Updated 5 months ago',
    'SUBSCRIPTION:NAME',
    'Order CFQ7TTC0LH18:0001X',
  ])('nothing that says new commerce: %j → unknown', (text) => {
    expect(commerceKindOfPageText(text)).toBe('unknown');
  });

  it('never throws and answers one of the three kinds', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.anything()), (input) => {
        expect(['legacy', 'new-commerce', 'unknown']).toContain(commerceKindOfPageText(input));
        expect(['legacy', 'new-commerce', 'unknown']).toContain(commerceKindOfOffer(input));
      }),
      { numRuns: 2000 },
    );
    expect(commerceKindOfPageText('1 '.repeat(100_000))).toBe('unknown');
  });
});

import { describe, expect, test } from 'vitest';
import { stepGuidance, type GuidanceContext } from '../../../src/content/checklist/step-guidance.ts';

const ctx = (over: Partial<GuidanceContext> = {}): GuidanceContext => ({
  pageKind: 'subscriptions',
  language: 'en',
  purchases: [{ name: 'Dynamics 365 Finance', licenses: 3 }],
  retiredNames: ['Dynamics AX Enterprise'],
  targetNames: ['Dynamics 365 Finance'],
  deprovisionDays: 120,
  formatDay: (d) => `<${d}>`,
  ...over,
});

describe('stepGuidance', () => {
  test('purchase: on the subscriptions page, the button to press in the page’s language', () => {
    expect(stepGuidance({ code: 'purchase' }, ctx({ language: 'fr' }))).toEqual({
      key: 'checklist_guide_purchase_open',
      substitutions: ['“Ajouter un abonnement”'],
      link: null,
    });
  });
  test('a French UI quotes Partner Center’s words « comme ceci »', () => {
    expect(stepGuidance({ code: 'purchase' }, ctx({ language: 'fr', uiLanguage: 'fr' })).substitutions).toEqual(['«\u00a0Ajouter un abonnement\u00a0»']);
  });
  test('a German UI quotes „so“ and a Spanish one «así», whatever the region', () => {
    expect(stepGuidance({ code: 'purchase' }, ctx({ language: 'de', uiLanguage: 'de-AT' })).substitutions).toEqual(['„Abonnement hinzufügen“']);
    expect(stepGuidance({ code: 'purchase' }, ctx({ language: 'es', uiLanguage: 'es-419' })).substitutions).toEqual(['«Agregar suscripción»']);
    expect(stepGuidance({ code: 'purchase' }, ctx({ language: 'es', uiLanguage: 'it' })).substitutions).toEqual(['“Agregar suscripción”']);
  });
  test('purchase: in the catalog, what to pick, how many, and Submit', () => {
    expect(stepGuidance({ code: 'purchase' }, ctx({ pageKind: 'add-subscriptions', language: 'de' }))).toEqual({
      key: 'checklist_guide_purchase_pick',
      substitutions: ['Dynamics 365 Finance × 3', '“Absenden”'],
      link: null,
    });
  });
  test('purchase elsewhere links to the subscriptions page', () => {
    expect(stepGuidance({ code: 'purchase' }, ctx({ pageKind: 'users-and-licenses' })).link).toBe('subscriptions');
  });
  test('reassign: users page → Edit, Next, Complete (the older Manage licenses named too); Manage licenses → clear, select, Submit; elsewhere → link', () => {
    expect(stepGuidance({ code: 'reassign', moved: 1, total: 3 }, ctx({ pageKind: 'users-and-licenses', language: 'es' })).substitutions).toEqual([
      'Dynamics AX Enterprise',
      '“Editar”',
      'Dynamics 365 Finance',
      '“Siguiente”',
      '“Completar”',
      '“Administrar licencias”',
    ]);
    expect(stepGuidance({ code: 'reassign', moved: 1, total: 3 }, ctx({ pageKind: 'users-and-licenses', language: 'de' })).substitutions).toEqual([
      'Dynamics AX Enterprise',
      '“Bearbeiten”',
      'Dynamics 365 Finance',
      '“Weiter”',
      '“Abschließen”',
      '“Lizenzen verwalten”',
    ]);
    expect(stepGuidance({ code: 'reassign', moved: 1, total: 3 }, ctx({ pageKind: 'manage-licenses' })).substitutions).toEqual(['Dynamics AX Enterprise', 'Dynamics 365 Finance', '“Submit”']);
    expect(stepGuidance({ code: 'reassign', moved: null, total: null }, ctx()).link).toBe('users');
  });
  test('suspend: on the details page, Status → Suspended → Submit, with the de-provisioning delay', () => {
    expect(stepGuidance({ code: 'suspend' }, ctx({ pageKind: 'subscription-details', language: 'fr' })).substitutions).toEqual(['“État”', '“Suspendu”', '“Envoyer”', '120']);
  });
  test('after suspension: the de-provisioning day and days left', () => {
    expect(stepGuidance({ code: 'wait-for-deprovision', deprovisionOn: '2027-03-24', daysLeft: 120 }, ctx()).substitutions).toEqual(['<2027-03-24>', '120']);
  });
  test('after suspension: the days left choose the singular or plural sentence (checklist_guide_wait_one)', () => {
    const one = stepGuidance({ code: 'wait-for-deprovision', deprovisionOn: '2027-03-24', daysLeft: 1 }, ctx());
    expect(one).toMatchObject({ key: 'checklist_guide_wait', count: 1, substitutions: ['<2027-03-24>', '1'] });
    // Sentences without a count have none to follow.
    expect(stepGuidance({ code: 'purchase' }, ctx()).count).toBeUndefined();
  });
  test('a line whose license count is unknown or 0 names the product without "× 0"', () => {
    expect(stepGuidance({ code: 'purchase' }, ctx({ pageKind: 'add-subscriptions', purchases: [{ name: 'Dynamics 365 Finance', licenses: null }] })).substitutions[0]).toBe('Dynamics 365 Finance');
  });
  test('every action has guidance', () => {
    for (const action of [{ code: 'send-invite' }, { code: 'customer-must-cancel' }, { code: 'done' }, { code: 'confirm-deprovision', deprovisionOn: '2027-01-01' }] as const) {
      expect(stepGuidance(action, ctx()).key).toMatch(/^checklist_guide_/);
    }
  });
});

import { describe, expect, test } from 'vitest';
import { partnerCenterLabel, partnerCenterLabelVariants, partnerCenterLanguage } from '../../../src/content/progress/partner-center-labels.ts';

describe('partnerCenterLanguage', () => {
  test.each([
    ['/fr-fr/dashboard/commerce2/customers/list', null, 'fr'],
    ['/de-de/commerce/customers/x/subscriptions', 'en', 'de'],
    ['/es-es/dashboard', null, 'es'],
    ['/en-gb/dashboard', 'fr', 'en'],
    ['/dashboard/commerce2/customers/list', 'fr-FR', 'fr'],
    ['/dashboard/commerce2/customers/list', 'ja-JP', 'en'],
    ['/dashboard/commerce2/customers/list', '', 'en'],
    ['/it-it/dashboard', 'es', 'es'],
    ['/fr-fr', undefined, 'fr'],
  ] as const)('%s with lang %s → %s', (path, lang, expected) => {
    expect(partnerCenterLanguage(path, lang)).toBe(expected);
  });
});

describe('partnerCenterLabel', () => {
  const ALL = ['customers', 'subscriptions', 'addSubscriptions', 'usersAndLicenses', 'manageLicenses', 'status', 'suspended', 'submit', 'edit', 'next', 'complete', 'autoRenew'] as const;

  test('gives Partner Center’s own words in the page language', () => {
    expect(partnerCenterLabel('manageLicenses', 'fr')).toBe('Gérer les licences');
    expect(partnerCenterLabel('submit', 'en')).toBe('Submit');
    expect(partnerCenterLabel('usersAndLicenses', 'es')).toBe('Usuarios y licencias');
  });

  test.each([
    ['addSubscriptions', 'en', 'Add subscription', 'Add subscriptions'],
    ['addSubscriptions', 'fr', 'Ajouter un abonnement', 'Ajouter des abonnements'],
    ['addSubscriptions', 'de', 'Abonnement hinzufügen', 'Abonnements hinzufügen'],
    ['addSubscriptions', 'es', 'Agregar suscripción', 'Agregar suscripciones'],
    ['manageLicenses', 'de', 'Lizenzen verwalten', 'Verwalten von Lizenzen'],
    ['suspended', 'de', 'Angehalten', 'Ausgesetzt'],
    ['suspended', 'es', 'Suspendido', 'Suspendida'],
    ['submit', 'de', 'Absenden', 'Übermitteln'],
  ] as const)('%s in %s: quotes today’s %j, still recognises the older %j', (label, language, current, older) => {
    expect(partnerCenterLabel(label, language)).toBe(current);
    expect(partnerCenterLabelVariants(label)).toEqual(expect.arrayContaining([current, older]));
  });

  test.each([
    ['edit', ['Edit', 'Modifier', 'Bearbeiten', 'Editar']],
    ['next', ['Next', 'Suivant', 'Weiter', 'Siguiente']],
    ['complete', ['Complete', 'Terminer', 'Abschließen', 'Completar']],
    ['autoRenew', ['Auto-renew', 'Renouvellement automatique', 'Automatische Verlängerung', 'Renovación automática']],
  ] as const)('the current license wizard and renewal labels: %s', (label, [en, fr, de, es]) => {
    expect([partnerCenterLabel(label, 'en'), partnerCenterLabel(label, 'fr'), partnerCenterLabel(label, 'de'), partnerCenterLabel(label, 'es')]).toEqual([en, fr, de, es]);
  });

  test('has every label in every language, each spelling once', () => {
    for (const label of ALL) {
      const variants = partnerCenterLabelVariants(label);
      expect(variants.length).toBeGreaterThanOrEqual(3); // "Status" and "Abonnements" are shared by two languages
      expect(new Set(variants).size).toBe(variants.length);
      for (const variant of variants) expect(variant.trim()).not.toBe('');
      for (const language of ['en', 'fr', 'de', 'es'] as const) expect(variants).toContain(partnerCenterLabel(label, language));
    }
  });
});

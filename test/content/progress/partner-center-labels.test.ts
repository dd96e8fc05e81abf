import { describe, expect, test } from 'vitest';
import {
  partnerCenterLabel,
  partnerCenterLabelVariants,
  partnerCenterLanguage,
} from '../../../src/content/progress/partner-center-labels.ts';

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
  test('gives Partner Center’s own words in the page language', () => {
    expect(partnerCenterLabel('addSubscriptions', 'fr')).toBe('Ajouter des abonnements');
    expect(partnerCenterLabel('manageLicenses', 'de')).toBe('Verwalten von Lizenzen');
    expect(partnerCenterLabel('suspended', 'es')).toBe('Suspendida');
    expect(partnerCenterLabel('submit', 'en')).toBe('Submit');
  });
  test('has every label in every language', () => {
    for (const label of ['customers', 'subscriptions', 'addSubscriptions', 'usersAndLicenses', 'manageLicenses', 'status', 'suspended', 'submit'] as const) {
      expect(partnerCenterLabelVariants(label)).toHaveLength(4);
      for (const variant of partnerCenterLabelVariants(label)) expect(variant.trim()).not.toBe('');
    }
  });
});

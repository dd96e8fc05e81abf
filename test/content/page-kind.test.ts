import { describe, expect, test } from 'vitest';
import { normalizeHeading, pageKindFromHeadings } from '../../src/content/page-kind.ts';

describe('page kind from headings', () => {
  test.each([
    [['Customers'], 'customers'],
    [['Clientes'], 'customers'],
    [['Abonnements'], 'subscriptions'],
    [['Suscripciones'], 'subscriptions'],
    [['Détails de l’abonnement'], 'subscription-details'],
    [['Subscription details'], 'subscription-details'],
    [['Benutzer und Lizenzen'], 'users-and-licenses'],
    [['Usuarios y licencias'], 'users-and-licenses'],
    [['Gérer les licences'], 'manage-licenses'],
    [['Verwalten von Lizenzen'], 'manage-licenses'],
    [['Ajouter des abonnements'], 'add-subscriptions'],
    [['Abonnements hinzufügen'], 'add-subscriptions'],
    [['Agregar suscripciones'], 'add-subscriptions'],
    [['Add subscription'], 'add-subscriptions'],
    [['Ajouter un abonnement'], 'add-subscriptions'],
    [['Abonnement hinzufügen'], 'add-subscriptions'],
    [['Agregar suscripción'], 'add-subscriptions'],
    [['Lizenzen verwalten'], 'manage-licenses'],
    [['Administrar licencias'], 'manage-licenses'],
    [['  Add   subscriptions '], 'add-subscriptions'],
    [['Partner Center', 'Contoso Ltd', 'Subscriptions'], 'subscriptions'],
  ])('%j → %s', (headings, kind) => {
    expect(pageKindFromHeadings(headings)).toBe(kind);
  });

  test.each([[['Subscriptions expiring soon']], [['Home']], [[]], [['x'.repeat(500)]]])('%j → unknown', (headings) => {
    expect(pageKindFromHeadings(headings)).toBe('unknown');
  });

  test('normalisation folds accents, apostrophes and case', () => {
    expect(normalizeHeading('Détails de l’Abonnement')).toBe('details de l abonnement');
  });
});

import { describe, expect, test } from 'vitest';
import { normalizeHeading, pageInfoFromUrl, pageKindFromHeadings } from '../../src/content/page-kind.ts';

const CUSTOMER = '0c3f7a1e-5b2d-4e8f-9a61-2d7c4b9e8f10';
const SUBSCRIPTION = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

describe('page kind from URL', () => {
  const cases: Array<[string, string, string | null, string | null]> = [
    ['/dashboard/commerce2/customers/list', 'customers', null, null],
    ['/en-us/dashboard/commerce2/customers/list', 'customers', null, null],
    ['/commerce/customers/list', 'customers', null, null],
    ['/fr-fr/commerce/customers/list?filter=x#top', 'customers', null, null],
    [`/commerce/customers/${CUSTOMER}/subscriptions`, 'subscriptions', CUSTOMER, null],
    [`/fr-fr/dashboard/commerce2/customers/${CUSTOMER}/subscriptions/`, 'subscriptions', CUSTOMER, null],
    [`/en-us/commerce/customers/${CUSTOMER.toUpperCase()}/subscriptions`, 'subscriptions', CUSTOMER, null],
    [`/commerce/customers/${CUSTOMER}/subscriptions/${SUBSCRIPTION}`, 'subscription-details', CUSTOMER, SUBSCRIPTION],
    [`/dashboard/commerce2/customers/${CUSTOMER}/subscriptions/add`, 'add-subscriptions', CUSTOMER, null],
    [`/commerce/customers/${CUSTOMER}/addsubscriptions`, 'add-subscriptions', CUSTOMER, null],
    [`/commerce/customers/${CUSTOMER}/users`, 'users-and-licenses', CUSTOMER, null],
    [`/de-de/commerce/customers/${CUSTOMER}/users/${SUBSCRIPTION}/licenses`, 'manage-licenses', CUSTOMER, null],
  ];
  test.each(cases)('%s → %s', (path, kind, customerId, subscriptionId) => {
    const info = pageInfoFromUrl(`https://partner.microsoft.com${path}`);
    expect(info).toMatchObject({ kind, customerId, subscriptionId });
  });

  test('the locale segment is read when present', () => {
    expect(pageInfoFromUrl('https://partner.microsoft.com/fr-fr/commerce/customers/list').locale).toBe('fr-fr');
    expect(pageInfoFromUrl('https://partner.microsoft.com/commerce/customers/list').locale).toBeNull();
  });

  test.each([
    '/en-us/dashboard/home',
    '/commerce/customers/not-a-guid/subscriptions',
    '/other/customers/list',
    `/commerce/customers/${CUSTOMER}/orders`,
    '/%E0%A4%A/customers/list',
    '',
  ])('unknown: %s', (path) => {
    expect(pageInfoFromUrl(`https://partner.microsoft.com${path}`).kind).toBe('unknown');
  });

  test('a customer URL of an unknown section still yields the customer id', () => {
    expect(pageInfoFromUrl(`https://partner.microsoft.com/commerce/customers/${CUSTOMER}/orders`).customerId).toBe(CUSTOMER);
  });

  // Review finding 6: a page recognised only by its heading (unknown URL prefix) kept no customer id,
  // so neither the checklist nor the suspend guard ran there.
  test.each([
    [`/en-us/dashboard/v2/customers/${CUSTOMER}/subscriptions/abc-123`, CUSTOMER, 'abc-123'],
    [`/en-us/partner/customers/${CUSTOMER.toUpperCase()}/subscriptions/abc-123`, CUSTOMER, 'abc-123'],
    [`/dashboard/v2/customers/${CUSTOMER}/users`, CUSTOMER, null],
    [`/dashboard/v2/customers/${CUSTOMER}/subscriptions/add`, CUSTOMER, null],
    ['/dashboard/v2/customers/not-a-guid/subscriptions/abc-123', null, null],
  ])('unknown prefix %s keeps the ids after customers/ (kind left to the heading)', (path, customerId, subscriptionId) => {
    const info = pageInfoFromUrl(`https://partner.microsoft.com${path}`);
    expect(info).toMatchObject({ kind: 'unknown', customerId, subscriptionId });
  });
});

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

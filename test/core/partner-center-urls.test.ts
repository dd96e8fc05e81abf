import { describe, expect, test } from 'vitest';
import { customerBaseOf, customerPageUrl, findGuid, isGuid, narrowedByUrl, pageInfoFromUrl, visitKeyOf } from '../../src/core/partner-center-urls.ts';

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
    // Today's prefix (confirmed for the list and a customer's account page; sections guessed like commerce2's).
    ['/dashboard/v2/customers/list', 'customers', null, null],
    ['/en-us/dashboard/v2/customers/list', 'customers', null, null],
    [`/dashboard/v2/customers/${CUSTOMER}/subscriptions`, 'subscriptions', CUSTOMER, null],
    [`/es-es/dashboard/v2/customers/${CUSTOMER}/subscriptions/${SUBSCRIPTION}`, 'subscription-details', CUSTOMER, SUBSCRIPTION],
    [`/dashboard/v2/customers/${CUSTOMER}/subscriptions/add`, 'add-subscriptions', CUSTOMER, null],
    [`/dashboard/v2/customers/${CUSTOMER}/users`, 'users-and-licenses', CUSTOMER, null],
    [`/dashboard/v2/customers/${CUSTOMER}/account`, 'unknown', CUSTOMER, null],
    [`/dashboard/v2/customers/${CUSTOMER}/servicemanagementpage`, 'unknown', CUSTOMER, null],
    ['/dashboard/v2/customers/granularadminaccess/list', 'unknown', null, null],
  ];
  test.each(cases)('%s → %s', (path, kind, customerId, subscriptionId) => {
    const info = pageInfoFromUrl(`https://partner.microsoft.com${path}`);
    expect(info).toMatchObject({ kind, customerId, subscriptionId });
  });

  test('the locale segment is read when present', () => {
    expect(pageInfoFromUrl('https://partner.microsoft.com/fr-fr/commerce/customers/list').locale).toBe('fr-fr');
    expect(pageInfoFromUrl('https://partner.microsoft.com/commerce/customers/list').locale).toBeNull();
  });

  test.each(['/en-us/dashboard/home', '/commerce/customers/not-a-guid/subscriptions', '/other/customers/list', `/commerce/customers/${CUSTOMER}/orders`, '/%E0%A4%A/customers/list', ''])(
    'unknown: %s',
    (path) => {
      expect(pageInfoFromUrl(`https://partner.microsoft.com${path}`).kind).toBe('unknown');
    },
  );

  test('a customer URL of an unknown section still yields the customer id', () => {
    expect(pageInfoFromUrl(`https://partner.microsoft.com/commerce/customers/${CUSTOMER}/orders`).customerId).toBe(CUSTOMER);
  });

  // A page recognised only by its heading (unknown URL prefix) keeps the customer id, so the checklist
  // and the suspend guard run there.
  test.each([
    [`/en-us/partner/customers/${CUSTOMER.toUpperCase()}/subscriptions/abc-123`, CUSTOMER, 'abc-123'],
    [`/partner/customers/${CUSTOMER}/users`, CUSTOMER, null],
    [`/partner/customers/${CUSTOMER}/subscriptions/add`, CUSTOMER, null],
    ['/partner/customers/not-a-guid/subscriptions/abc-123', null, null],
  ])('unknown prefix %s keeps the ids after customers/ (kind left to the heading)', (path, customerId, subscriptionId) => {
    const info = pageInfoFromUrl(`https://partner.microsoft.com${path}`);
    expect(info).toMatchObject({ kind: 'unknown', customerId, subscriptionId });
  });
});

describe('links back to a customer', () => {
  test.each([
    ['https://partner.microsoft.com/fr-fr/dashboard/commerce2/customers/' + CUSTOMER + '/subscriptions/123', '/fr-fr/dashboard/commerce2'],
    ['https://partner.microsoft.com/commerce/customers/' + CUSTOMER + '/users', '/commerce'],
    ['https://partner.microsoft.com/en-us/dashboard/v2/customers/list', '/en-us/dashboard/v2'],
    ['https://partner.microsoft.com/en-us/dashboard/home', null],
    ['https://partner.microsoft.com/partner/customers/list', null],
  ])('the base of %s is %s', (href, base) => {
    expect(customerBaseOf(href)).toBe(base);
  });

  test('a link keeps the base it is given, else the best attested one', () => {
    expect(customerPageUrl(CUSTOMER, 'users', '/fr-fr/dashboard/v2')).toBe(`https://partner.microsoft.com/fr-fr/dashboard/v2/customers/${CUSTOMER}/users`);
    expect(customerPageUrl(CUSTOMER, 'subscriptions')).toBe(`https://partner.microsoft.com/dashboard/commerce2/customers/${CUSTOMER}/subscriptions`);
  });
});

describe('GUIDs, narrowed grids, visits', () => {
  test('one GUID pattern, any case', () => {
    expect(isGuid(CUSTOMER.toUpperCase())).toBe(true);
    expect(isGuid(`${CUSTOMER}x`)).toBe(false);
    expect(findGuid(`Microsoft ID: ${CUSTOMER.toUpperCase()} (copy)`)).toBe(CUSTOMER);
    expect(findGuid('no id here')).toBeNull();
  });

  test('a search or a filter in the query narrows the grid', () => {
    expect(narrowedByUrl('https://partner.microsoft.com/x?search=contoso')).toBe(true);
    expect(narrowedByUrl('https://partner.microsoft.com/x?status=active')).toBe(true);
    expect(narrowedByUrl('https://partner.microsoft.com/x?search=')).toBe(false);
    expect(narrowedByUrl('https://partner.microsoft.com/x?tab=2')).toBe(false);
  });

  test('the hash does not make another visit', () => {
    expect(visitKeyOf('https://partner.microsoft.com/a?b=1#c')).toBe(visitKeyOf('https://partner.microsoft.com/a?b=1#d'));
    expect(visitKeyOf('https://partner.microsoft.com/a?b=1')).not.toBe(visitKeyOf('https://partner.microsoft.com/a?b=2'));
  });
});

// @vitest-environment happy-dom
/**
 * The customer's company name from a customer page's breadcrumb: the pure trail reader over name
 * families and trails in the four languages, and the DOM half on breadcrumbs built like the
 * look-alikes' (a component with slotted items in shadow roots, an ordered list, one line of text).
 */
import { describe, expect, test } from 'vitest';
import { customerNameFromTrail, readCustomerName, tidyCustomerName } from '../../../src/content/progress/customer-name.ts';

describe('customerNameFromTrail', () => {
  test.each([
    [['Customers', 'Contoso Ltd', 'Subscriptions'], 'Contoso Ltd'],
    [['Home', 'Customers', 'Fabrikam, Inc.', 'Users and licenses'], 'Fabrikam, Inc.'],
    [['Clients', 'Fabrikam SARL', 'Abonnements'], 'Fabrikam SARL'],
    [['Kunden', 'Müller & Söhne GmbH', 'Benutzer und Lizenzen'], 'Müller & Söhne GmbH'],
    [['Clientes', 'Compañía Ñandú S.A.', 'Suscripciones'], 'Compañía Ñandú S.A.'],
    [['Customers', '  Northwind\u00a0 Traders '], 'Northwind Traders'],
    [['Customers › Contoso Ltd'], 'Contoso Ltd'],
    [['Clients › Fabrikam SARL › Abonnements'], 'Fabrikam SARL'],
    [['Customers', 'Hostile <img src=x onerror="alert(1)"> Corp'], 'Hostile <img src=x onerror="alert(1)"> Corp'],
  ])('%j → %s', (trail, name) => {
    expect(customerNameFromTrail(trail)).toBe(name);
  });

  test.each([
    [['Customers', '3f6c2b7e-2d1a-4c1e-9f4e-6b5a1c2d3e4f', 'Subscriptions']],
    [['Customers', 'Subscriptions']],
    [['Clients', 'Abonnements']],
    [['Kunden', 'Abonnements']],
    [['Clientes', 'Suscripciones']],
    [['Customers', 'Users and licenses']],
    [['Customers', 'Account']],
    [['Clients', 'Compte']],
    [['Customers', 'Loading…']],
    [['Clients', 'Chargement...']],
    [['Kunden', 'Wird geladen …']],
    [['Clientes', 'Cargando']],
    [['Customers', '———']],
    [['Customers', '']],
    [['Customers']],
    [['Contoso Ltd', 'Subscriptions']],
    [['Subscriptions › Dynamics AX Enterprise']],
    [[]],
  ])('%j → null', (trail) => {
    expect(customerNameFromTrail(trail)).toBeNull();
  });

  test('a name is never longer than a company name can be', () => {
    expect(tidyCustomerName('x'.repeat(300))).toBeNull();
    expect(tidyCustomerName('A')).toBeNull();
    expect(tidyCustomerName('12345')).toBeNull();
  });
});

describe('readCustomerName', () => {
  test('a breadcrumb component in nested shadow roots, its items slotted into their own links', () => {
    document.body.innerHTML = '<app-frame></app-frame>';
    const frame = document.querySelector('app-frame')!.attachShadow({ mode: 'open' });
    frame.innerHTML = '<x-breadcrumb role="navigation" aria-label="Breadcrumb"></x-breadcrumb><h1>Subscriptions</h1>';
    const crumb = frame.querySelector('x-breadcrumb')!;
    crumb.attachShadow({ mode: 'open' }).innerHTML = '<div role="list"><slot></slot></div>';
    for (const text of ['Customers', 'Contoso Ltd', 'Subscriptions']) {
      const item = document.createElement('x-breadcrumb-item');
      item.textContent = text;
      item.attachShadow({ mode: 'open' }).innerHTML = '<div role="listitem"><a href="#"><slot></slot></a><span aria-hidden="true">/</span></div>';
      crumb.append(item);
    }
    expect(readCustomerName(document)).toBe('Contoso Ltd');
  });

  test('an ordered list in a nav, French', () => {
    document.body.innerHTML = '<nav aria-label="Fil d’Ariane"><ol><li><a href="#">Clients</a></li><li><a href="#">Fabrikam SARL</a></li><li aria-current="page">Abonnements</li></ol></nav>';
    expect(readCustomerName(document)).toBe('Fabrikam SARL');
  });

  test('one line of text with separators', () => {
    document.body.innerHTML = '<div class="crumbs" aria-label="Breadcrumb">Customers › Northwind Traders</div>';
    expect(readCustomerName(document)).toBe('Northwind Traders');
  });

  test('a skeleton breadcrumb, a GUID, a page without a breadcrumb: no name', () => {
    document.body.innerHTML = '<nav aria-label="Breadcrumb"><ol><li>Customers</li><li>Loading…</li></ol></nav>';
    expect(readCustomerName(document)).toBeNull();
    document.body.innerHTML = '<nav aria-label="Breadcrumb"><ol><li>Customers</li><li>3f6c2b7e-2d1a-4c1e-9f4e-6b5a1c2d3e4f</li></ol></nav>';
    expect(readCustomerName(document)).toBeNull();
    document.body.innerHTML = '<nav aria-label="Primary"><a href="#">Customers</a><a href="#">Contoso Ltd</a></nav><h1>Contoso Ltd</h1>';
    expect(readCustomerName(document)).toBeNull();
  });
});

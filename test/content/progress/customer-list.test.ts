import { describe, expect, test } from 'vitest';
import { readCustomerList, relationshipFromText } from '../../../src/content/progress/customer-list.ts';

describe('readCustomerList', () => {
  test('names and relationships by tenant GUID, from a grid with noisy cells', () => {
    const observations = readCustomerList({
      headings: ['Customers'],
      tables: [
        {
          headers: ['Name', 'Domain', 'Relationship', 'Microsoft ID'],
          rows: [
            ['Contoso Ltd', 'contoso.onmicrosoft.com', 'Reseller', '0C3F7A1E-5B2D-4E8F-9A61-2D7C4B9E8F10'],
            ['Tailspin Toys', 'tailspin.onmicrosoft.com', 'No relationship — send an invite', '4a7b1e5c-9f61-4c23-9ea5-6b1a8f3c2d54'],
            ['Totals', '', '', ''],
          ],
        },
      ],
      fields: [],
    });
    expect(observations).toEqual([
      { customerId: '0c3f7a1e-5b2d-4e8f-9a61-2d7c4b9e8f10', name: 'Contoso Ltd', relationship: 'reseller' },
      { customerId: '4a7b1e5c-9f61-4c23-9ea5-6b1a8f3c2d54', name: 'Tailspin Toys', relationship: 'none' },
    ]);
  });

  test.each([
    ['Revendeur', 'reseller'],
    ['Aucune relation — envoyez une invitation', 'none'],
    ['Revendeur indirect', 'indirect-reseller'],
    ['Advisor', 'advisor'],
    ['Wiederverkäufer', 'reseller'],
    ['—', null],
  ] as const)('%j → %s', (text, relationship) => expect(relationshipFromText(text)).toBe(relationship));
});

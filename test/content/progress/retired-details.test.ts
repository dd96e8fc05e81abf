import { expect, test } from 'vitest';
import { isRetiredDetailsPage } from '../../../src/content/progress/retired-details.ts';
import { catalogMatchers } from '../../../src/core/product-matchers.ts';

// Review finding 7: the guard ran only when the page's heading named the retired product.
const matchers = catalogMatchers();
const untitled = { headings: ['Subscription 4471-A'], tables: [], fields: [{ label: 'Status', value: 'Active' }] };

test('a details page titled by a nickname is retired when the worker knows its id as a retired subscription', () => {
  expect(isRetiredDetailsPage(untitled, matchers, 'abc-123', [{ name: 'Dynamics AX Enterprise', subscriptionId: 'ABC-123' }])).toBe(true);
  expect(isRetiredDetailsPage(untitled, matchers, 'abc-123', [{ name: 'Dynamics 365 Finance', subscriptionId: 'abc-123' }])).toBe(false);
  expect(isRetiredDetailsPage(untitled, matchers, null, [{ name: 'Dynamics AX Enterprise', subscriptionId: 'abc-123' }])).toBe(false);
});

test('a page naming the retired product still is, without any record', () => {
  expect(isRetiredDetailsPage({ headings: ['Dynamics AX Enterprise'], tables: [], fields: [] }, matchers, 'abc-123', [])).toBe(true);
});

import { expect, test } from 'vitest';
import { sameVisit } from '../../../src/content/progress/page-visit.ts';

// Review finding 9: a read that starts after the URL changed must not record the new page under the old visit.
const BASE = 'https://partner.microsoft.com/en-us/dashboard/commerce2/customers/0c3f7a1e-5b2d-4e8f-9a61-2d7c4b9e8f10';

test('the same path and query is the same visit, whatever the hash', () => {
  expect(sameVisit(`${BASE}/subscriptions`, `${BASE}/subscriptions`)).toBe(true);
  expect(sameVisit(`${BASE}/subscriptions`, `${BASE}/subscriptions#top`)).toBe(true);
});

test('another path or query is another visit', () => {
  expect(sameVisit(`${BASE}/subscriptions`, 'https://partner.microsoft.com/en-us/dashboard/commerce2/customers/1d4e8b2f-6c3e-4f90-8b72-3e8d5c0f9a21/subscriptions')).toBe(false);
  expect(sameVisit(`${BASE}/subscriptions`, `${BASE}/users`)).toBe(false);
  expect(sameVisit(`${BASE}/users`, `${BASE}/users?search=ann`)).toBe(false);
});

/**
 * The migration checklist is loaded on demand: a customer page with nothing to migrate loads only the
 * content script's eager chunks; a page that shows a retired SKU loads the checklist and shows it.
 * Loads are watched in the page's network log (the content script's imports of extension files).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchExtension, type ExtensionSession } from './launch-extension.ts';
import { startHttpsServer, type RunningServer } from './https-server.ts';
import { waitForContentScript, watchExtensionLoads } from './content-page-probe.ts';

const CURRENT_ONLY = '11111111-2222-4333-8444-555555555555';
const RETIRED = '66666666-7777-4888-9999-aaaaaaaaaaaa';

let server: RunningServer;
let session: ExtensionSession;

function subscriptionsPage(product: string): string {
  return `<!doctype html><html lang="en"><title>Subscriptions</title><h1>Subscriptions</h1>
<table><thead><tr><th>Product</th><th>Quantity</th><th>Status</th></tr></thead>
<tbody><tr><td>${product}</td><td>3</td><td>Active</td></tr></tbody></table></html>`;
}

beforeAll(async () => {
  server = await startHttpsServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    // The add-subscriptions page names no product: only what the worker knows can call the checklist.
    if (req.url?.endsWith('/add-subscriptions')) res.end('<!doctype html><html lang="en"><title>Add subscriptions</title><h1>Add subscriptions</h1></html>');
    else res.end(subscriptionsPage(req.url?.includes(RETIRED) ? 'Dynamics AX Enterprise' : 'Microsoft 365 E3'));
  });
  session = await launchExtension({ hosts: { 'partner.microsoft.com': server.port } });
});

afterAll(async () => {
  await session?.close();
  await server?.close();
});

const url = (customerId: string, section = 'subscriptions') => `https://partner.microsoft.com/en-us/dashboard/commerce2/customers/${customerId}/${section}`;

test('a customer with nothing to migrate: the checklist is not loaded', async () => {
  const page = await session.context.newPage();
  const loads = await watchExtensionLoads(page);
  await page.goto(url(CURRENT_ONLY));
  await waitForContentScript(loads);
  // The feature has asked the worker and scanned the page: give it the time a retired page needs.
  const retired = await session.context.newPage();
  await retired.goto(url(RETIRED));
  await expect.poll(() => retired.getByTestId('checklist-launcher').isVisible(), { timeout: 10_000 }).toBe(true);
  await retired.close();
  expect(loads.some((f) => f.startsWith('src-content-main'))).toBe(true);
  expect(loads.filter((f) => f.startsWith('customer-checklist'))).toEqual([]);
  expect(await page.getByTestId('checklist-launcher').count()).toBe(0);
  await page.close();
});

test('a customer page showing a retired SKU loads the checklist and shows its launcher', async () => {
  const page = await session.context.newPage();
  const loads = await watchExtensionLoads(page);
  await page.goto(url(RETIRED));
  await expect.poll(() => page.getByTestId('checklist-launcher').isVisible(), { timeout: 10_000 }).toBe(true);
  expect(loads.some((f) => f.startsWith('customer-checklist'))).toBe(true);
  expect(loads.filter((f) => f.startsWith('page:'))).toEqual([]);
  await page.close();
});

test('a customer the worker follows loads the checklist on a page that names no product', async () => {
  // The previous test's visit recorded the retired subscription.
  const page = await session.context.newPage();
  const loads = await watchExtensionLoads(page);
  await page.goto(url(RETIRED, 'add-subscriptions'));
  await expect.poll(() => page.getByTestId('checklist-launcher').isVisible(), { timeout: 10_000 }).toBe(true);
  expect(loads.some((f) => f.startsWith('customer-checklist'))).toBe(true);
  await page.close();
});

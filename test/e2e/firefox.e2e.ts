/**
 * The Firefox build (dist-firefox/) end to end in real Firefox (firefox-esr, driven by puppeteer-core
 * over WebDriver BiDi), installed as a temporary add-on: the content script flags a retired SKU on the
 * Partner Center look-alike (served as https://partner.microsoft.com through a loopback proxy), the
 * event page records what it saw, and the dashboard (options page) renders it.
 *
 * No Firefox: fails with one line saying how to get one (launch-firefox.ts). No dist-firefox/: built.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { Page as PlaywrightPage } from 'playwright-core';
import { findFirefox, launchFirefoxWithExtension, openExtensionPage, type FirefoxSession } from './launch-firefox.ts';
import { startFixtureServer, type FixtureCustomer, type FixtureServer } from './fixture-server.ts';
import { probeAnnotations, type AnnotationProbe } from './content-page-probe.ts';

let server: FixtureServer;
let session: FirefoxSession;
let page: Page;
const pageErrors: string[] = [];

/** probeAnnotations only calls page.evaluate(fn, arg), which puppeteer's Page has with the same shape. */
const probe = (p: Page): Promise<AnnotationProbe[]> => probeAnnotations(p as unknown as PlaywrightPage);
const badges = (probes: AnnotationProbe[]) => probes.filter((p) => p.tag === 'SKU-SHIFT-BADGE');

function contoso(): FixtureCustomer {
  const found = server.data.customers.find((c) => c.name.startsWith('Contoso'));
  if (!found) throw new Error('no fixture customer Contoso');
  return found;
}

beforeAll(async () => {
  findFirefox(); // first: with no Firefox, the one line that says how to get one
  server = await startFixtureServer();
  session = await launchFirefoxWithExtension({ hosts: { 'partner.microsoft.com': server.port } });
  page = await session.browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(String(error)));
});

afterAll(async () => {
  await session?.close();
  await server?.close();
  expect(pageErrors).toEqual([]);
});

test('Firefox: a retired SKU gets its badge, a current product none', async () => {
  expect(session.extensionId).toBe('sku-shift@sku-shift.dev');
  const customer = contoso();
  await page.goto(server.url(`/en-us/commerce/customers/${customer.id}/subscriptions`));

  const retired = customer.subscriptions.filter((s) => s.retiredRuleId);
  await expect.poll(async () => badges(await probe(page)).length, { timeout: 10_000 }).toBe(retired.length);
  const found = badges(await probe(page));
  // One badge per retired row, right after its product name, with the rule the fixture expects.
  expect(Object.fromEntries(found.map((b) => [b.rowKey, b.data.skuShiftRule]))).toEqual(Object.fromEntries(retired.map((s) => [s.id, s.retiredRuleId])));
  for (const badge of found) expect(badge.before).toBe(customer.subscriptions.find((s) => s.id === badge.rowKey)!.name);

  // The badge's open shadow root says what the product is retired for, and the days left.
  const ax = customer.subscriptions.find((s) => s.retiredRuleId === 'ax-enterprise')!;
  const axBadge = found.find((b) => b.rowKey === ax.id)!;
  // Puppeteer's 800 px window leaves the grid no room for "Dynamics 365": the distinguishing words stay.
  expect(axBadge.text).toMatch(/Retired → (Dynamics 365 )?Finance/);
  expect(axBadge.text).toContain(`${ax.renewal!.inDays} days left`);

  // Current products (Dynamics 365 Team Members, Microsoft 365 Business Basic, Office 365 E3): nothing.
  const current = customer.subscriptions.filter((s) => !s.retiredRuleId);
  expect(current.map((s) => s.name)).toContain('Dynamics 365 Team Members');
  expect(found.filter((b) => current.some((s) => s.id === b.rowKey || s.name === b.before))).toEqual([]);
});

test('Firefox: the dashboard renders the customer the event page recorded; host permissions granted', async () => {
  const optionsPage = (session.manifest.options_ui as { page: string }).page;
  const dashboard = await openExtensionPage(session, optionsPage);
  try {
    // The temporary add-on holds its MV3 host permissions without a prompt.
    const origins = await dashboard.evaluate(
      async () => (await (globalThis as unknown as { browser: { permissions: { getAll(): Promise<{ origins?: string[] }> } } }).browser.permissions.getAll()).origins ?? [],
    );
    expect(origins).toContain('https://partner.microsoft.com/*');

    const customer = contoso();
    await expect.poll(() => dashboard.evaluate(() => document.body.innerText), { timeout: 10_000 }).toContain(customer.id);
    const text = await dashboard.evaluate(() => document.body.innerText);
    expect(text).toContain('Customers on retired Dynamics SKUs');
    for (const s of customer.subscriptions.filter((x) => x.retiredRuleId)) expect(text).toContain(`${s.name} × ${s.quantity}`);
  } finally {
    await dashboard.close();
  }
});

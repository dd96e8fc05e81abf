/**
 * The dashboard in real Chromium with the built extension: customers the worker knows, sorted by
 * urgency with the right days left; settings that persist; export → import into a fresh profile;
 * a corrupted import reported with nothing changed; a customer's page with its steps, notes and
 * history. The worker is seeded through messages sent from an extension page, exactly as the
 * content scripts and the API scan reach it. Each section is opened by its URL hash or its tab.
 */
import { afterEach, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionSession } from './launch-extension.ts';
import type { CustomerObservation } from '../../src/core/observation.ts';
import { addDays, command, DASHBOARD, poll, workerToday } from './dashboard-helpers.ts';
import { FIRST_SCREEN_KEY as KEY } from '../../src/pages/dashboard/first-screen-cache.ts';

const sessions: ExtensionSession[] = [];
afterEach(async () => {
  while (sessions.length) await sessions.pop()!.close();
});

async function open(hash = ''): Promise<{ session: ExtensionSession; page: Page }> {
  const session = await launchExtension({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
  sessions.push(session);
  const page = await session.context.newPage();
  await page.goto(session.url(DASHBOARD + hash));
  return { session, page };
}

/** Opens a section from the dashboard's tabs, as a partner does. */
async function section(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name, exact: false }).click();
  await page.getByRole('heading', { level: 2, name }).waitFor();
}

const IDS = {
  contoso: '4f1c2a7e-9b3d-4c6a-8e21-5d7f0a9b1c23',
  fabrikam: '0a9e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c',
  tailspin: 'c3d2e1f0-a9b8-4c7d-8e6f-5a4b3c2d1e0f',
  northwind: '7b6a5948-3726-4150-9f8e-7d6c5b4a3928',
};

/** End dates relative to the worker's own "today", so no assertion depends on the wall clock. */
async function seed(page: Page): Promise<string> {
  const today = await workerToday(page);
  const seenAt = new Date().toISOString();
  const obs = (customerId: string, customerName: string, name: string, days: number, quantity: number): CustomerObservation => ({
    customerId,
    customerName,
    relationship: 'reseller',
    subscriptions: [{ name, quantity, status: 'active', renewal: { kind: 'expires', date: addDays(today, days) } }],
    source: 'page',
    evidence: `https://partner.microsoft.com/dashboard/commerce2/customers/${customerId}/subscriptions`,
    seenAt,
  });
  const reply = await command(page, {
    kind: 'observations/record',
    observations: [
      obs(IDS.contoso, 'Contoso Ltd', 'Dynamics AX Enterprise', 200, 25),
      obs(IDS.fabrikam, 'Fabrikam, Inc.', 'Microsoft Dynamics CRM Online Professional', 12, 10),
      obs(IDS.tailspin, 'Tailspin Toys', 'Dynamics CRM Online Basic', 60, 40),
      obs(IDS.northwind, 'Northwind Traders', 'Dynamics AX Task', -3, 5),
    ],
  });
  expect(reply.ok).toBe(true);
  return today;
}

async function tableRows(page: Page): Promise<{ id: string; days: string; urgency: string }[]> {
  return page.$$eval('tbody tr', (rows) =>
    rows.map((r) => ({
      id: r.getAttribute('data-customer-id') ?? '',
      days: r.querySelector('.days-left')?.getAttribute('data-days-left') ?? '',
      urgency: r.getAttribute('data-urgency') ?? '',
    })),
  );
}

test('lists the customers the worker knows, most urgent first, with the right days left', async () => {
  const { page } = await open();
  await seed(page);
  await poll(() => tableRows(page).then((r) => r.length)).toBe(4);
  expect(await tableRows(page)).toEqual([
    { id: IDS.northwind, days: '-3', urgency: 'expired' },
    { id: IDS.fabrikam, days: '12', urgency: 'critical' },
    { id: IDS.tailspin, days: '60', urgency: 'soon' },
    { id: IDS.contoso, days: '200', urgency: 'later' },
  ]);
  const fabrikam = page.locator(`tr[data-customer-id="${IDS.fabrikam}"]`);
  await poll(() => fabrikam.locator('.urgency').textContent()).toBe('12 days left');
  expect(await fabrikam.locator('a', { hasText: 'Subscriptions' }).getAttribute('href')).toBe(`https://partner.microsoft.com/dashboard/commerce2/customers/${IDS.fabrikam}/subscriptions`);

  // Search and filter narrow the list; sorting by name reorders it; all by keyboard.
  await page.getByLabel('Search').fill('tailspin');
  await poll(() => tableRows(page).then((r) => r.map((x) => x.id))).toEqual([IDS.tailspin]);
  await page.getByLabel('Search').fill('');
  await page.getByLabel('Urgency').selectOption('critical');
  await poll(() => tableRows(page).then((r) => r.map((x) => x.id))).toEqual([IDS.fabrikam]);
  await page.getByLabel('Urgency').selectOption('all');
  await page.getByRole('button', { name: 'Customer', exact: true }).focus();
  await page.keyboard.press('Enter');
  await poll(() => tableRows(page).then((r) => r.map((x) => x.id))).toEqual([IDS.contoso, IDS.fabrikam, IDS.northwind, IDS.tailspin]);
  expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Customer');

  // A change made elsewhere (a checklist in a Partner Center tab) shows up without reloading.
  await command(page, { kind: 'migration/apply', customerId: IDS.fabrikam, event: { type: 'purchase-detected', evidence: { source: 'manual' } } });
  await poll(() => fabrikam.locator('.phase-chip').textContent()).toBe('Moving users');
});

test('a load paints the first screen the page showed last, then the current one; a broken kept value is ignored', async () => {
  const { page } = await open();
  await seed(page);
  await poll(() => tableRows(page).then((r) => r.length)).toBe(4);
  await poll(() => page.evaluate((key) => localStorage.getItem(key)?.includes('Tailspin Toys') ?? false, KEY)).toBe(true);
  // What the next load paints first, as the page last kept it but with a name changed since.
  await page.evaluate((key) => localStorage.setItem(key, localStorage.getItem(key)!.replace('Tailspin Toys', 'Tailspin (last visit)')), KEY);
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, '__firstNames', { value: seen });
    new MutationObserver((_, observer) => {
      const names = [...document.querySelectorAll('tbody tr a.name')].map((a) => a.textContent ?? '');
      if (names.length === 0) return;
      seen.push(...names);
      observer.disconnect();
    }).observe(document, { subtree: true, childList: true });
  });
  await page.reload();
  const tailspin = page.locator(`tr[data-customer-id="${IDS.tailspin}"] a.name`);
  await poll(() => tailspin.textContent()).toBe('Tailspin Toys');
  expect(await page.evaluate(() => (window as unknown as { __firstNames: string[] }).__firstNames)).toContain('Tailspin (last visit)');
  // The current list replaced it, and is what is kept now.
  await poll(() => page.evaluate((key) => localStorage.getItem(key)?.includes('Tailspin (last visit)'), KEY)).toBe(false);

  // Broken by hand: ignored, and the page reads the worker as without it.
  await page.evaluate((key) => localStorage.setItem(key, '{"build":'), KEY);
  await page.reload();
  await poll(() => tableRows(page).then((r) => r.map((x) => x.id))).toEqual([IDS.northwind, IDS.fabrikam, IDS.tailspin, IDS.contoso]);
  expect(await page.evaluate(() => (window as unknown as { __firstNames: string[] }).__firstNames)).not.toContain('Tailspin (last visit)');
  await poll(() => page.evaluate((key) => (JSON.parse(localStorage.getItem(key) ?? 'null') as { view?: { total?: number } } | null)?.view?.total, KEY)).toBe(4);
});

test('settings persist across pages and change the urgency shown', async () => {
  const { session, page } = await open();
  await seed(page);
  await section(page, 'Settings');
  await page.getByLabel('Critical under (days)').fill('7');
  await page.getByLabel('Soon under (days)').fill('30');
  await page.getByLabel('De-provisioning delay (days)').fill('90');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await poll(() => page.getByRole('status').filter({ hasText: 'Settings saved.' }).count()).toBe(1);

  const again = await session.context.newPage();
  await again.goto(session.url(`${DASHBOARD}#settings`));
  await poll(() => again.getByLabel('Critical under (days)').inputValue()).toBe('7');
  expect(await again.getByLabel('Soon under (days)').inputValue()).toBe('30');
  expect(await again.getByLabel('De-provisioning delay (days)').inputValue()).toBe('90');
  // Fabrikam (12 days) is no longer critical under a 7-day threshold; Tailspin (60) is now 'later'.
  await poll(() => tableRows(again).then((r) => r.map((x) => x.urgency))).toEqual(['expired', 'soon', 'later', 'later']);

  // A bad value is refused with a message, and nothing is saved.
  await again.getByLabel('Soon under (days)').fill('3');
  await again.getByRole('button', { name: 'Save settings' }).click();
  await poll(() => again.locator('#section-settings').getByRole('alert').textContent()).toContain('at least as long');
  expect((await command<{ thresholds: { soon: number } }>(again, { kind: 'settings/get' })).data.thresholds.soon).toBe(30);
});

test('export → import into a fresh profile restores the customers; a corrupted file changes nothing', async () => {
  const first = await open();
  await seed(first.page);
  await command(first.page, { kind: 'migration/apply', customerId: IDS.contoso, event: { type: 'purchase-detected', evidence: { source: 'manual' } } });
  await poll(() => tableRows(first.page).then((r) => r.length)).toBe(4);
  const before = await tableRows(first.page);

  await section(first.page, 'Export and import');
  const download = first.page.waitForEvent('download');
  await first.page.getByRole('button', { name: 'Export JSON (backup)' }).click();
  const file = join(tmpdir(), `sku-shift-export-${process.pid}-${Date.now()}.json`);
  await (await download).saveAs(file);
  const csvDownload = first.page.waitForEvent('download');
  await first.page.getByRole('button', { name: 'Export CSV' }).click();
  const csvFile = `${file}.csv`;
  await (await csvDownload).saveAs(csvFile);
  const csv = readFileSync(csvFile, 'utf8').split('\r\n');
  expect(csv[0]).toContain('Customer,Tenant id,Subscriptions');
  expect(csv.filter(Boolean)).toHaveLength(5);
  expect(csv[1]).toContain('Northwind Traders');
  await sessions.pop()!.close();

  const second = await open('#data');
  await poll(() => second.page.locator('.empty').count()).toBe(1);
  const json = readFileSync(file, 'utf8');

  // Corrupted: truncated halfway. Reported, nothing imported.
  await second.page.locator('input[type=file]').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(json.slice(0, json.length / 2)) });
  await poll(() => second.page.locator('#section-data').getByRole('alert').textContent()).toContain('This file was not imported.');
  expect(await second.page.locator('#section-data').getByRole('alert').textContent()).toContain('not valid JSON');
  expect((await command<{ customers: unknown[] }>(second.page, { kind: 'dashboard/get' })).data.customers).toHaveLength(0);

  await second.page.locator('input[type=file]').setInputFiles(file);
  await poll(() => second.page.getByRole('status').filter({ hasText: 'Import finished.' }).textContent()).toContain('Merged 4 customers, 4 subscriptions, 1 migration, 0 rules.');
  await poll(() => tableRows(second.page)).toEqual(before);
  await section(second.page, 'Customers');
  const contoso = second.page.locator(`tr[data-customer-id="${IDS.contoso}"] .phase-chip`);
  expect(await contoso.textContent()).toBe('Moving users');
});

test('a partner rule is saved, matched live, and survives a reload', async () => {
  const { session, page } = await open('#rules');
  await page.getByLabel('Does this name match a retired SKU?').fill('Dynamics GP Starter – 5 licenses');
  await poll(() => page.locator('.match-result').textContent()).toBe('No: not a retired product.');
  await page.getByLabel('Product family').fill('Dynamics GP');
  await page.getByLabel('Retired product').fill('Dynamics GP Starter');
  await page.getByLabel('Names that identify it').fill('Dynamics GP Starter');
  await page.getByLabel('Dynamics 365 for Team Members', { exact: false }).first().check();
  await page.getByRole('button', { name: 'Save rule' }).click();
  await poll(() => page.locator('.match-result').textContent()).toContain('Yes: Dynamics GP Starter (Dynamics GP)');
  const again = await session.context.newPage();
  await again.goto(session.url(`${DASHBOARD}#rules`));
  await poll(() => again.locator('.rule-list li').count()).toBe(1);
});

test('the action badge counts customers needing action soon, and the popup lists them first', async () => {
  const { session, page } = await open();
  await seed(page);
  const badge = () => session.worker.evaluate(() => (globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } }).chrome.action.getBadgeText({}));
  // Northwind (past), Fabrikam (critical), Tailspin (soon); Contoso (200 days) is not counted.
  await poll(badge).toBe('3');

  const popup = await session.context.newPage();
  await popup.goto(session.url('src/pages/popup/index.html'));
  await poll(() => popup.locator('.urgent li > a').allTextContents()).toEqual(['Northwind Traders', 'Fabrikam, Inc.', 'Tailspin Toys']);
  // Each opens the customer's page on the dashboard; its Partner Center link follows the partner's layout.
  expect(await popup.locator('.urgent li > a').first().getAttribute('href')).toBe(session.url(`${DASHBOARD}#customer/${IDS.northwind}`));
  expect(await popup.locator('.urgent li .pc-link').first().getAttribute('href')).toBe(`https://partner.microsoft.com/dashboard/commerce2/customers/${IDS.northwind}/subscriptions`);
  expect(await popup.getByRole('button', { name: 'Open the dashboard' }).isVisible()).toBe(true);

  // Moving every Tailspin user takes it out of danger: the badge follows.
  const tailspin = 'c3d2e1f0-a9b8-4c7d-8e6f-5a4b3c2d1e0f';
  await command(page, { kind: 'migration/apply', customerId: tailspin, event: { type: 'purchase-detected', evidence: { source: 'manual' } } });
  await command(page, { kind: 'migration/apply', customerId: tailspin, event: { type: 'users-progress', moved: 40, total: 40, evidence: { source: 'manual' } } });
  await poll(badge).toBe('2');
  await poll(() => popup.locator('.urgent li').count()).toBe(2);
});

test("a customer's page, opened from the table: its steps with evidence, its notes (edited here) and its history; back returns to the list", async () => {
  const { page } = await open();
  await seed(page);
  const fabrikam = IDS.fabrikam;
  // The plan's replacement, seen active with the licenses it needs: the purchase is done.
  const subscriptionsPage = `https://partner.microsoft.com/dashboard/commerce2/customers/${fabrikam}/subscriptions`;
  await command(page, {
    kind: 'observations/record',
    observations: [
      {
        customerId: fabrikam,
        subscriptions: [{ name: 'Dynamics 365 Customer Engagement Plan', quantity: 10, status: 'active' }],
        source: 'page',
        evidence: subscriptionsPage,
        seenAt: new Date().toISOString(),
      },
    ],
  });
  await command(page, {
    kind: 'migration/apply',
    customerId: fabrikam,
    event: { type: 'purchase-detected', evidence: { source: 'page', page: subscriptionsPage, text: 'Dynamics 365 Customer Engagement Plan · Active · 10' } },
  });
  const link = page.locator(`tr[data-customer-id="${fabrikam}"] a.name`);
  await poll(() => link.textContent()).toBe('Fabrikam, Inc.');
  await link.focus();
  await page.keyboard.press('Enter');
  await poll(() => page.url()).toContain(`#customer/${fabrikam}`);
  const customerPage = page.locator(`.customer-page[data-customer-id="${fabrikam}"]`);
  await poll(() => customerPage.locator('[data-step="purchase"]').getAttribute('data-status')).toBe('done');
  expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe('Fabrikam, Inc.');
  // Focus moved to the page's heading; the table is hidden, not gone.
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('customer-heading');
  expect(await customerPage.locator('[data-step="purchase"] q').textContent()).toBe('Dynamics 365 Customer Engagement Plan · Active · 10');
  expect(await customerPage.locator('.facts .phase-chip').textContent()).toBe('Moving users');
  expect(await customerPage.locator('.facts .days-left').getAttribute('data-days-left')).toBe('12');
  // The seed's observation, the replacement's, the purchase.
  await poll(() => customerPage.locator('.history li').count()).toBe(3);
  expect(await customerPage.getByRole('link', { name: 'Open Subscriptions in Partner Center' }).getAttribute('href')).toBe(
    `https://partner.microsoft.com/dashboard/commerce2/customers/${fabrikam}/subscriptions`,
  );
  expect(await customerPage.locator('[data-slot="api-actions"]').count()).toBe(1);

  await customerPage.getByLabel('Notes').fill('Customer wants Sales Professional instead');
  await customerPage.getByRole('button', { name: 'Save notes' }).click();
  await poll(() => customerPage.getByRole('status').filter({ hasText: 'Notes saved.' }).count()).toBe(1);
  const view = await command<{ migration: { notes: string } }>(page, { kind: 'customer/get', customerId: fabrikam });
  expect(view.data.migration.notes).toBe('Customer wants Sales Professional instead');
  await poll(() => customerPage.locator('.history li').first().textContent()).toContain('Notes saved');

  await page.goBack();
  await poll(() => page.locator(`tr[data-customer-id="${fabrikam}"]`).isVisible()).toBe(true);
  expect(await customerPage.count()).toBe(0);
});

test('a customer with nothing retired whose subscription expires is asked to renew it, not to buy Dynamics 365, and stays urgent', async () => {
  const { page } = await open();
  const today = await seed(page);
  const adventure = '5b8c2f6d-a072-4d34-8fb6-7c2b9a4d3e65';
  await command(page, {
    kind: 'observations/record',
    observations: [
      {
        customerId: adventure,
        customerName: 'Adventure Works',
        relationship: 'reseller',
        source: 'page',
        seenAt: new Date().toISOString(),
        evidence: `https://partner.microsoft.com/dashboard/commerce2/customers/${adventure}/subscriptions`,
        subscriptions: [
          { name: 'Dynamics 365 Customer Engagement Plan', quantity: 20, status: 'active', renewal: { kind: 'expires', date: addDays(today, 10) } },
          { name: 'Dynamics 365 for Team Members Enterprise Edition', quantity: 35, status: 'active', renewal: { kind: 'auto-renews', date: addDays(today, 45) } },
        ],
      },
    ],
  });
  const row = page.locator(`tr[data-customer-id="${adventure}"]`);
  await poll(() => row.locator('.phase-chip').textContent()).toBe('To renew');
  expect(await row.locator('.next').textContent()).toContain('turn auto-renew back on for Dynamics 365 Customer Engagement Plan');
  expect(await row.locator('.next').textContent()).not.toContain('Add the Dynamics 365 subscription');
  expect(await row.locator('td.retired').textContent()).toContain('Dynamics 365 Customer Engagement Plan');
  expect(await row.getAttribute('data-urgency')).toBe('critical');
  // Most urgent first: after the expired Northwind, before Fabrikam (12 days).
  expect((await tableRows(page)).map((r) => r.id).slice(0, 3)).toEqual([IDS.northwind, adventure, IDS.fabrikam]);
  await row.locator('a.name').click();
  await poll(() => page.locator(`.customer-page[data-customer-id="${adventure}"]`).textContent()).toContain('no migration needed');
});

test('the worker finds Partner Center tabs to notify without the "tabs" permission', async () => {
  const { startHttpsServer } = await import('./https-server.ts');
  const server = await startHttpsServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Partner Center</title><h1>Subscriptions</h1>');
  });
  try {
    const session = await launchExtension({ hosts: { 'partner.microsoft.com': server.port } });
    sessions.push(session);
    const contoso = '4f1c2a7e-9b3d-4c6a-8e21-5d7f0a9b1c23';
    for (let i = 0; i < 2; i++) {
      const tab = await session.context.newPage();
      await tab.goto(`https://partner.microsoft.com/dashboard/commerce2/customers/${contoso}/subscriptions`);
    }
    const other = await session.context.newPage();
    await other.goto(session.url(DASHBOARD));
    const urls = await session.worker.evaluate(async () => {
      const chromeApi = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> } } }).chrome;
      const tabs = await chromeApi.tabs.query({ url: 'https://partner.microsoft.com/*' });
      return tabs.map((t) => (typeof t.id === 'number' ? t.url : 'no id'));
    });
    expect(urls).toHaveLength(2);
    expect(urls.every((u) => u?.startsWith('https://partner.microsoft.com/dashboard/commerce2/customers/'))).toBe(true);
  } finally {
    await server.close();
  }
});

test('speaks French in a French browser', async () => {
  const session = await launchExtension({ locale: 'fr' });
  sessions.push(session);
  const page = await session.context.newPage();
  await page.goto(session.url(DASHBOARD));
  await seed(page);
  await poll(() => page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Clients');
  const fabrikam = page.locator(`tr[data-customer-id="${IDS.fabrikam}"]`);
  await poll(() => fabrikam.locator('.urgency').textContent()).toBe('12 jours restants');
  expect(await fabrikam.locator('.phase-chip').textContent()).toBe('À acheter');
  await page.getByRole('navigation').getByRole('link', { name: 'Exporter et importer' }).click();
  await poll(() => page.getByRole('button', { name: 'Exporter en CSV' }).count()).toBe(1);
});

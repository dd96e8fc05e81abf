/**
 * The dashboard as a daily cockpit, in real Chromium with the built extension: sections the URL
 * hash selects (tabs, links, back/forward, keyboard), the same layout in English and French, a
 * customer's page opened by a reminder notification (the legacy subscription seen suspended before
 * anything else: its row and its page say the same), and bulk work on a selection (export, mark
 * reviewed, Subscriptions pages opened ten at a time). With SKU_SHIFT_SCREENSHOTS set, the last test
 * refreshes the README's dashboard screenshots.
 */
import { afterEach, expect, test } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionSession, type LaunchOptions } from './launch-extension.ts';
import { startHttpsServer, type RunningServer } from './https-server.ts';
import { addDays, DASHBOARD, poll, seedPortfolio } from './dashboard-helpers.ts';

const sessions: ExtensionSession[] = [];
const servers: RunningServer[] = [];
afterEach(async () => {
  while (sessions.length) await sessions.pop()!.close();
  while (servers.length) await servers.pop()!.close();
});

async function open(options: LaunchOptions = {}, hash = ''): Promise<{ session: ExtensionSession; page: Page }> {
  const session = await launchExtension({ locale: 'en-US', viewport: { width: 1280, height: 900 }, ...options });
  sessions.push(session);
  const page = await session.context.newPage();
  await page.goto(session.url(DASHBOARD + hash));
  return { session, page };
}

const BASE = '/en-us/dashboard/v2';
const tenant = (n: number) => `${(0x5a000000 + n).toString(16)}-1111-4111-8111-111111111111`;

/** A partner's portfolio: every step, an overdue and a suspended-first customer, end dates over three months. */
const PORTFOLIO = [
  { name: 'Northwind Traders', product: 'Dynamics AX Task', seats: 14, days: -3 },
  { name: 'Fourth Coffee', product: 'Dynamics AX Task', seats: 38, days: 5 },
  { name: 'Fabrikam, Inc.', product: 'Microsoft Dynamics CRM Online Professional', seats: 8, days: 12 },
  { name: 'Woodgrove Bank', product: 'Dynamics AX Enterprise', seats: 29, days: 20, suspendedFirst: true },
  { name: 'Tailspin Toys', product: 'Dynamics CRM Online Basic', seats: 11, days: 25 },
  { name: 'Coho Winery', product: 'Dynamics CRM Online Basic', seats: 35, days: 33 },
  { name: 'Contoso Ltd', product: 'Dynamics AX Enterprise', seats: 25, days: 40 },
  { name: 'Adventure Works', product: 'Dynamics AX Enterprise', seats: 17, days: 55 },
  { name: 'Alpine Ski House', product: 'Microsoft Dynamics CRM Online Professional', seats: 32, days: 70 },
  { name: 'Litware', product: 'Microsoft Dynamics CRM Online Professional', seats: 20, days: 80 },
  { name: 'Wide World Importers', product: 'Dynamics CRM Online Basic', seats: 23, days: 150 },
  { name: 'Proseware', product: 'Dynamics AX Task', seats: 26, days: 200 },
].map((c, i) => ({ ...c, id: tenant(i) }));
const byName = (name: string) => PORTFOLIO.find((c) => c.name === name)!;

const seed = (page: Page) => seedPortfolio(page, PORTFOLIO, BASE);

const heading = (page: Page) => page.locator('h2[data-focus-target]');

test('sections: each tab shows its section alone, the hash names it, links and back/forward open it, the keyboard reaches every tab', async () => {
  const { session, page } = await open();
  await seed(page);
  await poll(() => page.locator('tbody tr').count()).toBe(PORTFOLIO.length);
  const tabs = page.getByRole('navigation', { name: 'Dashboard sections' }).getByRole('link');
  expect(await tabs.allTextContents()).toEqual(['Customers 12', 'Scan with the Partner Center API', 'Retirement rules', 'Settings', 'Export and import']);
  expect(await tabs.first().getAttribute('aria-current')).toBe('page');

  const sections = [
    { hash: '#scan', name: 'Scan with the Partner Center API', shows: page.locator('.scan-panel') },
    { hash: '#rules', name: 'Retirement rules', shows: page.getByLabel('Does this name match a retired SKU?') },
    { hash: '#settings', name: 'Settings', shows: page.getByLabel('Critical under (days)') },
    { hash: '#data', name: 'Export and import', shows: page.getByRole('button', { name: 'Export JSON (backup)' }) },
  ];
  // By keyboard: Tab to a section's tab, Enter; focus lands on the section's heading.
  for (const s of sections) {
    await page.getByRole('link', { name: s.name }).focus();
    await page.keyboard.press('Enter');
    await poll(() => new URL(page.url()).hash).toBe(s.hash);
    await poll(() => s.shows.isVisible()).toBe(true);
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual([s.name]);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(s.name);
    expect(await page.getByRole('link', { name: s.name }).getAttribute('aria-current')).toBe('page');
    expect(await page.locator('table').isVisible()).toBe(false);
  }
  // Back and forward walk the sections visited.
  await page.goBack();
  await poll(() => page.getByLabel('Critical under (days)').isVisible()).toBe(true);
  await page.goBack();
  await poll(() => page.getByLabel('Does this name match a retired SKU?').isVisible()).toBe(true);
  await page.goForward();
  await poll(() => page.getByLabel('Critical under (days)').isVisible()).toBe(true);
  // A link opens a section, in a new tab as in this one; an unknown hash is the customer list.
  const linked = await session.context.newPage();
  await linked.goto(session.url(`${DASHBOARD}#rules`));
  await poll(() => linked.getByLabel('Does this name match a retired SKU?').isVisible()).toBe(true);
  await linked.goto(session.url(`${DASHBOARD}#nowhere`));
  await poll(() => linked.locator('table').isVisible()).toBe(true);
  // The skip link lands on the shown section's heading.
  await page.locator('.skip-link').focus();
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('settings-heading');
});

test('the same look in English and French: one row of tabs, nothing wider than the window, every part of the overview', async () => {
  const layouts: Record<string, { tabsHeight: number; legend: number; windows: number; overflow: boolean[] }> = {};
  for (const locale of ['en-US', 'fr']) {
    const { page } = await open({ locale });
    await seed(page);
    await poll(() => page.locator('tbody tr').count()).toBe(PORTFOLIO.length);
    const overflow: boolean[] = [];
    for (const hash of ['#customers', '#scan', '#rules', '#settings', '#data', `#customer/${byName('Woodgrove Bank').id}`]) {
      await page.evaluate((h) => (location.hash = h), hash);
      await poll(() => heading(page).count()).toBe(1);
      await page.waitForTimeout(100);
      overflow.push(await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth));
    }
    layouts[locale] = {
      tabsHeight: Math.round((await page.locator('nav .tabs').boundingBox())!.height),
      legend: await page.locator('.legend-item').count(),
      windows: await page.locator('.window-item').count(),
      overflow,
    };
  }
  expect(layouts.fr).toEqual(layouts['en-US']);
  expect(layouts.fr!.overflow.every((o) => !o)).toBe(true);
  expect(layouts.fr!.tabsHeight).toBeLessThan(60);
});

test("a reminder's notification opens the customer's page; a suspension seen first, confirmed there, reads the same in the row and on the page", async () => {
  const { session, page } = await open();
  const today = await seed(page);
  const woodgrove = byName('Woodgrove Bank');
  const row = page.locator(`tr[data-customer-id="${woodgrove.id}"]`);
  await poll(() => row.locator('.phase-chip').textContent()).toBe('To buy');
  expect(await row.locator('.end-date').textContent()).not.toBe('—');
  expect(await row.locator('.days-left').getAttribute('data-days-left')).toBe('20');

  // The click on the notification the daily reminder raised for this customer and end date.
  const opened = session.context.waitForEvent('page');
  await session.worker.evaluate(
    (id) => (globalThis as unknown as { chrome: { notifications: { onClicked: { dispatch(id: string): void } } } }).chrome.notifications.onClicked.dispatch(id),
    `sku-shift-reminder|${woodgrove.id}|${addDays(today, 20)}`,
  );
  const customerTab = await opened;
  await poll(() => customerTab.url()).toBe(session.url(`${DASHBOARD}#customer/${woodgrove.id}`));
  const customerPage = customerTab.locator(`.customer-page[data-customer-id="${woodgrove.id}"]`);
  await poll(() => customerPage.locator('h2').textContent()).toBe('Woodgrove Bank');
  // Seen on a page, the suspension waits for the partner: confirmed here, the step and its clock start.
  expect(await customerPage.locator('[data-step="suspend"]').getAttribute('data-status')).toBe('todo');
  await customerPage.getByTestId('suspension-seen').getByRole('button', { name: 'Confirm' }).click();
  await poll(() => customerPage.locator('[data-step="suspend"]').getAttribute('data-status')).toBe('done');
  await poll(() => row.locator('.phase .flag').textContent()).toBe('Suspended before every user moved: those still on it have lost access.');
  // The page and the row: the same step, end date, days left and what is still to do.
  expect(await customerPage.locator('.facts .phase-chip').textContent()).toBe('To buy');
  expect(await customerPage.locator('.facts .end-date').textContent()).toBe(await row.locator('.end-date').textContent());
  expect(await customerPage.locator('.facts .days-left').getAttribute('data-days-left')).toBe('20');
  expect(await customerPage.locator('.facts .flag').textContent()).toBe('Suspended before every user moved: those still on it have lost access.');
  expect(await customerPage.locator('[data-step="purchase"]').getAttribute('data-status')).toBe('todo');
  expect(await customerPage.locator('[data-step="suspend"] .flag').textContent()).toBe('Done before the previous step.');
  expect(await customerPage.locator('.subscriptions').textContent()).toContain(`Expires on ${await row.locator('.end-date').textContent()}`);
  expect(await customerPage.locator('.warnings').textContent()).toContain('some may have lost access');
  expect(await customerPage.getByRole('link', { name: 'Open Subscriptions in Partner Center' }).getAttribute('href')).toBe(
    `https://partner.microsoft.com${BASE}/customers/${woodgrove.id}/subscriptions`,
  );
  // The summary notification opens the list.
  const list = session.context.waitForEvent('page');
  await session.worker.evaluate(
    (id) => (globalThis as unknown as { chrome: { notifications: { onClicked: { dispatch(id: string): void } } } }).chrome.notifications.onClicked.dispatch(id),
    `sku-shift-reminder|summary|${today}`,
  );
  await poll(async () => (await list).url()).toBe(session.url(`${DASHBOARD}#customers`));
});

test('bulk work: shift-click a range, select all in the filter, export the selection, mark it reviewed, open Subscriptions pages ten at a time', async () => {
  const server = await startHttpsServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Subscriptions</title><h1>Subscriptions</h1>');
  });
  servers.push(server);
  const { session, page } = await open({ hosts: { 'partner.microsoft.com': server.port } });
  await seed(page);
  await poll(() => page.locator('tbody tr').count()).toBe(PORTFOLIO.length);
  const ids = await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-customer-id')!));
  const box = (i: number) => page.locator('tbody tr').nth(i).getByRole('checkbox');

  // A click, then a shift-click: the range between them, in the order shown.
  await box(1).click();
  await box(4).click({ modifiers: ['Shift'] });
  await poll(() => page.locator('.bulk-count').textContent()).toBe('4 selected');
  expect(await page.locator('tbody tr[aria-selected="true"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-customer-id')))).toEqual(ids.slice(1, 5));

  // Export the selection: those four, in that order.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export the selection (CSV)' }).click();
  const file = join(tmpdir(), `sku-shift-selection-${process.pid}-${Date.now()}.csv`);
  await (await download).saveAs(file);
  const csv = readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  expect(csv).toHaveLength(5);
  expect(csv.slice(1).map((line) => ids.find((id) => line.includes(id)))).toEqual(ids.slice(1, 5));

  // Mark them reviewed: each row says so, and the Review filter finds them.
  await page.getByRole('button', { name: 'Mark reviewed' }).click();
  await poll(() => page.locator('.bulk [role="status"]').textContent()).toBe('4 customers marked reviewed.');
  await poll(() => page.locator('tbody .reviewed').count()).toBe(4);
  await page.getByLabel('Review').selectOption('reviewed');
  await poll(() => page.locator('tbody tr').count()).toBe(4);
  await page.getByRole('button', { name: 'Clear filters' }).click();

  // Select all in the filter: the step filter lists the customers still to buy.
  await page.getByRole('button', { name: 'Clear the selection' }).click();
  await page.locator('.legend-item[data-phase="purchase"]').click();
  const toBuy = await page.locator('tbody tr').count();
  await page.getByRole('checkbox', { name: /^Select all/ }).check();
  await poll(() => page.locator('.bulk-count').textContent()).toBe(`${toBuy} selected`);
  await page.locator('.legend-item[data-phase="purchase"]').click();
  await page.getByRole('checkbox', { name: /^Select all/ }).check();
  await poll(() => page.locator('.bulk-count').textContent()).toBe(`${PORTFOLIO.length} selected`);

  // Twelve selected: a confirmation, ten tabs, then the last two on the next click.
  const before = session.context.pages().length;
  await page.getByRole('button', { name: 'Open their Subscriptions pages' }).click();
  const confirm = page.getByRole('alertdialog');
  await poll(() => confirm.textContent()).toContain('Open 10 Partner Center tabs (Subscriptions) for the first 10 of the 12 customers selected?');
  await confirm.getByRole('button', { name: 'Open 10 tabs' }).click();
  await poll(() => session.context.pages().length).toBe(before + 10);
  // The tabs, in no particular order: the first ten customers listed.
  const opened = () =>
    session.context
      .pages()
      .slice(before)
      .map((p) => p.url())
      .sort();
  await poll(opened).toEqual(
    ids
      .slice(0, 10)
      .map((id) => `https://partner.microsoft.com${BASE}/customers/${id}/subscriptions`)
      .sort(),
  );
  await poll(() => page.locator('.bulk [role="status"]').textContent()).toBe('Subscriptions pages opened for 10 of 12 customers.');
  await page.getByRole('button', { name: 'Open the next 2' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Open 2 tabs' }).click();
  await poll(() => session.context.pages().length).toBe(before + 12);
  expect(await page.getByRole('button', { name: 'All opened' }).isDisabled()).toBe(true);
});

test('the overview and the customer page as the README shows them', async () => {
  const { page } = await open({ viewport: { width: 1280, height: 900 } });
  await seed(page);
  await poll(() => page.locator('tbody tr').count()).toBe(PORTFOLIO.length);
  // The rows are all in after the first record; the steps applied after it arrive with a later re-read.
  await poll(() => page.locator('.legend-item[data-phase="purchase"] .legend-count').textContent()).toBe('8');
  await poll(() => page.locator('.window-item[data-window="within-30"] .legend-count').textContent()).toBe('4');
  const shots = process.env.SKU_SHIFT_SCREENSHOTS ? join(process.cwd(), 'docs/screenshots') : null;
  if (shots) {
    mkdirSync(shots, { recursive: true });
    const sixth = await page.locator('tbody tr').nth(5).boundingBox();
    await page.screenshot({ path: join(shots, 'dashboard.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(sixth!.y + sixth!.height + 1) } });
  }
  await page.locator(`tr[data-customer-id="${byName('Tailspin Toys').id}"] a.name`).click();
  const customerPage = page.locator('.customer-page');
  await poll(() => customerPage.locator('[data-step="reassign"]').getAttribute('data-status')).toBe('in-progress');
  await customerPage.getByLabel('Notes').fill('Call Jamie before moving the last 4 users (shift workers).');
  await customerPage.getByRole('button', { name: 'Save notes' }).click();
  await poll(() => customerPage.locator('.history li').first().textContent()).toContain('Notes saved');
  if (shots) await page.screenshot({ path: join(shots, 'dashboard-customer.png'), fullPage: true });
});

/**
 * The checklist, a whole migration and the dashboard's export/import in real Firefox (firefox-esr,
 * puppeteer-core over WebDriver BiDi, dist-firefox/ as a temporary add-on), on the stateful Partner
 * Center look-alike that migration-flow.e2e.ts drives in Chromium. Driven as a partner does (pages,
 * clicks, typing) and checked by what the partner sees: the checklist's steps, counts and guidance,
 * the inline suspend warning, the dashboard's rows, details and messages, the exported files.
 *
 * The tests run in order on one profile: the dashboard test exports what the first two did and
 * imports it into a second, fresh Firefox profile.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFirefox, launchFirefoxWithExtension, openExtensionPage, type FirefoxSession } from './launch-firefox.ts';
import { startHttpsServer, type RunningServer } from './https-server.ts';
import { CONTOSO_ID, FABRIKAM_ID, migrationFixture } from '../fixtures/pages/migration-fixture.ts';

const TODAY = new Date().toISOString().slice(0, 10);
const DASHBOARD = 'src/pages/dashboard/index.html';
const downloads = mkdtempSync(join(tmpdir(), 'sku-shift-firefox-downloads-'));
let server: RunningServer;
let session: FirefoxSession;
const pageErrors: string[] = [];

beforeAll(async () => {
  findFirefox(); // first: with no Firefox, the one line that says how to get one
  const fixture = migrationFixture({ today: TODAY });
  server = await startHttpsServer((req, res, body) => {
    if (!fixture.handle(req, res, body)) {
      res.writeHead(404);
      res.end();
    }
  });
  session = await launchFirefoxWithExtension({ hosts: { 'partner.microsoft.com': server.port }, downloadDir: downloads });
});

afterAll(async () => {
  await session?.close();
  await server?.close();
  rmSync(downloads, { recursive: true, force: true });
  expect(pageErrors).toEqual([]);
});

/** Two browsers on two shared cores can be slow: everything waits on the page catching up. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

/** A selector that reaches into every open shadow root (puppeteer's deep combinator). */
const deep = (css: string): string => `>>> ${css}`;

async function newPage(): Promise<Page> {
  const page = await session.browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  return page;
}

async function text(page: Page, css: string): Promise<string | null> {
  const element = await page.$(deep(css));
  return element ? element.evaluate((e) => e.textContent) : null;
}

const count = async (page: Page, css: string): Promise<number> => (await page.$$(deep(css))).length;

/**
 * Waits for the page's next two frames: what a partner sees before acting. Firefox ESR 140's
 * WebDriver BiDi clicks by coordinates right away, and a click into a page the SPA has just
 * rendered (not painted yet) can land on what was there before.
 */
async function painted(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

async function click(page: Page, css: string): Promise<void> {
  await painted(page);
  await page.locator(deep(css)).setTimeout(15_000).click();
}

/** Clicks a checkbox only when it is not already as wanted, as a partner would. */
async function setChecked(page: Page, css: string, checked: boolean): Promise<void> {
  const box = (await page.waitForSelector(deep(css), { timeout: 15_000 })) as ElementHandle<HTMLInputElement>;
  await painted(page);
  if ((await box.evaluate((b) => b.checked)) !== checked) await box.click();
}

/**
 * Chooses a Status with the keyboard, as a partner can (the open list of a <select> is drawn by
 * Firefox itself, out of the page's reach; puppeteer's select() sends events that stay inside the
 * shadow root). The options are Active, then Suspended.
 */
async function chooseStatus(page: Page, value: 'active' | 'suspended'): Promise<void> {
  const select = (await page.waitForSelector(deep('#status-select'), { timeout: 15_000 })) as ElementHandle<HTMLSelectElement>;
  await select.focus();
  await page.keyboard.press(value === 'suspended' ? 'ArrowDown' : 'ArrowUp');
  expect(await select.evaluate((s) => s.value)).toBe(value);
}

const panel = '[data-testid="checklist-panel"]';
const launcher = '[data-testid="checklist-launcher"]';
/** A checklist step's visible status ("To do", "In progress", "Done"). */
const stepStatus = (page: Page, step: string) => text(page, `${panel} li[data-step="${step}"] .status`);
const stepText = (page: Page, step: string) => text(page, `${panel} li[data-step="${step}"]`);

/** Waits for the checklist to show (it loads on demand), opening it from its launcher if needed. */
async function openChecklist(page: Page): Promise<void> {
  await poll(async () => (await count(page, panel)) + (await count(page, launcher))).toBeGreaterThan(0);
  if ((await count(page, panel)) === 0) await click(page, launcher);
  await poll(() => count(page, panel)).toBe(1);
}

const customerUrl = (locale: string, customer: string, path: string) => `https://partner.microsoft.com/${locale}/dashboard/commerce2/customers/${customer}${path}`;

describe('Firefox: the checklist and a whole migration', () => {
  test('purchase → reassign → suspend, each seen on the page and shown in the checklist; the suspend warning on the way', async () => {
    const page = await newPage();
    await page.goto(customerUrl('en-us', CONTOSO_ID, '/subscriptions'));
    await poll(() => count(page, launcher)).toBe(1);
    expect(await text(page, launcher)).toBe('SKU Shift · 0/3 steps');
    await openChecklist(page);
    await poll(() => text(page, '[data-testid="checklist-plan"]')).toContain('Dynamics 365 Finance × 3 licenses');
    expect(await text(page, '[data-testid="checklist-now"]')).toContain('Select “Add subscription” on this page.');
    expect(await text(page, panel)).toContain('45 days left');

    // Step 1: buy the target; the new subscription next to the old one completes the step.
    await click(page, '[data-testid="add-subscriptions"]');
    await poll(() => text(page, '[data-testid="checklist-now"]')).toContain('Pick Dynamics 365 Finance × 3');
    await setChecked(page, 'input[aria-label="Dynamics 365 Finance"]', true);
    await page.locator(deep('li:has(input[aria-label="Dynamics 365 Finance"]) input[type="number"]')).fill('3');
    await click(page, '[data-testid="submit"]');
    await poll(() => stepStatus(page, 'purchase')).toBe('Done');
    expect(await stepText(page, 'purchase')).toMatch(/Seen on the Subscriptions page, .+: Dynamics 365 Finance · Active · 3/);
    expect(await page.$eval(deep(`${panel} li[data-step="purchase"] input[type="checkbox"]`), (b) => (b as HTMLInputElement).checked)).toBe(true);

    // Step 2: Users and licenses counts who still holds the retired license, one user at a time.
    await click(page, 'nav a[href$="/users"]');
    await poll(() => text(page, '[data-testid="users-progress"]')).toContain('0 of 3 users moved');
    expect(await text(page, '[data-testid="checklist-now"]')).toContain('“Manage licenses”');
    const moveUser = async (userId: string) => {
      await click(page, `[data-testid="manage-${userId}"]`);
      await setChecked(page, 'input[type="checkbox"][value="Dynamics AX Enterprise"]', false);
      await setChecked(page, 'input[type="checkbox"][value="Dynamics 365 Finance"]', true);
      await click(page, '[data-testid="submit"]');
    };
    await moveUser('u1');
    await poll(() => text(page, '[data-testid="users-progress"]')).toContain('1 of 3 users moved');

    // Mid-flow, choosing Suspended on the old subscription warns right there; Active takes it away.
    await page.goto(customerUrl('en-us', CONTOSO_ID, '/subscriptions/a1c0ffee-0000-4000-8000-000000000001'));
    await chooseStatus(page, 'suspended');
    await poll(() => text(page, '[data-testid="suspend-warning"]')).toContain('2 users still hold Dynamics AX Enterprise');
    expect(await page.$eval(deep('[data-testid="submit"]'), (b) => (b as HTMLButtonElement).disabled)).toBe(false);
    await chooseStatus(page, 'active');
    await poll(() => count(page, '[data-testid="suspend-warning"]')).toBe(0);

    await page.goto(customerUrl('en-us', CONTOSO_ID, '/users'));
    await poll(() => text(page, '[data-testid="users-progress"]')).toContain('1 of 3 users moved');
    await moveUser('u2');
    await poll(() => text(page, '[data-testid="users-progress"]')).toContain('2 of 3 users moved');
    await moveUser('u3');
    await poll(() => stepStatus(page, 'reassign')).toBe('Done');
    expect(await text(page, '[data-testid="users-progress"]')).toContain('3 of 3 users moved');

    // Step 3: suspend the old subscription; the page's Suspended status completes the migration.
    await page.goto(customerUrl('en-us', CONTOSO_ID, '/subscriptions/a1c0ffee-0000-4000-8000-000000000001'));
    await openChecklist(page);
    await poll(() => text(page, '[data-testid="checklist-now"]')).toContain('Set “Status” to “Suspended”, then select “Submit”.');
    await chooseStatus(page, 'suspended');
    await click(page, '[data-testid="submit"]');
    // Seen Suspended on the page: the partner confirms it before the de-provisioning clock starts.
    await poll(() => count(page, `${panel} [data-testid="suspend-seen"]`)).toBe(1);
    expect(await stepStatus(page, 'suspend')).not.toBe('Done');
    await click(page, `${panel} [data-testid="suspend-seen"] button`);
    await poll(() => stepStatus(page, 'suspend')).toBe('Done');
    expect(await text(page, '[data-testid="deprovision-date"]')).toContain('120 days after suspension');
    expect(await count(page, '[data-testid="suspend-warning"]')).toBe(0);
    await page.close();
  });

  test('the checklist remembers open/closed per customer, answers the keyboard, opens from a badge, keeps a tick; notes stay off the page', async () => {
    const page = await newPage();
    await page.goto(customerUrl('fr-fr', FABRIKAM_ID, '/subscriptions'));
    await openChecklist(page);
    // French Partner Center: the labels to click are quoted in French.
    await poll(() => text(page, '[data-testid="checklist-now"]')).toContain('“Ajouter un abonnement”');

    // Escape closes it and gives focus back to the launcher; Enter opens it again.
    await page.keyboard.press('Escape');
    await poll(() => count(page, panel)).toBe(0);
    expect(await page.$eval(deep(launcher), (el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    await page.keyboard.press('Enter');
    await poll(() => count(page, panel)).toBe(1);

    // Open survives a reload; closed too.
    await page.reload();
    await poll(() => count(page, panel)).toBe(1);
    await click(page, `${panel} button.close`);
    await page.reload();
    await poll(() => count(page, launcher)).toBe(1);
    expect(await count(page, panel)).toBe(0);

    // The retired SKU's badge opens it too.
    await click(page, 'button.pill[data-sku-shift-rule]');
    await click(page, '::-p-text(Open the migration checklist)');
    await poll(() => count(page, panel)).toBe(1);

    // A step ticked by hand is there on the next visit.
    await setChecked(page, `${panel} li[data-step="purchase"] input[type="checkbox"]`, true);
    await poll(() => stepStatus(page, 'purchase')).toBe('Done');
    expect(await stepText(page, 'purchase')).toContain('Ticked by hand');
    await page.goto(customerUrl('fr-fr', FABRIKAM_ID, '/users'));
    await poll(() => stepStatus(page, 'purchase')).toBe('Done');
    // Notes are kept on the dashboard, never in the page (its scripts could read them).
    expect(await text(page, `${panel} [data-testid="checklist-notes"]`)).toContain('on the dashboard');
    expect(await count(page, `${panel} textarea`)).toBe(0);
    await page.close();
  });
});

/**
 * Clicks a control of an extension page. Firefox ESR 140's WebDriver BiDi never reports the dashboard's
 * links and buttons "stable" to puppeteer's locator (it times out), so the element is found, then clicked.
 */
async function press(page: Page, css: string): Promise<void> {
  const element = await page.waitForSelector(css, { visible: true, timeout: 15_000 });
  await element!.click();
}

/** The dashboard's customer rows as the partner reads them: id, stage. */
async function dashboardRows(page: Page): Promise<Array<{ id: string; phase: string }>> {
  return page.$$eval('tbody tr[data-customer-id]', (rows) => rows.map((r) => ({ id: r.getAttribute('data-customer-id') ?? '', phase: r.querySelector('.phase-chip')?.textContent ?? '' })));
}

/**
 * The file the browser saved into the downloads folder whose name starts with `prefix`, once complete
 * (Firefox writes `<name>.part` beside an empty placeholder, then renames it).
 */
function downloaded(prefix: string): string | undefined {
  const names = readdirSync(downloads);
  const name = names.find((f) => f.startsWith(prefix) && !f.endsWith('.part'));
  if (!name || names.includes(`${name}.part`) || statSync(join(downloads, name)).size === 0) return undefined;
  return join(downloads, name);
}

describe('Firefox: the dashboard', () => {
  test('shows where each customer stands; export JSON and CSV; import into a fresh profile restores it, a broken file changes nothing', async () => {
    const dashboard = await openExtensionPage(session, DASHBOARD);
    dashboard.on('pageerror', (error) => pageErrors.push(String(error)));
    await poll(() => dashboardRows(dashboard).then((rows) => rows.find((r) => r.id === CONTOSO_ID)?.phase)).toBe('Suspended');
    const before = await dashboardRows(dashboard);
    expect(before.find((r) => r.id === FABRIKAM_ID)?.phase).toBe('Moving users');

    // Contoso's page: each step with what proved it, and the history.
    await press(dashboard, `tr[data-customer-id="${CONTOSO_ID}"] a.name`);
    const details = `.customer-page[data-customer-id="${CONTOSO_ID}"]`;
    await poll(() => dashboard.$eval(details, (d) => d.textContent).catch(() => '')).toContain('Purchase detected');
    const detailsText = (await dashboard.$eval(details, (d) => d.textContent)) ?? '';
    expect(detailsText).toContain('Dynamics 365 Finance · Active · 3');
    expect(detailsText).toContain('Suspension confirmed — de-provisioned on');

    await press(dashboard, 'nav a[href="#data"]');
    await press(dashboard, '::-p-text(Export JSON (backup))');
    await poll(() => downloaded('sku-shift-export-')).toBeTruthy();
    await press(dashboard, '::-p-text(Export CSV)');
    await poll(() => downloaded('sku-shift-customers-')).toBeTruthy();
    const csv = readFileSync(downloaded('sku-shift-customers-')!, 'utf8').split('\r\n').filter(Boolean);
    expect(csv[0]).toContain('Customer,Tenant id,Subscriptions');
    expect(csv).toHaveLength(before.length + 1);
    await dashboard.close();

    const fresh = await launchFirefoxWithExtension({ hosts: {} });
    try {
      const page = await openExtensionPage(fresh, DASHBOARD);
      page.on('pageerror', (error) => pageErrors.push(String(error)));
      await poll(() => page.$$('.empty').then((e) => e.length)).toBe(1);
      await press(page, 'nav a[href="#data"]');

      // Truncated halfway: reported, nothing imported.
      const json = readFileSync(downloaded('sku-shift-export-')!, 'utf8');
      const broken = join(downloads, 'broken.json');
      writeFileSync(broken, json.slice(0, json.length / 2));
      const input = (await page.waitForSelector('input[type="file"]')) as ElementHandle<HTMLInputElement>;
      await input.uploadFile(broken);
      await poll(() => page.$eval('#section-data', (d) => d.querySelector('[role="alert"]')?.textContent ?? '')).toContain('This file was not imported.');
      expect(await page.$$('tbody tr[data-customer-id]')).toHaveLength(0);

      await input.uploadFile(downloaded('sku-shift-export-')!);
      await poll(() => page.$eval('#section-data', (d) => d.textContent)).toContain('Import finished.');
      expect(await page.$eval('#section-data', (d) => d.textContent)).toContain(`Merged ${before.length} customers`);
      await poll(() => dashboardRows(page)).toEqual(before);
    } finally {
      await fresh.close();
    }
  });
});

/**
 * Accessibility, measured in real Chromium with the built extension: axe-core over every dashboard
 * section and a customer's page, the popup, the badge details and the checklist on the Partner
 * Center look-alike (inside our open shadow roots), in English and French, with no serious or
 * critical finding (moderate and minor counts are printed); every control reached and used with the
 * keyboard alone; a visible focus mark; the layout at 200 % zoom (a 1280 × 800 window seen as
 * 640 × 400 CSS px); the French badge details whose main button stays in view; and the dashboard's
 * next-action texts, never cut mid-word.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionSession, type LaunchOptions } from './launch-extension.ts';
import { startFixtureServer, type FixtureServer } from './fixture-server.ts';
import { startHttpsServer, type RunningServer } from './https-server.ts';
import { CONTOSO_ID, migrationFixture } from '../fixtures/pages/migration-fixture.ts';
import { DASHBOARD, poll, seedPortfolio } from './dashboard-helpers.ts';
import { probeAnnotations, settledAnnotations } from './content-page-probe.ts';
import { focused, logCounts, runAxe, severe, type AxeReport } from './a11y-helpers.ts';

const POPUP = 'src/pages/popup/index.html';
const sessions: ExtensionSession[] = [];
const servers: FixtureServer[] = [];
const plainServers: RunningServer[] = [];
afterEach(async () => {
  while (sessions.length) await sessions.pop()!.close();
  while (servers.length) await servers.pop()!.close();
  while (plainServers.length) await plainServers.pop()!.close();
});

async function launch(options: LaunchOptions = {}): Promise<ExtensionSession> {
  const session = await launchExtension({ locale: 'en-US', viewport: { width: 1280, height: 900 }, ...options });
  sessions.push(session);
  return session;
}

const BASE = '/en-us/dashboard/v2';
const tenant = (n: number) => `${(0x6b000000 + n).toString(16)}-2222-4222-8222-222222222222`;

/** A portfolio with a customer at every step (so every next-action text shows), overdue to later. */
const PORTFOLIO = [
  { name: 'Northwind Traders', product: 'Dynamics AX Task', seats: 14, days: -3 },
  { name: 'Fourth Coffee', product: 'Dynamics AX Task', seats: 38, days: 5 },
  { name: 'Fabrikam, Inc.', product: 'Microsoft Dynamics CRM Online Professional', seats: 8, days: 12 },
  { name: 'Woodgrove Bank', product: 'Dynamics AX Enterprise', seats: 29, days: 20, suspendedFirst: true },
  { name: 'Tailspin Toys', product: 'Dynamics CRM Online Basic', seats: 11, days: 25 },
  { name: 'Coho Winery', product: 'Dynamics CRM Online Basic', seats: 35, days: 33, invite: true },
  { name: 'Litware', product: 'Microsoft Dynamics CRM Online Professional', seats: 20, days: 80 },
  { name: 'Proseware', product: 'Dynamics AX Task', seats: 26, days: 200 },
  { name: 'Wide World Importers', product: 'Microsoft 365 Business Basic', seats: 23, days: 15, current: true },
].map((c, i) => ({ ...c, id: tenant(i) }));
const byName = (name: string) => PORTFOLIO.find((c) => c.name === name)!;

const seed = (page: Page) => seedPortfolio(page, PORTFOLIO, BASE);

async function openDashboard(options: LaunchOptions = {}, hash = ''): Promise<{ session: ExtensionSession; page: Page }> {
  const session = await launch(options);
  const page = await session.context.newPage();
  await page.goto(session.url(DASHBOARD + hash));
  await seed(page);
  await poll(() => page.locator('tbody tr').count()).toBe(PORTFOLIO.length);
  return { session, page };
}

const SECTION_HASHES = ['#customers', '#scan', '#rules', '#settings', '#data', `#customer/${byName('Tailspin Toys').id}`, `#customer/${byName('Woodgrove Bank').id}`];

async function showSection(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => (location.hash = h), hash);
  await poll(() => page.locator('h2[data-focus-target]').count()).toBe(1);
  await page.waitForTimeout(150);
}

/** The Partner Center look-alike, with the extension, in one UI language. */
async function openLookAlike(locale: 'en-US' | 'fr', viewport = { width: 1280, height: 800 }): Promise<{ server: FixtureServer; session: ExtensionSession; page: Page }> {
  const server = await startFixtureServer();
  servers.push(server);
  const session = await launch({ hosts: { 'partner.microsoft.com': server.port }, locale, viewport });
  const page = await session.context.newPage();
  return { server, session, page };
}

const customerId = (server: FixtureServer, name: string) => server.data.customers.find((c) => c.name.startsWith(name))!.id;
const subscriptions = (server: FixtureServer, name: string, locale: 'en-US' | 'fr') =>
  server.url(`/${locale === 'fr' ? 'fr-fr' : 'en-us'}/commerce/customers/${customerId(server, name)}/subscriptions`);

describe('axe-core: no serious or critical violation', () => {
  test.each(['en-US', 'fr'])('the dashboard, every section and a customer page, and the popup (%s)', async (locale) => {
    const { session, page } = await openDashboard({ locale });
    const reports: AxeReport[] = [];
    // The pages follow the system's light or dark scheme: both are measured.
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const hash of SECTION_HASHES) {
        await showSection(page, hash);
        reports.push(await runAxe(page, `${locale} ${scheme} dashboard ${hash}`));
      }
    }
    const popup = await session.context.newPage();
    await popup.setViewportSize({ width: 380, height: 600 });
    await popup.goto(session.url(POPUP));
    await poll(() => popup.locator('.urgent li').count()).toBeGreaterThan(0);
    for (const scheme of ['light', 'dark'] as const) {
      await popup.emulateMedia({ colorScheme: scheme });
      reports.push(await runAxe(popup, `${locale} ${scheme} popup`));
    }
    logCounts(reports);
    expect(severe(reports)).toEqual([]);
    expect(reports.every((r) => r.passed.includes('color-contrast'))).toBe(true);
  });

  test.each(['en-US', 'fr'] as const)('the badge details and the checklist on Partner Center pages (%s)', async (locale) => {
    const { server, page } = await openLookAlike(locale);
    const reports: AxeReport[] = [];
    const chips: Record<string, string[]> = {};
    for (const name of ['Contoso', 'Northwind']) {
      await page.goto(subscriptions(server, name, locale));
      await settledAnnotations(page);
      const marks = await runAxe(page, `${locale} ${name} subscriptions, badges`, { ours: true });
      reports.push(marks);
      chips[name] = marks.contrastPassedChips;
      const badge = page.locator('sku-shift-badge button.pill').first();
      await badge.focus();
      await poll(() => page.locator('sku-shift-badge .details[role="dialog"]').first().isVisible()).toBe(true);
      // The details measured whole: with their main button (it comes once the checklist has loaded).
      await poll(() => page.locator('sku-shift-badge .details:popover-open .action').count()).toBe(1);
      reports.push(await runAxe(page, `${locale} ${name} badge details`, { ours: true }));
      await page.keyboard.press('Escape');
    }
    // Every kind of chip in a grid row had its text's contrast measured: a retired SKU's days left and
    // its auto-renew warning, and a current product's quiet end-date chip (Contoso's Microsoft 365 Business Basic).
    expect(chips).toEqual({ Contoso: ['auto-renew', 'current-expiry', 'expiry'], Northwind: ['expiry'] });
    // Every other kind of mark: licenses on Users and licenses, replacements highlighted in Add subscriptions.
    const contoso = customerId(server, 'Contoso');
    const prefix = locale === 'fr' ? 'fr-fr' : 'en-us';
    for (const [what, path] of [
      ['users', 'users'],
      ['add subscriptions', 'subscriptions/add'],
    ]) {
      await page.goto(server.url(`/${prefix}/commerce/customers/${contoso}/${path}`));
      // The catalog's highlight waits (up to a second) for this customer's plan before it shows.
      if (path === 'subscriptions/add') await poll(async () => (await probeAnnotations(page)).filter((p) => p.tag === 'SKU-SHIFT-TARGET').length).toBeGreaterThan(0);
      await settledAnnotations(page);
      reports.push(await runAxe(page, `${locale} Contoso ${what}`, { ours: true }));
    }
    await page.goto(subscriptions(server, 'Contoso', locale));
    await settledAnnotations(page);
    const launcher = page.getByTestId('checklist-launcher');
    await poll(() => launcher.isVisible()).toBe(true);
    reports.push(await runAxe(page, `${locale} checklist launcher`, { ours: true }));
    await launcher.click();
    await poll(() => page.getByTestId('checklist-panel').isVisible()).toBe(true);
    reports.push(await runAxe(page, `${locale} checklist panel`, { ours: true }));
    // Another customer's: a subscription from another channel, its notice (the panel stays open, remembered).
    await page.goto(subscriptions(server, 'Northwind', locale));
    await settledAnnotations(page);
    const northwind = page.getByTestId('checklist-panel');
    await poll(async () => (await northwind.isVisible()) || (await launcher.isVisible())).toBe(true);
    if (!(await northwind.isVisible())) await launcher.click();
    await poll(() => northwind.locator('.notice').count()).toBeGreaterThan(0);
    reports.push(await runAxe(page, `${locale} checklist panel with notices`, { ours: true }));
    logCounts(reports);
    expect(severe(reports)).toEqual([]);
    expect(reports.every((r) => r.passed.includes('color-contrast'))).toBe(true);
  });
});

test.each(['en-US', 'fr'] as const)('axe-core: the suspend warning under the Status control (%s)', async (locale) => {
  const fixture = migrationFixture({ today: new Date().toISOString().slice(0, 10) });
  const server = await startHttpsServer((req, res, body) => {
    if (!fixture.handle(req, res, body)) {
      res.writeHead(404);
      res.end();
    }
  });
  plainServers.push(server);
  const session = await launch({ hosts: { 'partner.microsoft.com': server.port }, locale });
  const page = await session.context.newPage();
  const prefix = locale === 'fr' ? 'fr-fr' : 'en-us';
  await page.goto(`https://partner.microsoft.com/${prefix}/dashboard/commerce2/customers/${CONTOSO_ID}/subscriptions/a1c0ffee-0000-4000-8000-000000000001`);
  await page.locator('#status-select').selectOption('suspended');
  const warning = page.getByTestId('suspend-warning');
  await poll(() => warning.isVisible()).toBe(true);
  const reports = [await runAxe(page, `${locale} suspend warning`, { ours: true })];
  logCounts(reports);
  expect(severe(reports)).toEqual([]);
  expect(reports[0]!.passed).toContain('color-contrast');
  // Its button is reached by keyboard from the Status control.
  await page.locator('#status-select').focus();
  expect(await tabTo(page, (el) => el.tagName === 'BUTTON' && (el.getRootNode() as ShadowRoot).host?.tagName === 'SKU-SHIFT-SUSPEND-WARNING', { limit: 5 })).toBe(true);
});

// ── Keyboard ───────────────────────────────────────────────────────────────────────────────────

/** Marks every element that takes focus from now on (through open shadow roots). */
async function recordFocus(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.addEventListener('focusin', (event) => (event.composedPath()[0] as HTMLElement).setAttribute?.('data-a11y-focused', ''), true);
  });
}

/** Presses Tab (Shift+Tab: backwards) until the focused element matches `matches` (run in the page); false after `limit` presses. */
async function tabTo(page: Page, matches: (el: Element) => boolean, options: { backwards?: boolean; limit?: number } = {}): Promise<boolean> {
  for (let i = 0; i < (options.limit ?? 150); i++) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    const hit = await page.evaluate(`(() => {
      let a = document.activeElement;
      while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
      return a ? (${matches.toString()})(a) : false;
    })()`);
    if (hit) return true;
  }
  return false;
}

/** The shown section's controls that Tab should reach: visible, enabled, not taken out of the tab order. */
async function controlsNotReached(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';
    const missed: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      if ((el as HTMLButtonElement).disabled || el.getAttribute('tabindex') === '-1' || el.getClientRects().length === 0) continue;
      if (el.closest('[hidden], [inert]')) continue;
      // Only the checked radio of a group is a tab stop.
      if (el instanceof HTMLInputElement && el.type === 'radio' && !el.checked && document.querySelector(`input[type=radio][name="${el.name}"]:checked`)) continue;
      if (!el.hasAttribute('data-a11y-focused')) missed.push(`${el.tagName.toLowerCase()} ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60)}`);
    }
    return missed;
  });
}

async function tabThroughAll(page: Page): Promise<void> {
  const count = await page.evaluate(() => document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]').length);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let i = 0; i < count + 5; i++) await page.keyboard.press('Tab');
}

describe('the keyboard alone', () => {
  test('the dashboard: every control of every section is reached with Tab and works with Enter or Space', async () => {
    const { page } = await openDashboard();
    await recordFocus(page);
    const missed: Record<string, string[]> = {};
    for (const hash of SECTION_HASHES) {
      await showSection(page, hash);
      await tabThroughAll(page);
      missed[hash] = await controlsNotReached(page);
    }
    expect(missed).toEqual(Object.fromEntries(SECTION_HASHES.map((h) => [h, []])));

    // A section's tab, by Enter: the section, focus on its heading.
    await page.evaluate(() => (location.hash = '#customers'));
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    expect(await tabTo(page, (el) => el.textContent === 'Settings' && el.closest('nav') !== null)).toBe(true);
    await page.keyboard.press('Enter');
    await poll(() => new URL(page.url()).hash).toBe('#settings');
    await poll(() => focused(page)).toMatchObject({ tag: 'h2', text: 'Settings' });
    // Settings: Space ticks a checkbox, Enter on the button saves.
    const reminders = page.locator('input[name="remindersEnabled"]');
    const before = await reminders.isChecked();
    expect(await tabTo(page, (el) => el.getAttribute('name') === 'remindersEnabled')).toBe(true);
    await page.keyboard.press('Space');
    expect(await reminders.isChecked()).toBe(!before);
    expect(await tabTo(page, (el) => el.textContent === 'Save settings')).toBe(true);
    await page.keyboard.press('Enter');
    await poll(() => page.locator('#section-settings').textContent()).toContain('Settings saved.');

    // Rules: typed into the match box, the answer follows.
    await openSection(page, 'Retirement rules');
    expect(await tabTo(page, (el) => el.id === 'rule-match-input')).toBe(true);
    await page.keyboard.type('Dynamics AX Enterprise');
    await poll(() => page.locator('.match-box').textContent()).toContain('Dynamics 365');

    // Data: Enter on Export downloads the backup.
    await openSection(page, 'Export and import');
    expect(await tabTo(page, (el) => el.textContent === 'Export JSON (backup)')).toBe(true);
    const download = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    expect((await download).suggestedFilename()).toMatch(/\.json$/);

    // Customers: Space on a step filter, Enter on a sort header, Space on a row's box, Enter on a name.
    await openSection(page, /^Customers/);
    expect(await tabTo(page, (el) => el.matches('.legend-item[data-phase="purchase"]'))).toBe(true);
    await page.keyboard.press('Space');
    await poll(() => page.locator('.legend-item[data-phase="purchase"]').getAttribute('aria-pressed')).toBe('true');
    const toBuy = await page.locator('tbody tr').count();
    expect(toBuy).toBeLessThan(PORTFOLIO.length);
    await page.keyboard.press('Space');
    await poll(() => page.locator('tbody tr').count()).toBe(PORTFOLIO.length);
    expect(await tabTo(page, (el) => el.matches('th button.sort'))).toBe(true);
    const header = page.locator('th[aria-sort]').filter({ has: page.locator(':focus') });
    const sortBefore = await header.getAttribute('aria-sort');
    await page.keyboard.press('Enter');
    await poll(() => header.getAttribute('aria-sort')).not.toBe(sortBefore);
    expect(await tabTo(page, (el) => el.matches('tbody td.select input'))).toBe(true);
    await page.keyboard.press('Space');
    await poll(() => page.locator('.bulk-count').textContent()).toBe('1 selected');
    expect(await tabTo(page, (el) => el.matches('tbody a.name'))).toBe(true);
    await page.keyboard.press('Enter');
    await poll(() => new URL(page.url()).hash).toMatch(/^#customer\//);
    await poll(() => page.locator('.customer-page').isVisible()).toBe(true);
  });

  test('the popup: its links and its button by Tab, the dashboard opened with Enter', async () => {
    const { session } = await openDashboard();
    const popup = await session.context.newPage();
    await popup.setViewportSize({ width: 380, height: 600 });
    await popup.goto(session.url(POPUP));
    await poll(() => popup.locator('.urgent li').count()).toBeGreaterThan(0);
    await recordFocus(popup);
    await tabThroughAll(popup);
    expect(await controlsNotReached(popup)).toEqual([]);
    expect(await tabTo(popup, (el) => el.textContent === 'Open the dashboard')).toBe(true);
    // The dashboard's tab (already open here) comes to the front and the popup closes itself.
    const closed = popup.waitForEvent('close');
    await popup.keyboard.press('Enter').catch(() => undefined);
    await closed;
    expect(session.context.pages().some((p) => p.url().includes(DASHBOARD))).toBe(true);
  });

  test('the badge details: Tab reaches a badge, its details open, Tab reaches their main button, Enter opens the checklist', async () => {
    const { server, page } = await openLookAlike('en-US');
    await page.goto(subscriptions(server, 'Contoso', 'en-US'));
    await settledAnnotations(page);
    expect(await tabTo(page, (el) => el.matches('button.pill') && (el.getRootNode() as ShadowRoot).host?.tagName === 'SKU-SHIFT-BADGE')).toBe(true);
    const badge = page.locator('sku-shift-badge button.pill[aria-expanded="true"]');
    await poll(() => badge.count()).toBe(1);
    // Details opened before the checklist loaded get their main button once it has.
    await poll(() => page.locator('sku-shift-badge .details:popover-open .action').count()).toBe(1);
    expect(await tabTo(page, (el) => el.matches('.details .action'), { limit: 4 })).toBe(true);
    expect(await focused(page)).toMatchObject({ text: 'Open the migration checklist', host: 'sku-shift-badge' });
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('checklist-panel').isVisible()).toBe(true);
    expect(await focused(page)).toMatchObject({ classes: 'close', host: 'sku-shift-checklist' });
  });

  test('the checklist: the launcher by keyboard, Enter opens it with focus inside, Escape closes it and focus returns to the launcher', async () => {
    const { server, page } = await openLookAlike('en-US');
    await page.goto(subscriptions(server, 'Contoso', 'en-US'));
    await settledAnnotations(page);
    const launcher = page.getByTestId('checklist-launcher');
    await poll(() => launcher.isVisible()).toBe(true);
    // The launcher is the page's last control: one Shift+Tab from the top.
    expect(await tabTo(page, (el) => el.matches('.launcher'), { backwards: true })).toBe(true);
    // Every control of the panel is reached with Tab.
    await page.evaluate(() => {
      const root = document.querySelector('sku-shift-checklist')!.shadowRoot!;
      root.addEventListener('focusin', (event) => (event.composedPath()[0] as HTMLElement).setAttribute('data-a11y-focused', ''), true);
    });
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('checklist-panel');
    await poll(() => panel.isVisible()).toBe(true);
    await poll(() => focused(page)).toMatchObject({ classes: 'close', host: 'sku-shift-checklist' });
    const controls = await page.evaluate(() => document.querySelector('sku-shift-checklist')!.shadowRoot!.querySelectorAll('.panel a[href], .panel button, .panel input').length);
    // From the close button to the last control: focus stays in the panel.
    for (let i = 1; i < controls; i++) await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ host: 'sku-shift-checklist' });
    expect(
      await page.evaluate(() =>
        [...document.querySelector('sku-shift-checklist')!.shadowRoot!.querySelectorAll('.panel a[href], .panel button, .panel input')]
          .filter((el) => !el.hasAttribute('data-a11y-focused') && !(el instanceof HTMLInputElement && el.type === 'radio' && !el.checked))
          .map((el) => el.outerHTML.slice(0, 80)),
      ),
    ).toEqual([]);
    await page.keyboard.press('Escape');
    await poll(() => panel.count()).toBe(0);
    await poll(() => focused(page)).toMatchObject({ classes: 'launcher', host: 'sku-shift-checklist' });
  });
});

// ── Visible focus ──────────────────────────────────────────────────────────────────────────────

/** Enter on a section's tab; Tab starts from the section's heading, which then has the focus. */
async function openSection(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('link', { name }).focus();
  await page.keyboard.press('Enter');
  await poll(() => focused(page)).toMatchObject({ tag: 'h2' });
}

/** The focus mark a control shows: its outline and box-shadow. */
async function focusMark(page: Page, matches: (el: Element) => boolean): Promise<{ outline: string; outlineWidth: number; boxShadow: string }> {
  return page.evaluate<{ outline: string; outlineWidth: number; boxShadow: string }>(`(() => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    if (!a || !(${matches.toString()})(a)) return null;
    const s = getComputedStyle(a);
    return { outline: s.outlineStyle + ' ' + s.outlineColor, outlineWidth: parseFloat(s.outlineWidth), boxShadow: s.boxShadow };
  })()`);
}

/** The same, on the element itself, unfocused. */
async function restingMark(page: Page, find: string): Promise<{ outline: string; outlineWidth: number; boxShadow: string }> {
  return page.evaluate<{ outline: string; outlineWidth: number; boxShadow: string }>(`(() => {
    const roots = [document];
    for (let root = roots.shift(); root; root = roots.shift()) {
      const el = root.querySelector(${JSON.stringify(find)});
      if (el) { const s = getComputedStyle(el); return { outline: s.outlineStyle + ' ' + s.outlineColor, outlineWidth: parseFloat(s.outlineWidth), boxShadow: s.boxShadow }; }
      for (const e of root.querySelectorAll('*')) if (e.shadowRoot) roots.push(e.shadowRoot);
    }
    return null;
  })()`);
}

function expectVisibleFocus(resting: { outline: string; outlineWidth: number; boxShadow: string }, focus: { outline: string; outlineWidth: number; boxShadow: string }): void {
  expect(resting).toBeTruthy();
  expect(focus).toBeTruthy();
  expect(focus).not.toEqual(resting);
  const outlined = !focus.outline.startsWith('none') && focus.outlineWidth >= 2;
  expect(outlined || (focus.boxShadow !== 'none' && focus.boxShadow !== resting.boxShadow)).toBe(true);
}

test('a focused control shows a visible focus mark, different from its resting look (dashboard, popup, badge, checklist)', async () => {
  const { session, page } = await openDashboard({}, '#data');
  await showSection(page, '#data');
  const checks: Array<[Page, string, (el: Element) => boolean]> = [
    [page, 'nav a[aria-current]', (el) => el.matches('nav a[aria-current]')],
    [page, '#section-data button', (el) => el.matches('#section-data button')],
  ];
  const popup = await session.context.newPage();
  await popup.goto(session.url(POPUP));
  await poll(() => popup.locator('button.primary').isVisible()).toBe(true);
  checks.push([popup, 'button.primary', (el) => el.matches('button.primary')]);
  for (const [p, find, matches] of checks) {
    const resting = await restingMark(p, find);
    await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    expect(await tabTo(p, matches)).toBe(true);
    expectVisibleFocus(resting, await focusMark(p, matches));
  }

  const server = await startFixtureServer();
  servers.push(server);
  const content = await launch({ hosts: { 'partner.microsoft.com': server.port } });
  const pc = await content.context.newPage();
  await pc.goto(subscriptions(server, 'Contoso', 'en-US'));
  await settledAnnotations(pc);
  await poll(() => pc.getByTestId('checklist-launcher').isVisible()).toBe(true);
  const pill = (el: Element) => el.matches('button.pill');
  const launcherResting = await restingMark(pc, '.launcher');
  const pillResting = await restingMark(pc, 'button.pill');
  expect(await tabTo(pc, pill)).toBe(true);
  expectVisibleFocus(pillResting, await focusMark(pc, pill));
  await pc.keyboard.press('Escape');
  const launcher = (el: Element) => el.matches('.launcher');
  expect(await tabTo(pc, launcher, { backwards: true })).toBe(true);
  expectVisibleFocus(launcherResting, await focusMark(pc, launcher));
});

// ── 200 % zoom and the French texts ────────────────────────────────────────────────────────────

/** 1280 × 800 at 200 %: what the page lays out in. */
const ZOOMED = { width: 640, height: 400 };

/**
 * Whether an element is there for the partner: scrolled into view, it lies inside the viewport's
 * width, and a click at its centre lands on it (nothing clips or covers it).
 */
async function reachable(page: Page, find: string): Promise<{ found: boolean; inside: boolean; onTop: boolean }> {
  return page.evaluate<{ found: boolean; inside: boolean; onTop: boolean }>(`(() => {
    const roots = [document];
    let el = null;
    for (let root = roots.shift(); root && !el; root = roots.shift()) {
      el = root.querySelector(${JSON.stringify(find)});
      for (const e of root.querySelectorAll('*')) if (e.shadowRoot) roots.push(e.shadowRoot);
    }
    if (!el) return { found: false, inside: false, onTop: false };
    el.scrollIntoView({ block: 'center', inline: 'nearest' });
    const r = el.getBoundingClientRect();
    const inside = r.width > 0 && r.left >= -1 && r.right <= innerWidth + 1 && r.top >= -1 && r.bottom <= innerHeight + 1;
    const root = el.getRootNode();
    const hit = root.elementFromPoint ? root.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) : null;
    return { found: true, inside, onTop: hit === el || el.contains(hit) };
  })()`);
}

describe('at 200 % zoom (640 × 400 CSS px)', () => {
  test("the dashboard: no section wider than the window, every tab and each section's main buttons reachable", async () => {
    const { page } = await openDashboard({ viewport: ZOOMED });
    const main: Record<string, string[]> = {
      '#customers': ['.legend-item[data-phase="purchase"]', 'input[type="search"]', 'tbody tr a.name', 'tbody tr td.links a'],
      '#scan': ['#section-scan button'],
      '#rules': ['#rule-match-input', '.rule-form button[type="submit"]'],
      '#settings': ['#setting-critical', '.settings button[type="submit"]'],
      '#data': ['#section-data button'],
      [`#customer/${byName('Tailspin Toys').id}`]: ['.customer-page .back a, .customer-page a', '.customer-page button'],
    };
    const problems: string[] = [];
    for (const [hash, selectors] of Object.entries(main)) {
      await showSection(page, hash);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (wide > 0) problems.push(`${hash}: ${wide}px wider than the window`);
      for (const tab of await page.locator('nav .tabs a').all()) {
        const box = await tab.boundingBox();
        if (!box || box.x < 0 || box.x + box.width > ZOOMED.width) problems.push(`${hash}: tab ${await tab.textContent()} outside the window`);
      }
      for (const selector of selectors) {
        const state = await reachable(page, selector);
        if (!state.found || !state.inside || !state.onTop) problems.push(`${hash}: ${selector} ${JSON.stringify(state)}`);
      }
    }
    await page.screenshot({ path: '.tmp/a11y-dashboard-200.png' });
    expect(problems).toEqual([]);
  });

  test('the popup: its main button in reach, nothing wider than the window', async () => {
    const { session } = await openDashboard();
    const popup = await session.context.newPage();
    // A popup grows to at most 800 × 600: at 200 % that is 400 × 300 CSS px.
    await popup.setViewportSize({ width: 400, height: 300 });
    await popup.goto(session.url(POPUP));
    await poll(() => popup.locator('.urgent li').count()).toBeGreaterThan(0);
    expect(await popup.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    expect(await reachable(popup, 'button.primary')).toEqual({ found: true, inside: true, onTop: true });
    expect(await reachable(popup, '.urgent li a')).toEqual({ found: true, inside: true, onTop: true });
  });

  test.each(['en-US', 'fr'] as const)('the badge details and the checklist fit the window, their buttons in view (%s)', async (locale) => {
    const { server, page } = await openLookAlike(locale, ZOOMED);
    await page.goto(subscriptions(server, 'Northwind', locale));
    await settledAnnotations(page);
    const count = await page.locator('sku-shift-badge button.pill').count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const badge = page.locator('sku-shift-badge button.pill').nth(i);
      await badge.scrollIntoViewIfNeeded();
      await badge.click();
      const details = page.locator('sku-shift-badge .details:popover-open');
      await poll(() => details.count()).toBe(1);
      await poll(() => details.locator('.action').count()).toBe(1);
      expect(await detailsFit(page)).toEqual({ boxInView: true, actionInBox: true, actionOnTop: true, closeOnTop: true });
      await page.keyboard.press('Escape');
      await poll(() => details.count()).toBe(0);
    }
    await page.getByTestId('checklist-launcher').click();
    const panel = page.getByTestId('checklist-panel');
    await poll(() => panel.isVisible()).toBe(true);
    const box = (await panel.boundingBox())!;
    expect(box.x >= 0 && box.y >= 0 && box.x + box.width <= ZOOMED.width && box.y + box.height <= ZOOMED.height).toBe(true);
    expect(await reachable(page, '.panel .close')).toEqual({ found: true, inside: true, onTop: true });
    // What does not fit scrolls inside the panel, and the last step is reached.
    expect(await reachable(page, '.panel li[data-step="suspend"] .title')).toEqual({ found: true, inside: true, onTop: true });
    await page.screenshot({ path: `.tmp/a11y-checklist-200-${locale}.png` });
  });
});

/** The open badge details: inside the viewport, the main button inside them and clickable, the close button too. */
async function detailsFit(page: Page): Promise<{ boxInView: boolean; actionInBox: boolean; actionOnTop: boolean; closeOnTop: boolean }> {
  return page.evaluate(() => {
    const roots: Array<Document | ShadowRoot> = [document];
    let details: HTMLElement | null = null;
    for (let root = roots.shift(); root && !details; root = roots.shift()) {
      for (const el of root.querySelectorAll('*')) {
        if (el.tagName === 'SKU-SHIFT-BADGE') details = el.shadowRoot!.querySelector<HTMLElement>('.details:popover-open') ?? details;
        else if (el.shadowRoot) roots.push(el.shadowRoot);
      }
    }
    if (!details) throw new Error('no open details');
    const shadow = details.getRootNode() as ShadowRoot;
    const box = details.getBoundingClientRect();
    const within = (r: DOMRect, o: { left: number; top: number; right: number; bottom: number }) =>
      r.left >= o.left - 0.5 && r.top >= o.top - 0.5 && r.right <= o.right + 0.5 && r.bottom <= o.bottom + 0.5;
    const onTop = (el: Element | null) => {
      if (!el) return false;
      const r = el.getBoundingClientRect();
      const hit = shadow.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return hit === el || el.contains(hit);
    };
    const action = details.querySelector('.action');
    return {
      boxInView: within(box, { left: 0, top: 0, right: innerWidth, bottom: innerHeight }),
      actionInBox: action !== null && within(action.getBoundingClientRect(), box),
      actionOnTop: onTop(action),
      closeOnTop: onTop(details.querySelector('.close')),
    };
  });
}

describe('French texts (issue 15)', () => {
  test("fr: every badge's details, at 1280 × 800, keep the main button inside the box and the window; the part that scrolls is reached and scrolled by keyboard", async () => {
    const { server, page } = await openLookAlike('fr');
    const heights: number[] = [];
    for (const name of ['Contoso', 'Northwind', 'Fabrikam']) {
      await page.goto(subscriptions(server, name, 'fr'));
      await settledAnnotations(page);
      const count = await page.locator('sku-shift-badge button.pill').count();
      for (let i = 0; i < count; i++) {
        const badge = page.locator('sku-shift-badge button.pill').nth(i);
        await badge.scrollIntoViewIfNeeded();
        await badge.click();
        const details = page.locator('sku-shift-badge .details:popover-open');
        await poll(() => details.count()).toBe(1);
        await poll(() => details.locator('.action').count()).toBe(1);
        expect(await details.locator('.action').textContent()).toBe('Ouvrir la liste de migration');
        expect(await detailsFit(page)).toEqual({ boxInView: true, actionInBox: true, actionOnTop: true, closeOnTop: true });
        heights.push(Math.round((await details.boundingBox())!.height));
        await page.mouse.click(5, 790);
        await poll(() => details.count()).toBe(0);
      }
    }
    console.log(`fr badge details heights at 1280 × 800: ${heights.join(', ')} px`);
    expect(heights.length).toBeGreaterThan(3);

    // What does not fit scrolls, by keyboard too: Tab reaches the scrolling part, End shows its last line.
    await page.goto(subscriptions(server, 'Northwind', 'fr'));
    await settledAnnotations(page);
    await page.locator('sku-shift-badge button.pill').first().focus();
    const body = page.locator('sku-shift-badge .details:popover-open .details-body');
    await poll(() => body.count()).toBe(1);
    // The details whole, their main button below the body, before the part that scrolls is measured.
    await poll(() => page.locator('sku-shift-badge .details:popover-open .action').count()).toBe(1);
    expect(await body.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    expect(await tabTo(page, (el) => el.classList.contains('details-body'), { limit: 3 })).toBe(true);
    expect(await body.getAttribute('role')).toBe('region');
    expect((await body.getAttribute('aria-label')) ?? (await body.evaluate((el) => (el.getRootNode() as ShadowRoot).getElementById(el.getAttribute('aria-labelledby') ?? '')?.textContent))).toBe(
      'Microsoft Dynamics CRM Online Basic est retiré',
    );
    await page.keyboard.press('End');
    await poll(() => body.evaluate((el) => Math.ceil(el.scrollTop + el.clientHeight) >= el.scrollHeight - 1)).toBe(true);
    expect(await detailsFit(page)).toEqual({ boxInView: true, actionInBox: true, actionOnTop: true, closeOnTop: true });
  });

  test('fr: at 1280 px no next-action text on the dashboard is cut (whole words, no ellipsis, nothing hidden)', async () => {
    const { page } = await openDashboard({ locale: 'fr', viewport: { width: 1280, height: 900 } });
    const cells = await page.locator('tbody td.phase .next').evaluateAll((elements) =>
      elements.map((el) => {
        const style = getComputedStyle(el);
        // Each word on one line: a word split over two lines has two boxes.
        const text = el.firstChild as Text | null;
        const split: string[] = [];
        if (text?.nodeType === Node.TEXT_NODE) {
          for (const m of text.data.matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(text, m.index);
            range.setEnd(text, m.index + m[0].length);
            if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) split.push(m[0]);
          }
        }
        return {
          text: el.textContent,
          overflows: el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight,
          ellipsis: style.textOverflow === 'ellipsis' || style.getPropertyValue('-webkit-line-clamp') !== 'none',
          split,
        };
      }),
    );
    expect(cells.length).toBe(PORTFOLIO.length);
    const cut = cells.filter((c) => c.overflows || c.ellipsis || c.split.length > 0);
    expect(cut).toEqual([]);
    expect(cells.some((c) => /Ajouter des abonnements/.test(c.text ?? ''))).toBe(true);
    // The customer's page says the same, whole.
    const tailspin = byName('Tailspin Toys').id;
    const rowText = await page.locator(`tr[data-customer-id="${tailspin}"] .next`).textContent();
    await showSection(page, `#customer/${tailspin}`);
    const facts = page.locator('.facts .next');
    expect(await facts.textContent()).toBe(rowText);
    expect(await facts.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)).toBe(true);
  });
});

/**
 * The extension's own UI in a German and in a Spanish browser, in real Chromium with the built
 * extension: the dashboard (sections, phases, days left, dates and counts as Intl writes them), the
 * popup, and a badge with its details popover and the migration checklist on a Partner Center
 * look-alike page of the same language. No raw message key and no English sentence is left on screen.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionSession } from './launch-extension.ts';
import { startFixtureServer, type FixtureCustomer, type FixtureServer } from './fixture-server.ts';
import { settledAnnotations } from './content-page-probe.ts';
import { addDays, command, DASHBOARD, poll, workerToday } from './dashboard-helpers.ts';
import type { CustomerObservation } from '../../src/core/observation.ts';

const FABRIKAM = '0a9e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c';
const CONTOSO = '4f1c2a7e-9b3d-4c6a-8e21-5d7f0a9b1c23';

/** What each language must show, word for word from its _locales file. */
const EXPECTED = {
  de: {
    pagePath: 'de-de',
    customers: 'Kunden',
    daysLeft12: 'Noch 12 Tage',
    toBuy: 'Zu kaufen',
    dataSection: 'Export und Import',
    exportCsv: 'CSV exportieren',
    openDashboard: 'Dashboard öffnen',
    day: /^\d{1,2}\. [A-ZÄÖÜ][a-zäöü]{2,3}\.? \d{4}$/,
    retiredBadge: /Eingestellt → Dynamics 365 .+\n?· Noch \d+ Tage/,
    detailsTitle: (name: string) => `${name} ist eingestellt`,
    details: ['Dynamics 365-Ersatzprodukte', 'empfohlen', 'Eingestellt am', 'Vor der Migration', 'Nur der Kunde kann es kündigen'],
    english: ['Customers', 'days left', 'Retired', 'Before you move'],
    checklistTitle: 'Migrations-Checkliste',
    now: 'Jetzt:',
    quoted: /„[^“]+“/,
  },
  es: {
    pagePath: 'es-es',
    customers: 'Clientes',
    daysLeft12: 'Quedan 12 días',
    toBuy: 'Por comprar',
    dataSection: 'Exportar e importar',
    exportCsv: 'Exportar CSV',
    openDashboard: 'Abrir el panel',
    day: /^\d{1,2} [a-z]{3,4}\.? \d{4}$/,
    retiredBadge: /Retirado → Dynamics 365 .+\n?· Quedan \d+ días/,
    detailsTitle: (name: string) => `${name} está retirado`,
    details: ['Reemplazos de Dynamics 365', 'recomendado', 'Retirado el', 'Antes de migrar', 'Solo el cliente puede cancelarla'],
    english: ['Customers', 'days left', 'Retired', 'Before you move'],
    checklistTitle: 'Lista de comprobación de la migración',
    now: 'Ahora:',
    quoted: /«[^»]+»/,
  },
} as const;

/** A message key shown instead of its text ("dash_section_customers"). */
const RAW_KEY = /\b[a-z]+(?:_[a-z0-9]+){1,}\b/;

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server?.close();
});

async function seed(page: Page): Promise<void> {
  const today = await workerToday(page);
  const obs = (customerId: string, customerName: string, name: string, days: number, quantity: number): CustomerObservation => ({
    customerId,
    customerName,
    relationship: 'reseller',
    subscriptions: [{ name, quantity, status: 'active', renewal: { kind: 'expires', date: addDays(today, days) } }],
    source: 'page',
    evidence: `https://partner.microsoft.com/dashboard/commerce2/customers/${customerId}/subscriptions`,
    seenAt: new Date().toISOString(),
  });
  const reply = await command(page, {
    kind: 'observations/record',
    observations: [obs(CONTOSO, 'Contoso Ltd', 'Dynamics AX Enterprise', 200, 25), obs(FABRIKAM, 'Fabrikam, Inc.', 'Microsoft Dynamics CRM Online Professional', 12, 10)],
  });
  expect(reply.ok).toBe(true);
}

describe.each(['de', 'es'] as const)('a %s browser', (lang) => {
  const want = EXPECTED[lang];
  let session: ExtensionSession;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    session = await launchExtension({ hosts: { 'partner.microsoft.com': server.port }, locale: lang, viewport: { width: 1400, height: 1000 } });
    session.context.on('page', (p) => p.on('pageerror', (e) => pageErrors.push(e.message)));
  });
  afterAll(async () => {
    await session?.close();
    expect(pageErrors).toEqual([]);
  });

  test('the dashboard speaks the language: sections, phase, days left, dates and no raw key or English', async () => {
    const page = await session.context.newPage();
    await page.goto(session.url(DASHBOARD));
    await seed(page);
    await poll(() => page.getByRole('heading', { level: 2 }).first().textContent()).toBe(want.customers);
    expect(await page.evaluate(() => document.documentElement.lang)).toMatch(new RegExp(`^${lang}\\b`)); // 'de', 'es-ES': the browser's tag
    const fabrikam = page.locator(`tr[data-customer-id="${FABRIKAM}"]`);
    await poll(() => fabrikam.locator('.urgency').textContent()).toBe(want.daysLeft12);
    expect(await fabrikam.locator('.phase-chip').textContent()).toBe(want.toBuy);
    expect(await fabrikam.locator('.end-date').textContent()).toMatch(want.day);
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(RAW_KEY);
    for (const english of want.english) expect(text).not.toContain(english);
    await page.screenshot({ path: `.tmp/dashboard-${lang}.png` });

    await page.getByRole('navigation').getByRole('link', { name: want.dataSection }).click();
    await poll(() => page.getByRole('button', { name: want.exportCsv }).count()).toBe(1);
    await page.close();
  });

  test('the popup speaks the language', async () => {
    const page = await session.context.newPage();
    await page.goto(session.url('src/pages/popup/index.html'));
    await poll(() =>
      page
        .getByRole('button', { name: want.openDashboard })
        .or(page.getByRole('link', { name: want.openDashboard }))
        .count(),
    ).toBe(1);
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(RAW_KEY);
    expect(text).not.toContain('customer');
    await page.close();
  });

  test('a badge, its details popover and the checklist speak the language, on a Partner Center page in that language', async () => {
    const page = await session.context.newPage();
    const northwind = server.data.customers.find((c: FixtureCustomer) => c.name.startsWith('Northwind'))!;
    await page.goto(server.url(`/${want.pagePath}/commerce/customers/${northwind.id}/subscriptions`));
    await settledAnnotations(page);
    const name = 'Microsoft Dynamics CRM Online Basic';
    const badge = page.getByRole('button', { name: new RegExp(name) });
    expect(await badge.innerText()).toMatch(want.retiredBadge);
    await badge.focus();
    const dialog = page.getByRole('dialog', { name: want.detailsTitle(name) });
    await poll(() => dialog.isVisible()).toBe(true);
    const text = (await dialog.textContent()) ?? ''; // the words, not their CSS capitals
    for (const words of want.details) expect(text).toContain(words);
    expect(text).not.toMatch(RAW_KEY);
    for (const english of want.english) expect(text).not.toContain(english);
    await page.screenshot({ path: `.tmp/badge-details-${lang}.png` });

    // The checklist: its title, and what to do now with Partner Center's words quoted as the language quotes.
    await page.keyboard.press('Escape');
    const launcher = page.getByTestId('checklist-launcher');
    const panel = page.getByTestId('checklist-panel');
    await poll(async () => (await panel.isVisible()) || (await launcher.isVisible())).toBe(true);
    if (!(await panel.isVisible())) await launcher.click();
    await poll(() => panel.isVisible()).toBe(true);
    expect(await panel.getByRole('heading').first().textContent()).toBe(want.checklistTitle);
    const now = (await panel.getByTestId('checklist-now').textContent()) ?? '';
    expect(now).toContain(want.now);
    expect(now).toMatch(want.quoted);
    const panelText = await panel.innerText();
    expect(panelText).not.toMatch(RAW_KEY);
    for (const english of want.english) expect(panelText).not.toContain(english);
    await page.screenshot({ path: `.tmp/checklist-${lang}.png` });
    await page.close();
  });
});

test('an Italian browser (no Italian messages) gets English throughout: text, dates and the page language', async () => {
  const session = await launchExtension({ locale: 'it', viewport: { width: 1400, height: 1000 } });
  try {
    const page = await session.context.newPage();
    await page.goto(session.url(DASHBOARD));
    await seed(page);
    await poll(() => page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Customers');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    const fabrikam = page.locator(`tr[data-customer-id="${FABRIKAM}"]`);
    await poll(() => fabrikam.locator('.urgency').textContent()).toBe('12 days left');
    expect(await fabrikam.locator('.end-date').textContent()).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);
  } finally {
    await session.close();
  }
});

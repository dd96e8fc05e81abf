/**
 * `npm run demo`: the built extension in Chromium on the bundled Partner Center look-alike
 * (test/fixtures/pages/, sample customers), served as https://partner.microsoft.com.
 *
 * - With a display ($DISPLAY or $WAYLAND_DISPLAY): a headed window on the customers list; browse
 *   freely; it keeps serving until Ctrl+C.
 * - Without one: headless; it visits the interesting pages (customers list, subscriptions with badges,
 *   users and licenses, the catalog, a French page), opens the migration checklist and the dashboard,
 *   writes screenshots to demo-screenshots/ (the path is printed) and exits. `--update-docs` also refreshes docs/screenshots/badges.png.
 */
import { mkdirSync, copyFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchExtension } from '../test/e2e/launch-extension.ts';
import { startFixtureServer } from '../test/e2e/fixture-server.ts';
import { settledAnnotations } from '../test/e2e/content-page-probe.ts';

const dist = resolve(process.env.SKU_SHIFT_DIST ?? 'dist');
const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && process.env.SKU_SHIFT_DEMO_HEADLESS !== '1';
const updateDocs = process.argv.includes('--update-docs');

const server = await startFixtureServer();
const session = await launchExtension({
  hosts: { 'partner.microsoft.com': server.port },
  dist,
  headless: !headed,
  locale: process.env.SKU_SHIFT_DEMO_LOCALE ?? 'en-US',
  viewport: { width: 1280, height: 800 },
});
const customer = (prefix: string) => server.data.customers.find((c) => c.name.startsWith(prefix))!;

const stop = async (): Promise<void> => {
  await session.close().catch(() => undefined);
  await server.close().catch(() => undefined);
};

if (headed) {
  const page = session.context.pages()[0] ?? (await session.context.newPage());
  await page.goto(server.url('/en-us/dashboard/commerce2/customers/list'));
  console.log('SKU Shift demo: Chromium is open on the Partner Center look-alike (https://partner.microsoft.com/...).');
  console.log('Open a customer to see the badges; French pages under /fr-fr/. Press Ctrl+C to stop.');
  const done = new Promise<void>((resolveDone) => {
    process.once('SIGINT', () => resolveDone());
    process.once('SIGTERM', () => resolveDone());
    session.context.once('close', () => resolveDone());
  });
  await done;
  await stop();
} else {
  const out = resolve('demo-screenshots');
  mkdirSync(out, { recursive: true });
  const page = await session.context.newPage();
  const shots: string[] = [];
  const shoot = async (name: string, target: Page = page): Promise<void> => {
    const file = join(out, `${name}.png`);
    await target.screenshot({ path: file });
    shots.push(file);
  };
  try {
    // The customers list first, as a partner starts: SKU Shift records names and relationships there.
    await page.goto(server.url('/en-us/dashboard/commerce2/customers/list'));
    await settledAnnotations(page);
    await shoot('00-customers-list');

    const contoso = customer('Contoso');
    await page.goto(server.url(`/en-us/commerce/customers/${contoso.id}/subscriptions`));
    await settledAnnotations(page);
    await shoot('01-subscriptions-badges');

    // The details of the Dynamics AX Enterprise badge (click pins them open).
    await page.locator('button[data-sku-shift-rule="ax-enterprise"]').first().click();
    await page.getByRole('dialog').first().waitFor({ state: 'visible' });
    await shoot('02-badge-details');
    if (updateDocs) {
      mkdirSync('docs/screenshots', { recursive: true });
      copyFileSync(join(out, '02-badge-details.png'), 'docs/screenshots/badges.png');
    }
    await page.keyboard.press('Escape');

    const northwind = customer('Northwind');
    await page.goto(server.url(`/en-us/commerce/customers/${northwind.id}/subscriptions`));
    await settledAnnotations(page);
    await shoot('03-add-ons-and-open-channel');

    await page.goto(server.url(`/en-us/commerce/customers/${contoso.id}/users`));
    await settledAnnotations(page);
    await shoot('04-users-and-licenses');

    await page.goto(server.url(`/en-us/commerce/customers/${contoso.id}/subscriptions/add`));
    await settledAnnotations(page);
    await shoot('05-add-subscriptions-catalog');

    await page.goto(server.url(`/fr-fr/commerce/customers/${customer('Fabrikam').id}/subscriptions`));
    await settledAnnotations(page);
    await shoot('06-fr-fr-page');

    // The migration checklist for Contoso, opened from its launcher (the checklist loads on demand).
    await page.goto(server.url(`/en-us/commerce/customers/${contoso.id}/subscriptions`));
    const launcher = page.getByTestId('checklist-launcher');
    await launcher.waitFor({ state: 'visible', timeout: 10_000 });
    await launcher.click();
    await page.getByTestId('checklist-panel').waitFor({ state: 'visible' });
    await shoot('07-migration-checklist');

    // The dashboard: every customer the pages above showed, most urgent first.
    const dashboard = await session.context.newPage();
    await dashboard.goto(session.url('src/pages/dashboard/index.html'));
    await dashboard.getByRole('table').first().waitFor({ state: 'visible' });
    await shoot('08-dashboard', dashboard);

    console.log(`SKU Shift demo (headless: no display found). Screenshots written to ${out}:`);
    for (const file of shots) console.log(`  ${file}`);
    if (updateDocs) console.log('Updated docs/screenshots/badges.png');
  } finally {
    await stop();
  }
}

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, type Rollup } from 'vite';
import { fileURLToPath } from 'node:url';
import { findBrowser } from './find-browser.ts';
import { startHttpsServer, type RunningServer } from './https-server.ts';
import { CONTOSO_ID, migrationFixture, type MigrationFixture } from '../fixtures/pages/migration-fixture.ts';

/**
 * The DOM half of progress detection, in real Chromium on the migration look-alike (shadow roots,
 * ARIA grids, dl fields, noisy markup): readPageSnapshot must see what the partner sees, and the pure
 * readers must conclude the right thing from it. No extension here: the readers are bundled and injected.
 */
let server: RunningServer;
let browser: Browser;
let fixture: MigrationFixture;
let bundle: string;

const TODAY = '2026-11-24';

beforeAll(async () => {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: {
        entry: fileURLToPath(new URL('./migration-page-reading.entry.ts', import.meta.url)),
        formats: ['iife'],
        name: 'progressReaders',
      },
    },
  })) as Rollup.RollupOutput[];
  bundle = output[0]!.output[0].code;
  fixture = migrationFixture({ today: TODAY });
  server = await startHttpsServer((req, res, body) => {
    if (!fixture.handle(req, res, body)) {
      res.writeHead(404);
      res.end();
    }
  });
  browser = await chromium.launch({
    executablePath: findBrowser(),
    headless: true,
    args: [`--host-resolver-rules=MAP partner.microsoft.com 127.0.0.1:${server.port}`, '--ignore-certificate-errors', '--no-sandbox'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`https://partner.microsoft.com${path}`);
  await page.waitForFunction(() => document.querySelector('he-shell')?.shadowRoot?.querySelector('main') !== null);
  await page.addScriptTag({ content: bundle });
  return page;
}

type Readers = typeof import('./migration-page-reading.entry.ts');
declare const progressReaders: Readers;

describe('reading progress off the look-alike', () => {
  test('subscriptions page: retired row with status, quantity and renewal text, through two shadow roots', async () => {
    const page = await open(`/en-us/dashboard/commerce2/customers/${CONTOSO_ID}/subscriptions`);
    const facts = await page.evaluate(() => progressReaders.facts());
    expect(facts).toEqual([
      expect.objectContaining({ name: 'Dynamics AX Enterprise', status: 'active', quantity: 3 }),
    ]);
    expect(facts[0]?.text).toContain('Expires on 1/8/2027');
    expect(await page.evaluate(() => progressReaders.purchase())).toBeNull();
    await page.close();
  });

  test('users and licenses page (fr-fr): n of N users still on the retired licence', async () => {
    const page = await open(`/fr-fr/dashboard/commerce2/customers/${CONTOSO_ID}/users`);
    const evidence = await page.evaluate(() => progressReaders.reassignment());
    expect(evidence).toMatchObject({
      moved: 0,
      total: 3,
      usersSeen: 4,
      remaining: ['ada@contoso.onmicrosoft.com', 'alan@contoso.onmicrosoft.com', 'grace@contoso.onmicrosoft.com'],
      partial: false,
    });
    // A grid that declares more rows than it shows (paged, virtualised) is read as partial.
    await page.evaluate(() => {
      const grid = document.querySelector('he-shell')!.shadowRoot!.querySelector('he-data-grid')!.shadowRoot!.querySelector('[role="grid"]')!;
      grid.setAttribute('aria-rowcount', '120');
    });
    expect(await page.evaluate(() => progressReaders.reassignment())).toMatchObject({ partial: true });
    await page.close();
  });

  test('subscription details page: the saved status, not the Status control’s unsaved choice', async () => {
    const page = await open(`/fr-fr/dashboard/commerce2/customers/${CONTOSO_ID}/subscriptions/a1c0ffee-0000-4000-8000-000000000001`);
    await page.locator('#status-select').selectOption('suspended');
    expect(await page.evaluate(() => progressReaders.suspension())).toBeNull();
    await page.getByTestId('submit').click();
    await expect.poll(() => page.evaluate(() => progressReaders.suspension())).toMatchObject({ suspended: 1, total: 1 });
    fixture.reset();
    await page.close();
  });
});

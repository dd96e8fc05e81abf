import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { bundleEntry } from './bundle-entry.ts';
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
  bundle = await bundleEntry(new URL('./migration-page-reading.entry.ts', import.meta.url), 'progressReaders');
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
  test("the customer's name from the header's breadcrumb, on every page of the customer, EN and FR", async () => {
    for (const path of [`/en-us/dashboard/commerce2/customers/${CONTOSO_ID}/subscriptions`, `/fr-fr/dashboard/commerce2/customers/${CONTOSO_ID}/users`]) {
      const page = await open(path);
      expect(await page.evaluate(() => progressReaders.customerName())).toBe('Contoso Manufacturing');
      await page.close();
    }
  });

  test('subscriptions page: retired row with status, quantity and renewal text, through two shadow roots', async () => {
    const page = await open(`/en-us/dashboard/commerce2/customers/${CONTOSO_ID}/subscriptions`);
    const facts = await page.evaluate(() => progressReaders.facts());
    expect(facts).toEqual([expect.objectContaining({ name: 'Dynamics AX Enterprise', status: 'active', quantity: 3 })]);
    expect(facts[0]?.text).toContain('Expires on 1/8/2027');
    expect(await page.evaluate(() => progressReaders.purchase())).toBeNull();
    await page.close();
  });

  test('users and licenses page (fr-fr): n of N users still on the retired licence', async () => {
    const page = await open(`/fr-fr/dashboard/commerce2/customers/${CONTOSO_ID}/users`);
    const evidence = await page.evaluate(() => progressReaders.reassignment());
    expect(evidence).toMatchObject({
      onReplacement: 0,
      inScope: 3,
      usersSeen: 4,
      onRetired: 3,
      partial: false,
    });
    // The evidence names the users still on it.
    for (const user of ['ada@contoso.onmicrosoft.com', 'alan@contoso.onmicrosoft.com', 'grace@contoso.onmicrosoft.com']) expect(evidence?.text).toContain(user);
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
  // Review finding 5: a Status control inside the details' <dd> held the unsaved choice as the status.
  test('a Status control inside a <dd> is not the field value', async () => {
    const page = await open(`/en-us/dashboard/commerce2/customers/${CONTOSO_ID}/subscriptions/a1c0ffee-0000-4000-8000-000000000001`);
    await page.evaluate(() => {
      const list = document.createElement('dl');
      list.innerHTML =
        '<dt>Status</dt><dd><select id="dd-status"><option selected>Active</option><option>Suspended</option></select></dd>' + '<dt>Plan</dt><dd><div role="combobox">Suspended</div> monthly</dd>';
      document.body.append(list);
    });
    await page.locator('#dd-status').selectOption('Suspended');
    const fields = (await page.evaluate(() => progressReaders.snapshot())).fields;
    expect(fields).toContainEqual({ label: 'Status', value: '' });
    expect(fields).toContainEqual({ label: 'Plan', value: 'monthly' });
    expect(await page.evaluate(() => progressReaders.suspension())).toBeNull();
    await page.close();
  });

  // Review finding 3: searched, loading and paged HTML grids are read as such.
  test('a search box with text, a busy grid and an HTML table declaring more rows mark the snapshot', async () => {
    const page = await open(`/en-us/dashboard/commerce2/customers/${CONTOSO_ID}/users`);
    expect(await page.evaluate(() => progressReaders.snapshot().incomplete)).toBeUndefined();
    await page.evaluate(() => {
      const box = Object.assign(document.createElement('input'), { type: 'text', placeholder: 'Search users' });
      box.id = 'search';
      document.body.append(box);
    });
    await page.locator('#search').fill('ann');
    expect(await page.evaluate(() => progressReaders.snapshot().incomplete)).toBe('filtered');
    await page.locator('#search').fill('');
    await page.evaluate(() => {
      const wrap = document.createElement('div');
      wrap.setAttribute('aria-busy', 'true');
      wrap.innerHTML =
        '<table aria-rowcount="40"><thead><tr><th>Display name</th><th>User name</th><th>Licenses</th></tr></thead>' +
        '<tbody><tr><td>Ann</td><td>ann@contoso.com</td><td>Dynamics 365 Finance</td></tr></tbody></table>';
      wrap.id = 'busy';
      document.body.append(wrap);
    });
    const snapshot = await page.evaluate(() => progressReaders.snapshot());
    expect(snapshot.incomplete).toBe('loading');
    expect(snapshot.tables.find((t) => t.rows.some((r) => r.includes('ann@contoso.com')))?.partial).toBe(true);
    await page.close();
  });
});

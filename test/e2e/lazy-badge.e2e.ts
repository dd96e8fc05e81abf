/**
 * The badges' display code (Preact, the badge, the chips, the renewal parser: the `badge-display`
 * chunk) is loaded on demand: a page that shows no retired SKU loads only the content script's eager
 * chunks; the first retired SKU that appears loads it once, and every match found before and while
 * it loads gets exactly one badge. Loads are watched in the page's network log, as in
 * lazy-checklist.e2e.ts.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionSession } from './launch-extension.ts';
import { startHttpsServer, type RunningServer } from './https-server.ts';
import { probeAnnotations, waitForContentScript, watchExtensionLoads, type AnnotationProbe } from './content-page-probe.ts';

const CUSTOMER = '12121212-3434-4565-8787-909090909090';
/** A customer whose grid shows a retired SKU from the start. */
const RETIRED_CUSTOMER = '56565656-7878-4989-8a0a-bcbcbcbcbcbc';
const DAY_MS = 86_400_000;

let server: RunningServer;
let session: ExtensionSession;

/** "Expires on M/D/YYYY", `inDays` after today (UTC, as Partner Center writes dates). */
function expiresIn(inDays: number): string {
  const date = new Date(Date.now() + inDays * DAY_MS);
  return `Expires on ${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()}`;
}

/** One grid row, as the look-alike renders it. */
function row(key: string, product: string, renewal: string): string {
  return `<tr role="row" data-key="${key}"><td>${product}</td><td>3</td><td>${renewal}</td></tr>`;
}

// A grid of current products only, all renewing (renewal texts with nothing to show: an end date, a
// current product that will not renew, would be flagged).
// `data-sku-shift-bench` makes the content script count its scan passes on <html>.
const PAGE = `<!doctype html><html lang="en" data-sku-shift-bench=""><title>Subscriptions</title><h1>Subscriptions</h1>
<table><thead><tr><th>Product</th><th>Quantity</th><th>Renewal</th></tr></thead><tbody id="grid">
${row('m365', 'Microsoft 365 E3', 'Auto renews on 6/1/2030')}
${row('basic', 'Microsoft 365 Business Basic', 'Auto renews on 1/1/2030')}
</tbody></table></html>`;

// The add-subscriptions catalog before its offers are listed (they come from a search).
const CATALOG = `<!doctype html><html lang="en" data-sku-shift-bench=""><title>Add subscriptions</title><h1>Add subscriptions</h1>
<ul id="offers"><li>Microsoft 365 E3</li></ul></html>`;

beforeAll(async () => {
  server = await startHttpsServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    if (req.url?.endsWith('/add-subscriptions')) res.end(CATALOG);
    else res.end(req.url?.includes(RETIRED_CUSTOMER) ? PAGE.replace('Microsoft 365 E3', 'Dynamics AX Enterprise') : PAGE);
  });
  // The benchmark build: it counts scan passes on <html> (the extension partners install has no such hook).
  session = await launchExtension({ hosts: { 'partner.microsoft.com': server.port }, dist: 'dist-bench' });
});

afterAll(async () => {
  await session?.close();
  await server?.close();
});

/** Scan passes the content script has run on the page (its benchmark counter). */
async function scanPasses(page: Page): Promise<number> {
  const mark = await page.evaluate(() => document.documentElement.getAttribute('data-sku-shift-bench'));
  return Number((mark ?? '').split(',')[0]) || 0;
}

const byRow = (probes: AnnotationProbe[], tag: string) =>
  probes
    .filter((p) => p.tag === tag)
    .map((p) => p.rowKey)
    .sort();

test('no retired SKU on the page: the badge display is not loaded; the first one added loads it once and every row gets its badge', async () => {
  const page = await session.context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const loads = await watchExtensionLoads(page);
  await page.goto(`https://partner.microsoft.com/en-us/dashboard/commerce2/customers/${CUSTOMER}/subscriptions`);
  await waitForContentScript(loads);
  // The whole page has been scanned (the first pass walks every watcher over the document) ...
  await expect.poll(() => scanPasses(page), { timeout: 10_000 }).toBeGreaterThan(0);
  // ... and an import it asked for would have gone out by now.
  await page.waitForTimeout(500);
  expect(loads.some((f) => f.startsWith('src-content-main'))).toBe(true);
  expect(loads.filter((f) => f.startsWith('badge-display'))).toEqual([]);
  expect(await probeAnnotations(page)).toEqual([]);

  // The grid grows (next page of results): a retired SKU with its end date, and in the next frame,
  // while the display may still be loading, another one set to auto-renew.
  const expires = expiresIn(20);
  await page.evaluate(
    async ([first, second]) => {
      const grid = document.getElementById('grid')!;
      grid.insertAdjacentHTML('beforeend', first!);
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      grid.insertAdjacentHTML('beforeend', second!);
    },
    [row('ax', 'Dynamics AX Enterprise', expires), row('crm', 'Dynamics CRM Online Professional', 'Auto renews on 3/1/2027')],
  );
  await expect.poll(async () => byRow(await probeAnnotations(page), 'SKU-SHIFT-BADGE'), { timeout: 10_000 }).toEqual(['ax', 'crm']);
  // Settled: one more look after the scanner's next passes changes nothing.
  await page.waitForTimeout(300);
  const probes = await probeAnnotations(page);
  expect(byRow(probes, 'SKU-SHIFT-BADGE')).toEqual(['ax', 'crm']);
  // Chips only in the retired rows: days left on the one that expires, a warning on the one that
  // auto-renews; the current products, which renew, get none.
  expect(byRow(probes, 'SKU-SHIFT-RENEWAL')).toEqual(['ax', 'crm']);
  const axChip = probes.find((p) => p.tag === 'SKU-SHIFT-RENEWAL' && p.rowKey === 'ax')!;
  expect(axChip.data).toMatchObject({ skuShiftChip: 'expiry', daysLeft: '20' });
  expect(axChip.before).toBe(expires);
  expect(probes.find((p) => p.tag === 'SKU-SHIFT-RENEWAL' && p.rowKey === 'crm')!.data.skuShiftChip).toBe('auto-renew');
  const axBadge = probes.find((p) => p.tag === 'SKU-SHIFT-BADGE' && p.rowKey === 'ax')!;
  expect(axBadge.before).toBe('Dynamics AX Enterprise');
  expect(axBadge.text).toContain('20 days left');

  expect(loads.filter((f) => f.startsWith('badge-display'))).toHaveLength(1);
  expect(loads.filter((f) => f.startsWith('page:'))).toEqual([]);
  expect(pageErrors).toEqual([]);
  await page.close();
});

test("a current product's end date alone loads the display once, for its quiet chip", async () => {
  const page = await session.context.newPage();
  const loads = await watchExtensionLoads(page);
  await page.goto(`https://partner.microsoft.com/en-us/dashboard/commerce2/customers/${CUSTOMER}/subscriptions`);
  await waitForContentScript(loads);
  await expect.poll(() => scanPasses(page), { timeout: 10_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(300);
  expect(loads.filter((f) => f.startsWith('badge-display'))).toEqual([]);
  await page.evaluate((html) => document.getElementById('grid')!.insertAdjacentHTML('beforeend', html), row('e5', 'Office 365 E5', expiresIn(40)));
  await expect
    .poll(async () => (await probeAnnotations(page)).map((p) => [p.tag, p.rowKey, p.data.skuShiftChip, p.data.daysLeft]), { timeout: 10_000 })
    .toEqual([['SKU-SHIFT-RENEWAL', 'e5', 'current-expiry', '40']]);
  expect(loads.filter((f) => f.startsWith('badge-display'))).toHaveLength(1);
  await page.close();
});

test('the catalog highlight loads the display only when a replacement product is listed', async () => {
  const page = await session.context.newPage();
  const loads = await watchExtensionLoads(page);
  await page.goto(`https://partner.microsoft.com/en-us/dashboard/commerce2/customers/${CUSTOMER}/add-subscriptions`);
  await waitForContentScript(loads);
  await expect.poll(() => scanPasses(page), { timeout: 10_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(500);
  expect(loads.filter((f) => f.startsWith('badge-display'))).toEqual([]);

  await page.evaluate(() => document.getElementById('offers')!.insertAdjacentHTML('beforeend', '<li>Dynamics 365 Finance</li>'));
  await expect.poll(async () => (await probeAnnotations(page)).map((p) => [p.tag, p.before]), { timeout: 10_000 }).toEqual([['SKU-SHIFT-TARGET', 'Dynamics 365 Finance']]);
  expect(loads.filter((f) => f.startsWith('badge-display'))).toHaveLength(1);
  await page.close();
});

test("the badge's button opens the checklist: two lazy chunks, one hook between them", async () => {
  const page = await session.context.newPage();
  await page.goto(`https://partner.microsoft.com/en-us/dashboard/commerce2/customers/${RETIRED_CUSTOMER}/subscriptions`);
  await expect.poll(() => page.getByTestId('checklist-launcher').isVisible(), { timeout: 10_000 }).toBe(true);
  await page.getByRole('button', { name: /^Retired → Dynamics 365 Finance/ }).click();
  // In the badge's details (the checklist's own launcher has the same name).
  const open = page.getByRole('dialog', { name: /is retired/ }).getByRole('button', { name: 'Open the migration checklist' });
  await expect.poll(() => open.isVisible(), { timeout: 5000 }).toBe(true);
  expect(await page.getByTestId('checklist-panel').isVisible()).toBe(false);
  await open.click();
  await expect.poll(() => page.getByTestId('checklist-panel').isVisible(), { timeout: 5000 }).toBe(true);
  await page.close();
});

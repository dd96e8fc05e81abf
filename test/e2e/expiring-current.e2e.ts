/**
 * A current (not retired) product that will not renew ("Expires on" in 10 days) is flagged as a
 * partner browses: a quiet chip after its end date in the grid (days left, urgency colour under the
 * partner's thresholds, nothing about retirement), and, once the page was read, on the dashboard —
 * the row and the customer's page — for a customer with a migration and for one with nothing retired
 * and no Dynamics 365 product at all. Before this, such a product showed nowhere.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchExtension, type ExtensionSession } from './launch-extension.ts';
import { startHttpsServer, type RunningServer } from './https-server.ts';
import { probeAnnotations } from './content-page-probe.ts';
import { command, DASHBOARD, poll } from './dashboard-helpers.ts';

/** Has a migration: a retired SKU beside the expiring current product. */
const MIGRATING = '71717171-2222-4333-8444-555555555501';
/** Nothing retired, no Dynamics 365 product: only current products, one not renewing. */
const CURRENT_ONLY = '71717171-2222-4333-8444-555555555502';
const DAY_MS = 86_400_000;

function expiresIn(inDays: number): string {
  const date = new Date(Date.now() + inDays * DAY_MS);
  return `Expires on ${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()}`;
}

const row = (key: string, product: string, quantity: number, renewal: string) => `<tr role="row" data-key="${key}"><td>${product}</td><td>${quantity}</td><td>Active</td><td>${renewal}</td></tr>`;

function page(name: string, rows: string[]): string {
  return `<!doctype html><html lang="en"><title>Subscriptions</title><header><h2>${name}</h2></header><h1>Subscriptions</h1>
<table><thead><tr><th>Product</th><th>Quantity</th><th>Status</th><th>Renewal</th></tr></thead><tbody>${rows.join('')}</tbody></table></html>`;
}

let server: RunningServer;
let session: ExtensionSession;

beforeAll(async () => {
  server = await startHttpsServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    if (req.url?.includes(MIGRATING)) {
      res.end(
        page('Wingtip Toys', [
          row('ax', 'Dynamics AX Enterprise', 25, 'Auto renews on 6/1/2030'),
          row('basic', 'Microsoft 365 Business Basic', 80, expiresIn(10)),
          row('e3', 'Office 365 E3', 80, 'Auto renews on 6/1/2030'),
        ]),
      );
    } else {
      res.end(page('Litware', [row('basic', 'Microsoft 365 Business Basic', 12, expiresIn(10)), row('e3', 'Office 365 E3', 12, 'Auto renews on 6/1/2030')]));
    }
  });
  session = await launchExtension({ hosts: { 'partner.microsoft.com': server.port } });
});

afterAll(async () => {
  await session?.close();
  await server?.close();
});

const subscriptions = (customerId: string) => `https://partner.microsoft.com/en-us/dashboard/commerce2/customers/${customerId}/subscriptions`;

test('inline: a quiet chip with the days left after the end date, in the urgency colour of the partner thresholds; nothing on what renews', { timeout: 120_000 }, async () => {
  const admin = await session.context.newPage();
  await admin.goto(session.url(DASHBOARD));
  const browse = await session.context.newPage();
  for (const customerId of [MIGRATING, CURRENT_ONLY]) {
    await browse.goto(subscriptions(customerId));
    await poll(async () => (await probeAnnotations(browse)).filter((p) => p.data.skuShiftChip === 'current-expiry').length).toBe(1);
    // Settled: a moment later the page shows the same (badges of retired rows mount meanwhile).
    await browse.waitForTimeout(300);
    const probes = await probeAnnotations(browse);
    const chip = probes.find((p) => p.data.skuShiftChip === 'current-expiry')!;
    expect(chip).toMatchObject({ tag: 'SKU-SHIFT-RENEWAL', rowKey: 'basic', text: '10 days left', data: { urgency: 'critical', daysLeft: '10' } });
    expect(chip.before).toMatch(/^Expires on /u);
    expect(chip.text).not.toMatch(/retired/iu);
    expect(probes.filter((p) => p.rowKey === 'e3')).toEqual([]);
  }

  // The partner's thresholds: critical at 5 days makes 10 days "soon".
  expect(await command(admin, { kind: 'settings/put', settings: { thresholds: { critical: 5, soon: 20 } } })).toMatchObject({ ok: true });
  try {
    await browse.goto(subscriptions(CURRENT_ONLY));
    await poll(async () => (await probeAnnotations(browse)).find((p) => p.data.skuShiftChip === 'current-expiry')?.data.urgency).toBe('soon');
  } finally {
    await command(admin, { kind: 'settings/put', settings: { thresholds: { critical: 30, soon: 90 } } });
    await browse.close();
    await admin.close();
  }
});

test('dashboard: the row and the customer page list it with its days left, with a migration and with nothing retired', { timeout: 120_000 }, async () => {
  const dashboard = await session.context.newPage();
  await dashboard.goto(session.url(DASHBOARD));
  const browse = await session.context.newPage();
  for (const customerId of [MIGRATING, CURRENT_ONLY]) {
    await browse.goto(subscriptions(customerId));
    // Read and recorded by the worker (the page reading follows the page once it settles).
    await poll(async () => {
      const view = await command<{ subscriptions: { name: string; renewal?: { kind: string } | null }[] }>(dashboard, { kind: 'customer/get', customerId });
      return view.data.subscriptions.some((sub) => sub.name === 'Microsoft 365 Business Basic' && sub.renewal?.kind === 'expires');
    }).toBe(true);
  }
  await browse.close();
  await dashboard.reload();
  const migrating = dashboard.locator(`tr[data-customer-id="${MIGRATING}"]`);
  const currentOnly = dashboard.locator(`tr[data-customer-id="${CURRENT_ONLY}"]`);
  await poll(() => currentOnly.isVisible()).toBe(true);
  await poll(() => migrating.getByTestId('not-renewing').textContent()).toMatch(/Not renewing:.*Microsoft 365 Business Basic · 10 days left/u);
  expect(await migrating.locator('td.retired').textContent()).toContain('Dynamics AX Enterprise');
  expect(await currentOnly.locator('.phase-chip').textContent()).toBe('To renew');
  expect(await currentOnly.getByTestId('not-renewing').textContent()).toContain('Microsoft 365 Business Basic · 10 days left');

  await migrating.locator('a.name').click();
  const customerPage = dashboard.locator(`.customer-page[data-customer-id="${MIGRATING}"]`);
  await poll(() => customerPage.getByRole('heading', { name: 'Not renewing' }).isVisible()).toBe(true);
  expect(await customerPage.getByTestId('not-renewing').textContent()).toContain('Microsoft 365 Business Basic · 10 days left');
  // Notes say their limit before a paste is cut at it.
  expect(await customerPage.locator(`#notes-${MIGRATING}-help`).textContent()).toContain('At most 10,000 characters.');
  await dashboard.close();
});

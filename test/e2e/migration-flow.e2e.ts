import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { ExtensionSession } from './launch-extension.ts';
import { stopWorker as stopWorkerOf } from './stop-worker.ts';
import { startMigrationLookAlike, type MigrationLookAlike, fromExtensionPage as fromPage, storedView as stored } from './migration-look-alike.ts';
import { CONTOSO_ID, FABRIKAM_ID, NORTHWIND_ID } from '../fixtures/pages/migration-fixture.ts';

/**
 * A whole migration in real Chromium with the built extension, over the stateful look-alike:
 * subscriptions page → target purchased and seen → users moved one by one → old subscription
 * suspended; checking the overlay, the worker's IndexedDB (read back through a fresh extension page),
 * the dashboard, the inline suspend warning, and two tabs on the same customer.
 */
const TODAY = new Date().toISOString().slice(0, 10);
let lookAlike: MigrationLookAlike;
let session: ExtensionSession;

beforeAll(async () => {
  lookAlike = await startMigrationLookAlike(TODAY);
  ({ session } = lookAlike);
});

afterAll(() => lookAlike?.close());

const base = (locale: string, customer: string) => `https://partner.microsoft.com/${locale}/dashboard/commerce2/customers/${customer}`;

const fromExtensionPage = <T>(command: object): Promise<T> => fromPage<T>(session, command);
const storedView = (customerId: string) => stored(session, customerId);

const stopWorker = () => stopWorkerOf(session);

function panel(page: Page) {
  return page.getByTestId('checklist-panel');
}

function step(page: Page, id: string) {
  return panel(page).locator(`li[data-step="${id}"]`);
}

async function openPanel(page: Page): Promise<void> {
  // The checklist is loaded on demand: wait until it shows, open (remembered) or as its launcher.
  const launcher = page.getByTestId('checklist-launcher');
  await expect.poll(async () => (await panel(page).isVisible()) || (await launcher.isVisible()), { timeout: 10_000 }).toBe(true);
  if (await panel(page).isVisible()) return;
  await launcher.click();
  await expect.poll(() => panel(page).isVisible()).toBe(true);
}

describe('a whole migration', () => {
  test('purchase → reassign → suspend, detected from the pages and recorded with evidence', async () => {
    const page = await session.context.newPage();
    await page.goto(`${base('en-us', CONTOSO_ID)}/subscriptions`);

    // The launcher appears for a customer with a retired SKU; it opens the checklist.
    await expect.poll(() => page.getByTestId('checklist-launcher').isVisible(), { timeout: 10_000 }).toBe(true);
    await openPanel(page);
    await expect.poll(() => panel(page).getByTestId('checklist-plan').textContent()).toContain('Dynamics 365 Finance');
    expect(await panel(page).getByTestId('checklist-plan').textContent()).toContain('3 licenses');
    expect(await panel(page).getByTestId('checklist-now').textContent()).toContain('Select “Add subscription” on this page.');
    // The end date is 45 days away: the checklist says so.
    expect(await panel(page).textContent()).toContain('45 days left');

    // Step 1: buy the target in Partner Center; the new row next to the old one completes the step.
    await page.getByTestId('add-subscriptions').click();
    await expect.poll(() => panel(page).getByTestId('checklist-now').textContent()).toContain('Pick Dynamics 365 Finance × 3');
    await page.getByRole('checkbox', { name: 'Dynamics 365 Finance', exact: true }).check();
    await page.locator('li', { hasText: 'Dynamics 365 Finance' }).getByRole('spinbutton').fill('3');
    await page.getByTestId('submit').click();
    await expect.poll(() => step(page, 'purchase').getAttribute('data-status'), { timeout: 10_000 }).toBe('done');
    expect(await step(page, 'purchase').textContent()).toMatch(/Seen on the Subscriptions page, .+: Dynamics 365 Finance · Active · 3/);

    let view = await storedView(CONTOSO_ID);
    expect(view.migration?.state.steps.purchase).toMatchObject({ status: 'done', evidence: { source: 'page', text: expect.stringContaining('Dynamics 365 Finance') } });
    expect(view.subscriptions.map((s) => s.name).sort()).toEqual(['Dynamics 365 Finance', 'Dynamics AX Enterprise']);

    // Step 2: Users and licenses shows who still holds the retired license.
    await page.getByRole('link', { name: 'Users and licenses', exact: true }).click();
    await expect.poll(() => panel(page).getByTestId('users-progress').textContent(), { timeout: 10_000 }).toContain('0 of 3 users moved');
    expect(await panel(page).getByTestId('checklist-now').textContent()).toContain('“Manage licenses”');

    const moveUser = async (userId: string) => {
      await page.getByTestId(`manage-${userId}`).click();
      // By value: the accessible names also carry SKU Shift's badge text.
      await page.locator('input[type="checkbox"][value="Dynamics AX Enterprise"]').uncheck();
      await page.locator('input[type="checkbox"][value="Dynamics 365 Finance"]').check();
      await page.getByTestId('submit').click();
    };
    await moveUser('u1');
    await expect.poll(() => panel(page).getByTestId('users-progress').textContent(), { timeout: 10_000 }).toContain('1 of 3 users moved');

    // Mid-flow, on the old subscription's page: choosing Suspended warns right there, Submit stays Partner Center's.
    await page.goto(`${base('en-us', CONTOSO_ID)}/subscriptions/a1c0ffee-0000-4000-8000-000000000001`);
    await page.locator('#status-select').selectOption('suspended');
    const warning = page.getByTestId('suspend-warning');
    await expect.poll(() => warning.textContent(), { timeout: 10_000 }).toContain('2 users still hold Dynamics AX Enterprise');
    expect(await page.getByTestId('submit').isEnabled()).toBe(true);
    // Nothing of ours covers Partner Center's Submit: a click there lands on the button itself.
    const box = (await page.getByTestId('submit').boundingBox())!;
    const hit = await page.evaluate(
      ([x, y]) => {
        let el: Element | null = document.elementFromPoint(x!, y!);
        while (el?.shadowRoot) {
          const inner = el.shadowRoot.elementFromPoint(x!, y!);
          if (!inner || inner === el) break;
          el = inner;
        }
        return el?.getAttribute('data-testid') ?? el?.tagName ?? null;
      },
      [box.x + box.width / 2, box.y + box.height / 2],
    );
    expect(hit).toBe('submit');
    await page.locator('#status-select').selectOption('active');
    await expect.poll(() => warning.count()).toBe(0);

    // The same page with a Fluent-style Status dropdown (options in a layer at the end of <body>, closed
    // once one is picked): the warning shows under the combobox, not in the removed layer, and goes on Active.
    await page.goto(`${base('en-us', CONTOSO_ID)}/subscriptions/a1c0ffee-0000-4000-8000-000000000001?control=combobox`);
    const combobox = page.getByRole('combobox', { name: 'Status' });
    await combobox.click();
    await page.getByTestId('status-layer').getByRole('option', { name: 'Suspended' }).click();
    await expect.poll(() => warning.count(), { timeout: 10_000 }).toBe(1);
    expect(await warning.textContent()).toContain('2 users still hold Dynamics AX Enterprise');
    expect(await page.getByTestId('status-layer').count()).toBe(0);
    expect(await combobox.evaluate((c) => c.nextElementSibling?.localName)).toBe('sku-shift-suspend-warning');
    await combobox.click();
    await page.getByTestId('status-layer').getByRole('option', { name: 'Active' }).click();
    await expect.poll(() => warning.count()).toBe(0);

    await page.goto(`${base('en-us', CONTOSO_ID)}/users`);
    await moveUser('u2');
    await moveUser('u3');
    await expect.poll(() => step(page, 'reassign').getAttribute('data-status'), { timeout: 10_000 }).toBe('done');
    view = await storedView(CONTOSO_ID);
    expect(view.migration?.state.users).toEqual({ moved: 3, total: 3 });

    // Step 3: suspend the old subscription; the page's Suspended status completes the migration's last step.
    await page.goto(`${base('en-us', CONTOSO_ID)}/subscriptions/a1c0ffee-0000-4000-8000-000000000001`);
    await openPanel(page);
    await expect.poll(() => panel(page).getByTestId('checklist-now').textContent(), { timeout: 10_000 }).toContain('Set “Status” to “Suspended”, then select “Submit”.');
    await page.locator('#status-select').selectOption('suspended');
    expect(await page.getByTestId('suspend-warning').count()).toBe(0);
    await page.getByTestId('submit').click();
    // The page shows it Suspended: recorded as seen, and the partner confirms it before the clock starts.
    await expect.poll(() => step(page, 'suspend').getByTestId('suspend-seen').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await step(page, 'suspend').getAttribute('data-status')).not.toBe('done');
    expect((await storedView(CONTOSO_ID)).migration?.state.deprovisionOn).toBeNull();
    expect(await panel(page).getByTestId('checklist-now').textContent()).toContain('Confirm it below');
    await step(page, 'suspend').getByRole('button', { name: 'Confirm the suspension' }).click();
    await expect.poll(() => step(page, 'suspend').getAttribute('data-status'), { timeout: 10_000 }).toBe('done');
    // The details page says Suspended: its badge still names the replacement, but nothing counts down.
    await expect.poll(() => page.locator('sku-shift-badge button.pill').first().textContent(), { timeout: 10_000 }).toContain('Retired → Dynamics 365 Finance');
    expect(await page.locator('sku-shift-badge button.pill').first().textContent()).not.toContain('days left');
    expect(await page.locator('[data-sku-shift-chip]').count()).toBe(0);
    const deprovision = new Date(`${TODAY}T00:00:00Z`);
    deprovision.setUTCDate(deprovision.getUTCDate() + 120);
    view = await storedView(CONTOSO_ID);
    expect(view.migration?.state).toMatchObject({ phase: 'suspended', suspendedOn: TODAY, deprovisionOn: deprovision.toISOString().slice(0, 10) });
    expect(view.migration?.state.steps.suspend.evidence?.text).toContain('Suspended');
    expect(await panel(page).getByTestId('deprovision-date').textContent()).toContain('120 days after suspension');

    // The dashboard lists the customer at its new stage.
    const dashboard = await session.context.newPage();
    await dashboard.goto(session.url('src/pages/dashboard/index.html'));
    await expect.poll(() => dashboard.locator('body').textContent(), { timeout: 10_000 }).toContain(CONTOSO_ID);
    await dashboard.close();
    await page.close();
  });

  test('the overlay remembers open/closed per customer across pages and reloads', async () => {
    const page = await session.context.newPage();
    await page.goto(`${base('fr-fr', FABRIKAM_ID)}/subscriptions`);
    await expect.poll(() => page.getByTestId('checklist-launcher').isVisible(), { timeout: 10_000 }).toBe(true);
    await openPanel(page);
    // French Partner Center: the labels to click are quoted in French.
    expect(await panel(page).getByTestId('checklist-now').textContent()).toContain('“Ajouter un abonnement”');
    // Keyboard: Escape closes it and focus returns to the launcher; Enter opens it again.
    await page.keyboard.press('Escape');
    await expect.poll(() => panel(page).count()).toBe(0);
    expect(await page.getByTestId('checklist-launcher').evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    await page.reload();
    await expect.poll(() => panel(page).isVisible(), { timeout: 10_000 }).toBe(true);
    await panel(page).getByRole('button', { name: 'Close the checklist' }).click();
    await page.reload();
    await expect.poll(() => page.getByTestId('checklist-launcher').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await panel(page).count()).toBe(0);
    // The retired-SKU badge opens the checklist too.
    await page
      .getByRole('button', { name: /Retired/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Open the migration checklist', exact: true }).click();
    await expect.poll(() => panel(page).isVisible(), { timeout: 10_000 }).toBe(true);
    await page.close();
  });

  test('two tabs on the same customer: concurrent changes are all kept and both overlays show the latest', async () => {
    const [a, b] = [await session.context.newPage(), await session.context.newPage()];
    for (const p of [a, b]) {
      await p.goto(`${base('fr-fr', FABRIKAM_ID)}/users`);
      await expect.poll(() => p.getByTestId('checklist-launcher').or(panel(p)).first().isVisible(), { timeout: 10_000 }).toBe(true);
      await openPanel(p);
    }
    // Both tabs tick a different step at the same moment.
    await Promise.all([step(a, 'purchase').getByRole('checkbox').check(), step(b, 'suspend').getByRole('checkbox').check()]);
    for (const p of [a, b]) {
      await expect.poll(() => step(p, 'purchase').getAttribute('data-status'), { timeout: 10_000 }).toBe('done');
      await expect.poll(() => step(p, 'suspend').getAttribute('data-status'), { timeout: 10_000 }).toBe('done');
    }
    const view = await storedView(FABRIKAM_ID);
    expect(view.migration?.state.steps.purchase.evidence?.source).toBe('manual');
    expect(view.migration?.state.steps.suspend.outOfOrder).toBe(true);
    const revision = String(view.migration?.revision);
    for (const p of [a, b]) await expect.poll(() => panel(p).getAttribute('data-revision')).toBe(revision);

    // Notes are kept on the dashboard, never in the page: both tabs only say that there are some.
    await fromExtensionPage({ kind: 'migration/annotate', customerId: FABRIKAM_ID, notes: 'Appeler Chloé avant le 15.' });
    for (const p of [a, b]) {
      await expect.poll(() => panel(p).getByTestId('checklist-notes').textContent(), { timeout: 10_000 }).toContain('Your notes for this customer are on the dashboard');
      expect(await p.content()).not.toContain('Chloé');
    }
    await a.close();
    await b.close();
  });

  test('the worker stopped mid-flow loses nothing: the overlay and a fresh extension page read the same state', async () => {
    const page = await session.context.newPage();
    await page.goto(`${base('en-us', NORTHWIND_ID)}/subscriptions`);
    await expect.poll(() => page.getByTestId('checklist-launcher').isVisible(), { timeout: 10_000 }).toBe(true);
    await openPanel(page);
    await page.getByTestId('add-subscriptions').click();
    await page.getByRole('checkbox', { name: 'Dynamics 365 Team Members', exact: true }).check();
    // Two users on CRM Online Essential: two Team Members licenses (one would leave the purchase short).
    await page.locator('li', { hasText: 'Dynamics 365 Team Members' }).getByRole('spinbutton').fill('2');
    await page.getByTestId('submit').click();
    await expect.poll(() => step(page, 'purchase').getAttribute('data-status'), { timeout: 10_000 }).toBe('done');

    await stopWorker();
    // The next page asks a worker that starts from nothing but IndexedDB.
    await page.goto(`${base('en-us', NORTHWIND_ID)}/users`);
    await expect.poll(() => step(page, 'purchase').getAttribute('data-status'), { timeout: 10_000 }).toBe('done');
    await expect.poll(() => panel(page).getByTestId('users-progress').textContent(), { timeout: 10_000 }).toContain('0 of 2 users moved');

    const moveUser = async (userId: string) => {
      await page.getByTestId(`manage-${userId}`).click();
      await page.locator('input[type="checkbox"][value="Microsoft Dynamics CRM Online Essential"]').uncheck();
      await page.locator('input[type="checkbox"][value="Dynamics 365 Team Members"]').check();
      await page.getByTestId('submit').click();
    };
    await moveUser('u1');
    await expect.poll(() => panel(page).getByTestId('users-progress').textContent(), { timeout: 10_000 }).toContain('1 of 2 users moved');
    await stopWorker();
    await moveUser('u2');
    await expect.poll(() => step(page, 'reassign').getAttribute('data-status'), { timeout: 10_000 }).toBe('done');

    await stopWorker();
    const view = await storedView(NORTHWIND_ID);
    expect(view.migration?.state).toMatchObject({
      phase: 'suspend',
      users: { moved: 2, total: 2 },
      steps: { purchase: { status: 'done' }, reassign: { status: 'done' }, suspend: { status: 'todo' } },
    });
    expect(String(view.migration?.revision)).toBe(await panel(page).getAttribute('data-revision'));
    await page.close();
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { ExtensionSession } from './launch-extension.ts';
import { startMigrationLookAlike, type MigrationLookAlike } from './migration-look-alike.ts';
import { CONTOSO_ID, FABRIKAM_ID, type MigrationFixture } from '../fixtures/pages/migration-fixture.ts';

/**
 * Today's Partner Center, as the 2026 docs describe it: customer pages under /dashboard/v2/, the
 * current license flow (select a user → Edit → a wizard in a side pane → Next → Complete, with no
 * navigation), and German and Spanish pages. Driven with the built extension in real Chromium.
 */
const TODAY = new Date().toISOString().slice(0, 10);
let lookAlike: MigrationLookAlike;
let session: ExtensionSession;
let fixture: MigrationFixture;

beforeAll(async () => {
  lookAlike = await startMigrationLookAlike(TODAY);
  ({ fixture, session } = lookAlike);
});

afterAll(() => lookAlike?.close());

const panel = (page: Page) => page.getByTestId('checklist-panel');
const step = (page: Page, id: string) => panel(page).locator(`li[data-step="${id}"]`);

/** What the worker holds for a customer, read through a fresh extension page. */
async function storedUsers(customerId: string): Promise<unknown> {
  const page = await session.context.newPage();
  await page.goto(session.url('src/pages/popup/index.html'));
  const reply = (await page.evaluate((id) => {
    const { chrome } = globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } };
    return chrome.runtime.sendMessage({ kind: 'customer/get', customerId: id });
  }, customerId)) as { data: { migration: { state: { users: unknown } } | null } };
  await page.close();
  return reply.data.migration?.state.users ?? null;
}

async function openPanel(page: Page): Promise<void> {
  const launcher = page.getByTestId('checklist-launcher');
  await expect.poll(async () => (await panel(page).isVisible()) || (await launcher.isVisible()), { timeout: 10_000 }).toBe(true);
  if (!(await panel(page).isVisible())) await launcher.click();
  await expect.poll(() => panel(page).isVisible()).toBe(true);
}

describe('today’s Partner Center', () => {
  test('German, /dashboard/v2/: buy, then move every user with Edit → Next → Complete in the side pane; the count follows without a navigation', async () => {
    const page = await session.context.newPage();
    await page.goto(`https://partner.microsoft.com/de-de/dashboard/v2/customers/${CONTOSO_ID}/subscriptions`);
    await openPanel(page);
    expect(await panel(page).getByTestId('checklist-now').textContent()).toContain('“Abonnement hinzufügen”');

    await page.getByTestId('add-subscriptions').click();
    await page.getByRole('checkbox', { name: 'Dynamics 365 Finance', exact: true }).check();
    // As many licenses as AX Enterprise has seats (3): fewer would leave the purchase short.
    await page.locator('li', { hasText: 'Dynamics 365 Finance' }).getByRole('spinbutton').fill('3');
    await page.getByTestId('submit').click();
    await expect.poll(() => step(page, 'purchase').getAttribute('data-status'), { timeout: 10_000 }).toBe('done');

    await page.getByRole('link', { name: 'Benutzer und Lizenzen', exact: true }).click();
    await expect.poll(() => panel(page).getByTestId('users-progress').textContent(), { timeout: 10_000 }).toContain('0 of 3 users moved');
    const now = await panel(page).getByTestId('checklist-now').textContent();
    for (const label of ['“Bearbeiten”', '“Weiter”', '“Abschließen”']) expect(now).toContain(label);

    // The bulk move through the API is one click away, on the customer's page of the dashboard.
    const dashboard = session.context.waitForEvent('page');
    await panel(page).getByTestId('api-reassign').getByRole('button').click();
    expect((await dashboard).url()).toBe(session.url(`src/pages/dashboard/index.html#customer/${CONTOSO_ID}`));
    // The partner folds the checklist away to work in the grid; its launcher stays.
    await panel(page).getByRole('button', { name: 'Close the checklist' }).click();
    const usersUrl = page.url();
    for (const [n, user] of (['u1', 'u2', 'u3'] as const).entries()) {
      await page.getByTestId(`select-${user}`).check();
      await page.getByTestId('edit-user').click();
      const pane = page.getByRole('dialog', { name: 'Lizenzen bearbeiten' });
      await pane.locator('input[type="checkbox"][value="Dynamics AX Enterprise"]').uncheck();
      await pane.locator('input[type="checkbox"][value="Dynamics 365 Finance"]').check();
      await pane.getByTestId('wizard-next').click();
      await pane.getByTestId('wizard-complete').click();
      await expect.poll(() => storedUsers(CONTOSO_ID), { timeout: 10_000 }).toEqual({ moved: n + 1, total: 3 });
    }
    expect(page.url()).toBe(usersUrl);
    await openPanel(page);
    expect(await panel(page).getByTestId('users-progress').textContent()).toContain('3 of 3 users moved');
    await expect.poll(() => step(page, 'reassign').getAttribute('data-status'), { timeout: 10_000 }).toBe('done');
    await page.close();
  });

  test('Spanish, legacy /commerce/: the end date is read, Suspendido + Enviar is seen and waits for the partner’s confirmation', async () => {
    const page = await session.context.newPage();
    await page.goto(`https://partner.microsoft.com/es-es/commerce/customers/${FABRIKAM_ID}/subscriptions`);
    await openPanel(page);
    // The fixture's retired subscription "Expira el" 20 days from today.
    await expect.poll(() => panel(page).textContent(), { timeout: 10_000 }).toMatch(/\d+ days left/);
    const sub = fixture.customers.find((c) => c.id === FABRIKAM_ID)!.subscriptions.find((s) => s.name.includes('CRM Online Professional'))!;
    await page.goto(`https://partner.microsoft.com/es-es/commerce/customers/${FABRIKAM_ID}/subscriptions/${sub.id}`);
    await openPanel(page);
    await page.locator('#status-select').selectOption('suspended');
    await page.getByTestId('submit').click();
    await expect.poll(() => step(page, 'suspend').getByTestId('suspend-seen').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await step(page, 'suspend').getAttribute('data-status')).not.toBe('done');
    await page.close();
  });
});

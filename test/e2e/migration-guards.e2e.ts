import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionSession } from './launch-extension.ts';
import { startFixtureServer, type FixtureServer } from './fixture-server.ts';
import type { CustomerView } from '../../src/core/records.ts';

/**
 * The checklist on the shared Partner Center look-alike (test/fixtures/pages/app.js, the content
 * helper's fixture with its sample customers): several retired SKUs in one plan, a target already
 * bought, a subscription from the Open channel, and hostile strings in names.
 */
let server: FixtureServer;
let session: ExtensionSession;

const CONTOSO = '0c3f7a1e-5b2d-4e8f-9a61-2d7c4b9e8f10';
const FABRIKAM = '1d4e8b2f-6c3e-4f90-8b72-3e8d5c0f9a21';
const NORTHWIND = '2e5f9c3a-7d4f-4a01-9c83-4f9e6d1a0b32';
const HOSTILE = '3f6a0d4b-8e50-4b12-8d94-5a0f7e2b1c43';
const TAILSPIN = '4a7b1e5c-9f61-4c23-9ea5-6b1a8f3c2d54';

beforeAll(async () => {
  server = await startFixtureServer();
  session = await launchExtension({ hosts: { 'partner.microsoft.com': server.port } });
});

afterAll(async () => {
  await session?.close();
  await server?.close();
});

async function storedView(customerId: string): Promise<CustomerView> {
  const page = await session.context.newPage();
  await page.goto(session.url('src/pages/popup/index.html'));
  const reply = (await page.evaluate((id) => {
    const { chrome } = globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } };
    return chrome.runtime.sendMessage({ kind: 'customer/get', customerId: id });
  }, customerId)) as { ok: boolean; data: CustomerView };
  await page.close();
  return reply.data;
}

async function openChecklist(path: string): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(server.url(path));
  await expect.poll(() => page.getByTestId('checklist-launcher').or(page.getByTestId('checklist-panel')).first().isVisible(), { timeout: 10_000 }).toBe(true);
  if (!(await page.getByTestId('checklist-panel').isVisible())) await page.getByTestId('checklist-launcher').click();
  return page;
}

describe('the checklist on the shared look-alike', () => {
  test('several retired SKUs: one plan line each, recommended targets and seat counts', async () => {
    const page = await openChecklist(`/en-us/dashboard/commerce2/customers/${CONTOSO}/subscriptions`);
    const plan = page.getByTestId('checklist-plan');
    await expect.poll(() => plan.locator('li').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    const text = await plan.textContent();
    expect(text).toContain('Replaces Dynamics AX Enterprise');
    expect(text).toContain('Replaces Dynamics AX Task');
    expect(text).toContain('Replaces Microsoft Dynamics CRM Online Professional');
    // Screen-reader-only text in the grid ("Row 1 of 6") is not part of the names recorded; a current
    // product that will not renew (Business Basic, "Expires on") is recorded for the dashboard too.
    const names = (await storedView(CONTOSO)).subscriptions.map((s) => s.name).sort();
    expect(names).toEqual(['Dynamics 365 Team Members', 'Dynamics AX Enterprise', 'Dynamics AX Task', 'Microsoft 365 Business Basic', 'Microsoft Dynamics CRM Online Professional']);
    await page.close();
  });

  test('AX Enterprise and AX Device with only Finance active: the purchase is not Done, "Operations – Device: none yet"', async () => {
    const page = await openChecklist(`/en-us/dashboard/commerce2/customers/${FABRIKAM}/subscriptions`);
    const purchase = page.locator('li[data-step="purchase"]');
    await expect.poll(() => purchase.getByTestId('purchase-missing').textContent(), { timeout: 10_000 }).toContain('Dynamics 365 Operations – Device: none yet');
    expect(await purchase.getAttribute('data-status')).toBe('in-progress');
    expect(await purchase.getByTestId('purchase-missing').textContent()).not.toContain('Finance');
    expect((await storedView(FABRIKAM)).migration?.state.steps.purchase.status ?? 'todo').not.toBe('done');
    await page.close();
  });

  test('"Customer Engagement Plan × 8, Team Members × 30" is not Done on "Dynamics 365 Sales Professional · 10"', async () => {
    const page = await openChecklist(`/en-us/dashboard/commerce2/customers/${NORTHWIND}/subscriptions`);
    const purchase = page.locator('li[data-step="purchase"]');
    await expect.poll(() => purchase.getByTestId('purchase-missing').textContent(), { timeout: 10_000 }).toContain('Dynamics 365 Team Members: none yet');
    expect(await purchase.getByTestId('purchase-missing').textContent()).toContain('Dynamics 365 Customer Engagement Plan: none yet');
    expect(await purchase.getAttribute('data-status')).not.toBe('done');
    expect((await storedView(NORTHWIND)).migration?.state.steps.purchase.status ?? 'todo').not.toBe('done');
    await page.close();
  });

  test('a retired subscription from the Open channel: the customer must cancel it there', async () => {
    const page = await openChecklist(`/en-us/dashboard/commerce2/customers/${NORTHWIND}/subscriptions`);
    await expect.poll(() => page.getByTestId('checklist-panel').textContent(), { timeout: 10_000 }).toContain('Bought through another channel');
    expect((await storedView(NORTHWIND)).migration?.state.otherChannel).toBe(true);
    await page.close();
  });

  test('hostile names are shown as text and never run', async () => {
    const page = await openChecklist(`/en-us/dashboard/commerce2/customers/${HOSTILE}/subscriptions`);
    await expect.poll(() => page.getByTestId('checklist-plan').textContent(), { timeout: 10_000 }).toContain('<img src=x onerror=');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await page.getByTestId('checklist-panel').locator('img, script, svg').count()).toBe(0);
    await page.close();
  });

  test('a customer without a relationship (read off the customers list): invite first, said on their pages', async () => {
    const list = await session.context.newPage();
    await list.goto(server.url('/en-us/dashboard/commerce2/customers/list'));
    await expect.poll(async () => (await storedView(TAILSPIN)).customer?.relationship, { timeout: 10_000 }).toBe('none');
    expect((await storedView(CONTOSO)).customer).toMatchObject({ name: 'Contoso Ltd', relationship: 'reseller' });
    await list.close();

    // On Add subscriptions, where buying would fail, the checklist opens by itself and says why.
    const page = await session.context.newPage();
    await page.goto(server.url(`/en-us/dashboard/commerce2/customers/${TAILSPIN}/subscriptions`));
    await expect.poll(() => page.getByTestId('checklist-launcher').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.goto(server.url(`/en-us/dashboard/commerce2/customers/${TAILSPIN}/subscriptions/add`));
    const panel = page.getByTestId('checklist-panel');
    await expect.poll(() => panel.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await panel.textContent()).toContain('Not yet your customer');
    expect(await panel.textContent()).toContain('Tailspin Toys');
    await page.close();
  });
});

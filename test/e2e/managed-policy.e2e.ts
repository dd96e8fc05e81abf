/**
 * "Managed by IT" in real Chromium: the dashboard with an organisation's policy in force shows each
 * managed value locked and labelled "Set by your organisation" (Settings, Rules, Scan's app
 * registration), lists the policy keys it ignored, saves what is not managed, and follows a policy
 * change without a reload.
 *
 * Chromium fills storage.managed only from machine policies (/etc/chromium/policies/managed, root,
 * the whole machine), which a test must not write. The bench build (dist-bench, never shipped) reads
 * a stand-in policy from storage.session (src/background/managed-storage.ts); the last test shows the
 * extension partners install ignores that stand-in.
 */
import { afterEach, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionSession } from './launch-extension.ts';
import { command, DASHBOARD, poll } from './dashboard-helpers.ts';
import { loadFixtureData, startFixtureServer, type FixtureServer } from './fixture-server.ts';
import { settledAnnotations } from './content-page-probe.ts';

const TEST_POLICY_KEY = 'skuShiftTestManagedPolicy';
const REGISTRATION = { clientId: '11111111-2222-4333-8444-555555555555', tenant: 'contoso.onmicrosoft.com' };
const E4_RULE = {
  id: 'o365-e4',
  family: 'Office 365',
  name: 'Office 365 Enterprise E4',
  offerNames: ['Office 365 Enterprise E4'],
  targets: [{ id: 'm365-e5', name: 'Microsoft 365 E5', catalogNames: ['Microsoft 365 E5'] }],
};
/** deprovisionDays is invalid (0): ignored, reported, and left to the partner. */
const POLICY = { rules: [E4_RULE], thresholds: { critical: 14, soon: 45 }, deprovisionDays: 0, remindersEnabled: false, appRegistration: REGISTRATION };

const sessions: ExtensionSession[] = [];
const servers: FixtureServer[] = [];
afterEach(async () => {
  while (sessions.length) await sessions.pop()!.close();
  while (servers.length) await servers.pop()!.close();
});

type SessionArea = { storage: { session: { set(items: object): Promise<void> } } };
async function setTestPolicy(session: ExtensionSession, policy: unknown): Promise<void> {
  await session.worker.evaluate(([key, value]) => (globalThis as unknown as { chrome: SessionArea }).chrome.storage.session.set({ [key as string]: value }), [TEST_POLICY_KEY, policy]);
}

async function open(dist: string, policy: unknown, hosts?: Record<string, number>): Promise<{ session: ExtensionSession; page: Page }> {
  const session = await launchExtension({ locale: 'en-US', dist, ...(hosts ? { hosts } : {}) });
  sessions.push(session);
  await setTestPolicy(session, policy);
  const page = await session.context.newPage();
  await page.goto(session.url(`${DASHBOARD}#settings`));
  return { session, page };
}

test("managed values are shown locked on Settings, Rules and Scan; what is not managed is still the partner's", async () => {
  const { session, page } = await open('dist-bench', POLICY);
  await command(page, { kind: 'rules/put', rule: { id: 'crm-2011', family: 'Partner', name: 'CRM 2011 Online', offerNames: ['CRM 2011 Online'], targets: [] } });
  const settings = page.locator('#section-settings');

  // Settings: thresholds and reminders locked with their note; the bad key reported; the delay editable.
  const critical = page.getByLabel('Critical under (days)');
  await poll(() => critical.inputValue()).toBe('14');
  expect(await page.getByLabel('Soon under (days)').inputValue()).toBe('45');
  expect(await critical.isEditable()).toBe(false);
  expect(await page.getByLabel('Soon under (days)').isEditable()).toBe(false);
  const reminders = page.getByRole('checkbox', { name: /Daily reminder/ });
  expect(await reminders.isChecked()).toBe(false);
  expect(await reminders.isDisabled()).toBe(true);
  expect(await settings.getByText('Set by your organisation', { exact: true }).count()).toBe(3);
  // Each locked control names its note (a screen reader hears why it cannot be changed).
  expect(await critical.getAttribute('aria-describedby')).toContain('setting-critical-managed');
  await poll(() => settings.getByRole('alert').textContent()).toContain('Policy key “deprovisionDays” ignored');
  const delay = page.getByLabel('De-provisioning delay (days)');
  expect(await delay.isEditable()).toBe(true);
  await delay.fill('100');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await poll(() => settings.getByRole('status').filter({ hasText: 'Settings saved.' }).count()).toBe(1);
  expect((await command<{ thresholds: unknown; deprovisionDays: number; remindersEnabled: boolean }>(page, { kind: 'settings/get' })).data).toMatchObject({
    thresholds: { critical: 14, soon: 45 },
    deprovisionDays: 100,
    remindersEnabled: false,
  });
  // A command sent around the form is refused by the worker.
  expect(await command(page, { kind: 'settings/put', settings: { remindersEnabled: true } })).toMatchObject({ ok: false, error: { code: 'managed' } });

  // Rules: the organisation's first, read-only; the partner's own after, with a delete button.
  await page.goto(session.url(`${DASHBOARD}#rules`));
  const rules = page.locator('#section-rules');
  await poll(() => rules.getByRole('heading', { name: "Your organisation's rules" }).count()).toBe(1);
  const managedRule = rules.locator('.managed-rules li');
  expect(await managedRule.count()).toBe(1);
  expect(await managedRule.textContent()).toContain('Office 365 Enterprise E4');
  expect(await managedRule.textContent()).toContain('Set by your organisation');
  expect(await managedRule.getByRole('button').count()).toBe(0);
  await poll(() => rules.getByRole('button', { name: /CRM 2011 Online/ }).count()).toBe(1); // the partner's own, once the section has re-read the rules
  expect(await rules.getByRole('button', { name: /Office 365 Enterprise E4/ }).count()).toBe(0);

  // Scan: the app registration shown, not editable, no save button.
  await page.goto(session.url(`${DASHBOARD}#scan`));
  const clientId = page.locator('#scan-client-id');
  await poll(() => clientId.inputValue()).toBe(REGISTRATION.clientId);
  expect(await clientId.getAttribute('readonly')).not.toBeNull();
  expect(await page.locator('#scan-tenant').getAttribute('readonly')).not.toBeNull();
  expect(await page.locator('.scan-registration button[type="submit"]').count()).toBe(0);
  expect(await page.locator('#scan-registration-managed').textContent()).toBe('Set by your organisation');
});

test('a policy change reaches an open dashboard without a reload (storage.onChanged)', async () => {
  const { session, page } = await open('dist-bench', { thresholds: { critical: 14, soon: 45 } });
  const critical = page.getByLabel('Critical under (days)');
  await poll(() => critical.inputValue()).toBe('14');
  await setTestPolicy(session, { thresholds: { critical: 21, soon: 60 }, deprovisionDays: 90 });
  await poll(() => critical.inputValue()).toBe('21');
  await poll(() => page.getByLabel('De-provisioning delay (days)').isEditable()).toBe(false);
  // Policy removed: the partner's own values (the defaults here) and controls come back.
  await setTestPolicy(session, {});
  await poll(() => critical.inputValue()).toBe('30');
  expect(await critical.isEditable()).toBe(true);
  expect(await page.locator('#section-settings').getByText('Set by your organisation').count()).toBe(0);
});

test('the extension partners install ignores the test-only stand-in (compiled out of dist)', async () => {
  const { page } = await open('dist', POLICY);
  const critical = page.getByLabel('Critical under (days)');
  await poll(() => critical.inputValue()).toBe('30');
  expect(await critical.isEditable()).toBe(true);
  expect(await command<{ settings: object; problems: unknown[] }>(page, { kind: 'managed/get' })).toEqual({ ok: true, data: { settings: {}, rules: null, problems: [] } });
  expect(await page.locator('#section-settings').getByText('Set by your organisation').count()).toBe(0);
});

test('on a Partner Center page, a managed rule flags its product and the managed thresholds set the urgency', async () => {
  const data = loadFixtureData();
  const contoso = data.customers.find((c) => c.name.startsWith('Contoso'))!;
  const e4 = {
    id: '5f0e2c1a-00ff-4a7b-8c9d-0e1f2a3b4cee',
    name: 'Office 365 Enterprise E4',
    quantity: 7,
    status: 'active' as const,
    renewal: { kind: 'expires' as const, inDays: 15 },
    channel: 'csp' as const,
    retiredRuleId: 'o365-e4',
  };
  contoso.subscriptions.push(e4);
  const server = await startFixtureServer({ data });
  servers.push(server);
  const { session } = await open('dist-bench', { rules: [E4_RULE], thresholds: { critical: 10, soon: 45 } }, { 'partner.microsoft.com': server.port });
  const page = await session.context.newPage();
  await page.goto(server.url(`/en-us/commerce/customers/${contoso.id}/subscriptions`));
  await poll(async () => (await settledAnnotations(page)).find((p) => p.tag === 'SKU-SHIFT-BADGE' && p.rowKey === e4.id)?.data.skuShiftRule).toBe('o365-e4');
  const probes = await settledAnnotations(page);
  expect(probes.find((p) => p.tag === 'SKU-SHIFT-BADGE' && p.rowKey === e4.id)!.text).toContain('Microsoft 365 E5');
  // 15 days left is 'soon' under the organisation's 10-day critical threshold (the default, 30, says critical).
  expect(probes.find((p) => p.tag === 'SKU-SHIFT-RENEWAL' && p.rowKey === e4.id)!.data).toMatchObject({ urgency: 'soon', daysLeft: '15' });
});

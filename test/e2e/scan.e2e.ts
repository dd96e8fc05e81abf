/**
 * The API scan end to end in real Chromium: the built extension signs in with msal +
 * chrome.identity.launchWebAuthFlow against a local stand-in for login.microsoftonline.com, scans a
 * local fake Partner Center API (both reached through host-resolver rules), and the dashboard shows
 * the customers with the right days left. Then cancel/resume, closing the dashboard mid-scan, a 429
 * storm, each sign-in failure's message, and a customer's API actions on the same sign-in.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionSession } from './launch-extension.ts';
import { expectedFindings, startFakePartnerApi, type FakePartnerCenter } from './fake-partner-api.ts';
import { startFakeIdentityProvider, type FakeIdentityProvider } from './fake-identity-provider.ts';
import type { RunningServer } from './https-server.ts';
import { extensionStorageText } from './extension-storage.ts';
import type { DashboardView } from '../../src/core/tracked-customers.ts';
import { matchRetiredSku } from '../../src/core/catalog.ts';
import { daysBetween } from '../../src/core/dates.ts';
import { sampleLicensing, SAMPLE_SKUS } from './fake-partner-licenses.ts';

const CLIENT_ID = '0b1e2c3d-1111-4222-8333-444455556666';
const CUSTOMERS = 150;

let session: ExtensionSession;
let idp: FakeIdentityProvider;
let api: { fake: FakePartnerCenter; server: RunningServer };

beforeAll(async () => {
  idp = await startFakeIdentityProvider();
  api = await startFakePartnerApi({ customers: CUSTOMERS, maxPageSize: 40, acceptToken: (token) => idp.issued.has(token) });
  session = await launchExtension({
    hosts: { 'login.microsoftonline.com': idp.server.port, 'api.partnercenter.microsoft.com': api.server.port },
  });
});

afterAll(async () => {
  await session?.close();
  await api?.server.close();
  await idp?.close();
});

/** The little of the extension API these tests call inside the browser (no @types/chrome here). */
type Chrome = {
  runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; data: unknown }> };
  storage: { session: { clear(): Promise<void> } };
};

async function openDashboard(): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(session.url('src/pages/dashboard/index.html#scan'));
  await page.locator('.scan-panel').waitFor();
  return page;
}

async function command<T>(page: Page, message: unknown): Promise<T> {
  const reply = await page.evaluate((m) => (globalThis as unknown as { chrome: Chrome }).chrome.runtime.sendMessage(m), message);
  if (!reply.ok) throw new Error(`command failed: ${JSON.stringify(reply)}`);
  return reply.data as T;
}

/** What the scan must find in the fake's data (retired SKUs per the catalog, expiring subscriptions). */
function expected() {
  return expectedFindings(api.fake.customers, (name) => matchRetiredSku(name) !== null);
}

/** The tracker holds each expected customer exactly once, each retired subscription once. */
async function expectEverythingOnce(page: Page): Promise<DashboardView> {
  const view = await command<DashboardView>(page, { kind: 'dashboard/get' });
  expect(view.customers.map((c) => c.customerId).sort()).toEqual(
    expected()
      .map((f) => f.customer.id)
      .sort(),
  );
  for (const finding of expected()) {
    const row = view.customers.find((c) => c.customerId === finding.customer.id);
    expect(row?.retired).toHaveLength(finding.retired.length);
  }
  return view;
}

async function checkpointOf(page: Page): Promise<{ scanId: string; state: string; counts: { customersDone: number } }> {
  return command(page, { kind: 'scan/checkpoint-get' });
}

/** Waits until the scan just started in `page` is running and past its first customers. */
async function scanUnderWay(page: Page) {
  await expect
    .poll(async () => {
      const cp = await checkpointOf(page);
      return cp.state === 'running' && cp.counts.customersDone > 20;
    })
    .toBe(true);
}

/** Starts a slow scan, closes the dashboard while it runs, and returns the checkpoint it left. */
async function closeDashboardMidScan(): Promise<{ scanId: string; state: string; counts: { customersDone: number } }> {
  api.fake.configure({ latencyMs: 60 });
  const page = await openDashboard();
  await page.getByRole('button', { name: 'Scan all customers' }).click();
  await scanUnderWay(page);
  const interrupted = await checkpointOf(page);
  expect(interrupted.state).toBe('running');
  expect(interrupted.counts.customersDone).toBeLessThan(CUSTOMERS);
  await page.close();
  return interrupted;
}

async function waitForScan(page: Page, state: 'done' | 'paused' | 'failed', timeout = 60_000) {
  await page.locator(`.scan-progress[data-state="${state}"]`).waitFor({ timeout });
}

test('configure, sign in, scan: every customer with a retired SKU or an expiring subscription is on the dashboard with the right days left', async () => {
  const page = await openDashboard();
  const logged: string[] = [];
  page.on('console', (message) => logged.push(message.text()));
  session.worker.on('console', (message) => logged.push(message.text()));
  // The redirect URI to register, for this browser and this extension id.
  await expect.poll(() => page.locator('#scan-redirect-uri').textContent()).toBe(`https://${session.extensionId}.chromiumapp.org/`);
  await page.bringToFront();
  // Copy: the clipboard write resolved (reading it back needs a permission the extension doesn't have).
  await page.locator('.scan-redirect button').click();
  await expect.poll(() => page.locator('.scan-redirect [role="status"]').textContent()).toBe('Copied.');

  // A wrong client id gets a precise message and saves nothing.
  await page.fill('#scan-client-id', 'my app');
  await page.getByRole('button', { name: 'Save' }).first().click();
  await expect.poll(() => page.locator('#scan-client-id-error').textContent()).toContain('GUID');

  await page.fill('#scan-client-id', CLIENT_ID);
  await page.fill('#scan-tenant', '');
  await page.locator('.scan-registration button[type="submit"]').click();
  await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
  await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toContain('avery@partner.example');
  // msal asked the configured app, tenant "organizations", for the Partner Center scope.
  const authorize = idp.requests.find((r) => r.path.endsWith('/authorize'));
  expect(authorize?.path).toBe('/organizations/oauth2/v2.0/authorize');
  expect(authorize?.clientId).toBe(CLIENT_ID);
  expect(authorize?.scope).toContain('https://api.partnercenter.microsoft.com/user_impersonation');

  await page.getByRole('button', { name: 'Scan all customers' }).click();
  await waitForScan(page, 'done');
  await expect.poll(() => page.getByTestId('scan-status').textContent()).toContain(`${CUSTOMERS} of ${CUSTOMERS} customers`);

  const view = await expectEverythingOnce(page);
  for (const finding of expected()) {
    const row = view.customers.find((c) => c.customerId === finding.customer.id)!;
    expect(row.name).toBe(finding.customer.companyName);
    expect(row.endDate).toBe(finding.endDate);
    expect(row.daysLeft).toBe(finding.endDate === null ? null : daysBetween(view.today, finding.endDate));
  }
  // Past, soon and far end dates all came through, the malformed ones included; a legacy subscription
  // that already expired shows its end date (5 days ago), never "no end date".
  expect(new Set(view.customers.map((c) => c.daysLeft))).toEqual(new Set([-5, 10, 30, 45, 60, 90, 200]));
  // The dashboard's table shows them (a dashboard re-reads a busy tracker at most every 10 s).
  await expect.poll(() => page.getByText(expected()[0]!.customer.companyName).count(), { timeout: 15_000 }).toBeGreaterThan(0);

  // Every request carried a bearer token, MS-RequestId and one MS-CorrelationId for the scan.
  const scanRequests = api.fake.log.filter((r) => r.status === 200);
  expect(scanRequests.every((r) => r.hadToken && r.requestId && r.correlationId === scanRequests[0]!.correlationId)).toBe(true);

  // Tokens: never logged, never in storage.local or IndexedDB, never in clear in localStorage.
  const tokens = [...idp.issued];
  expect(tokens.length).toBeGreaterThan(0);
  const { local, indexedDb: idb } = await extensionStorageText(session.worker);
  const pageStorage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  for (const token of tokens) {
    expect(logged.join('\n')).not.toContain(token);
    expect(local).not.toContain(token);
    expect(idb).not.toContain(token);
    expect(pageStorage).not.toContain(token);
  }
  expect(idb).toContain(expected()[0]!.customer.id);
  await page.close();
});

test('cancel, close the dashboard, reopen, resume: nothing lost, nothing duplicated', async () => {
  api.fake.configure({ latencyMs: 60 });
  const page = await openDashboard();
  await page
    .getByRole('button', { name: 'Start over' })
    .or(page.getByRole('button', { name: 'Scan all customers' }))
    .click();
  await scanUnderWay(page);
  await page.getByRole('button', { name: 'Cancel scan' }).click();
  await waitForScan(page, 'paused');
  const doneAtCancel = Number((await page.getByTestId('scan-status').textContent())?.match(/^(\d+) of/)?.[1]);
  expect(doneAtCancel).toBeLessThan(CUSTOMERS);
  await page.close();

  api.fake.configure({ latencyMs: 0 });
  const reopened = await openDashboard();
  // Still signed in (the msal cache key lives in storage.session), and the scan waits for "Resume".
  await expect.poll(() => reopened.getByTestId('signed-in-as').textContent()).toContain('avery@partner.example');
  await reopened.getByRole('button', { name: /^Resume/ }).click();
  await waitForScan(reopened, 'done');
  await expectEverythingOnce(reopened);
  await reopened.close();
});

test('closing the dashboard mid-scan: reopening it resumes by itself', async () => {
  const interrupted = await closeDashboardMidScan();
  api.fake.configure({ latencyMs: 0 });
  const reopened = await openDashboard();
  await waitForScan(reopened, 'done');
  await expectEverythingOnce(reopened);
  expect((await checkpointOf(reopened)).scanId).toBe(interrupted.scanId);
  await reopened.close();
});

test('a 429 storm and a request limit: the scan waits as told and loses or duplicates nothing', async () => {
  api.fake.configure({ latencyMs: 0, rateLimit: { requests: 60, windowMs: 2_000 } });
  const before = api.fake.log.length;
  api.fake.stormUntil(Date.now() + 2_500);
  const page = await openDashboard();
  await page.getByRole('button', { name: 'Scan all customers' }).click();
  await waitForScan(page, 'done');
  await expectEverythingOnce(page);
  const log = api.fake.log.slice(before);
  const ok = log.filter((r) => r.status === 200).length;
  const throttled = log.filter((r) => r.status === 429).length;
  expect(ok).toBe(CUSTOMERS + Math.ceil(CUSTOMERS / 40));
  expect(throttled).toBeGreaterThan(0);
  // No retry storm: a few 429s per throttling episode, not one per waiting request per second.
  expect(throttled).toBeLessThan(ok / 3);
  api.fake.configure({ rateLimit: undefined });
  await page.close();
});

test('after a browser restart (storage.session gone, IndexedDB kept): sign in again and the scan carries on', async () => {
  const interrupted = await closeDashboardMidScan();
  // What a restart does to the extension's state: storage.session (msal's cache key) is wiped, so the
  // encrypted tokens left in localStorage are unreadable; the checkpoint in IndexedDB stays.
  await session.worker.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.storage.session.clear());
  api.fake.configure({ latencyMs: 0 });
  const reopened = await openDashboard();
  await reopened.getByRole('button', { name: 'Sign in with Microsoft' }).click();
  await expect.poll(() => reopened.getByTestId('signed-in-as').textContent()).toContain('avery@partner.example');
  await waitForScan(reopened, 'done');
  await expectEverythingOnce(reopened);
  // The same scan carried on (same id, the customers done before the restart were not read again).
  const finished = await checkpointOf(reopened);
  expect(finished.scanId).toBe(interrupted.scanId);
  expect(finished.counts.customersDone).toBeLessThan(CUSTOMERS + 10);
  await reopened.close();
});

test('a rescan clears what is no longer so: an "Expires on" turned back to auto-renew, a de-provisioned legacy SKU', async () => {
  const page = await openDashboard();
  const before = (await command<DashboardView>(page, { kind: 'dashboard/get' })).customers.map((c) => c.customerId);
  const customers = api.fake.customers;
  const isRetired = (name: string) => matchRetiredSku(name) !== null;
  const renewing = customers.find((c) => !c.subscriptions.some((s) => isRetired(s.offerName)) && c.subscriptions.some((s) => s.offerName === 'Office 365 E1'))!;
  const migrated = customers.find(
    (c) => c.subscriptions.filter((s) => isRetired(s.offerName)).length === 1 && !c.subscriptions.some((s) => s.offerName === 'Office 365 E1') && c.subscriptions[0]!.status === 'active',
  )!;
  expect(before).toEqual(expect.arrayContaining([renewing.id, migrated.id]));
  // In Partner Center meanwhile: auto-renew turned back on, and the legacy subscription de-provisioned.
  for (const s of renewing.subscriptions) s.autoRenewEnabled = true;
  migrated.subscriptions = migrated.subscriptions.filter((s) => !isRetired(s.offerName));

  await page
    .getByRole('button', { name: 'Start over' })
    .or(page.getByRole('button', { name: 'Scan all customers' }))
    .click();
  await waitForScan(page, 'done');
  const after = (await expectEverythingOnce(page)).customers.map((c) => c.customerId);
  expect(after).not.toContain(renewing.id);
  expect(after).not.toContain(migrated.id);
  expect(after).toHaveLength(before.length - 2);
  await page.close();
});

test('every failure gets a clear, actionable message', async () => {
  const page = await openDashboard();
  await page.getByRole('button', { name: 'Sign out' }).click();
  const signIn = page.getByRole('button', { name: 'Sign in with Microsoft' });
  const problem = page.locator('.scan-problem');

  idp.behave({ kind: 'error', error: 'invalid_client', description: 'AADSTS65001: The user or administrator has not consented to use the application.' });
  await signIn.click();
  await expect.poll(() => problem.getAttribute('data-problem')).toBe('consent-required');
  expect(await problem.textContent()).toContain('AADSTS65001');

  idp.behave({ kind: 'error', error: 'interaction_required', description: 'AADSTS50076: you must use multi-factor authentication to access Partner Center.' });
  await signIn.click();
  await expect.poll(() => problem.getAttribute('data-problem')).toBe('mfa-required');

  // The partner closes Microsoft's window.
  idp.behave({ kind: 'click' });
  const popup = session.context.waitForEvent('page');
  await signIn.click();
  await (await popup).close();
  await expect.poll(() => problem.getAttribute('data-problem')).toBe('cancelled');

  // After all that, a normal sign-in still works (msal is not stuck "in progress").
  idp.behave({ kind: 'approve' });
  await signIn.click();
  await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toContain('avery@partner.example');

  // Signed in, but without a Partner Center role.
  api.fake.configure({ forbidden: true });
  await page.getByRole('button', { name: 'Scan all customers' }).click();
  await expect.poll(() => problem.getAttribute('data-problem')).toBe('no-partner-role');
  api.fake.configure({ forbidden: false });
  await page.close();
});

test("with no Partner Center tab open, a customer's API actions go through the Microsoft sign-in", async () => {
  const customer = expected()[0]!.customer;
  customer.licensing = sampleLicensing({ users: 3, targetUnits: 5 });
  const page = await session.context.newPage();
  await page.goto(session.url(`src/pages/dashboard/index.html#customer/${customer.id}`));
  const actions = page.locator('.api-actions');
  await expect.poll(() => actions.getByTestId('api-mode-status').textContent()).toBe('Active: your Microsoft sign-in as avery@partner.example.');
  const before = api.fake.log.length;
  await actions.getByRole('button', { name: 'Check users, licenses and subscriptions' }).click();
  await actions.getByRole('button', { name: `Move 3 users from ${SAMPLE_SKUS.retired.name} to ${SAMPLE_SKUS.target.name}` }).click();
  await actions.getByRole('button', { name: 'Move 3 users now' }).click();
  await actions.locator('.move-run[data-state="done"]').waitFor();
  expect(customer.licensing.users.filter((u) => u.skuIds.includes(SAMPLE_SKUS.target.skuId))).toHaveLength(3);
  const calls = api.fake.log.slice(before);
  expect(calls.some((r) => r.method === 'POST' && r.path.endsWith('/licenseupdates'))).toBe(true);
  expect(calls.every((r) => r.hadToken && r.status < 300)).toBe(true);
  await page.close();
});

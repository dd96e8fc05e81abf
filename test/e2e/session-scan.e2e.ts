/**
 * "Use my Partner Center session" end to end in real Chromium, with no app registration: the built
 * extension's content script reads the token the (fake) Partner Center page keeps in sessionStorage,
 * the worker relays every call to the (fake) API with it, and the scan records every customer. The
 * token never reaches storage, a log, the API's answers or the page; signing out pauses the scan and
 * signing in again resumes it; an expired token pauses it too. Then the writes through the same
 * session: a bulk license move of 250 users (one the API refuses, a 429 storm, cancelled and run
 * again: everyone moved exactly once, the reassign step recorded with its evidence), a suspension
 * refused while a user is left, and auto-renew turned off for a new-commerce subscription.
 *
 * Driven from an extension page with the real engines and session client bundled in
 * (test/e2e/session-scan.entry.ts): the buttons for them are the dashboard's and the checklist's.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { bundleEntry } from './bundle-entry.ts';
import { launchExtension, type ExtensionSession } from './launch-extension.ts';
import { expectedFindings, startFakePartnerApi, type FakePartnerCenter } from './fake-partner-api.ts';
import { loadFixtureData, startFixtureServer, type FixtureServer } from './fixture-server.ts';
import type { RunningServer } from './https-server.ts';
import { extensionStorageText } from './extension-storage.ts';
import type { DashboardView } from '../../src/core/tracked-customers.ts';
import type { ScanCheckpoint } from '../../src/api/scan-checkpoint.ts';
import { matchRetiredSku } from '../../src/core/catalog.ts';
import type { CustomerView } from '../../src/core/records.ts';
import { sampleLicensing, SAMPLE_SKUS } from './fake-partner-licenses.ts';

const CUSTOMERS = 120;
const PAGE_TOKEN = loadFixtureData().session!.accessToken!;
const REFRESHED_TOKEN = 'eyJ0eXAiOiJKV1QifQ.refreshed-partner-center-session.c2lnbmF0dXJl';
const EXPIRED_TOKEN = 'eyJ0eXAiOiJKV1QifQ.expired-partner-center-session.c2lnbmF0dXJl';

let session: ExtensionSession;
let pages: FixtureServer;
let api: { fake: FakePartnerCenter; server: RunningServer };
let bundle: string;
const tokensSeen = new Set<string>();
const logged: string[] = [];

beforeAll(async () => {
  bundle = await bundleEntry(new URL('./session-scan.entry.ts', import.meta.url), 'sessionScan');
  pages = await startFixtureServer();
  api = await startFakePartnerApi({
    customers: CUSTOMERS,
    maxPageSize: 40,
    acceptToken: (token) => {
      tokensSeen.add(token);
      return token === PAGE_TOKEN || token === REFRESHED_TOKEN;
    },
  });
  session = await launchExtension({ hosts: { 'partner.microsoft.com': pages.port, 'api.partnercenter.microsoft.com': api.server.port } });
  session.worker.on('console', (message) => logged.push(message.text()));
});

afterAll(async () => {
  await session?.close();
  await api?.server.close();
  await pages?.close();
});

type SessionScan = typeof import('./session-scan.entry.ts');
declare const sessionScan: SessionScan;

/** An extension page (not the dashboard: its own scan panel stays out of this) with the session scan loaded. */
async function extensionPage(): Promise<Page> {
  const page = await session.context.newPage();
  page.on('console', (message) => logged.push(message.text()));
  await page.goto(session.url('src/pages/popup/index.html'));
  await page.evaluate(`${bundle}\nglobalThis.sessionScan = sessionScan;`);
  return page;
}

async function partnerCenterTab(): Promise<Page> {
  const page = await session.context.newPage();
  page.on('console', (message) => logged.push(message.text()));
  await page.goto(pages.url('/en-us/dashboard/commerce2/customers/list'));
  return page;
}

const status = (page: Page) => page.evaluate(() => sessionScan.sessionStatus());
const scan = (page: Page) => page.evaluate(() => sessionScan.scan());

async function command<T>(page: Page, message: unknown): Promise<T> {
  const reply = (await page.evaluate((m) => (globalThis as unknown as { chrome: { runtime: { sendMessage(x: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m), message)) as {
    ok: boolean;
    data: T;
  };
  if (!reply.ok) throw new Error(`command failed: ${JSON.stringify(reply)}`);
  return reply.data;
}

function expected(): string[] {
  return expectedFindings(api.fake.customers, (name) => matchRetiredSku(name) !== null).map((f) => f.customer.id).sort();
}

let ext: Page;
let partnerCenter: Page;

test('no Partner Center tab open: the session is "no-tab", and a scan pauses without calling the API', async () => {
  ext = await extensionPage();
  expect(await status(ext)).toBe('no-tab');
  const result: ScanCheckpoint = await scan(ext);
  expect(result.state).toBe('paused');
  expect(result.stopReason?.kind).toBe('session-unavailable');
  expect(api.fake.log).toHaveLength(0);
});

test('signed in to Partner Center, no app registration: the scan records every customer through the page\'s session', async () => {
  const settings = await command<{ appRegistration: unknown }>(ext, { kind: 'settings/get' });
  expect(settings.appRegistration ?? null).toBeNull();
  partnerCenter = await partnerCenterTab();
  await expect.poll(() => status(ext), { timeout: 15_000 }).toBe('available');

  const result: ScanCheckpoint = await scan(ext);
  expect(result.state).toBe('done');
  expect(result.counts.customersDone).toBe(CUSTOMERS);
  const view = await command<DashboardView>(ext, { kind: 'dashboard/get' });
  expect(view.customers.map((c) => c.customerId).sort()).toEqual(expected());
  // Every call carried the page's API token, not one of the page's other tokens.
  expect(api.fake.log.every((r) => r.hadToken && r.status === 200)).toBe(true);
  expect([...tokensSeen]).toEqual([PAGE_TOKEN]);
});

test('the token is never stored, logged, given back to the extension page, or put into the Partner Center page', async () => {
  const { local, session: sessionArea, indexedDb: idb } = await extensionStorageText(session.worker);
  const extensionStorage = await ext.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  // What the relay handed the extension page: a fresh call's whole reply.
  const reply = JSON.stringify(await command(ext, { kind: 'api/relay', request: { method: 'GET', path: '/v1/customers?size=1', headers: {} } }));
  const pageDom = await partnerCenter.evaluate(() => {
    const texts: string[] = [document.documentElement.outerHTML];
    const walk = (root: Document | ShadowRoot) => {
      for (const element of Array.from(root.querySelectorAll('*'))) {
        if (element.shadowRoot) {
          texts.push(element.shadowRoot.innerHTML);
          walk(element.shadowRoot);
        }
      }
    };
    walk(document);
    return texts.join('\n');
  });
  expect(idb).toContain(expected()[0]!);
  for (const haystack of [local, sessionArea, idb, extensionStorage, reply, logged.join('\n'), pageDom]) {
    expect(haystack).not.toContain(PAGE_TOKEN);
  }
});

test('signed out mid-scan: the scan pauses; signed in again (a new token), it resumes with nothing lost or duplicated', async () => {
  api.fake.configure({ latencyMs: 40 });
  const before = api.fake.log.length;
  const running = scan(ext);
  await expect.poll(async () => (await command<ScanCheckpoint>(ext, { kind: 'scan/checkpoint-get' })).counts.customersDone, { timeout: 30_000 }).toBeGreaterThan(20);
  await partnerCenter.evaluate(() => (window as unknown as { __fixture: { signOut(): void } }).__fixture.signOut());
  const paused = await running;
  expect(paused.state).toBe('paused');
  expect(paused.stopReason?.kind).toBe('session-unavailable');
  expect(paused.counts.customersDone).toBeLessThan(CUSTOMERS);
  expect(await status(ext)).toBe('signed-out');

  await partnerCenter.evaluate((token) => (window as unknown as { __fixture: { signIn(t: string): void } }).__fixture.signIn(token), REFRESHED_TOKEN);
  api.fake.configure({ latencyMs: 0 });
  const resumed = await scan(ext);
  expect(resumed.state).toBe('done');
  expect(resumed.scanId).toBe(paused.scanId);
  expect(resumed.counts.customersDone).toBeGreaterThanOrEqual(CUSTOMERS);
  expect(resumed.counts.customersDone).toBeLessThan(CUSTOMERS + 10);
  const view = await command<DashboardView>(ext, { kind: 'dashboard/get' });
  expect(view.customers.map((c) => c.customerId).sort()).toEqual(expected());
  // Read fresh at every call: the requests after signing in again carried the new token.
  expect(tokensSeen.has(REFRESHED_TOKEN)).toBe(true);
  expect(api.fake.log.slice(before).every((r) => r.status === 200)).toBe(true);
});

test('the page holds an expired token: the scan pauses as "session expired", it does not fail', async () => {
  await partnerCenter.evaluate((token) => (window as unknown as { __fixture: { signIn(t: string): void } }).__fixture.signIn(token), EXPIRED_TOKEN);
  const result: ScanCheckpoint = await scan(ext);
  expect(result.state).toBe('paused');
  expect(result.stopReason?.kind).toBe('session-expired');
  expect(api.fake.log.at(-1)?.status).toBe(401);
});

const move = (page: Page, customerId: string, cancelAfter?: number) =>
  page.evaluate(([id, retired, target, after]) => sessionScan.moveLicenses(id as string, retired as string, target as string, after as number | undefined), [
    customerId,
    SAMPLE_SKUS.retired.skuId,
    SAMPLE_SKUS.target.skuId,
    cancelAfter,
  ] as const);

test('bulk move of 250 users through the session: a user refused (then fixed), a 429 storm, cancel and rerun; every user moved exactly once, the reassign step recorded', async () => {
  await partnerCenter.evaluate((token) => (window as unknown as { __fixture: { signIn(t: string): void } }).__fixture.signIn(token), PAGE_TOKEN);
  const customer = api.fake.customers[0]!;
  const licensing = sampleLicensing({ users: 250, targetUnits: 260 });
  customer.licensing = licensing;
  const refused = licensing.users[17]!.id;
  api.fake.configure({
    latencyMs: 5,
    rateLimit: { requests: 300, windowMs: 2_000 },
    licenseUpdateFailure: (id) => (id === refused ? { status: 400, code: 60040, description: 'A service plan of the new license depends on one the user lacks.' } : null),
  });
  api.fake.stormUntil(Date.now() + 1_500);

  const first = await move(ext, customer.id, 60);
  expect(first.planned).toBe(250);
  expect(first.state).toBe('cancelled');
  expect(first.outcomes['not-sent']).toBeGreaterThan(0);
  expect(first.outcomes.refused).toBe(1);

  api.fake.configure({ licenseUpdateFailure: undefined });
  const second = await move(ext, customer.id);
  expect(second.state).toBe('done');
  expect(second.planned).toBeLessThan(250);
  expect(second.usersLeft).toBe(0);
  const onTarget = licensing.users.filter((u) => u.skuIds.includes(SAMPLE_SKUS.target.skuId) && !u.skuIds.includes(SAMPLE_SKUS.retired.skuId));
  expect(onTarget).toHaveLength(250);
  // Nobody changed twice, whatever the cancel interrupted.
  expect([...api.fake.appliedLicenseUpdates.values()].every((n) => n === 1)).toBe(true);
  expect(api.fake.appliedLicenseUpdates.size).toBe(250);
  expect(api.fake.log.filter((r) => r.status === 429).length).toBeLessThan(60);

  const view = await command<CustomerView>(ext, { kind: 'customer/get', customerId: customer.id });
  expect(view.migration?.state.steps.reassign.status).toBe('done');
  expect(view.migration?.state.users).toEqual({ moved: 250, total: 250 });
  expect(view.migration?.state.steps.reassign.evidence).toMatchObject({ source: 'api', page: `/v1/customers/${customer.id}/users` });
  expect(view.migration?.state.steps.reassign.evidence?.text).toMatch(/^\d+ of \d+ users moved through the API, verified at \d{4}-/);
  api.fake.configure({ latencyMs: 0, rateLimit: undefined });
});

test('suspend refused while a user is left; done once nobody is; auto-renew off for a new-commerce subscription', async () => {
  const customer = api.fake.customers[0]!;
  const legacy = customer.subscriptions[0]!;
  legacy.status = 'active';
  const end = (subscriptionId: string, usersLeft: number | null, override: boolean) =>
    ext.evaluate(([id, sid, left, force]) => sessionScan.endOldSubscription(id as string, sid as string, left as number | null, force as boolean), [customer.id, subscriptionId, usersLeft, override] as const);

  const refused = await end(legacy.id, 1, false);
  expect(refused).toEqual({ outcome: 'not-offered', offer: { verdict: 'needs-override', action: 'suspend', usersLeft: 1 } });
  expect(legacy.status).toBe('active');
  expect(api.fake.log.some((r) => r.method === 'PATCH')).toBe(false);

  const done = await end(legacy.id, 0, false);
  expect(done).toMatchObject({ outcome: 'done', action: 'suspend' });
  expect(legacy.status).toBe('suspended');
  const view = await command<CustomerView>(ext, { kind: 'customer/get', customerId: customer.id });
  expect(view.migration?.state.steps.suspend.status).toBe('done');
  expect(view.migration?.state.steps.suspend.evidence).toMatchObject({ source: 'api' });

  const newCommerce = { ...legacy, id: 'b8e4d2a1-3c5f-4d7e-9f0a-1b2c3d4e5f60', offerId: 'CFQ7TTC0LH18:0001:CFQ7TTC0K971', status: 'active', autoRenewEnabled: true, commitmentEndDate: '2027-05-31T00:00:00Z' };
  customer.subscriptions.push(newCommerce);
  const off = await end(newCommerce.id, 0, false);
  expect(off).toMatchObject({ outcome: 'done', action: 'turn-off-auto-renew', subscription: { autoRenewEnabled: false, status: 'active' } });
  expect(newCommerce.autoRenewEnabled).toBe(false);
});

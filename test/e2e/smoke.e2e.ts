import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchExtension, type ExtensionSession } from './launch-extension.ts';
import { startHttpsServer, type RunningServer } from './https-server.ts';

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
  await page.goto('https://partner.microsoft.com/en-us/dashboard/commerce2/customers/list');
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.skuShift)).toBe('loaded');
});

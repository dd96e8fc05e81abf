/**
 * `npm run bench` (bytes): the JavaScript Chromium actually loads from the extension for a Partner
 * Center page, from what the page's renderer received, not from the manifest:
 * - files fetched from chrome-extension:// (CDP Network events; each body read back from Chromium),
 * - scripts Chromium injected without a fetch (the manifest's content script: CDP Debugger's
 *   scriptParsed in the extension's isolated world; its source read back from Chromium).
 * Each file is gzipped on its own (level 9) and the sizes summed, as a partner's browser would
 * transfer them if they were served compressed.
 *
 * Pages (issue 11, target 3): (a) a customer's subscriptions page with no retired SKU and no Dynamics
 * product, a customer the tracker does not follow (≤ 14.6 KB, today's figure); (b) a customer page
 * showing a retired SKU with the checklist open (≤ 25 KB). Each in a fresh tab, until no new file
 * has arrived for BENCH_BYTES_QUIET_MS. A benchmark: it prints and writes bench-results/bytes.json.
 */
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionSession } from '../test/e2e/launch-extension.ts';
import { loadFixtureData, startFixtureServer, type FixtureCustomer } from '../test/e2e/fixture-server.ts';
import { describeTarget, target, writeResult } from './bench-report.ts';

const dist = resolve(process.env.SKU_SHIFT_DIST ?? 'dist');
const QUIET_MS = Number(process.env.BENCH_BYTES_QUIET_MS ?? 3000);
const EXTENSION_URL = 'chrome-extension://';
const KB = 1024;
/** Contoso in the look-alike's data: a retired Dynamics AX Enterprise subscription, among others. */
const RETIRED_CUSTOMER = '0c3f7a1e-5b2d-4e8f-9a61-2d7c4b9e8f10';

/**
 * A customer with nothing SKU Shift acts on: no retired SKU, no Dynamics 365 product, nothing that
 * will not renew (an expiring current product gets its chip and is recorded: the display and the
 * page reader load for it, like for a retired SKU).
 */
const CURRENT_ONLY: FixtureCustomer = {
  id: '7c9d3a5e-1b2f-4c6d-8e9f-0a1b2c3d4e5f',
  name: 'Litware, Inc.',
  domain: 'litware.onmicrosoft.com',
  relationship: 'reseller',
  subscriptions: [
    { id: 'a1f0c2d4-0000-4000-8000-000000000001', name: 'Office 365 E3', quantity: 25, status: 'active', renewal: { kind: 'auto-renews', inDays: 120 }, channel: 'csp', retiredRuleId: null },
    {
      id: 'a1f0c2d4-0000-4000-8000-000000000002',
      name: 'Microsoft 365 Business Basic',
      quantity: 10,
      status: 'active',
      renewal: { kind: 'auto-renews', inDays: 40 },
      channel: 'csp',
      retiredRuleId: null,
    },
    { id: 'a1f0c2d4-0000-4000-8000-000000000003', name: 'Power BI Pro', quantity: 4, status: 'active', renewal: { kind: 'auto-renews', inDays: 200 }, channel: 'csp', retiredRuleId: null },
  ],
  users: [],
};

interface LoadedFile {
  /** Path inside the extension, e.g. assets/main.ts-loader-B0k.js. */
  path: string;
  how: 'fetched' | 'injected';
  bytes: number;
  gzipBytes: number;
}

interface PageBytes {
  page: string;
  url: string;
  files: LoadedFile[];
  gzipBytes: number;
  bytes: number;
}

const pathOf = (url: string) => url.slice(url.indexOf('/', EXTENSION_URL.length) + 1).split(/[?#]/)[0]!;

/** Opens `url` in a fresh tab, lets `act` do what a partner does, and lists the extension's JS it got. */
async function extensionScripts(session: ExtensionSession, name: string, url: string, act: (page: Page) => Promise<void>): Promise<PageBytes> {
  const page = await session.context.newPage();
  const cdp = await session.context.newCDPSession(page);
  const fetched = new Map<string, { url: string; mime: string }>();
  const finished = new Set<string>();
  const injected = new Map<string, string>();
  let lastArrival = Date.now();
  cdp.on('Network.responseReceived', (e: { requestId: string; response: { url: string; mimeType: string } }) => {
    if (e.response.url.startsWith(EXTENSION_URL)) fetched.set(e.requestId, { url: e.response.url, mime: e.response.mimeType });
  });
  cdp.on('Network.loadingFinished', (e: { requestId: string }) => {
    if (!fetched.has(e.requestId)) return;
    finished.add(e.requestId);
    lastArrival = Date.now();
  });
  cdp.on('Debugger.scriptParsed', (e: { scriptId: string; url: string }) => {
    if (!e.url.startsWith(EXTENSION_URL)) return;
    injected.set(e.url, e.scriptId);
    lastArrival = Date.now();
  });
  await cdp.send('Network.enable');
  await cdp.send('Debugger.enable');
  try {
    await page.goto(url);
    await act(page);
    while (Date.now() - lastArrival < QUIET_MS) await page.waitForTimeout(250);

    const files = new Map<string, LoadedFile>();
    const add = (path: string, how: LoadedFile['how'], body: Buffer) => {
      if (!files.has(path)) files.set(path, { path, how, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length });
    };
    for (const requestId of finished) {
      const { url: fileUrl, mime } = fetched.get(requestId)!;
      if (!/javascript|ecmascript/.test(mime) && !fileUrl.endsWith('.js')) continue;
      const { body, base64Encoded } = await cdp.send('Network.getResponseBody', { requestId });
      add(pathOf(fileUrl), 'fetched', Buffer.from(body, base64Encoded ? 'base64' : 'utf8'));
    }
    // Parsed but never fetched: injected from the manifest (each module also parses once it is fetched).
    for (const [scriptUrl, scriptId] of injected) {
      if (files.has(pathOf(scriptUrl))) continue;
      const { scriptSource } = (await cdp.send('Debugger.getScriptSource', { scriptId })) as { scriptSource: string };
      add(pathOf(scriptUrl), 'injected', Buffer.from(scriptSource, 'utf8'));
    }
    const list = [...files.values()].sort((a, b) => b.gzipBytes - a.gzipBytes);
    if (list.length === 0) throw new Error(`${name}: Chromium loaded no JavaScript from the extension (is it built and matching the page?)`);
    return {
      page: name,
      url,
      files: list,
      gzipBytes: list.reduce((sum, f) => sum + f.gzipBytes, 0),
      bytes: list.reduce((sum, f) => sum + f.bytes, 0),
    };
  } finally {
    await cdp.detach().catch(() => undefined);
    await page.close();
  }
}

/** Opens the checklist as a partner does (its launcher), unless the panel is already open. */
async function openChecklist(page: Page): Promise<void> {
  // By test id, else by what a partner sees (the English UI's names).
  const panel = page
    .getByTestId('checklist-panel')
    .or(page.getByRole('complementary', { name: /migration checklist/i }))
    .first();
  const launcher = page
    .getByTestId('checklist-launcher')
    .or(page.getByRole('button', { name: /migration checklist/i }))
    .first();
  await panel.or(launcher).first().waitFor({ state: 'visible', timeout: 30_000 });
  if (!(await panel.isVisible())) await launcher.click();
  await panel.waitFor({ state: 'visible', timeout: 30_000 });
}

const base = loadFixtureData();
const server = await startFixtureServer({ data: { ...base, customers: [...base.customers, CURRENT_ONLY] } });
const session = await launchExtension({ hosts: { 'partner.microsoft.com': server.port }, dist });
const pages: PageBytes[] = [];
try {
  // (a) first: the profile is fresh, so the tracker follows nobody.
  pages.push(
    await extensionScripts(session, 'no retired SKU, customer not followed', server.url(`/en-us/commerce/customers/${CURRENT_ONLY.id}/subscriptions`), async (page) => {
      await page.waitForFunction(() => (document.querySelector('he-shell')?.shadowRoot?.querySelector('he-data-grid') ?? null) !== null);
    }),
  );
  pages.push(await extensionScripts(session, 'retired SKU, checklist open', server.url(`/en-us/commerce/customers/${RETIRED_CUSTOMER}/subscriptions`), openChecklist));
} finally {
  await session.close();
  await server.close();
}

const [plain, checklist] = pages as [PageBytes, PageBytes];
const targets = [
  target('extension JS loaded, page with no retired SKU and no followed customer (gzip)', plain.gzipBytes / KB, 'KB', '≤', 14.6),
  target('extension JS loaded, page with a retired SKU and the checklist open (gzip)', checklist.gzipBytes / KB, 'KB', '≤', 25),
];
console.log('\nJavaScript Chromium loaded from the extension (each file gzip -9 on its own)');
pages.forEach((p, i) => {
  console.log(`${p.page}: ${describeTarget(targets[i]!)}  (${(p.bytes / KB).toFixed(1)} KB raw, ${p.files.length} files)`);
  for (const f of p.files) console.log(`  ${(f.gzipBytes / KB).toFixed(2).padStart(6)} KB  ${f.path}${f.how === 'injected' ? '  (injected from the manifest)' : ''}`);
});
const file = writeResult('bytes', { browser: 'headless Chromium (playwright-core), built extension from ' + dist, pages }, targets);
console.log(`written: ${file}`);

/**
 * Browser plumbing the benchmarks share: the same headless Chromium without the extension (the
 * baseline a figure is compared with), and the worker's commands sent the way an extension page sends
 * them. Only the commands the product keeps stable are used (`observations/record`,
 * `migration/apply`, `customer/get`, `dashboard/get`), so the benchmarks survive refactors.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findBrowser } from '../test/e2e/find-browser.ts';
import { chromiumArgs, type ExtensionSession } from '../test/e2e/launch-extension.ts';

/** launchExtension's viewport, so both browsers lay the page out alike. */
const VIEWPORT = { width: 1280, height: 900 };

export interface BareBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with launchExtension's flags and viewport, minus the extension. */
export async function launchWithoutExtension(hosts: Record<string, number>): Promise<BareBrowser> {
  const scratch = mkdtempSync(join(tmpdir(), 'sku-shift-bare-chromium-'));
  const context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
    executablePath: findBrowser(),
    headless: true,
    viewport: VIEWPORT,
    args: chromiumArgs(hosts),
    env: { ...process.env, XDG_CONFIG_HOME: join(scratch, 'config'), XDG_CACHE_HOME: join(scratch, 'cache') },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** The dashboard: the built manifest's options page. */
export function dashboardPath(dist: string): string {
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as { options_ui?: { page?: string }; options_page?: string };
  const path = manifest.options_ui?.page ?? manifest.options_page;
  if (!path) throw new Error('The built manifest names no options page (the dashboard).');
  return path;
}

export interface WorkerReply {
  ok: boolean;
  data?: unknown;
  error?: unknown;
}

/**
 * Sends commands to the worker from an extension page, in order, in one round trip from Node; throws
 * on the first refusal. Returns each reply and the time the page waited for it (ms).
 */
export async function sendCommands(page: Page, commands: readonly object[]): Promise<Array<{ reply: WorkerReply; ms: number }>> {
  const answers = await page.evaluate(async (list) => {
    const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<WorkerReply> } } }).chrome.runtime;
    const out: Array<{ reply: WorkerReply; ms: number }> = [];
    for (const command of list) {
      const started = performance.now();
      const reply = await runtime.sendMessage(command);
      out.push({ reply, ms: performance.now() - started });
      if (!reply?.ok) break;
    }
    return out;
  }, commands);
  const refused = answers.find((a) => !a.reply?.ok);
  if (refused) throw new Error(`The worker refused a command: ${JSON.stringify(refused.reply).slice(0, 500)}`);
  return answers;
}

/**
 * Opens an extension-origin document that renders no UI (the manifest itself) to send commands from:
 * unlike the dashboard or popup, it does not re-read the worker on every change it is sent.
 */
export async function commandPage(session: ExtensionSession): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(session.url('manifest.json'));
  return page;
}

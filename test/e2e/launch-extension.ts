import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findBrowser } from './find-browser.ts';

export interface ExtensionSession {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** chrome-extension://<id>/<path> */
  url(path: string): string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Hosts to send to a local port, e.g. { 'partner.microsoft.com': 8443 }. */
  hosts?: Record<string, number>;
  /** Built extension folder; defaults to $SKU_SHIFT_DIST, else dist/. */
  dist?: string;
  headless?: boolean;
  /** Browser UI language, e.g. 'fr' (sets --lang and Accept-Language). */
  locale?: string;
  viewport?: { width: number; height: number };
}

/**
 * Headless Chromium's flags for our tests and benches: local HTTPS servers' certificates accepted, no
 * background traffic, and `hosts` (name → local port) resolved to those servers.
 */
export function chromiumArgs(hosts: Record<string, number>): string[] {
  const args = ['--ignore-certificate-errors', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const rules = Object.entries(hosts)
    .map(([host, port]) => `MAP ${host} 127.0.0.1:${port}`)
    .join(', ');
  if (rules) args.push(`--host-resolver-rules=${rules}`);
  return args;
}

/** Launches Chromium with the built extension loaded, following shared/notes/browser-testing.md. */
export async function launchExtension(options: LaunchOptions = {}): Promise<ExtensionSession> {
  const dist = resolve(options.dist ?? process.env.SKU_SHIFT_DIST ?? 'dist');
  if (!existsSync(join(dist, 'manifest.json'))) {
    throw new Error(`No built extension at ${dist}: run \`npm run build\` first.`);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'sku-shift-chromium-'));
  const args = [`--disable-extensions-except=${dist}`, `--load-extension=${dist}`, ...chromiumArgs(options.hosts ?? {})];
  if (options.locale) args.push(`--lang=${options.locale}`);
  const context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
    executablePath: findBrowser(),
    headless: options.headless ?? true,
    args,
    locale: options.locale,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    env: {
      ...process.env,
      XDG_CONFIG_HOME: join(scratch, 'config'),
      XDG_CACHE_HOME: join(scratch, 'cache'),
    },
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    url: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    close: async () => {
      await context.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/**
 * Launches real Firefox (Debian's firefox-esr) through puppeteer-core over WebDriver BiDi, with the
 * Firefox build (dist-firefox/) installed as a temporary add-on (BiDi webExtension.install).
 *
 * Firefox has no --host-resolver-rules: every request goes through a loopback CONNECT proxy
 * (connect-proxy.ts) that tunnels only the mapped hosts to 127.0.0.1 and refuses everything else.
 * The local servers' certificate is self-signed: the session accepts insecure certificates.
 * The profile lives in a fresh temp folder, removed on close. No browser is ever downloaded.
 */
import puppeteer, { TimeoutError, type Browser, type Page } from 'puppeteer-core';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFirefox } from './find-browser.ts';
import { startConnectProxy, type ConnectProxy } from './connect-proxy.ts';
import { npmRun } from './npm-run.ts';

/** FIREFOX_PATH when set (or the run fails saying why), else Debian's firefox-esr, else firefox: ./find-browser.ts. */
export { findFirefox } from './find-browser.ts';

/** dist-firefox/ (or $SKU_SHIFT_DIST_FIREFOX), built with `npm run build:firefox` when it is missing. */
export function firefoxDist(): string {
  const dist = resolve(process.env.SKU_SHIFT_DIST_FIREFOX ?? 'dist-firefox');
  if (!existsSync(join(dist, 'manifest.json'))) {
    npmRun(['run', '--silent', 'build:firefox']);
    if (!existsSync(join(dist, 'manifest.json'))) throw new Error(`No Firefox build at ${dist}: run \`npm run build:firefox\`.`);
  }
  return dist;
}

export interface FirefoxSession {
  browser: Browser;
  proxy: ConnectProxy;
  /** The add-on id BiDi reported (the manifest's gecko id). */
  extensionId: string;
  /** moz-extension://<uuid>/<path>; the uuid is fixed through a pref before launch. */
  url(path: string): string;
  manifest: Record<string, unknown>;
  close(): Promise<void>;
}

export interface FirefoxLaunchOptions {
  /** Hosts (port 443) to send to a port on 127.0.0.1, e.g. { 'partner.microsoft.com': 8443 }. */
  hosts: Record<string, number>;
  dist?: string;
  /** Where downloads (e.g. the dashboard's exports) are saved, without asking. */
  downloadDir?: string;
}

export async function launchFirefoxWithExtension(options: FirefoxLaunchOptions): Promise<FirefoxSession> {
  const executablePath = findFirefox();
  const dist = resolve(options.dist ?? firefoxDist());
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const geckoId = (manifest.browser_specific_settings as { gecko: { id: string } }).gecko.id;
  const uuid = randomUUID();
  const scratch = mkdtempSync(join(tmpdir(), 'sku-shift-firefox-'));
  for (const dir of ['profile', 'home', 'config', 'cache']) mkdirSync(join(scratch, dir));
  const proxy = await startConnectProxy(options.hosts);
  let browser: Browser | undefined;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath,
      headless: true,
      // The Chromium tests' window size (puppeteer's default, 800 x 600, puts the checklist over the page).
      defaultViewport: { width: 1280, height: 900 },
      userDataDir: join(scratch, 'profile'),
      acceptInsecureCerts: true,
      env: {
        ...process.env,
        HOME: join(scratch, 'home'),
        XDG_CONFIG_HOME: join(scratch, 'config'),
        XDG_CACHE_HOME: join(scratch, 'cache'),
        MOZ_CRASHREPORTER_DISABLE: '1',
        // WebDriver BiDi only navigates to http(s)/file/blob URLs unless this is set: the dashboard
        // is a moz-extension:// page.
        MOZ_REMOTE_ALLOW_SYSTEM_ACCESS: '1',
      },
      extraPrefsFirefox: {
        // Every request through the loopback proxy, which only reaches the mapped hosts.
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': proxy.port,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxy.port,
        'network.proxy.share_proxy_settings': false,
        'network.proxy.no_proxies_on': '',
        'network.proxy.allow_hijacking_localhost': true,
        'network.proxy.failover_direct': false,
        // No background connections of Firefox's own.
        'network.captive-portal-service.enabled': false,
        'network.connectivity-service.enabled': false,
        'network.dns.disablePrefetch': true,
        'network.prefetch-next': false,
        'network.trr.mode': 5,
        'browser.safebrowsing.provider.mozilla.updateURL': '',
        'app.update.enabled': false,
        'toolkit.telemetry.enabled': false,
        'extensions.getAddons.showPane': false,
        'extensions.blocklist.enabled': false,
        // A known moz-extension:// uuid for the add-on, so its pages can be opened by URL.
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
        'intl.locale.requested': 'en-US',
        'intl.accept_languages': 'en-US, en',
        ...(options.downloadDir
          ? {
              'browser.download.folderList': 2,
              'browser.download.dir': options.downloadDir,
              'browser.download.useDownloadDir': true,
              'browser.download.always_ask_before_handling_new_types': false,
              'browser.download.start_downloads_in_tmp_dir': false,
            }
          : {}),
      },
    });
    const extensionId = await browser.installExtension(dist);
    const session: FirefoxSession = {
      browser,
      proxy,
      extensionId,
      manifest,
      url: (path) => `moz-extension://${uuid}/${path.replace(/^\//, '')}`,
      close: async () => {
        const child = browser?.process();
        await browser?.close().catch(() => child?.kill('SIGKILL'));
        await proxy.close();
        rmSync(scratch, { recursive: true, force: true });
      },
    };
    return session;
  } catch (error) {
    const child = browser?.process();
    await browser?.close().catch(() => child?.kill('SIGKILL'));
    await proxy.close();
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Opens an extension page (moz-extension://…) in a new tab. Firefox's WebDriver BiDi reports no
 * navigation events for a tab that moves into the extension process, so page.goto() never resolves
 * (it times out, or fails with "Frame detached" when the tab closes): the navigation is started
 * without waiting and the document is polled until it is the page asked for, fully loaded.
 * Needs MOZ_REMOTE_ALLOW_SYSTEM_ACCESS (set by launchFirefoxWithExtension).
 */
export async function openExtensionPage(session: FirefoxSession, path: string, timeoutMs = 15_000): Promise<Page> {
  const url = session.url(path);
  const page = await session.browser.newPage();
  let failed: unknown;
  page.goto(url, { timeout: timeoutMs }).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof TimeoutError) && !message.includes('Frame detached')) failed = error;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- goto's own error, rethrown as it was caught
    if (failed) throw failed;
    const state = await page.evaluate(() => [location.href, document.readyState]).catch(() => null);
    if (state && state[0] === url && state[1] === 'complete') return page;
    if (Date.now() > deadline) throw new Error(`${url} did not load within ${timeoutMs} ms (last: ${JSON.stringify(state)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

import { defineConfig } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import manifestSource from './manifest.json' with { type: 'json' };
import packageJson from './package.json' with { type: 'json' };

/** Firefox's gecko id; fixed so storage and the sign-in redirect URI survive reinstalls. */
export const GECKO_ID = 'sku-shift@sku-shift.dev';

/**
 * The extension's version is package.json's, its one home (bump it there, e.g. `npm version minor`).
 * Browsers and stores take 1 to 4 dot-separated integers of at most 65535 without leading zeros: a
 * semver pre-release such as 1.2.0-beta.1 fails the build here rather than the store's upload.
 */
function manifestVersion(version: string): string {
  const parts = version.split('.');
  const valid = parts.length <= 4 && parts.every((p) => /^(0|[1-9]\d{0,4})$/.test(p) && Number(p) <= 65_535);
  if (!valid) throw new Error(`package.json version "${version}" is not an extension version (1 to 4 dot-separated integers, each 0-65535).`);
  return version;
}

/**
 * manifest.json is the single manifest source; only its version comes from package.json. Firefox
 * differs in three places: an event page (`background.scripts`) instead of a service worker, a fixed
 * gecko id, and no `minimum_chrome_version`.
 */
function manifestFor(target: 'chrome' | 'firefox'): ManifestV3Export {
  const manifest: Record<string, unknown> = { ...structuredClone(manifestSource), version: manifestVersion(packageJson.version) };
  if (target === 'firefox') {
    const background = manifest.background as { service_worker: string; type: string };
    manifest.background = { scripts: [background.service_worker], type: 'module' };
    delete manifest.minimum_chrome_version;
    // data_collection_permissions needs Firefox 140 on desktop (Debian's firefox-esr) and 142 on Android.
    manifest.browser_specific_settings = {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: '142.0' },
    };
  }
  return manifest as unknown as ManifestV3Export;
}

export default defineConfig(({ mode }) => {
  const target = mode === 'firefox' ? 'firefox' : 'chrome';
  const bench = mode === 'bench';
  return {
    plugins: [
      crx({
        manifest: manifestFor(target),
        browser: target,
        // The content script is crxjs's standard loader + ES module chunks, so what every Partner
        // Center page loads is only detection (scanner + catalog matchers); the badge display
        // (src/content/badge/load-badge-display.ts) is imported on the first retired SKU, and the
        // migration checklist (src/content/features/checklist.tsx) only for a customer it helps.
        // crxjs lists the chunks in web_accessible_resources for the content script's matches only
        // (https://partner.microsoft.com/*). use_dynamic_url stays false: with true, Chromium >= 130
        // refuses the loader's import (crxjs/chrome-extension-tools#918).
      }),
    ],
    build: {
      // dist-bench: the Chrome build with the benchmark's timing hooks (src/content/bench-mark.ts).
      outDir: target === 'firefox' ? 'dist-firefox' : bench ? 'dist-bench' : 'dist',
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      minify: true,
      // Vite's preload helper would add <link rel="modulepreload" href="/assets/..."> to Partner
      // Center's document when the content script imports its lazy chunk (a request to Microsoft's
      // origin that fails and shows the extension to the page). Extension pages load from disk.
      modulePreload: false,
    },
    define: { __SKU_SHIFT_BENCH__: JSON.stringify(bench) },
    server: { cors: { origin: [/chrome-extension:\/\//] } },
  };
});

import { defineConfig } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import manifestSource from './manifest.json' with { type: 'json' };

/** Firefox's gecko id; fixed so storage and the sign-in redirect URI survive reinstalls. */
export const GECKO_ID = 'sku-shift@sku-shift.dev';

/**
 * manifest.json is the single manifest source. Firefox differs in three places:
 * an event page (`background.scripts`) instead of a service worker, a fixed gecko id,
 * and no `minimum_chrome_version`.
 */
function manifestFor(target: 'chrome' | 'firefox'): ManifestV3Export {
  const manifest = structuredClone(manifestSource) as Record<string, unknown>;
  if (target === 'firefox') {
    const background = manifest.background as { service_worker: string; type: string };
    manifest.background = { scripts: [background.service_worker], type: 'module' };
    delete manifest.minimum_chrome_version;
    manifest.browser_specific_settings = {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '142.0',
        data_collection_permissions: { required: ['none'] },
      },
    };
  }
  return manifest as unknown as ManifestV3Export;
}

export default defineConfig(({ mode }) => {
  const target = mode === 'firefox' ? 'firefox' : 'chrome';
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
      outDir: target === 'firefox' ? 'dist-firefox' : 'dist',
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      minify: true,
      // Vite's preload helper would add <link rel="modulepreload" href="/assets/..."> to Partner
      // Center's document when the content script imports its lazy chunk (a request to Microsoft's
      // origin that fails and shows the extension to the page). Extension pages load from disk.
      modulePreload: false,
    },
    server: { cors: { origin: [/chrome-extension:\/\//] } },
  };
});

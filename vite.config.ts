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
        // The content script is one self-contained file: no loader, no dynamic import,
        // so what a Partner Center page pays for is exactly what the bench measures.
        contentScripts: { standaloneFiles: ['src/content/main.ts'] },
      }),
    ],
    build: {
      outDir: target === 'firefox' ? 'dist-firefox' : 'dist',
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      minify: true,
    },
    server: { cors: { origin: [/chrome-extension:\/\//] } },
  };
});

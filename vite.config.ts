import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
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
 * differs in four places: an event page (`background.scripts`) instead of a service worker, a fixed
 * gecko id, no `minimum_chrome_version`, and no `storage.managed_schema` (Firefox takes managed
 * storage from policies.json `3rdparty.Extensions.<gecko id>` without a schema; see the README).
 */
function manifestFor(target: 'chrome' | 'firefox'): ManifestV3Export {
  const manifest: Record<string, unknown> = { ...structuredClone(manifestSource), version: manifestVersion(packageJson.version) };
  if (target === 'firefox') {
    const background = manifest.background as { service_worker: string; type: string };
    manifest.background = { scripts: [background.service_worker], type: 'module' };
    delete manifest.minimum_chrome_version;
    delete manifest.storage;
    manifest.browser_specific_settings = {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
      // Firefox ESR 140 is what Debian and many fleets run; Firefox for Android learnt
      // data_collection_permissions only in 142.
      gecko_android: { strict_min_version: '142.0' },
    };
  }
  return manifest as unknown as ManifestV3Export;
}

/**
 * The managed-storage schema Chrome and Edge check an administrator's policy against (manifest
 * `storage.managed_schema`; src/core/managed-policy.ts validates it again). crxjs does not copy it.
 */
function managedSchema(): Plugin {
  return {
    name: 'sku-shift-managed-schema',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'managed-schema.json', source: readFileSync(new URL('./managed-schema.json', import.meta.url), 'utf8') });
    },
  };
}

/**
 * Vite wraps every dynamic import() in `__vitePreload`, whose helper (~3.4 KB, 0.6 KB gzip, in every
 * Partner Center page) adds `<link rel=modulepreload>` and stylesheet links to the document. With
 * `modulePreload: false` it only ever adds stylesheets a lazy chunk imports, and the content
 * script's styles are strings inside its shadow roots (only the content script imports lazily).
 * This helper keeps the call and runs the import; the build stops if a lazy chunk ever imports a
 * stylesheet, so nothing is dropped silently.
 */
function plainDynamicImports(): Plugin {
  const helperId = '\0vite/preload-helper.js';
  return {
    name: 'sku-shift-plain-dynamic-imports',
    enforce: 'pre',
    // The content script gets its own copy (see contentScriptGraph): shared, the helper went to the
    // content-detection chunk, and the dashboard loaded all of detection for one line.
    resolveId(id, importer) {
      if (id !== helperId) return null;
      return importer && inContentScript(importer) ? helperId + CONTENT_COPY : helperId;
    },
    load(id) {
      return id === helperId || id === helperId + CONTENT_COPY ? 'export const __vitePreload = (load) => load();' : null;
    },
    generateBundle(_options, bundle) {
      // A content script's lazy chunk and everything it imports statically: what Vite would have
      // preloaded (an extension page's lazy chunks share the stylesheet its entry already loaded).
      const loaded = new Set(Object.values(bundle).flatMap((file) => (file.type === 'chunk' && file.moduleIds.some(inContentScript) ? file.dynamicImports : [])));
      for (const fileName of loaded) {
        const file = bundle[fileName];
        if (file?.type !== 'chunk') continue;
        if ((file.viteMetadata?.importedCss.size ?? 0) > 0) this.error(`${fileName} is loaded by a dynamic import and imports a stylesheet: plainDynamicImports() would not load it.`);
        for (const imported of file.imports) loaded.add(imported);
      }
    },
  };
}

const SRC = fileURLToPath(new URL('./src/', import.meta.url));
const CONTENT_SRC = `${SRC}content/`;
const CONTENT_COPY = '?content-script';

/** A module of the content script's own graph: src/content/, or its copy of a shared module (see contentScriptGraph). */
function inContentScript(id: string): boolean {
  return id.startsWith(CONTENT_SRC) || id.endsWith(CONTENT_COPY);
}

/**
 * The content script's own module graph. Every Partner Center page pays for each byte the content
 * script loads; the worker and the extension pages load from disk. Bundled together, a core module
 * used by both (catalog, dates, URLs, messages) goes to one chunk holding every function any of them
 * uses, so the page would load the worker's share too. Here the content script imports its own copy
 * of each module outside src/content (the id gets CONTENT_COPY), tree-shaken to what the content
 * script uses. Modules hold no state shared across contexts (each context has its own instance
 * anyway); npm packages (Preact) stay shared.
 */
function contentScriptGraph(): Plugin {
  return {
    name: 'sku-shift-content-script-graph',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !inContentScript(importer)) return null;
      const resolved = await this.resolve(source, importer.replace(CONTENT_COPY, ''), { ...options, skipSelf: true });
      if (!resolved || resolved.external || !resolved.id.startsWith(SRC) || resolved.id.startsWith(CONTENT_SRC) || resolved.id.includes('?')) return resolved;
      return { ...resolved, id: resolved.id + CONTENT_COPY };
    },
    load(id) {
      return id.endsWith(CONTENT_COPY) ? readFileSync(id.slice(0, -CONTENT_COPY.length), 'utf8') : null;
    },
  };
}

export default defineConfig(({ mode }) => {
  const target = mode === 'firefox' ? 'firefox' : 'chrome';
  const bench = mode === 'bench';
  return {
    plugins: [
      plainDynamicImports(),
      contentScriptGraph(),
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
      ...(target === 'chrome' ? [managedSchema()] : []),
    ],
    build: {
      // dist-bench: the Chrome build with the benchmark's timing hooks (src/content/bench-mark.ts).
      outDir: target === 'firefox' ? 'dist-firefox' : bench ? 'dist-bench' : 'dist',
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      minify: true,
      // An extension page's HTML lists its entry's chunks as <link rel="modulepreload">, so they are
      // fetched in one wave, not after the entry is parsed. A dynamic import preloads nothing: Vite's
      // helper would add those links to Partner Center's document when the content script imports
      // its lazy chunk (a request to Microsoft's origin that fails and shows the extension to the
      // page); see plainDynamicImports.
      modulePreload: { polyfill: false, resolveDependencies: (_file, deps, { hostType }) => (hostType === 'html' ? deps : []) },
      rolldownOptions: {
        output: {
          codeSplitting: {
            // What every Partner Center page runs (the scanner, the catalog matchers, the features'
            // detection) in one file: split, each chunk it shares with a lazy one is one more file
            // gzipped on its own. src/content/main.ts stays the entry crxjs's loader imports.
            groups: [{ name: 'content-detection', tags: ['$initial'], test: (id) => inContentScript(id) && !id.endsWith('/src/content/main.ts') }],
          },
        },
      },
    },
    define: { __SKU_SHIFT_BENCH__: JSON.stringify(bench) },
    server: { cors: { origin: [/chrome-extension:\/\//] } },
  };
});

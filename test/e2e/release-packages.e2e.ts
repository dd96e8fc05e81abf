/**
 * The packages `npm run zip` uploads (scripts/release-packages.ts), made from the dist/ and
 * dist-firefox/ this suite built: reproducible; the store zips are the built extension with its
 * manifest at the root, at package.json's version, every file the manifest names and nothing a store
 * must not get; the source zip is the tracked files only and, unpacked into an empty folder, builds
 * with the README's commands to the store zips' files, byte for byte.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import JSZip from 'jszip';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { npmRun } from './npm-run.ts';
import { BUILD_DIRS, buildReleasePackages, filesUnder, type ReleasePackages } from '../../scripts/release-packages.ts';

const ROOT = resolve('.');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
let release: ReleasePackages;
const scratch: string[] = [];

beforeAll(async () => {
  release = await buildReleasePackages(ROOT);
});

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Path → sha256 of every file entry. */
async function zipContents(bytes: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const contents: Record<string, string> = {};
  for (const entry of Object.values(zip.files)) if (!entry.dir) contents[entry.name] = sha256(await entry.async('uint8array'));
  return contents;
}

function folderContents(dir: string): Record<string, string> {
  return Object.fromEntries(filesUnder(dir).map((path) => [path, sha256(readFileSync(join(dir, path)))]));
}

async function zipManifest(bytes: Buffer): Promise<Record<string, unknown>> {
  const file = (await JSZip.loadAsync(bytes)).file('manifest.json');
  if (!file) throw new Error('no manifest.json at the zip root');
  return JSON.parse(await file.async('string')) as Record<string, unknown>;
}

/** Every file a manifest points at (icons, pages, scripts, the default locale's messages). */
function manifestFiles(manifest: Record<string, unknown>): string[] {
  const m = manifest as {
    icons?: Record<string, string>;
    action?: { default_icon?: Record<string, string>; default_popup?: string };
    background?: { service_worker?: string; scripts?: string[] };
    options_ui?: { page: string };
    content_scripts?: Array<{ js?: string[]; css?: string[] }>;
    web_accessible_resources?: Array<{ resources: string[] }>;
    default_locale?: string;
    storage?: { managed_schema?: string };
  };
  return [
    ...Object.values(m.icons ?? {}),
    ...Object.values(m.action?.default_icon ?? {}),
    ...(m.action?.default_popup ? [m.action.default_popup] : []),
    ...(m.background?.service_worker ? [m.background.service_worker] : []),
    ...(m.background?.scripts ?? []),
    ...(m.options_ui ? [m.options_ui.page] : []),
    ...(m.content_scripts ?? []).flatMap((c) => [...(c.js ?? []), ...(c.css ?? [])]),
    ...(m.web_accessible_resources ?? []).flatMap((w) => w.resources),
    ...(m.default_locale ? [`_locales/${m.default_locale}/messages.json`] : []),
    ...(m.storage?.managed_schema ? [m.storage.managed_schema] : []),
  ];
}

test('the same tree gives the same bytes, with every timestamp the last commit’s', async () => {
  const again = await buildReleasePackages(ROOT);
  for (const kind of ['chrome', 'firefox', 'source'] as const) {
    expect(again.packages[kind].fileName).toBe(`sku-shift-${VERSION}-${kind}.zip`);
    expect(sha256(again.packages[kind].bytes)).toBe(sha256(release.packages[kind].bytes));
  }
  const committed = Number(execFileSync('git', ['log', '-1', '--format=%ct'], { encoding: 'utf8' }).trim()) * 1000;
  const zip = await JSZip.loadAsync(release.packages.firefox.bytes);
  // DOS times have a 2-second resolution.
  for (const entry of Object.values(zip.files)) expect(Math.abs(entry.date.getTime() - committed)).toBeLessThanOrEqual(2000);
});

describe.each([['chrome'], ['firefox']] as const)('the %s store zip', (kind) => {
  test('is the build, manifest at the root at package.json’s version, with every file it names and no source maps, tests or node_modules', async () => {
    const { bytes } = release.packages[kind];
    const contents = await zipContents(bytes);
    expect(contents).toEqual(folderContents(join(ROOT, BUILD_DIRS[kind])));

    const manifest = await zipManifest(bytes);
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.version).toBe(VERSION);
    // package.json is the version's one home: the manifest source has none.
    expect(JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'))).not.toHaveProperty('version');
    for (const file of manifestFiles(manifest)) expect(Object.keys(contents), file).toContain(file);

    const names = Object.keys(contents);
    expect(names.filter((n) => /\.map$|\.tsx?$|(^|\/)(node_modules|test)\/|\.(e2e|test)\.|(^|\/)\./.test(n))).toEqual([]);
    const background = manifest.background as { service_worker?: string; scripts?: string[] };
    if (kind === 'firefox') {
      expect(manifest.browser_specific_settings).toMatchObject({ gecko: { id: 'sku-shift@sku-shift.dev' } });
      expect(background.scripts).toHaveLength(1);
    } else {
      expect(background.service_worker).toBeTruthy();
      expect(manifest).not.toHaveProperty('browser_specific_settings');
    }
  });
});

test('the source zip is the tracked files only, and builds with the README’s commands to the store zips’ files', { timeout: 300_000 }, async () => {
  const contents = await zipContents(release.packages.source.bytes);
  const names = Object.keys(contents).sort();
  const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean).sort();
  expect(names).toEqual(tracked);
  expect(names.filter((n) => /^(node_modules|dist|dist-firefox|release|\.tmp|coverage)\/|(^|\/)\.env|\.(pem|key|p12|pfx)$/.test(n))).toEqual([]);
  for (const needed of ['package.json', 'package-lock.json', 'manifest.json', 'vite.config.ts', 'README.md']) expect(names).toContain(needed);

  const dir = mkdtempSync(join(tmpdir(), 'sku-shift-source-'));
  scratch.push(dir);
  const zip = await JSZip.loadAsync(release.packages.source.bytes);
  for (const name of names) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), await zip.file(name)!.async('nodebuffer'));
  }
  // The README's commands; --prefer-offline only saves the registry round trips the npm cache can answer.
  npmRun(['ci', '--no-audit', '--no-fund', '--prefer-offline'], dir);
  npmRun(['run', 'build'], dir);
  npmRun(['run', 'build:firefox'], dir);
  expect(folderContents(join(dir, 'dist'))).toEqual(await zipContents(release.packages.chrome.bytes));
  expect(folderContents(join(dir, 'dist-firefox'))).toEqual(await zipContents(release.packages.firefox.bytes));
});

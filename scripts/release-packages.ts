/**
 * `npm run zip`: the three files a release uploads, written to release/:
 * - sku-shift-<version>-chrome.zip: dist/ as built (Chrome Web Store, Edge Add-ons);
 * - sku-shift-<version>-firefox.zip: dist-firefox/ as built (addons.mozilla.org);
 * - sku-shift-<version>-source.zip: the git-tracked files (AMO's source review), which build to the
 *   same two folders with the README's commands.
 * It refuses a tree with uncommitted changes, so the source zip is exactly what the store zips were
 * built from. The zips are reproducible: entries sorted, no folder entries, no permission bits, and
 * every timestamp the last commit's.
 */
import JSZip from 'jszip';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type PackageKind = 'chrome' | 'firefox' | 'source';

export interface ReleasePackage {
  /** e.g. sku-shift-0.1.0-chrome.zip */
  fileName: string;
  bytes: Buffer;
}

export interface ReleasePackages {
  version: string;
  packages: Record<PackageKind, ReleasePackage>;
}

/** The built folder each store zip holds. */
export const BUILD_DIRS = { chrome: 'dist', firefox: 'dist-firefox' } as const;

function git(root: string, args: string[]): string {
  return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' });
}

/** Every file under `dir`, as sorted zip paths (forward slashes, relative to `dir`). */
export function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

async function zipOf(root: string, paths: string[], date: Date): Promise<Buffer> {
  const zip = new JSZip();
  for (const path of [...paths].sort()) zip.file(path, readFileSync(join(root, path)), { date, createFolders: false, binary: true });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 }, platform: 'DOS' });
}

/**
 * The three packages from the builds already in dist/ and dist-firefox/ and the tracked files of the
 * working tree. Throws when a build is missing or is not of package.json's version (a stale build).
 */
export async function buildReleasePackages(root: string): Promise<ReleasePackages> {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const date = new Date(Number(git(root, ['log', '-1', '--format=%ct']).trim()) * 1000);
  const storeZip = async (kind: keyof typeof BUILD_DIRS): Promise<ReleasePackage> => {
    const dir = join(root, BUILD_DIRS[kind]);
    const manifestFile = join(dir, 'manifest.json');
    const built = existsSync(manifestFile) ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as { version?: string }).version : undefined;
    if (built !== version) throw new Error(`${BUILD_DIRS[kind]}/ is not a build of version ${version} (found ${built ?? 'no manifest'}): build it again.`);
    return { fileName: `sku-shift-${version}-${kind}.zip`, bytes: await zipOf(dir, filesUnder(dir), date) };
  };
  // A tracked file deleted in the working tree is not part of what was built.
  const tracked = git(root, ['ls-files', '-z'])
    .split('\0')
    .filter((path) => path && existsSync(join(root, path)));
  return {
    version,
    packages: {
      chrome: await storeZip('chrome'),
      firefox: await storeZip('firefox'),
      source: { fileName: `sku-shift-${version}-source.zip`, bytes: await zipOf(root, tracked, date) },
    },
  };
}

async function main(): Promise<void> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const changes = git(root, ['status', '--porcelain']);
  if (changes) {
    console.error(`npm run zip packages committed work only (the source zip must build to the store zips). Commit or stash:\n${changes}`);
    process.exit(1);
  }
  for (const script of ['build', 'build:firefox']) execFileSync('npm', ['run', script], { cwd: root, stdio: 'inherit' });
  const { packages } = await buildReleasePackages(root);
  const out = join(root, 'release');
  mkdirSync(out, { recursive: true });
  for (const { fileName, bytes } of Object.values(packages)) {
    writeFileSync(join(out, fileName), bytes);
    console.log(`release/${fileName}  ${(bytes.length / 1024).toFixed(1)} KB`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

/**
 * The browsers the tests drive: a CHROME_PATH or FIREFOX_PATH that is set is the one used, or the run
 * fails with one line saying what is wrong with it (never a silent fall back to /usr/bin); with no
 * browser at all, one line that says how to get one.
 */
import { chmodSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumSearch, firefoxSearch, pathProblem, resolveBrowser } from '../e2e/find-browser.ts';
import { browserProblems } from '../e2e/browsers-setup.ts';

const dir = mkdtempSync(join(tmpdir(), 'sku-shift-find-browser-'));
const executable = join(dir, 'chromium');
writeFileSync(executable, '#!/bin/sh\n');
chmodSync(executable, 0o755);
const plain = join(dir, 'not-a-browser');
writeFileSync(plain, 'text');
chmodSync(plain, 0o644);
const folder = join(dir, 'folder');
mkdirSync(folder);
const missing = join(dir, 'missing');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Only `executable` can be started ("/usr/bin/chromium" neither: the fall back would hide the mistake). */
const onlyOurs = (path: string) => (path === executable ? null : (pathProblem(path) ?? 'missing'));
const nothing = () => 'missing' as const;

describe('finding a browser', () => {
  it('uses a set CHROME_PATH that is an executable file', () => {
    expect(resolveBrowser(chromiumSearch({ CHROME_PATH: executable }))).toEqual({ path: executable });
    expect(resolveBrowser(firefoxSearch({ FIREFOX_PATH: executable }))).toEqual({ path: executable });
  });

  it('fails with one line when a set path does not exist, is a folder or is not executable, even when the system has a browser', () => {
    const system = (path: string) => (path === '/usr/bin/chromium' || path === '/usr/bin/firefox-esr' ? null : pathProblem(path));
    const cases: [NodeJS.ProcessEnv, (env: NodeJS.ProcessEnv) => ReturnType<typeof chromiumSearch>, RegExp][] = [
      [{ CHROME_PATH: missing }, chromiumSearch, /^CHROME_PATH is set to .*missing, which does not exist/u],
      [{ CHROME_PATH: folder }, chromiumSearch, /^CHROME_PATH is set to .*folder, which is not a file/u],
      [{ FIREFOX_PATH: plain }, firefoxSearch, /^FIREFOX_PATH is set to .*not-a-browser, which is not executable/u],
    ];
    for (const [env, search, message] of cases) {
      const result = resolveBrowser(search(env), system);
      expect(result).toHaveProperty('error');
      const error = (result as { error: string }).error;
      expect(error).toMatch(message);
      expect(error).not.toContain('\n');
    }
    expect(pathProblem(plain)).toBe('not-executable');
  });

  it('falls back to the system browser only when the variable is not set (or empty)', () => {
    const system = (path: string) => (path === '/usr/bin/chromium' ? null : ('missing' as const));
    expect(resolveBrowser(chromiumSearch({}), system)).toEqual({ path: '/usr/bin/chromium' });
    expect(resolveBrowser(chromiumSearch({ CHROME_PATH: '' }), system)).toEqual({ path: '/usr/bin/chromium' });
    expect(resolveBrowser({ ...chromiumSearch({}), onPath: [] }, onlyOurs)).toEqual({ error: expect.stringMatching(/^No Chromium found: run `apt-get install -y chromium`/u) });
  });

  it('checks once per run: no Chromium is one line; a wrong FIREFOX_PATH is one more', () => {
    const none = (search: ReturnType<typeof chromiumSearch>) => resolveBrowser({ ...search, onPath: [] }, nothing);
    expect(browserProblems({}, none)).toEqual([expect.stringMatching(/^No Chromium found/u)]);
    expect(browserProblems({ CHROME_PATH: executable }, (s) => resolveBrowser(s))).toEqual([]);
    expect(browserProblems({ CHROME_PATH: executable, FIREFOX_PATH: missing }, (s) => resolveBrowser(s))).toEqual([expect.stringMatching(/^FIREFOX_PATH is set to .*which does not exist/u)]);
  });
});

import { accessSync, constants, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/**
 * Finds the browsers the tests, the demo and the benchmark drive. Browser tests never skip silently:
 * with no browser they fail with one line that says how to get one. A path set in CHROME_PATH or
 * FIREFOX_PATH is the one used, or the run fails with one line saying why it cannot be (it never
 * falls back to another browser behind the partner's back).
 */

/** What a set path is, for the message when it is not a browser we can start. */
export type PathProblem = 'missing' | 'not-a-file' | 'not-executable';

/** Why `path` cannot be started, or null when it is an executable file. */
export function pathProblem(path: string): PathProblem | null {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 'missing';
  }
  if (!stats.isFile()) return 'not-a-file';
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return 'not-executable';
  }
  return null;
}

export interface BrowserSearch {
  /** The environment variable that names the browser (CHROME_PATH, FIREFOX_PATH). */
  variable: string;
  /** Its value; undefined or empty when not set. */
  value: string | undefined;
  /** Where to look when it is not set, in order. */
  fallbacks: readonly string[];
  /** Names to look up on PATH after the fallbacks. */
  onPath?: readonly string[];
  /** The one line to fail with when nothing is found. */
  notFound: string;
}

/** The browser to start, or the one-line reason there is none. Exported for tests. */
export function resolveBrowser(search: BrowserSearch, problem: (path: string) => PathProblem | null = pathProblem): { path: string } | { error: string } {
  const set = search.value?.trim();
  if (set) {
    const why = problem(set);
    if (why === null) return { path: set };
    const what = why === 'missing' ? 'does not exist' : why === 'not-a-file' ? 'is not a file' : 'is not executable';
    return { error: `${search.variable} is set to ${set}, which ${what}: point it at a browser binary, or unset it to use the system's.` };
  }
  for (const path of search.fallbacks) if (problem(path) === null) return { path };
  for (const name of search.onPath ?? []) {
    try {
      const path = execFileSync('which', [name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      if (path && problem(path) === null) return { path };
    } catch {
      /* not on PATH */
    }
  }
  return { error: search.notFound };
}

/** An error that prints as its one line (no stack: the line says everything there is to say). */
export class BrowserNotFound extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrowserNotFound';
    this.stack = message;
  }
}

export function chromiumSearch(env: NodeJS.ProcessEnv = process.env): BrowserSearch {
  return {
    variable: 'CHROME_PATH',
    value: env.CHROME_PATH,
    fallbacks: ['/usr/bin/chromium', '/usr/bin/chromium-browser'],
    onPath: ['google-chrome', 'google-chrome-stable'],
    notFound: 'No Chromium found: run `apt-get install -y chromium` (Debian/Ubuntu) or set CHROME_PATH to a Chrome/Chromium binary.',
  };
}

export function firefoxSearch(env: NodeJS.ProcessEnv = process.env): BrowserSearch {
  return {
    variable: 'FIREFOX_PATH',
    value: env.FIREFOX_PATH,
    fallbacks: ['/usr/bin/firefox-esr', '/usr/bin/firefox'],
    notFound: 'No Firefox found: run `apt-get install -y firefox-esr` (Debian/Ubuntu) or set FIREFOX_PATH to a Firefox binary.',
  };
}

function found(result: { path: string } | { error: string }): string {
  if ('error' in result) throw new BrowserNotFound(result.error);
  return result.path;
}

/** A Chromium to drive: CHROME_PATH when set, else Debian's chromium, else Google Chrome. */
export function findBrowser(): string {
  return found(resolveBrowser(chromiumSearch()));
}

/** A Firefox to drive: FIREFOX_PATH when set, else Debian's firefox-esr, else firefox. */
export function findFirefox(): string {
  return found(resolveBrowser(firefoxSearch()));
}

/**
 * The browser tests' vitest globalSetup: the browsers are checked once per run, before any file
 * starts. No Chromium (or a CHROME_PATH / FIREFOX_PATH that is set but wrong) fails the run with
 * one line, instead of a stack trace in every file.
 *
 * Firefox is required only when FIREFOX_PATH is set (then it must be right): without it, the two
 * Firefox files fail on their own, each with the one line that says how to get Firefox.
 */
import { chromiumSearch, firefoxSearch, resolveBrowser } from './find-browser.ts';

/** The one-line problems with the browsers this run needs (empty: all good). Exported for tests. */
export function browserProblems(env: NodeJS.ProcessEnv = process.env, resolve = resolveBrowser): string[] {
  const problems: string[] = [];
  const chromium = resolve(chromiumSearch(env));
  if ('error' in chromium) problems.push(chromium.error);
  if (env.FIREFOX_PATH?.trim()) {
    const firefox = resolve(firefoxSearch(env));
    if ('error' in firefox) problems.push(firefox.error);
  }
  return problems;
}

export default function setup(): void {
  const problems = browserProblems();
  if (problems.length === 0) return;
  // One line per problem, then stop: no file would get further than launching its browser.
  const error = new Error(problems.join('\n'));
  error.stack = error.message;
  throw error;
}

import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/**
 * Finds a Chromium to drive: CHROME_PATH, then Debian's chromium, then Google Chrome.
 * Browser tests never skip silently: with no browser they fail with one line that says how to get one.
 */
export function findBrowser(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const path of candidates) if (path && existsSync(path)) return path;
  for (const name of ['google-chrome', 'google-chrome-stable']) {
    try {
      const path = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (path) return path;
    } catch {
      /* not on PATH */
    }
  }
  throw new Error(
    'No Chromium found: run `apt-get install -y chromium` (Debian/Ubuntu) or set CHROME_PATH to a Chrome/Chromium binary.',
  );
}

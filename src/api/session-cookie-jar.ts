/**
 * A `document.cookie` for extension pages, backed by `storage.session`.
 *
 * Why: msal-browser keeps its localStorage cache encrypted and the key in a `Secure` session cookie,
 * which Chromium refuses on chrome-extension:// pages (msal issue #7975): without this every page
 * starts signed out. With it, the key lives in storage.session, which is in memory only (never on
 * disk), shared by this extension's pages and closed to content scripts; the tokens on disk stay
 * encrypted and become unreadable when the browser closes. Verified approach: shared/notes/msal-signin.md.
 */

export interface CookieJar {
  /** What `document.cookie` returns: "a=1; b=2". */
  read(): string;
  /** What `document.cookie = "a=1; path=/; expires=...; Secure"` does. */
  write(cookie: string, now: number): void;
  /** Replace everything (another page changed the shared copy). */
  replace(all: Record<string, string>): void;
  entries(): Record<string, string>;
}

export function createCookieJar(initial: Record<string, string>, onChange: (all: Record<string, string>) => void): CookieJar {
  let jar: Record<string, string> = { ...initial };
  return {
    read: () =>
      Object.entries(jar)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
    write(cookie, now) {
      const [pair = '', ...attributes] = cookie.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) return;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let expired = false;
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.split('=').map((s) => s.trim());
        if (key.toLowerCase() === 'expires' && Date.parse(val) <= now) expired = true;
        if (key.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true;
      }
      const next = { ...jar };
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the jar is a plain record of cookie names
      if (expired) delete next[name];
      else next[name] = value;
      jar = next;
      onChange({ ...jar });
    },
    replace(all) {
      jar = { ...all };
    },
    entries: () => ({ ...jar }),
  };
}

interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

interface ChangeSource {
  addListener(listener: (changes: Record<string, { newValue?: unknown }>, areaName: string) => void): void;
}

const STORAGE_KEY = 'signinCookies';

let installed: Promise<void> | null = null;

/** Installs the jar on this page's `document` (once), loaded from storage.session first. */
export function installSessionCookieJar(area: SessionArea, changes: ChangeSource, doc: Document = document): Promise<void> {
  installed ??= (async () => {
    const stored = (await area.get(STORAGE_KEY))[STORAGE_KEY];
    const initial = isStringRecord(stored) ? stored : {};
    const jar = createCookieJar(initial, (all) => {
      void area.set({ [STORAGE_KEY]: all });
    });
    changes.addListener((change, areaName) => {
      const next = change[STORAGE_KEY]?.newValue;
      if (areaName === 'session' && isStringRecord(next)) jar.replace(next);
    });
    Object.defineProperty(doc, 'cookie', {
      configurable: true,
      get: () => jar.read(),
      set: (value: unknown) => jar.write(String(value), Date.now()),
    });
  })();
  return installed;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}

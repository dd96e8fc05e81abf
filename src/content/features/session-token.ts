/**
 * The content script's half of "Use my Partner Center session" (the worker's half:
 * src/background/api-relay.ts): on any Partner Center page, answer the extension's own worker with
 * the API token the page keeps, read fresh at each request because it is short-lived.
 *
 * The token goes only into `sendResponse` to the extension: never into the page (no DOM, no event,
 * no postMessage), never stored, never logged. Only a message from this extension that does not come
 * from a tab is answered: the worker (not a page, nor another content script, nor another extension).
 *
 * Where the page keeps it (shared/notes/partner-center.md, "Confirmed in 2026", from a live-tested
 * extension; not checked against the live site here): sessionStorage `AuthContextData`, JSON, at
 * `tokenMetadata.accountsFirstPartyApp.accessToken`. If Partner Center moves it, the page answers
 * "no token" and the dashboard says to sign in: nothing wrong happens, this one place changes.
 */
import { feature } from '../feature.ts';
import { browser, type ContentMessageListener, type ContentMessageSender } from '../../platform/content-browser.ts';
import { SESSION_TOKEN_REQUEST, type SessionTokenAnswer } from '../../messages.ts';

const STORAGE_KEY = 'AuthContextData';
const TOKEN_PATH = ['tokenMetadata', 'accountsFirstPartyApp', 'accessToken'] as const;
/** Beyond any real AuthContextData: not parsed. */
const MAX_STORED = 256 * 1024;

/** The page's API token, or null when the page holds none (signed out, or stored elsewhere). */
export function sessionTokenOf(storage: Pick<Storage, 'getItem'>): string | null {
  let raw: string | null;
  try {
    raw = storage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled for the site
  }
  if (raw === null || raw.length > MAX_STORED) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  for (const key of TOKEN_PATH) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** The extension's worker, and nothing else: same extension, not a tab, from the extension's origin. */
export function isOwnWorker(sender: ContentMessageSender, extensionId: string | undefined, extensionOrigin: string): boolean {
  return extensionId !== undefined && sender.id === extensionId && sender.tab === undefined && (sender.url === undefined || sender.url.startsWith(extensionOrigin));
}

const isTokenRequest = (message: unknown) => typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === SESSION_TOKEN_REQUEST;

export default feature({
  id: 'session-token',
  pages: 'every-page',
  init(signal) {
    const listener: ContentMessageListener = (message, sender, sendResponse) => {
      if (!isTokenRequest(message) || !isOwnWorker(sender, browser.runtime.id, browser.runtime.getURL(''))) return undefined;
      const answer: SessionTokenAnswer = { token: sessionTokenOf(window.sessionStorage) };
      sendResponse(answer);
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener), { once: true });
  },
});

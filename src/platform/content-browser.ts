/**
 * The extension API as the content script sees it: the browser's own namespace, typed for the few
 * calls the content script makes, with no polyfill.
 *
 * Why not src/platform/browser.ts here: webextension-polyfill costs ~10 KB minified (~3 KB gzip) in
 * every Partner Center page, and the content script's budget for all it loads is 25 KB gzip. The
 * polyfill only adds promises to callback APIs; the calls below need none:
 * - `runtime.sendMessage` returns a promise natively in MV3 (Chromium >= 99, the manifest asks for
 *   116; Firefox's `browser` namespace always did);
 * - `i18n.getMessage` and `i18n.getUILanguage` are synchronous;
 * - `runtime.onMessage` listeners here never return a promise: they return undefined, and the one
 *   that answers (features/session-token.ts) calls `sendResponse` before returning, so the
 *   promise-reply convention the polyfill adds is not needed;
 * - `runtime.id` reads undefined (or throws) once the extension context is invalidated — read it
 *   inside try, as src/content/context-guard.ts does.
 * Extension pages and the background worker keep src/platform/browser.ts (they use tabs, storage,
 * alarms, identity... where the polyfill matters on older Chromium).
 *
 * Only what content scripts use is typed: a call missing here is a call to think about first.
 */

/** Who sent a message to the content script (subset of runtime.MessageSender). */
export interface ContentMessageSender {
  id?: string;
  url?: string;
  /** Set when the sender is a tab (a page, not the worker). */
  tab?: unknown;
}

/**
 * A listener that returns undefined, so it cannot hold the sender's reply channel open; one that
 * answers calls `sendResponse` synchronously, before returning.
 */
export type ContentMessageListener = (message: unknown, sender: ContentMessageSender, sendResponse: (response: unknown) => void) => undefined;

export interface ContentBrowser {
  runtime: {
    /** The extension id; undefined once the extension context is invalidated. */
    readonly id: string | undefined;
    sendMessage(message: unknown): Promise<unknown>;
    /** The extension's own URL for `path` ('' gives its origin with a trailing slash). */
    getURL(path: string): string;
    onMessage: {
      addListener(listener: ContentMessageListener): void;
      removeListener(listener: ContentMessageListener): void;
    };
  };
  i18n: {
    getMessage(key: string, substitutions?: string | string[]): string;
    getUILanguage(): string;
  };
}

interface ExtensionGlobals {
  browser?: ContentBrowser;
  chrome?: ContentBrowser;
}

const globals = globalThis as typeof globalThis & ExtensionGlobals;

/**
 * Firefox (and Chromium >= 148) expose `browser`; older Chromium only `chrome`, whose MV3
 * `sendMessage` returns a promise too. `browser` is taken only when it is the real namespace (it
 * has a runtime id): an element with id="browser" in the page would otherwise shadow it, the same
 * check webextension-polyfill makes. Outside an extension it is an empty object, so importing this
 * module never throws (unit tests mock it).
 */
function nativeNamespace(): ContentBrowser {
  try {
    const candidate = globals.browser;
    if (typeof candidate?.runtime?.id === 'string') return candidate;
  } catch {
    // Context invalidated while loading: fall through to `chrome`, whose reads fail the same way.
  }
  return globals.chrome ?? ({} as ContentBrowser);
}

export const browser: ContentBrowser = nativeNamespace();

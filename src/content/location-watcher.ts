/**
 * Reports SPA navigations. Partner Center changes the URL with pushState/replaceState and popstate,
 * without reloads. A content script lives in an isolated world and cannot wrap the page's
 * `history.pushState`, so it listens to the Navigation API's `currententrychange` where the browser
 * has it (Chromium), to `popstate`, and polls `location.href` as the fallback that catches the rest
 * (WXT's approach). Polling is one string comparison per tick.
 */

export interface LocationWatcherOptions {
  signal: AbortSignal;
  /** Poll period; the Navigation API usually reports first. */
  pollMs?: number;
  win?: Window;
}

interface NavigationLike extends EventTarget {
  currentEntry?: unknown;
}

/** Calls `onChange(href)` whenever the URL (path, query or hash) changes. Does not call it initially. */
export function watchLocation(onChange: (href: string) => void, options: LocationWatcherOptions): void {
  const win = options.win ?? window;
  let last = win.location.href;
  const check = (): void => {
    const href = win.location.href;
    if (href === last) return;
    last = href;
    onChange(href);
  };
  const { signal } = options;
  const navigation = (win as Window & { navigation?: NavigationLike }).navigation;
  // currententrychange fires after the URL has changed (navigate fires before).
  navigation?.addEventListener('currententrychange', check, { signal });
  win.addEventListener('popstate', check, { signal });
  win.addEventListener('hashchange', check, { signal });
  const timer = setInterval(check, options.pollMs ?? 250);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}

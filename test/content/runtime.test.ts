/**
 * The content-script runtime without a browser: features start on their page kinds, SPA navigation
 * aborts and restarts them, a failing feature does not stop the others, and the context guard stops
 * everything when the extension context is invalidated or a newer copy starts.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';

const runtimeState = vi.hoisted((): { id: string | undefined } => ({ id: 'abcdefghijklmnopabcdefghijklmnop' }));
vi.mock('../../src/platform/content-browser.ts', () => ({
  browser: {
    runtime: {
      get id() {
        return runtimeState.id;
      },
    },
  },
}));

const { startRuntime } = await import('../../src/content/runtime.ts');
const { createContextGuard } = await import('../../src/content/context-guard.ts');
const { watchLocation } = await import('../../src/content/location-watcher.ts');
const { feature } = await import('../../src/content/feature.ts');

const CUSTOMER = '0c3f7a1e-5b2d-4e8f-9a61-2d7c4b9e8f10';

/** A window with a location that can change without a reload, like history.pushState does. */
function fakeWindow(href: string) {
  const target = new EventTarget() as EventTarget & { location: { href: string } };
  target.location = { href };
  return target;
}

/** A document with no headings (enough for URL-recognised pages and for unknown ones). */
function fakeDocument(win: unknown) {
  return {
    defaultView: win,
    querySelectorAll: () => [],
    createTreeWalker: () => ({ nextNode: () => null }),
  } as unknown as Document;
}

beforeEach(() => {
  vi.useFakeTimers();
  runtimeState.id = 'abcdefghijklmnopabcdefghijklmnop';
});
afterEach(() => {
  vi.useRealTimers();
});

describe('runtime', () => {
  test('runs the features of the page kind, restarts them on navigation, aborting the previous run', () => {
    const win = fakeWindow(`https://partner.microsoft.com/en-us/commerce/customers/${CUSTOMER}/subscriptions`);
    const runs: Array<{ kind: string; customerId: string | null; signal: AbortSignal; today: string }> = [];
    const badge = feature({
      id: 'badge',
      pages: ['subscriptions', 'users-and-licenses'],
      init(signal, page) {
        runs.push({ kind: page.kind, customerId: page.customerId, signal, today: page.today });
      },
    });
    const root = new AbortController();
    startRuntime([badge], { signal: root.signal, doc: fakeDocument(win), today: () => '2026-11-24' });
    expect(runs.map((r) => [r.kind, r.customerId, r.today])).toEqual([['subscriptions', CUSTOMER, '2026-11-24']]);

    win.location.href = `https://partner.microsoft.com/en-us/commerce/customers/${CUSTOMER}/users`;
    win.dispatchEvent(new Event('popstate'));
    expect(runs[0]!.signal.aborted).toBe(true);
    expect(runs.map((r) => r.kind)).toEqual(['subscriptions', 'users-and-licenses']);

    // pushState fires no event a content script can hear: the poll catches it.
    win.location.href = 'https://partner.microsoft.com/en-us/dashboard/commerce2/customers/list';
    vi.advanceTimersByTime(300);
    expect(runs[1]!.signal.aborted).toBe(true);
    expect(runs).toHaveLength(2); // the customers list is not a badge page

    // A hash change is the same page: nothing restarts.
    win.location.href = `https://partner.microsoft.com/en-us/commerce/customers/${CUSTOMER}/users`;
    vi.advanceTimersByTime(300);
    win.location.href += '#details';
    vi.advanceTimersByTime(300);
    expect(runs).toHaveLength(3);
    expect(runs[2]!.signal.aborted).toBe(false);

    root.abort();
    expect(runs[2]!.signal.aborted).toBe(true);
  });

  test('a feature that throws or rejects does not stop the others', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const win = fakeWindow(`https://partner.microsoft.com/commerce/customers/${CUSTOMER}/subscriptions`);
    const started: string[] = [];
    const features = [
      feature({
        id: 'throws',
        pages: ['subscriptions'],
        init: () => {
          throw new Error('boom');
        },
      }),
      feature({
        id: 'rejects',
        pages: ['subscriptions'],
        init: async () => {
          throw new Error('later');
        },
      }),
      feature({ id: 'works', pages: ['subscriptions'], init: () => void started.push('works') }),
    ];
    startRuntime(features, { signal: new AbortController().signal, doc: fakeDocument(win) });
    await Promise.resolve();
    expect(started).toEqual(['works']);
    expect(debug).toHaveBeenCalledTimes(2);
    debug.mockRestore();
  });

  test('an unknown URL without a known heading runs nothing, and stops looking after a while', () => {
    vi.stubGlobal('Element', class {});
    vi.stubGlobal('NodeFilter', { SHOW_ELEMENT: 1 });
    const win = fakeWindow('https://partner.microsoft.com/en-us/dashboard/home');
    const init = vi.fn();
    startRuntime([feature({ id: 'any', pages: ['subscriptions', 'customers'], init })], {
      signal: new AbortController().signal,
      doc: fakeDocument(win),
    });
    vi.advanceTimersByTime(60_000);
    expect(init).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(1); // only the location poll is left
    vi.unstubAllGlobals();
  });

  test('an every-page feature runs on any Partner Center page, the unknown ones too, once per visit', () => {
    vi.stubGlobal('Element', class {});
    vi.stubGlobal('NodeFilter', { SHOW_ELEMENT: 1 });
    const win = fakeWindow('https://partner.microsoft.com/en-us/dashboard/home');
    const runs: { kind: string; signal: AbortSignal }[] = [];
    const everywhere = feature({ id: 'everywhere', pages: 'every-page', init: (signal, page) => void runs.push({ kind: page.kind, signal }) });
    startRuntime([everywhere], { signal: new AbortController().signal, doc: fakeDocument(win) });
    expect(runs.map((r) => r.kind)).toEqual(['unknown']);
    win.location.href = `https://partner.microsoft.com/en-us/commerce/customers/${CUSTOMER}/subscriptions`;
    win.dispatchEvent(new Event('popstate'));
    expect(runs.map((r) => r.kind)).toEqual(['unknown', 'subscriptions']);
    expect(runs[0]!.signal.aborted).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(runs).toHaveLength(2);
    vi.unstubAllGlobals();
  });

  test('beforeVisit false (context gone) starts nothing', () => {
    const win = fakeWindow(`https://partner.microsoft.com/commerce/customers/${CUSTOMER}/subscriptions`);
    const init = vi.fn();
    startRuntime([feature({ id: 'any', pages: ['subscriptions'], init })], {
      signal: new AbortController().signal,
      doc: fakeDocument(win),
      beforeVisit: () => false,
    });
    expect(init).not.toHaveBeenCalled();
  });
});

describe('location watcher', () => {
  test('reports each URL change once, and nothing after its signal aborts', () => {
    const win = fakeWindow('https://partner.microsoft.com/a');
    const seen: string[] = [];
    const stop = new AbortController();
    watchLocation((href) => seen.push(href), { signal: stop.signal, win: win as unknown as Window, pollMs: 100 });
    win.location.href = 'https://partner.microsoft.com/b';
    vi.advanceTimersByTime(100);
    win.dispatchEvent(new Event('popstate'));
    win.location.href = 'https://partner.microsoft.com/c';
    win.dispatchEvent(new Event('popstate'));
    stop.abort();
    win.location.href = 'https://partner.microsoft.com/d';
    win.dispatchEvent(new Event('popstate'));
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual(['https://partner.microsoft.com/b', 'https://partner.microsoft.com/c']);
  });
});

describe('context guard', () => {
  test('aborts when the extension context is invalidated (runtime.id gone)', () => {
    const guard = createContextGuard(fakeWindow('https://partner.microsoft.com/') as unknown as Window);
    expect(guard.check()).toBe(true);
    runtimeState.id = undefined;
    vi.advanceTimersByTime(3000);
    expect(guard.signal.aborted).toBe(true);
    expect(guard.check()).toBe(false);
  });

  test('an older copy, its context invalidated by the update, stands down at once when a newer one starts', () => {
    const win = fakeWindow('https://partner.microsoft.com/') as unknown as Window;
    const older = createContextGuard(win);
    runtimeState.id = undefined; // the update invalidated the old copy's context
    win.dispatchEvent(new Event('sku-shift:content-started'));
    expect(older.signal.aborted).toBe(true);
  });

  test('a page script dispatching the start event does not stop a copy whose context is valid', () => {
    const win = fakeWindow('https://partner.microsoft.com/') as unknown as Window;
    const guard = createContextGuard(win);
    win.dispatchEvent(new Event('sku-shift:content-started'));
    createContextGuard(win);
    expect(guard.signal.aborted).toBe(false);
  });
});

/**
 * The lazy badge display (src/content/badge/load-badge-display.ts) without a browser: the display
 * chunk is replaced by a fake whose import the test holds open, so matches can arrive before, while
 * and after it loads. Checked: loaded once and only for a match that needs it, nothing lost, nothing
 * applied twice, undone matches dropped, an aborted run leaves nothing, a loaded display is reused.
 */
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest';

const chunk = (() => {
  const state = {
    imports: 0,
    fail: false,
    open: () => undefined as void,
    gate: Promise.resolve(),
    /** Holds the next import of the display chunk until `open()`. */
    hold() {
      state.gate = new Promise<void>((resolve) => (state.open = resolve));
    },
  };
  return state;
})();

// `timed` reads the document's bench attribute; the unit project runs in node.
const realDocument = (globalThis as { document?: unknown }).document;
(globalThis as { document?: unknown }).document = { documentElement: { hasAttribute: () => false } };
afterAll(() => {
  (globalThis as { document?: unknown }).document = realDocument;
});

type Loader = typeof import('../../src/content/badge/load-badge-display.ts');
let loader: Loader;

/** A sink that records what it was given, and the cleanups run. */
function recordingSink() {
  const log: string[] = [];
  return {
    log,
    add(name: string) {
      log.push(`+${name}`);
      return () => void log.push(`-${name}`);
    },
  };
}

type Sink = ReturnType<typeof recordingSink>;

function deferred(loaderModule: Loader, signal: AbortSignal) {
  const sink = recordingSink();
  const built: unknown[] = [];
  const replays: string[][] = [];
  const display = new loaderModule.DeferredDisplay<Sink>(
    signal,
    (loaded) => {
      built.push(loaded);
      return sink;
    },
    (s) => replays.push([...s.log]),
  );
  return { display, sink, built, replays };
}

/** Lets the held import settle and the replay run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

beforeEach(async () => {
  vi.resetModules();
  chunk.imports = 0;
  chunk.fail = false;
  chunk.hold();
  // Registered again for each test: a fresh fake chunk, imported only when the loader asks for it.
  vi.doMock('../../src/content/badge/badge-display.ts', async () => {
    chunk.imports++;
    await chunk.gate;
    if (chunk.fail) throw new Error('chunk fetch failed');
    return { marker: 'fake display' };
  });
  loader = await import('../../src/content/badge/load-badge-display.ts');
});

describe('deferred badge display', () => {
  test('matches that only wait for a display (renewal dates) never load it', async () => {
    const run = deferred(loader, new AbortController().signal);
    run.display.add((s) => s.add('expires-1'), false);
    run.display.add((s) => s.add('expires-2'), false);
    chunk.open();
    await settle();
    expect(chunk.imports).toBe(0);
    expect(run.built).toEqual([]);
    expect(run.display.ready).toBeNull();
  });

  test('the first match that needs it loads it once; matches from before and during the load are applied once, in order', async () => {
    const run = deferred(loader, new AbortController().signal);
    run.display.add((s) => s.add('expires-row-1'), false);
    run.display.add((s) => s.add('sku-row-1'), true);
    run.display.add((s) => s.add('sku-row-2'), true); // while loading
    run.display.add((s) => s.add('expires-row-2'), false);
    await settle();
    expect(run.sink.log).toEqual([]); // still loading: nothing applied yet
    chunk.open();
    await settle();
    expect(chunk.imports).toBe(1);
    expect(run.built).toHaveLength(1);
    expect(run.sink.log).toEqual(['+expires-row-1', '+sku-row-1', '+sku-row-2', '+expires-row-2']);
    // The run renders once, after every kept match is in.
    expect(run.replays).toEqual([['+expires-row-1', '+sku-row-1', '+sku-row-2', '+expires-row-2']]);
    // From now on a match is applied at once, with no other replay.
    run.display.add((s) => s.add('sku-row-3'), true);
    expect(run.sink.log.at(-1)).toBe('+sku-row-3');
    expect(run.replays).toHaveLength(1);
    expect(run.display.ready).toBe(run.sink);
  });

  test('a match undone while loading is dropped; one undone after is cleaned up exactly once', async () => {
    const run = deferred(loader, new AbortController().signal);
    const gone = run.display.add((s) => s.add('removed-row'), true);
    const kept = run.display.add((s) => s.add('kept-row'), true);
    if (!gone || !kept) throw new Error('a pending match must return a cleanup');
    gone();
    chunk.open();
    await settle();
    expect(run.sink.log).toEqual(['+kept-row']);
    kept();
    expect(run.sink.log).toEqual(['+kept-row', '-kept-row']);
  });

  test('a run aborted while loading (SPA navigation) builds nothing and applies nothing', async () => {
    const navigation = new AbortController();
    const run = deferred(loader, navigation.signal);
    const cleanup = run.display.add((s) => s.add('sku-row-1'), true);
    navigation.abort();
    cleanup?.(); // the scanner undoes its annotations on abort: harmless here
    chunk.open();
    await settle();
    expect(run.built).toEqual([]);
    expect(run.sink.log).toEqual([]);
    expect(run.display.add((s) => s.add('late'), true)).toBeUndefined();
    expect(run.sink.log).toEqual([]);
  });

  test('once loaded, the next run (next SPA page, new partner rules) builds at once without importing again', async () => {
    const first = deferred(loader, new AbortController().signal);
    first.display.add((s) => s.add('sku'), true);
    chunk.open();
    await settle();
    const next = deferred(loader, new AbortController().signal);
    expect(next.built).toEqual([expect.objectContaining({ marker: 'fake display' })]);
    next.display.add((s) => s.add('sku-next-page'), true);
    expect(next.sink.log).toEqual(['+sku-next-page']);
    expect(chunk.imports).toBe(1);
  });

  test('one failing match does not keep the others from their badges', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const run = deferred(loader, new AbortController().signal);
    run.display.add(() => {
      throw new Error('bad row');
    }, true);
    run.display.add((s) => s.add('good-row'), true);
    chunk.open();
    await settle();
    expect(run.sink.log).toEqual(['+good-row']);
    expect(debug).toHaveBeenCalled();
    debug.mockRestore();
  });

  test('a failed import places nothing and the next run tries again', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    chunk.fail = true;
    const run = deferred(loader, new AbortController().signal);
    run.display.add((s) => s.add('sku'), true);
    chunk.open();
    await settle();
    expect(run.sink.log).toEqual([]);
    expect(debug).toHaveBeenCalled();
    chunk.fail = false;
    const next = deferred(loader, new AbortController().signal);
    next.display.add((s) => s.add('sku-again'), true);
    await settle();
    expect(chunk.imports).toBe(2);
    expect(next.sink.log).toEqual(['+sku-again']);
    debug.mockRestore();
  });
});

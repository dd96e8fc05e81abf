/**
 * The checklist measures Partner Center's primary buttons on every scroll frame: it must measure the
 * buttons found before, not walk the page (and every shadow root) again, until the page changed.
 */
import { beforeAll, describe, expect, test, vi } from 'vitest';

beforeAll(() => {
  vi.stubGlobal('NodeFilter', { SHOW_ELEMENT: 1, SHOW_TEXT: 4 });
  vi.stubGlobal('Element', class {});
});

const { PrimaryButtonCache } = await import('../../../src/content/checklist/primary-buttons.ts');

function fakeButton(text: string, top: number) {
  return {
    localName: 'button',
    tagName: 'BUTTON',
    textContent: text,
    isConnected: true,
    getAttribute: (name: string) => (name === 'type' && text === 'Submit' ? 'submit' : null),
    measured: 0,
    getBoundingClientRect() {
      this.measured++;
      return { left: 10, top, width: 80, height: 30 };
    },
  };
}

function fakePage(buttons: ReturnType<typeof fakeButton>[]) {
  const page = {
    searches: 0,
    doc: {
      querySelectorAll: () => {
        page.searches++;
        return buttons;
      },
      createTreeWalker: () => ({ nextNode: () => null }),
    } as unknown as Document,
  };
  return page;
}

describe('PrimaryButtonCache', () => {
  /** A cache whose searches the test can wait for. */
  function cacheOf(doc: Document, now: () => number) {
    let found = 0;
    const cache = new PrimaryButtonCache(doc, () => found++, new AbortController().signal, now);
    const searched = async (n: number) => vi.waitFor(() => expect(found).toBe(n));
    return { cache, searched };
  }

  test('scroll frames measure the found buttons without searching the page again; the search itself runs after, in slices', async () => {
    const submit = fakeButton('Submit', 100);
    const other = fakeButton('Cancel', 200);
    const page = fakePage([submit, other]);
    let now = 0;
    const { cache, searched } = cacheOf(page.doc, () => now);
    // Nothing found yet: the first answer never waits for a walk of the page.
    expect(cache.rects()).toEqual([]);
    await searched(1);
    expect(cache.rects()).toEqual([{ left: 10, top: 100, width: 80, height: 30 }]);
    for (let frame = 1; frame <= 30; frame++) {
      now = frame * 16;
      cache.rects();
    }
    expect(page.searches).toBe(1);
    expect(submit.measured).toBe(31);
    expect(other.measured).toBe(0); // not a primary action: never measured
  });

  test('says when a button it kept clear of has left the page (a new SPA page rendered), so the overlay moves at once', async () => {
    const submit = fakeButton('Submit', 100);
    const page = fakePage([submit]);
    const { cache, searched } = cacheOf(page.doc, () => 0);
    expect(cache.lost()).toBe(false); // nothing found yet: nothing lost
    cache.rects();
    await searched(1);
    expect(cache.lost()).toBe(false);
    submit.isConnected = false;
    expect(cache.lost()).toBe(true);
  });

  test('searches again after a page change, a button leaving, or once the list is old', async () => {
    const submit = fakeButton('Submit', 100);
    const page = fakePage([submit]);
    let now = 0;
    const { cache, searched } = cacheOf(page.doc, () => now);
    cache.rects();
    await searched(1);
    cache.invalidate();
    cache.rects();
    await searched(2);
    expect(page.searches).toBe(2);
    submit.isConnected = false;
    cache.rects();
    await searched(3);
    submit.isConnected = true;
    now = 5000;
    cache.rects();
    await searched(4);
    cache.rects();
    expect(page.searches).toBe(4);
  });
});

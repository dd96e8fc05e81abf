/**
 * A watcher whose `match` or `onMatch` throws (a malformed imported partner rule) must not abort the
 * scanner's pass for the other watchers, nor stall later passes, and is reported once at debug level.
 * The scanner only needs a tree walker, a mutation observer and node constants: a tiny fake document.
 */
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';

class FakeShadowRoot {}

beforeAll(() => {
  vi.stubGlobal('Node', { ELEMENT_NODE: 1, TEXT_NODE: 3, DOCUMENT_NODE: 9 });
  vi.stubGlobal('NodeFilter', { SHOW_ELEMENT: 1, SHOW_TEXT: 4 });
  vi.stubGlobal('ShadowRoot', FakeShadowRoot);
  vi.stubGlobal('requestAnimationFrame', () => 1);
  vi.stubGlobal('cancelAnimationFrame', () => undefined);
  vi.stubGlobal(
    'MutationObserver',
    class {
      observe(): void {}
      disconnect(): void {}
    },
  );
});

afterEach(() => {
  vi.restoreAllMocks();
});

const { watchText, flushScanner } = await import('../../src/content/scanner.ts');

interface FakeText {
  nodeType: 3;
  data: string;
  isConnected: boolean;
  parentElement: FakeElement;
}

/** What the scanner asks of a matched text's parent (its grid row, through shadow roots): none here. */
interface FakeElement {
  tagName: string;
  closest(): null;
  parentElement: null;
  shadowRoot: null;
  getRootNode(): object;
}

function fakeDocument(texts: string[]): { doc: Document; nodes: FakeText[] } {
  const cell: FakeElement = { tagName: 'TD', closest: () => null, parentElement: null, shadowRoot: null, getRootNode: () => ({}) };
  const nodes: FakeText[] = texts.map((data) => ({ nodeType: 3, data, isConnected: true, parentElement: cell }));
  const doc = {
    nodeType: 9,
    documentElement: { hasAttribute: () => false },
    createTreeWalker: () => {
      let i = 0;
      return { nextNode: () => nodes[i++] ?? null };
    },
    querySelectorAll: () => [],
  };
  return { doc: doc as unknown as Document, nodes };
}

describe('a failing watcher', () => {
  test('a throwing match does not stop the other watchers, and is reported once', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { doc } = fakeDocument(['Microsoft 365 E3', 'Microsoft 365 E5', 'Office 365 E1']);
    const controller = new AbortController();
    const seen: string[] = [];
    let ends = 0;
    // Added first, so it runs before the healthy watcher on every text.
    watchText(
      () => {
        throw new SyntaxError('malformed partner rule');
      },
      () => undefined,
      { signal: controller.signal, document: doc },
    );
    watchText(
      (text) => (text.includes('365') ? text : null),
      (node) => {
        seen.push(node.data);
      },
      { signal: controller.signal, document: doc, onPassEnd: () => ends++ },
    );
    expect(() => flushScanner(doc)).not.toThrow();
    expect(seen).toEqual(['Microsoft 365 E3', 'Microsoft 365 E5', 'Office 365 E1']);
    expect(ends).toBe(1);
    const reports = debug.mock.calls.filter((call) => String(call[0]).includes('match failed'));
    expect(reports).toHaveLength(1);
    expect(error).not.toHaveBeenCalled();
    controller.abort();
  });

  test('a throwing onMatch is reported once and the pass goes on for the others', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const { doc } = fakeDocument(['Microsoft 365 E3', 'Microsoft 365 E5']);
    const controller = new AbortController();
    const seen: string[] = [];
    watchText(
      (text) => text,
      () => {
        throw new TypeError('badge failed');
      },
      { signal: controller.signal, document: doc },
    );
    watchText(
      (text) => text,
      (node) => {
        seen.push(node.data);
      },
      { signal: controller.signal, document: doc },
    );
    flushScanner(doc);
    expect(seen).toEqual(['Microsoft 365 E3', 'Microsoft 365 E5']);
    expect(debug.mock.calls.filter((call) => String(call[0]).includes('annotation failed'))).toHaveLength(1);
    controller.abort();
  });

  test('a watcher added after a throwing one still gets its full visit on a later pass', () => {
    vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const { doc } = fakeDocument(['Microsoft 365 E3', 'Dynamics 365 Sales']);
    const controller = new AbortController();
    watchText(
      () => {
        throw new Error('always');
      },
      () => undefined,
      { signal: controller.signal, document: doc },
    );
    flushScanner(doc);
    const seen: string[] = [];
    watchText(
      (text) => (text.startsWith('Dynamics') ? text : null),
      (node) => {
        seen.push(node.data);
      },
      { signal: controller.signal, document: doc },
    );
    expect(() => flushScanner(doc)).not.toThrow();
    expect(seen).toEqual(['Dynamics 365 Sales']);
    controller.abort();
  });
});

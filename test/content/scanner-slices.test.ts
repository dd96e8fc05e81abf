// @vitest-environment happy-dom
/**
 * A grid rendered or filled at once hands the scanner thousands of small changes: rows added one by
 * one, ids and classes changed on every cell, every cell's text set. However they come, the scanner's
 * work is cut into slices that give the page its turn (never one task of the whole grid), and what
 * the slices find is what one pass run to its end finds.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { flushScanner, watchText } from '../../src/content/scanner.ts';

const ROWS = 600;
/** A matcher this slow makes the work of a few rows outlast one slice (8 ms) on any machine. */
const MATCH_MS = 0.1;
const controllers: AbortController[] = [];

afterEach(() => {
  for (const controller of controllers.splice(0)) controller.abort();
  document.body.replaceChildren();
});

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/** A grid in a shadow root, empty: rows are added by the test. */
function emptyGrid(): HTMLTableSectionElement {
  document.body.innerHTML = '<x-grid></x-grid>';
  const root = document.querySelector('x-grid')!.attachShadow({ mode: 'open' });
  root.innerHTML = '<table role="grid"><tbody></tbody></table>';
  return root.querySelector('tbody')!;
}

function row(i: number): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.setAttribute('role', 'row');
  tr.id = `row-${i}-data`;
  tr.innerHTML = `<th><span>Dynamics AX Enterprise ${i}</span></th><td><span>Expires on 1/1/2030</span></td><td><span>${i}</span></td>`;
  return tr;
}

/** Watches the retired names (a distinct text per row, each matched once); counts the slices that found something. */
function watchRows() {
  const controller = new AbortController();
  controllers.push(controller);
  const annotated = new Set<string>();
  let slicesWithMatches = 0;
  watchText(
    (text) => {
      if (!text.startsWith('Dynamics AX')) return null;
      busy(MATCH_MS);
      return text;
    },
    (node) => {
      annotated.add(node.data);
      return () => annotated.delete(node.data);
    },
    { signal: controller.signal, onPassEnd: () => slicesWithMatches++ },
  );
  return { annotated: () => [...annotated].sort(), slices: () => slicesWithMatches };
}

describe('a grid added or filled at once is handled in slices', () => {
  test('rows appended one by one (one small walk each): several slices, every row found', async () => {
    const body = emptyGrid();
    const watcher = watchRows();
    flushScanner();
    for (let i = 0; i < ROWS; i++) body.append(row(i));
    await vi.waitFor(() => expect(watcher.annotated()).toHaveLength(ROWS), { timeout: 10_000, interval: 20 });
    // Each slice that found rows ends with the watchers' pass end: one slice would have been one call.
    expect(watcher.slices()).toBeGreaterThan(2);
  });

  test('rows filled in place (ids, classes and texts changed): several slices, the same result as a pass run to its end', async () => {
    const body = emptyGrid();
    for (let i = 0; i < ROWS; i++) {
      const skeleton = row(i);
      skeleton.id = `row-${i}`;
      skeleton.className = 'data-grid__row--skeleton';
      for (const span of skeleton.querySelectorAll('span')) span.textContent = 'Loading…';
      body.append(skeleton);
    }
    const watcher = watchRows();
    flushScanner();
    expect(watcher.annotated()).toEqual([]);
    const before = watcher.slices();
    body.querySelectorAll('tr').forEach((tr, i) => {
      tr.id = `row-${i}-data`;
      tr.className = 'data-grid__row';
      const [product, renewal, count] = [...tr.querySelectorAll('span')];
      product!.firstChild!.textContent = `Dynamics AX Enterprise ${i}`;
      renewal!.firstChild!.textContent = 'Expires on 1/1/2030';
      count!.firstChild!.textContent = String(i);
    });
    await vi.waitFor(() => expect(watcher.annotated()).toHaveLength(ROWS), { timeout: 10_000, interval: 20 });
    expect(watcher.slices() - before).toBeGreaterThan(2);
    expect(watcher.annotated()).toEqual(Array.from({ length: ROWS }, (_, i) => `Dynamics AX Enterprise ${i}`).sort());
  });
});

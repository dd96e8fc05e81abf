import { describe, expect, it } from 'vitest';
import { clickSelection, nextTabBatch, selectAll, selectAllState, TABS_AT_ONCE } from '../../src/pages/dashboard/selection.ts';

const order = ['a', 'b', 'c', 'd', 'e', 'f'];
const ids = (s: Set<string>) => [...s].sort();

describe('selecting customers for bulk work', () => {
  it('a click ticks one; a shift-click ticks the range from the last click, in the order shown, either way round', () => {
    let s = clickSelection(new Set(), order, 'b', true, null, false);
    expect(ids(s)).toEqual(['b']);
    s = clickSelection(s, order, 'e', true, 'b', true);
    expect(ids(s)).toEqual(['b', 'c', 'd', 'e']);
    s = clickSelection(s, order, 'c', false, 'e', true);
    expect(ids(s)).toEqual(['b']);
    expect(ids(clickSelection(new Set(), order, 'a', true, 'f', true))).toEqual(order);
  });

  it('a shift-click whose anchor the filter no longer lists ticks just the row', () => {
    expect(ids(clickSelection(new Set(['z']), order, 'c', true, 'z', true))).toEqual(['c', 'z']);
  });

  it('"select all" covers every row the filter lists and keeps the rest of the selection', () => {
    expect(selectAllState(new Set(), order)).toBe('none');
    expect(selectAllState(new Set(['a']), order)).toBe('some');
    const all = selectAll(new Set(['z']), order, true);
    expect(selectAllState(all, order)).toBe('all');
    expect(ids(selectAll(all, order, false))).toEqual(['z']);
  });

  it(`opens tabs ${TABS_AT_ONCE} at a time, then the next ones`, () => {
    const many = Array.from({ length: 23 }, (_, i) => `c${i}`);
    const first = nextTabBatch(many, new Set());
    expect(first).toEqual(many.slice(0, 10));
    const second = nextTabBatch(many, new Set(first));
    expect(second).toEqual(many.slice(10, 20));
    expect(nextTabBatch(many, new Set([...first, ...second]))).toEqual(many.slice(20));
    expect(nextTabBatch(many, new Set(many))).toEqual([]);
  });
});

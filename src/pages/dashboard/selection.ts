/**
 * The customers ticked for bulk work, as a set of tenant ids. Pure: the table passes the rows in
 * the order shown (the whole filtered list, not only the rows rendered), so a shift-click range
 * and "select all" cover what the partner sees listed.
 */
export type Selection = ReadonlySet<string>;

/**
 * Ticks or unticks `id`; with shift, every row between the last one clicked (`anchor`) and `id`,
 * in the order shown, takes the same state. Without an anchor still listed, just `id`.
 */
export function clickSelection(selected: Selection, order: readonly string[], id: string, checked: boolean, anchor: string | null, shift: boolean): Set<string> {
  const next = new Set(selected);
  const from = shift && anchor !== null ? order.indexOf(anchor) : -1;
  const to = order.indexOf(id);
  const range = from >= 0 && to >= 0 ? order.slice(Math.min(from, to), Math.max(from, to) + 1) : [id];
  for (const each of range) {
    if (checked) next.add(each);
    else next.delete(each);
  }
  return next;
}

/** How many of the rows shown are selected: the "select all" box is ticked, mixed or clear. */
export function selectAllState(selected: Selection, order: readonly string[]): 'all' | 'some' | 'none' {
  let count = 0;
  for (const id of order) if (selected.has(id)) count += 1;
  return count === 0 ? 'none' : count === order.length ? 'all' : 'some';
}

/** "Select all" ticks every row shown (keeping any selected elsewhere); unticking clears those rows. */
export function selectAll(selected: Selection, order: readonly string[], checked: boolean): Set<string> {
  const next = new Set(selected);
  for (const id of order) {
    if (checked) next.add(id);
    else next.delete(id);
  }
  return next;
}

/** Tabs opened at once for a bulk "open in Partner Center": a browser with 200 new tabs helps nobody. */
export const TABS_AT_ONCE = 10;

/** The next batch of at most TABS_AT_ONCE ids to open, after those already opened. */
export function nextTabBatch(selectedInOrder: readonly string[], opened: ReadonlySet<string>): string[] {
  return selectedInOrder.filter((id) => !opened.has(id)).slice(0, TABS_AT_ONCE);
}

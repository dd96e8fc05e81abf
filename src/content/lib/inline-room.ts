/**
 * What we add inside a grid cell (a badge, a chip) does not make the page's table re-measure its
 * columns. Its host has inline-size containment: when the table sizes its columns, the host counts as
 * zero wide, so adding badges to a 5,000-row table lays out their rows instead of the whole table
 * (a plain 5,000-row table in Chromium 156 on this machine: about 180 ms → 22 ms for a batch of 20).
 * What the host shows uses the room the cell already has, from the host to the cell's edge, and the
 * host is as wide as what it shows (capped by that room). Nor does it make its row taller (below).
 *
 * When that room is too small for what the host shows (after the badge's own shortening,
 * ../badge/badge-fit.ts), the host gives containment up and the table makes room for it, as for any
 * content: one full layout then, once; the badges that come after it in that column then find the
 * room. Hosts followed by text on their line, or not in a cell, are never contained; one that would
 * push a visible element after it out of its cell gives containment up too.
 *
 * Measured without forcing a layout: a ResizeObserver (on what the host shows and on its cell) reads
 * sizes after the browser's own layout; changes are written in the next frame.
 */
import { closestAcrossShadow } from './deep-dom.ts';

/** A grid cell, in ARIA grids and tables. */
export const CELL = 'td, th, [role="gridcell"], [role="cell"], [role="rowheader"]';

/** The UI inside a contained host, told what room it has. */
export interface RoomListener {
  /**
   * The room (CSS px from the host to the cell's content edge) and how wide the UI is now, read after
   * a layout. Returns how wide the UI will be in that room (it may change what it shows, in the next
   * frame: the host is sized for that in the same frame, not one later), or null when nothing it can
   * show fits: the host then makes room.
   */
  room(room: number, contentWidth: number): number | null;
  /** The host is no longer contained: the table gives it room like any content. */
  released(): void;
}

interface Watched {
  host: HTMLElement;
  content: HTMLElement;
  cell: Element;
  /** The host's max-width now (CSS px). */
  width: number;
}

/** Registered by the UI inside a host before the host is placed (a layout effect). */
const listeners = new WeakMap<Element, RoomListener>();
/** Keyed by what is observed: each host's content and its cell. */
const byTarget = new Map<Element, Set<Watched>>();
const watchedHosts = new Map<HTMLElement, Watched>();
let observer: ResizeObserver | null = null;
let sinceSweep = 0;

/**
 * The cell a host placed right after `after` is contained in: null when it should not be (not in a
 * cell, or text after it on its line). Elements after it may stay (a tooltip, screen-reader text):
 * if one is visible and the badge pushes it out of the cell, the host makes room (see `measure`).
 */
export function containingCell(after: Node): Element | null {
  for (let next = after.nextSibling; next; next = next.nextSibling) {
    if (next.nodeType === Node.TEXT_NODE && (next.nodeValue ?? '').trim()) return null;
  }
  const parent = after.parentElement ?? (after.parentNode instanceof ShadowRoot ? after.parentNode.host : null);
  if (!parent) return null;
  // Content a component projects into its cells (today's grids slot a row's link into the cell from
  // the grid's light DOM, and the host joins it in that slot): the cell is the slot's.
  const shown = parent.shadowRoot ? ((after as Element | Text).assignedSlot ?? parent) : parent;
  return closestAcrossShadow(shown, CELL);
}

/** What the host shows is laid out at its own width, not squeezed into the host. */
const CONTENT_STYLE = 'display: inline-block; width: max-content;';

/**
 * Contains a host about to be placed in a cell. `width: 100%` counts as auto when the table sizes its
 * columns (so, contained, as zero) and is capped by `max-width`: zero until the first layout tells
 * how wide the UI is, then that width (or the room, if less). The host keeps a box the size of what it
 * shows (hit testing, visibility checks) without the table re-measuring anything for it.
 */
export function contain(host: HTMLElement): void {
  host.setAttribute('style', containedStyle(baseStyle(host), 0));
}

/**
 * The negative block margins keep the row's height too: a pill (about 21 px tall) in a 14 px line made
 * that line, so its row, 0.2–1.3 px taller, which moved every row below it, and the browser re-painted
 * the whole grid (on the 5,000-row look-alike, a PrePaint of ~150 ms after each batch of badges). With
 * 6 px off each side, the box the line makes room for lies just above the baseline, inside any text's
 * line; the pill is drawn where it was (baseline-aligned: margins do not move it), reaching a pixel or
 * so into the cell's padding.
 */
const CONTAINED = ' contain: inline-size !important; margin-block: -6px !important; width: 100% !important; max-width: ';

function containedStyle(base: string, maxWidth: number): string {
  return `${base}${CONTAINED}${maxWidth}px !important;`;
}

/** The host's own style (shadow-host.ts), without the containment. */
function baseStyle(host: Element): string {
  const style = host.getAttribute('style') ?? '';
  const at = style.indexOf(CONTAINED);
  return at === -1 ? style : style.slice(0, at);
}

/** Let `listener` decide what the UI in `host` shows in the room it has (call before the host is placed). */
export function onRoom(host: Element, listener: RoomListener): () => void {
  listeners.set(host, listener);
  return () => {
    if (listeners.get(host) === listener) listeners.delete(host);
  };
}

/** True while `host` is contained (its UI must fit the room it is told); known from its creation on. */
export function isContained(host: Element): boolean {
  return (host.getAttribute('style') ?? '').includes(CONTAINED);
}

/** Follows a contained host in `cell`, once placed: `content` is the element inside its shadow root that holds the UI. */
export function watchRoom(host: HTMLElement, content: HTMLElement, cell: Element): void {
  const win = host.ownerDocument.defaultView;
  if (!win || typeof win.ResizeObserver !== 'function') {
    release(host, content);
    return;
  }
  content.setAttribute('style', CONTENT_STYLE);
  const watched: Watched = { host, content, cell, width: 0 };
  watchedHosts.set(host, watched);
  observer ??= new win.ResizeObserver(measure);
  for (const target of [content, cell]) {
    let set = byTarget.get(target);
    if (!set) {
      byTarget.set(target, (set = new Set()));
      observer.observe(target);
    }
    set.add(watched);
  }
  if (++sinceSweep >= 64) sweep();
}

/** Stops following `host` (removed by us). */
export function unwatchRoom(host: HTMLElement): void {
  const watched = watchedHosts.get(host);
  if (watched) forget(watched);
}

function forget(watched: Watched): void {
  watchedHosts.delete(watched.host);
  for (const target of [watched.content, watched.cell]) {
    const set = byTarget.get(target);
    if (!set) continue;
    set.delete(watched);
    if (set.size === 0) {
      byTarget.delete(target);
      observer?.unobserve(target);
    }
  }
}

/** Hosts the page removed with its rows (re-rendered, paged) are let go. */
function sweep(): void {
  sinceSweep = 0;
  for (const watched of [...watchedHosts.values()]) if (!watched.host.isConnected) forget(watched);
}

/** Sizes are fresh in a ResizeObserver callback: read here, write in the next frame. */
function measure(entries: ResizeObserverEntry[]): void {
  const due = new Set<Watched>();
  for (const entry of entries) for (const watched of byTarget.get(entry.target) ?? []) due.add(watched);
  const lifting: Watched[] = [];
  const sizing: Array<[Watched, number]> = [];
  for (const watched of due) {
    if (!watched.host.isConnected) continue;
    const listener = listeners.get(watched.host);
    const now = watched.content.getBoundingClientRect().width;
    const room = roomInCell(watched.host, watched.cell);
    const shown = listener ? listener.room(room, now) : now <= room + 1 ? now : null;
    const width = shown ?? now;
    if (shown === null || pushesOut(watched, room - Math.min(width, room))) lifting.push(watched);
    else {
      const box = Math.max(0, Math.min(Math.ceil(width), Math.floor(room)));
      if (box !== watched.width) sizing.push([watched, box]);
    }
  }
  if (lifting.length === 0 && sizing.length === 0) return;
  requestAnimationFrame(() => {
    for (const [watched, box] of sizing) {
      if (!watchedHosts.has(watched.host)) continue;
      watched.width = box;
      watched.host.setAttribute('style', containedStyle(baseStyle(watched.host), box));
    }
    for (const watched of lifting) {
      forget(watched);
      release(watched.host, watched.content);
    }
  });
}

/** A visible element after the host that ends past the cell's edge (`spare`: the room the host leaves). */
function pushesOut({ host }: Watched, spare: number): boolean {
  const at = host.getBoundingClientRect();
  for (let next = host.nextElementSibling; next; next = next.nextElementSibling) {
    const box = next.getBoundingClientRect();
    // Only what sits on the host's line, in flow after it (a tooltip or screen-reader text is 1 px or out of the line).
    if (box.width <= 1 || box.height <= 1 || box.bottom <= at.top || box.top >= at.bottom) continue;
    if (box.width > spare + 1) return true;
  }
  return false;
}

/**
 * From the start of `host` to its cell's content edge (the right one, or the left one right-to-left),
 * in CSS px. Read after a layout (a ResizeObserver callback): at mount it would force one.
 */
export function roomInCell(host: Element, cell: Element): number {
  const cellBox = cell.getBoundingClientRect();
  const style = cell.ownerDocument.defaultView?.getComputedStyle(cell);
  const at = host.getBoundingClientRect();
  if (style?.direction === 'rtl') return at.right - cellBox.left - (Number.parseFloat(style.paddingLeft) || 0) - cell.clientLeft;
  return cellBox.right - (Number.parseFloat(style?.paddingRight ?? '0') || 0) - (cellBox.width - cell.clientWidth - cell.clientLeft) - at.left;
}

/** The host makes room like any content (the table re-measures, once). */
function release(host: HTMLElement, content: HTMLElement): void {
  content.removeAttribute('style');
  host.setAttribute('style', baseStyle(host));
  const listener = listeners.get(host);
  listeners.delete(host);
  listener?.released();
}

/**
 * How much of the replacement's name a badge shows: all of it while its row has room; when it has not,
 * the words that tell the products apart ("Retired → Customer Engagement Plan", without the
 * "Dynamics 365" every target shares), cut with an ellipsis only if even those do not fit. A wider
 * window gives every badge its whole name back.
 *
 * In a grid cell the badge's host is contained (../lib/inline-room.ts): the table does not re-measure
 * its columns for it, and the badge fits the room the cell already has, from the badge to the cell's
 * edge; when even the short name does not fit there, the host makes room instead (once).
 *
 * Elsewhere (or once it made room) the room is the page's to decide: the label can wrap
 * (badge-styles.ts), so a table sees it as narrow as its longest word and as wide as its whole text,
 * and sizes its columns with that. A badge that starts after the cell's text cannot know how much of
 * the cell that text took, so when the cell clips it (or squeezes its label) it goes short, and if it
 * still overflows its pill is narrowed by the overflow, one frame at a time (the table re-sizes the
 * column each time, by less).
 *
 * Measured without forcing a layout: a ResizeObserver reads sizes after the browser's own layout, and
 * the change is written in the next frame.
 */
import { closestAcrossShadow } from '../lib/deep-dom.ts';
import { CELL, isContained, onRoom, roomInCell } from '../lib/inline-room.ts';

export interface BadgeFit {
  /** Show the distinguishing words only. */
  short: boolean;
  /** The pill's width in CSS pixels, when it must be narrower than its text. */
  maxWidth: number | null;
}

export const WHOLE_NAME: BadgeFit = { short: false, maxWidth: null };

interface Fitted {
  fit: BadgeFit;
  pill: Element;
  host: Element;
  set(fit: BadgeFit): void;
}

/** Keyed by the badge's label (what the observer watches). */
const fitted = new Map<Element, Fitted>();
let observer: ResizeObserver | null = null;
let widenOnResize = false;

/**
 * Follows the room of the badge whose pill holds `label` (`host`: the badge's shadow host) and calls
 * `set` with what to show. Returns the function that stops following it.
 */
export function fitToRoom(label: Element, pill: Element, host: Element, set: (fit: BadgeFit) => void): () => void {
  const win = host.ownerDocument.defaultView;
  if (!win || typeof win.ResizeObserver !== 'function') return () => undefined;
  const entry: Fitted = { fit: WHOLE_NAME, pill, host, set };
  if (!isContained(host)) return followCell(label, entry);
  let stop = (): void => undefined;
  const stopRoom = onRoom(host, {
    room(room, width) {
      const next = fitInRoom(label, entry, room, width);
      if (!next) return null;
      if (next.fit.short !== entry.fit.short || next.fit.maxWidth !== entry.fit.maxWidth) {
        entry.fit = next.fit;
        requestAnimationFrame(() => set(next.fit));
      }
      return next.width;
    },
    released() {
      stop = followCell(label, entry);
    },
  });
  return () => {
    stopRoom();
    stop();
  };
}

/**
 * What fits in `room` (the pill's UI is `width` wide now), and how wide the UI will be showing it,
 * from the label's natural widths (the pill's hidden sizers); null when not even the short name does:
 * then the host makes room, and the table gives the badge what it gives any content (below), cutting
 * it only if even that is too little.
 */
function fitInRoom(label: Element, entry: Fitted, room: number, width: number): { fit: BadgeFit; width: number } | null {
  const extras = width - label.getBoundingClientRect().width;
  const whole = naturalWidth(entry.pill, '.sizer-whole');
  const short = naturalWidth(entry.pill, '.sizer-short');
  if (whole === null || short === null) return width <= room + 1 ? { fit: WHOLE_NAME, width } : null;
  if (extras + whole <= room + 1) return { fit: WHOLE_NAME, width: extras + whole };
  if (extras + short <= room + 1) return { fit: { short: true, maxWidth: null }, width: extras + short };
  return null;
}

/** The badge takes the room the page gives it (not contained): follows its label's size. */
function followCell(label: Element, entry: Fitted): () => void {
  const win = entry.host.ownerDocument.defaultView!;
  fitted.set(label, entry);
  observer ??= new win.ResizeObserver(refit);
  observer.observe(label);
  if (!widenOnResize) {
    widenOnResize = true;
    win.addEventListener('resize', widenAll, { passive: true });
  }
  return () => {
    fitted.delete(label);
    observer?.unobserve(label);
  };
}

/**
 * Sizes are fresh in a ResizeObserver callback: read them all here (every badge: one badge's change
 * re-sizes the whole column), write in the next frame. A short badge gets its whole name back when its
 * cell has the room for it now (the column can only grow from that: no back and forth).
 */
function refit(): void {
  const changes: Array<[Fitted, BadgeFit]> = [];
  for (const [label, entry] of fitted) {
    if (!label.isConnected) continue;
    const next = fitFor(label, entry);
    if (next.short !== entry.fit.short || next.maxWidth !== entry.fit.maxWidth) changes.push([entry, next]);
  }
  if (changes.length === 0) return;
  requestAnimationFrame(() => {
    for (const [entry, fit] of changes) {
      entry.fit = fit;
      entry.set(fit);
    }
  });
}

function fitFor(label: Element, entry: Fitted): BadgeFit {
  const cell = closestAcrossShadow(entry.host, CELL);
  const overflow = cell ? cell.scrollWidth - cell.clientWidth : 0;
  const width = entry.pill.getBoundingClientRect().width;
  if (!entry.fit.short) return overflow > 1 || truncated(label) ? { short: true, maxWidth: null } : entry.fit;
  if (overflow > 1) return { short: true, maxWidth: Math.max(0, Math.floor(width - overflow)) };
  if (!cell) return entry.fit;
  const free = roomInCell(entry.host, cell) - entry.host.getBoundingClientRect().width;
  const whole = naturalWidth(entry.pill, '.sizer-whole');
  const short = naturalWidth(entry.pill, '.sizer-short');
  const labelWidth = label.getBoundingClientRect().width;
  if (whole !== null && whole - labelWidth <= free - 2) return WHOLE_NAME;
  if (entry.fit.maxWidth !== null && short !== null && short - labelWidth <= free - 2) return { short: true, maxWidth: null };
  return entry.fit;
}

/** The one-line width of a label text, from its hidden sizer in the pill. */
function naturalWidth(pill: Element, sizer: string): number | null {
  const element = pill.querySelector(sizer);
  return element ? element.getBoundingClientRect().width : null;
}

/** The label shows one line of several (squeezed, it wraps) or less than its text. */
function truncated(label: Element): boolean {
  return label.scrollHeight > label.clientHeight + 1 || label.scrollWidth > label.clientWidth + 1;
}

/** The window changed: every badge starts from its whole name again (and is shortened where needed). */
function widenAll(): void {
  for (const entry of fitted.values()) {
    if (!entry.fit.short) continue;
    entry.fit = WHOLE_NAME;
    entry.set(WHOLE_NAME);
  }
}

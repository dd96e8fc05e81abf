/**
 * Where the overlay sits: a corner of the viewport that covers none of Partner Center's primary
 * buttons (Submit, Add subscriptions...). Pure, so the rule is tested on rectangles, not pixels.
 */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type Corner = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';

/** Preference order: bottom-right is where floating helpers live and least often holds page actions. */
export const CORNERS: readonly Corner[] = ['bottom-right', 'bottom-left', 'top-right', 'top-left'];

export const MARGIN = 16;

export function rectAt(corner: Corner, size: { width: number; height: number }, viewport: { width: number; height: number }): Rect {
  const left = corner.endsWith('right') ? viewport.width - size.width - MARGIN : MARGIN;
  const top = corner.startsWith('bottom') ? viewport.height - size.height - MARGIN : MARGIN;
  return { left: Math.max(0, left), top: Math.max(0, top), width: size.width, height: size.height };
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const h = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}

export interface Placement {
  corner: Corner;
  /** The panel's height after shrinking to stay clear (scrolls inside); null = its natural height. */
  maxHeight: number | null;
}

/**
 * The first corner, in preference order, where the panel covers no button; else the corner and height
 * that keep it clear by shrinking it (down to `minHeight`); else the corner covering the least.
 */
export function choosePlacement(
  size: { width: number; height: number },
  viewport: { width: number; height: number },
  buttons: readonly Rect[],
  minHeight = 120,
  preferred: Corner = 'bottom-right',
): Placement {
  const visible = buttons.filter((b) => b.width > 0 && b.height > 0);
  const order = [preferred, ...CORNERS.filter((c) => c !== preferred)];
  const covered = (rect: Rect) => visible.reduce((sum, b) => sum + overlapArea(rect, b), 0);
  for (const corner of order) {
    if (covered(rectAt(corner, size, viewport)) === 0) return { corner, maxHeight: null };
  }
  // Shrink: the tallest panel in a corner that stays clear.
  let best: { corner: Corner; height: number } | null = null;
  for (const corner of order) {
    for (let height = size.height - 20; height >= minHeight; height -= 20) {
      if (covered(rectAt(corner, { width: size.width, height }, viewport)) === 0) {
        if (!best || height > best.height) best = { corner, height };
        break;
      }
    }
  }
  if (best) return { corner: best.corner, maxHeight: best.height };
  let least = order[0]!;
  for (const corner of order) if (covered(rectAt(corner, size, viewport)) < covered(rectAt(least, size, viewport))) least = corner;
  return { corner: least, maxHeight: null };
}

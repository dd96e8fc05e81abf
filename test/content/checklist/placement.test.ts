import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { choosePlacement, rectAt, type Rect } from '../../../src/content/checklist/placement.ts';

const viewport = { width: 1280, height: 900 };
const panel = { width: 360, height: 480 };

function overlaps(a: Rect, b: Rect): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}

describe('choosePlacement', () => {
  test('bottom-right when nothing is there', () => {
    expect(choosePlacement(panel, viewport, [{ left: 20, top: 20, width: 120, height: 32 }])).toEqual({ corner: 'bottom-right', maxHeight: null });
  });
  test('moves away from a Submit button at the bottom right', () => {
    expect(choosePlacement(panel, viewport, [{ left: 1100, top: 800, width: 100, height: 32 }]).corner).toBe('bottom-left');
  });
  test('shrinks when every corner holds a button', () => {
    const buttons = [
      { left: 1100, top: 420, width: 100, height: 32 },
      { left: 30, top: 420, width: 100, height: 32 },
      { left: 1100, top: 30, width: 100, height: 32 },
      { left: 30, top: 30, width: 100, height: 32 },
    ];
    const placement = choosePlacement(panel, viewport, buttons);
    expect(placement.maxHeight).not.toBeNull();
    const rect = rectAt(placement.corner, { width: panel.width, height: placement.maxHeight! }, viewport);
    for (const b of buttons) expect(overlaps(rect, b)).toBe(false);
  });
  test('property: whenever a clear placement exists among corners, the chosen one covers no button', () => {
    const rect = fc.record({ left: fc.integer({ min: 0, max: 1200 }), top: fc.integer({ min: 0, max: 880 }), width: fc.integer({ min: 10, max: 200 }), height: fc.integer({ min: 10, max: 40 }) });
    fc.assert(
      fc.property(fc.array(rect, { maxLength: 6 }), (buttons) => {
        const placement = choosePlacement(panel, viewport, buttons);
        if (placement.maxHeight === null) {
          const clear = ['bottom-right', 'bottom-left', 'top-right', 'top-left'].some((c) => buttons.every((b) => !overlaps(rectAt(c as never, panel, viewport), b)));
          if (clear) for (const b of buttons) expect(overlaps(rectAt(placement.corner, panel, viewport), b)).toBe(false);
        } else {
          const placed = rectAt(placement.corner, { width: panel.width, height: placement.maxHeight }, viewport);
          for (const b of buttons) expect(overlaps(placed, b)).toBe(false);
        }
      }),
    );
  });
});

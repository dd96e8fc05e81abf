import { deepQuerySelectorAll, isOwnElement } from '../lib/deep-dom.ts';
import { partnerCenterLabelVariants } from '../progress/partner-center-labels.ts';
import type { Rect } from './placement.ts';

/**
 * Partner Center's own primary actions on the page, in and out of shadow roots: what the overlay must
 * never cover. Recognised by what they are (submit buttons, "primary" styling, the labels the
 * migration uses), not by one class name.
 */
const ACTION_WORDS = new Set(
  (['submit', 'addSubscriptions', 'manageLicenses', 'edit', 'next', 'complete'] as const).flatMap((l) => partnerCenterLabelVariants(l)).map((w) => w.toLowerCase()),
);
const MAX_BUTTONS = 300;

export function isPrimaryAction(element: Element): boolean {
  if (isOwnElement(element)) return false;
  // Links count only when they are one of the migration's actions ("Manage licenses" on each user row).
  if (element.localName === 'a') return ACTION_WORDS.has((element.textContent ?? '').replace(/\s+/g, ' ').trim().toLowerCase());
  if (element.getAttribute('type') === 'submit') return true;
  if (/primary/i.test(element.getAttribute('class') ?? '') || /primary/i.test(element.getAttribute('appearance') ?? '')) return true;
  return ACTION_WORDS.has((element.textContent ?? '').replace(/\s+/g, ' ').trim().toLowerCase());
}

/** The primary actions themselves: a walk of the whole page and of every open shadow root. */
export function primaryButtons(doc: Document): Element[] {
  const candidates = deepQuerySelectorAll(doc, 'button, [role="button"], input[type="submit"], input[type="button"], a[href]');
  return candidates.slice(0, MAX_BUTTONS).filter(isPrimaryAction);
}

function measure(elements: readonly Element[]): Rect[] {
  const rects: Rect[] = [];
  for (const element of elements) {
    const r = element.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) rects.push({ left: r.left, top: r.top, width: r.width, height: r.height });
  }
  return rects;
}

/** A found list older than this is searched again even without a sign the page changed. */
const MAX_AGE_MS = 1000;

/**
 * The primary actions found by the last search, so a scroll frame measures only them instead of
 * walking the page and every shadow root again. Searched again lazily — on the next `rects()` after
 * `invalidate()` (the page's text changed, the window resized), after one of them left the page, or
 * once the list is a second old (a dialog's buttons can appear without any text we watch changing).
 */
export class PrimaryButtonCache {
  private elements: Element[] | null = null;
  private foundAt = 0;

  constructor(private readonly doc: Document, private readonly now: () => number = () => performance.now()) {}

  invalidate(): void {
    this.elements = null;
  }

  rects(): Rect[] {
    const now = this.now();
    if (!this.elements || now - this.foundAt > MAX_AGE_MS || this.elements.some((e) => !e.isConnected)) {
      this.elements = primaryButtons(this.doc);
      this.foundAt = now;
    }
    return measure(this.elements);
  }
}

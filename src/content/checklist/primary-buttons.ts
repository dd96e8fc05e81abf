import { deepQuerySelectorAll, isOwnElement } from '../deep-dom.ts';
import { partnerCenterLabelVariants } from '../progress/partner-center-labels.ts';
import type { Rect } from './placement.ts';

/**
 * Partner Center's own primary actions on the page, in and out of shadow roots: what the overlay must
 * never cover. Recognised by what they are (submit buttons, "primary" styling, the labels the
 * migration uses), not by one class name.
 */
const ACTION_WORDS = new Set(
  (['submit', 'addSubscriptions', 'manageLicenses'] as const).flatMap((l) => partnerCenterLabelVariants(l)).map((w) => w.toLowerCase()),
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

export function primaryButtonRects(doc: Document): Rect[] {
  const rects: Rect[] = [];
  const candidates = deepQuerySelectorAll(doc, 'button, [role="button"], input[type="submit"], input[type="button"], a[href]');
  for (const element of candidates.slice(0, MAX_BUTTONS)) {
    if (!isPrimaryAction(element)) continue;
    const r = element.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) rects.push({ left: r.left, top: r.top, width: r.width, height: r.height });
  }
  return rects;
}
